// Pooling over NHWC: max pool and average pool (square window k, stride, no padding) and global
// average pooling. Scalar loops: pooling moves and compares memory, there is no GEMM to call.
// Backward accumulates (+=) into dx, like every layer.
//
//   x: (N, H, W, C)   y: (N, OH, OW, C)   OH = conv_out_size(H, k, stride, 0), OW likewise
//   (trailing rows/columns that do not fill a window are not pooled, as in every framework)
#pragma once

#include <cstddef>

#include "kernels/conv.hpp"

namespace prayog::nn {

struct PoolDims {
  int n = 1, h = 1, w = 1, c = 1;
  int k = 2, stride = 2;

  int out_h() const { return kernels::conv_out_size(h, k, stride, 0); }
  int out_w() const { return kernels::conv_out_size(w, k, stride, 0); }
  std::size_t out_size() const { return static_cast<std::size_t>(n) * out_h() * out_w() * c; }
  bool valid() const {
    return n > 0 && h > 0 && w > 0 && c > 0 && k > 0 && stride > 0 && out_h() > 0 && out_w() > 0;
  }
};

namespace detail {
inline std::ptrdiff_t nhwc(const PoolDims& d, int b, int y, int x) {
  return ((static_cast<std::ptrdiff_t>(b) * d.h + y) * d.w + x) * d.c;
}
}  // namespace detail

// y = max over each k x k window, per channel.
// argmax: (N, OH, OW, C), the flat index into x of each window's maximum, kept for backward (the
// gradient flows only to the winner). Ties go to the first element in row-major window order.
template <typename T>
void maxpool_forward(T* y, int* argmax, const T* x, const PoolDims& d) {
  const int oh = d.out_h(), ow = d.out_w();
  std::ptrdiff_t o = 0;  // walks y / argmax in memory order
  for (int b = 0; b < d.n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += d.c)
        for (int ch = 0; ch < d.c; ++ch) {
          std::ptrdiff_t best = detail::nhwc(d, b, oy * d.stride, ox * d.stride) + ch;
          for (int ky = 0; ky < d.k; ++ky)
            for (int kx = 0; kx < d.k; ++kx) {
              const std::ptrdiff_t i =
                  detail::nhwc(d, b, oy * d.stride + ky, ox * d.stride + kx) + ch;
              if (x[i] > x[best]) best = i;
            }
          y[o + ch] = x[best];
          argmax[o + ch] = static_cast<int>(best);
        }
}

// dx[argmax] += dy  (overlapping windows, stride < k, may route several gradients to one input)
template <typename T>
void maxpool_backward(T* dx, const T* dy, const int* argmax, const PoolDims& d) {
  const std::size_t n = d.out_size();
  for (std::size_t i = 0; i < n; ++i) dx[argmax[i]] += dy[i];
}

// y = mean over each k x k window, per channel.
template <typename T>
void avgpool_forward(T* y, const T* x, const PoolDims& d) {
  const int oh = d.out_h(), ow = d.out_w();
  const T inv = T(1) / T(d.k * d.k);
  std::ptrdiff_t o = 0;
  for (int b = 0; b < d.n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += d.c)
        for (int ch = 0; ch < d.c; ++ch) {
          T s = 0;
          for (int ky = 0; ky < d.k; ++ky)
            for (int kx = 0; kx < d.k; ++kx)
              s += x[detail::nhwc(d, b, oy * d.stride + ky, ox * d.stride + kx) + ch];
          y[o + ch] = s * inv;
        }
}

// dx += dy / k² spread over each window
template <typename T>
void avgpool_backward(T* dx, const T* dy, const PoolDims& d) {
  const int oh = d.out_h(), ow = d.out_w();
  const T inv = T(1) / T(d.k * d.k);
  std::ptrdiff_t o = 0;
  for (int b = 0; b < d.n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += d.c)
        for (int ky = 0; ky < d.k; ++ky)
          for (int kx = 0; kx < d.k; ++kx) {
            T* dst = dx + detail::nhwc(d, b, oy * d.stride + ky, ox * d.stride + kx);
            for (int ch = 0; ch < d.c; ++ch) dst[ch] += dy[o + ch] * inv;
          }
}

// y[n, c] = mean over all H*W pixels of x[n, :, :, c]
// x: (N, H, W, C)   y: (N, C)   (what a CNN's classifier head reads; also the 1x1 lab's GAP)
template <typename T>
void global_avgpool_forward(T* y, const T* x, int n, int h, int w, int c) {
  const int hw = h * w;
  const T inv = T(1) / T(hw);
  for (int b = 0; b < n; ++b) {
    T* yb = y + static_cast<std::ptrdiff_t>(b) * c;
    for (int ch = 0; ch < c; ++ch) yb[ch] = T(0);
    const T* xb = x + static_cast<std::ptrdiff_t>(b) * hw * c;
    for (int p = 0; p < hw; ++p)
      for (int ch = 0; ch < c; ++ch) yb[ch] += xb[static_cast<std::ptrdiff_t>(p) * c + ch];
    for (int ch = 0; ch < c; ++ch) yb[ch] *= inv;
  }
}

// dx[n, :, :, c] += dy[n, c] / (H*W)
template <typename T>
void global_avgpool_backward(T* dx, const T* dy, int n, int h, int w, int c) {
  const int hw = h * w;
  const T inv = T(1) / T(hw);
  for (int b = 0; b < n; ++b) {
    const T* dyb = dy + static_cast<std::ptrdiff_t>(b) * c;
    T* dxb = dx + static_cast<std::ptrdiff_t>(b) * hw * c;
    for (int p = 0; p < hw; ++p)
      for (int ch = 0; ch < c; ++ch) dxb[static_cast<std::ptrdiff_t>(p) * c + ch] += dyb[ch] * inv;
  }
}

}  // namespace prayog::nn
