#include "kernels/conv.hpp"

#include <cstddef>

namespace prayog::kernels {

// Both walk the column matrix in memory order (row by row, taps in order), so the writes of
// im2col and the reads of col2im_add are sequential; each tap copies/adds a run of C contiguous
// channels, the only inner loop.
template <typename T>
void im2col(T* cols, const T* x, int n, int h, int w, int c, int k, int stride, int pad) {
  const int oh = conv_out_size(h, k, stride, pad), ow = conv_out_size(w, k, stride, pad);
  T* out = cols;
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox)
        for (int ky = 0; ky < k; ++ky) {
          const int iy = oy * stride - pad + ky;
          for (int kx = 0; kx < k; ++kx, out += c) {
            const int ix = ox * stride - pad + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
              for (int ch = 0; ch < c; ++ch) out[ch] = T(0);
              continue;
            }
            const T* src = x + ((static_cast<std::ptrdiff_t>(b) * h + iy) * w + ix) * c;
            for (int ch = 0; ch < c; ++ch) out[ch] = src[ch];
          }
        }
}

template <typename T>
void col2im_add(T* dx, const T* dcols, int n, int h, int w, int c, int k, int stride, int pad) {
  const int oh = conv_out_size(h, k, stride, pad), ow = conv_out_size(w, k, stride, pad);
  const T* in = dcols;
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox)
        for (int ky = 0; ky < k; ++ky) {
          const int iy = oy * stride - pad + ky;
          for (int kx = 0; kx < k; ++kx, in += c) {
            const int ix = ox * stride - pad + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;  // a padding tap: no input
            T* dst = dx + ((static_cast<std::ptrdiff_t>(b) * h + iy) * w + ix) * c;
            for (int ch = 0; ch < c; ++ch) dst[ch] += in[ch];
          }
        }
}

template void im2col<float>(float*, const float*, int, int, int, int, int, int, int);
template void im2col<double>(double*, const double*, int, int, int, int, int, int, int);
template void col2im_add<float>(float*, const float*, int, int, int, int, int, int, int);
template void col2im_add<double>(double*, const double*, int, int, int, int, int, int, int);

}  // namespace prayog::kernels
