// 2-D convolution, NHWC, any square kernel k, stride and zero padding (1x1 is k = 1).
// Follows dense.hpp: flat templated forward/backward, backward accumulates, null gradient = skip.
//
//   x: (N, H, W, Cin)   W: (k*k*Cin, Cout) rows ordered (kh, kw, cin)   b: (Cout) or null
//   y: (N, OH, OW, Cout)   OH = conv_out_size(H, k, stride, pad), OW likewise
//
// Forward is im2col + one GEMM: y (N*OH*OW, Cout) = cols (N*OH*OW, k*k*Cin) · W + b.
// The 1x1 convolution with stride 1 and no padding needs no im2col at all: NHWC stores each pixel's
// channel vector contiguously, so x viewed as (N*H*W, Cin) already is the column matrix and the
// layer is exactly a Dense layer applied to every pixel (the channel mixing of the 1x1 lab).
#pragma once

#include "kernels/conv.hpp"
#include "kernels/elementwise.hpp"
#include "kernels/gemm.hpp"

namespace prayog::nn {

struct Conv2DDims {
  int n = 1, h = 1, w = 1, cin = 1;  // input (N, H, W, Cin)
  int cout = 1;                      // filters
  int k = 1, stride = 1, pad = 0;

  int out_h() const { return kernels::conv_out_size(h, k, stride, pad); }
  int out_w() const { return kernels::conv_out_size(w, k, stride, pad); }
  // Rows of the column matrix / of y viewed as a matrix: one per output pixel.
  long long out_pixels() const { return static_cast<long long>(n) * out_h() * out_w(); }
  // Length of a column-matrix row: one window, all channels.
  int patch() const { return k * k * cin; }
  // The 1x1 case that skips im2col (the column matrix would be a copy of x).
  bool direct() const { return k == 1 && stride == 1 && pad == 0; }
  // Elements of the im2col scratch (forward's cols, backward's dcols); 0 when direct().
  long long cols_size() const { return direct() ? 0 : out_pixels() * patch(); }
  // Every size positive and the window fits at least once (configs are validated before this).
  bool valid() const {
    return n > 0 && h > 0 && w > 0 && cin > 0 && cout > 0 && k > 0 && stride > 0 && pad >= 0 &&
           out_h() > 0 && out_w() > 0;
  }
};

// Parameters: k*k*Cin*Cout weights (+ Cout biases). E.g. 1x1 64->32: 2,080; 3x3 64->32: 18,464.
inline long long conv2d_param_count(int k, int cin, int cout, bool bias = true) {
  return static_cast<long long>(k) * k * cin * cout + (bias ? cout : 0);
}
inline long long conv2d_param_count(const Conv2DDims& d, bool bias = true) {
  return conv2d_param_count(d.k, d.cin, d.cout, bias);
}

// Multiply-adds of one forward pass (FLOPs = 2 x MACs): each output value is a dot product of
// length k*k*Cin. Biases are adds, not counted (as in the papers the lab cites).
// E.g. 32x32x64 input, 32 filters 1x1: 32*32*64*32 = 2,097,152.
inline long long conv2d_macs(const Conv2DDims& d) {
  return d.out_pixels() * d.patch() * d.cout;
}

// y = conv(x, W) + b.
// cols: scratch of d.cols_size() elements (may be null when d.direct()). Forward leaves im2col(x)
// in it on purpose: backward needs it for dW, so keep it untouched until backward.
template <typename T>
void conv2d_forward(T* y, T* cols, const T* x, const T* w, const T* b, const Conv2DDims& d) {
  const int m = static_cast<int>(d.out_pixels());
  const T* a = x;  // direct(): x viewed as (N*H*W, Cin)
  if (!d.direct()) {
    kernels::im2col(cols, x, d.n, d.h, d.w, d.cin, d.k, d.stride, d.pad);
    a = cols;
  }
  kernels::gemm(kernels::gemm_args<T>(false, false, m, d.cout, d.patch(), T(1), a, w, T(0), y));
  if (b) kernels::add_bias_rows(y, b, m, d.cout);
}

// dW += colsᵀ·dy (k*k*Cin, Cout);  db += Σ_pixels dy (Cout);  dx += col2im(dy·Wᵀ) (N, H, W, Cin).
// cols: what forward left there (unused when direct()). dcols: scratch of d.cols_size() elements
// for dy·Wᵀ before it is folded back onto the pixels (unused when direct() or dx is null).
template <typename T>
void conv2d_backward(T* dx, T* dw, T* db, T* dcols, const T* dy, const T* x, const T* cols,
                     const T* w, const Conv2DDims& d) {
  const int m = static_cast<int>(d.out_pixels()), p = d.patch();
  const T* a = d.direct() ? x : cols;
  if (dw) kernels::gemm(kernels::gemm_args<T>(true, false, p, d.cout, m, T(1), a, dy, T(1), dw));
  if (db) kernels::sum_rows_into(db, dy, m, d.cout);
  if (!dx) return;
  if (d.direct()) {
    kernels::gemm(kernels::gemm_args<T>(false, true, m, p, d.cout, T(1), dy, w, T(1), dx));
    return;
  }
  // beta = 0: dcols is plain scratch; accumulation into dx happens in col2im_add.
  kernels::gemm(kernels::gemm_args<T>(false, true, m, p, d.cout, T(1), dy, w, T(0), dcols));
  kernels::col2im_add(dx, dcols, d.n, d.h, d.w, d.cin, d.k, d.stride, d.pad);
}

}  // namespace prayog::nn
