// Convolution data movement: im2col and its adjoint col2im_add, NHWC throughout.
//
// Why im2col: it turns a k x k convolution into one GEMM (the fast kernel we already have), at
// the cost of a k*k-times larger scratch matrix; for the playground's small images that trade is
// right. These kernels only move memory (no arithmetic besides the adjoint's adds), so they stay
// scalar; they are templated so the double instantiation is the gradient-check path.
//
// Layout of the column matrix, the contract Conv2D's weights follow:
//   cols: (N*OH*OW, k*k*C)   row    r = (n*OH + oh)*OW + ow   (one output pixel)
//                            column q = (kh*k + kw)*C + c     (one tap of the window, channel
//                            fastest)
// so a weight matrix W: (k*k*Cin, Cout) gives y = cols·W with y: (N*OH*OW, Cout) = (N, OH, OW,
// Cout). For k = 1, stride 1, pad 0 the column matrix IS x viewed as (N*H*W, C).
#pragma once

namespace prayog::kernels {

// Output size along one axis: floor((in + 2*pad - k) / stride) + 1. Trailing input rows that do
// not fill a whole window are dropped (as in every framework). <= 0 means the window does not fit.
inline int conv_out_size(int in, int k, int stride, int pad) {
  const int span = in + 2 * pad - k;
  return span < 0 ? 0 : span / stride + 1;
}

// cols = im2col(x), taps that fall in the zero padding are written as 0 (cols is fully written).
// x: (N, H, W, C)   cols: (N*OH*OW, k*k*C)   OH, OW = conv_out_size(H or W, k, stride, pad)
template <typename T>
void im2col(T* cols, const T* x, int n, int h, int w, int c, int k, int stride, int pad);

// dx += col2im(dcols): the adjoint (transpose) of im2col, so <im2col(x), y> == <x, col2im(y)>.
// Every input pixel receives the sum over all windows (overlapping when stride < k) that read it;
// taps in the padding are discarded. Accumulates, like every backward.
// dcols: (N*OH*OW, k*k*C)   dx: (N, H, W, C)
template <typename T>
void col2im_add(T* dx, const T* dcols, int n, int h, int w, int c, int k, int stride, int pad);

extern template void im2col<float>(float*, const float*, int, int, int, int, int, int, int);
extern template void im2col<double>(double*, const double*, int, int, int, int, int, int, int);
extern template void col2im_add<float>(float*, const float*, int, int, int, int, int, int, int);
extern template void col2im_add<double>(double*, const double*, int, int, int, int, int, int, int);

}  // namespace prayog::kernels
