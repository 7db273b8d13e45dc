// Pooling kernels over NHWC (square window k, stride, no padding; trailing rows/columns that do
// not fill a window are not pooled) and global average pooling. Each has a scalar reference in
// kernels::ref (templated: it is also the double path of the gradient checks) and a float overload
// that is the xsimd kernel, vectorised across channels (pool.cpp). nn/pool.hpp is the layer API.
//
//   x: (N, H, W, C)   y, argmax: (N, OH, OW, C)   OH = conv_out_size(H, k, stride, 0), OW likewise
//
// Backward kernels ACCUMULATE (+=) into dx, like every layer backward.
#pragma once

#include <cstddef>

#include "kernels/conv.hpp"

namespace prayog::kernels {

namespace ref {

namespace pool_detail {
inline std::ptrdiff_t nhwc(int h, int w, int c, int b, int y, int x) {
  return ((static_cast<std::ptrdiff_t>(b) * h + y) * w + x) * c;
}
}  // namespace pool_detail

// y = max over each k x k window, per channel; argmax = the flat index into x of the winner.
// Ties go to the first element in row-major window order (strict >). NaN: a NaN never wins a
// comparison, so it is the result only when it is the window's first element (which nothing then
// replaces).
template <typename T>
void maxpool_forward(T* y, int* argmax, const T* x, int n, int h, int w, int c, int k, int stride) {
  using pool_detail::nhwc;
  const int oh = conv_out_size(h, k, stride, 0), ow = conv_out_size(w, k, stride, 0);
  std::ptrdiff_t o = 0;  // walks y / argmax in memory order
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += c)
        for (int ch = 0; ch < c; ++ch) {
          std::ptrdiff_t best = nhwc(h, w, c, b, oy * stride, ox * stride) + ch;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) {
              const std::ptrdiff_t i = nhwc(h, w, c, b, oy * stride + ky, ox * stride + kx) + ch;
              if (x[i] > x[best]) best = i;
            }
          y[o + ch] = x[best];
          argmax[o + ch] = static_cast<int>(best);
        }
}

// dx[argmax[i]] += dy[i], i in output order (overlapping windows, stride < k, may route several
// gradients to one input; they are added in that order).   out_size = N * OH * OW * C
template <typename T>
void maxpool_backward(T* dx, const T* dy, const int* argmax, std::size_t out_size) {
  for (std::size_t i = 0; i < out_size; ++i) dx[argmax[i]] += dy[i];
}

// y = (Σ window, row-major from 0) * (1 / k²), per channel.
template <typename T>
void avgpool_forward(T* y, const T* x, int n, int h, int w, int c, int k, int stride) {
  using pool_detail::nhwc;
  const int oh = conv_out_size(h, k, stride, 0), ow = conv_out_size(w, k, stride, 0);
  const T inv = T(1) / T(k * k);
  std::ptrdiff_t o = 0;
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += c)
        for (int ch = 0; ch < c; ++ch) {
          T s = 0;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx)
              s += x[nhwc(h, w, c, b, oy * stride + ky, ox * stride + kx) + ch];
          y[o + ch] = s * inv;
        }
}

// dx += dy * (1 / k²) over each window (windows in output order, taps row-major)
template <typename T>
void avgpool_backward(T* dx, const T* dy, int n, int h, int w, int c, int k, int stride) {
  using pool_detail::nhwc;
  const int oh = conv_out_size(h, k, stride, 0), ow = conv_out_size(w, k, stride, 0);
  const T inv = T(1) / T(k * k);
  std::ptrdiff_t o = 0;
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += c)
        for (int ky = 0; ky < k; ++ky)
          for (int kx = 0; kx < k; ++kx) {
            T* dst = dx + nhwc(h, w, c, b, oy * stride + ky, ox * stride + kx);
            for (int ch = 0; ch < c; ++ch) dst[ch] += dy[o + ch] * inv;
          }
}

// y[n, c] = (Σ over the H*W pixels in memory order, from 0) * (1 / (H*W))   y: (N, C)
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

// dx[n, :, :, c] += dy[n, c] * (1 / (H*W))
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

}  // namespace ref

// float: the xsimd kernels (pool.cpp). double: the references.
// Every float kernel does per element the reference's operations in the reference's order, so
// the results (values, argmax, NaN placement) equal the reference bit for bit (a NaN produced by
// an average may differ only in payload). maxpool_backward is a scatter (dx[argmax[i]] += dy[i],
// with repeated targets when windows overlap): its float overload is the scalar reference.
void maxpool_forward(float* y, int* argmax, const float* x, int n, int h, int w, int c, int k,
                     int stride);
void maxpool_backward(float* dx, const float* dy, const int* argmax, std::size_t out_size);
void avgpool_forward(float* y, const float* x, int n, int h, int w, int c, int k, int stride);
void avgpool_backward(float* dx, const float* dy, int n, int h, int w, int c, int k, int stride);
void global_avgpool_forward(float* y, const float* x, int n, int h, int w, int c);
void global_avgpool_backward(float* dx, const float* dy, int n, int h, int w, int c);

inline void maxpool_forward(double* y, int* argmax, const double* x, int n, int h, int w, int c,
                            int k, int stride) {
  ref::maxpool_forward(y, argmax, x, n, h, w, c, k, stride);
}
inline void maxpool_backward(double* dx, const double* dy, const int* argmax,
                             std::size_t out_size) {
  ref::maxpool_backward(dx, dy, argmax, out_size);
}
inline void avgpool_forward(double* y, const double* x, int n, int h, int w, int c, int k,
                            int stride) {
  ref::avgpool_forward(y, x, n, h, w, c, k, stride);
}
inline void avgpool_backward(double* dx, const double* dy, int n, int h, int w, int c, int k,
                             int stride) {
  ref::avgpool_backward(dx, dy, n, h, w, c, k, stride);
}
inline void global_avgpool_forward(double* y, const double* x, int n, int h, int w, int c) {
  ref::global_avgpool_forward(y, x, n, h, w, c);
}
inline void global_avgpool_backward(double* dx, const double* dy, int n, int h, int w, int c) {
  ref::global_avgpool_backward(dx, dy, n, h, w, c);
}

}  // namespace prayog::kernels
