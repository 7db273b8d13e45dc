// Pooling over NHWC: max pool and average pool (square window k, stride, no padding) and global
// average pooling. The loops are kernels/pool.hpp's (float: xsimd across channels, the same bits as
// the scalar references; double: the references). Backward accumulates (+=) into dx, like every
// layer.
//
//   x: (N, H, W, C)   y: (N, OH, OW, C)   OH = conv_out_size(H, k, stride, 0), OW likewise
//   (trailing rows/columns that do not fill a window are not pooled, as in every framework)
#pragma once

#include <cstddef>

#include "kernels/conv.hpp"
#include "kernels/pool.hpp"

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

// y = max over each k x k window, per channel.
// argmax: (N, OH, OW, C), the flat index into x of each window's maximum, kept for backward (the
// gradient flows only to the winner). Ties go to the first element in row-major window order.
template <typename T>
void maxpool_forward(T* y, int* argmax, const T* x, const PoolDims& d) {
  kernels::maxpool_forward(y, argmax, x, d.n, d.h, d.w, d.c, d.k, d.stride);
}

// dx[argmax] += dy  (overlapping windows, stride < k, may route several gradients to one input)
template <typename T>
void maxpool_backward(T* dx, const T* dy, const int* argmax, const PoolDims& d) {
  kernels::maxpool_backward(dx, dy, argmax, d.out_size());
}

// y = mean over each k x k window, per channel.
template <typename T>
void avgpool_forward(T* y, const T* x, const PoolDims& d) {
  kernels::avgpool_forward(y, x, d.n, d.h, d.w, d.c, d.k, d.stride);
}

// dx += dy / k² spread over each window
template <typename T>
void avgpool_backward(T* dx, const T* dy, const PoolDims& d) {
  kernels::avgpool_backward(dx, dy, d.n, d.h, d.w, d.c, d.k, d.stride);
}

// y[n, c] = mean over all H*W pixels of x[n, :, :, c]
// x: (N, H, W, C)   y: (N, C)   (what a CNN's classifier head reads; also the 1x1 lab's GAP)
template <typename T>
void global_avgpool_forward(T* y, const T* x, int n, int h, int w, int c) {
  kernels::global_avgpool_forward(y, x, n, h, w, c);
}

// dx[n, :, :, c] += dy[n, c] / (H*W)
template <typename T>
void global_avgpool_backward(T* dx, const T* dy, int n, int h, int w, int c) {
  kernels::global_avgpool_backward(dx, dy, n, h, w, c);
}

}  // namespace prayog::nn
