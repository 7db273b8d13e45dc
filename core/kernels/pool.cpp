// Float entry points of pool.hpp: xsimd kernels vectorised across channels (NHWC keeps a pixel's
// channels contiguous). For each output pixel a main loop over channel batches and a scalar tail
// over the remaining channels. Each element sees the reference's operations in the reference's
// order (max: strict > in row-major window order; averages: a sum from 0 in the same tap order,
// then one multiply by the same 1/k² or 1/(H*W)), so results equal the reference bit for bit.
#include "kernels/pool.hpp"

#include <cstddef>

#include "kernels/simd.hpp"

namespace prayog::kernels {

namespace {

using batch = simd::fbatch;
constexpr int kW = static_cast<int>(batch::size);

// Offsets within one window, relative to its first tap, stay exact as floats below 2^24.
constexpr std::ptrdiff_t kExactFloatInt = std::ptrdiff_t(1) << 24;

}  // namespace

// Per channel batch: the running maximum and, per lane, the winner's offset from the window's
// first tap, kept as a float batch and picked by the same comparison mask (no float->int
// conversion in the window loop; _mm_cvttps_epi32 would be a scalar lrint call per lane in wasm).
// After the window the offsets go through an aligned buffer and are turned into indices per lane.
void maxpool_forward(float* y, int* argmax, const float* x, int n, int h, int w, int c, int k,
                     int stride) {
  const std::ptrdiff_t row = static_cast<std::ptrdiff_t>(w) * c;
  if ((k - 1) * (row + c) >= kExactFloatInt) {  // window offsets not exact as floats (huge rows)
    ref::maxpool_forward(y, argmax, x, n, h, w, c, k, stride);
    return;
  }
  const int oh = conv_out_size(h, k, stride, 0), ow = conv_out_size(w, k, stride, 0);
  alignas(64) float offs[kW];
  std::ptrdiff_t o = 0;
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += c) {
        const std::ptrdiff_t base = ref::pool_detail::nhwc(h, w, c, b, oy * stride, ox * stride);
        const float* xw = x + base;
        int ch = 0;
        for (; ch + kW <= c; ch += kW) {
          batch best = batch::load_unaligned(xw + ch);
          batch best_off(0.0f);
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) {
              const std::ptrdiff_t off = ky * row + static_cast<std::ptrdiff_t>(kx) * c;
              const batch v = batch::load_unaligned(xw + off + ch);
              const auto gt = v > best;
              best = xsimd::select(gt, v, best);
              best_off = xsimd::select(gt, batch(static_cast<float>(off)), best_off);
            }
          best.store_unaligned(y + o + ch);
          best_off.store_aligned(offs);
          for (int l = 0; l < kW; ++l)
            argmax[o + ch + l] =
                static_cast<int>(base + ch + l + static_cast<std::ptrdiff_t>(offs[l]));
        }
        for (; ch < c; ++ch) {
          std::ptrdiff_t best = base + ch;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) {
              const std::ptrdiff_t i = base + ky * row + static_cast<std::ptrdiff_t>(kx) * c + ch;
              if (x[i] > x[best]) best = i;
            }
          y[o + ch] = x[best];
          argmax[o + ch] = static_cast<int>(best);
        }
      }
}

// A scatter with repeated targets (overlapping windows): no lane-parallel form on SSE/wasm SIMD.
void maxpool_backward(float* dx, const float* dy, const int* argmax, std::size_t out_size) {
  ref::maxpool_backward(dx, dy, argmax, out_size);
}

void avgpool_forward(float* y, const float* x, int n, int h, int w, int c, int k, int stride) {
  const int oh = conv_out_size(h, k, stride, 0), ow = conv_out_size(w, k, stride, 0);
  const std::ptrdiff_t row = static_cast<std::ptrdiff_t>(w) * c;
  const float inv = 1.0f / static_cast<float>(k * k);
  const batch vinv(inv);
  std::ptrdiff_t o = 0;
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += c) {
        const float* xw = x + ref::pool_detail::nhwc(h, w, c, b, oy * stride, ox * stride);
        int ch = 0;
        for (; ch + kW <= c; ch += kW) {
          batch s(0.0f);
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx)
              s += batch::load_unaligned(xw + ky * row + static_cast<std::ptrdiff_t>(kx) * c + ch);
          (s * vinv).store_unaligned(y + o + ch);
        }
        for (; ch < c; ++ch) {
          float s = 0.0f;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx)
              s += xw[ky * row + static_cast<std::ptrdiff_t>(kx) * c + ch];
          y[o + ch] = s * inv;
        }
      }
}

// Within one output pixel every dx element of the window gets exactly one term, so taking channel
// batches outside the taps keeps each element's order of additions (output pixel by pixel).
void avgpool_backward(float* dx, const float* dy, int n, int h, int w, int c, int k, int stride) {
  const int oh = conv_out_size(h, k, stride, 0), ow = conv_out_size(w, k, stride, 0);
  const std::ptrdiff_t row = static_cast<std::ptrdiff_t>(w) * c;
  const float inv = 1.0f / static_cast<float>(k * k);
  const batch vinv(inv);
  std::ptrdiff_t o = 0;
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox, o += c) {
        float* dw = dx + ref::pool_detail::nhwc(h, w, c, b, oy * stride, ox * stride);
        int ch = 0;
        for (; ch + kW <= c; ch += kW) {
          const batch g = batch::load_unaligned(dy + o + ch) * vinv;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) {
              float* dst = dw + ky * row + static_cast<std::ptrdiff_t>(kx) * c + ch;
              (batch::load_unaligned(dst) + g).store_unaligned(dst);
            }
        }
        for (; ch < c; ++ch) {
          const float g = dy[o + ch] * inv;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx)
              dw[ky * row + static_cast<std::ptrdiff_t>(kx) * c + ch] += g;
        }
      }
}

// Pixels outer, channels inner, as the reference: x is read once, in memory order; the running
// sums live in y (one row of C floats, cache-resident).
void global_avgpool_forward(float* y, const float* x, int n, int h, int w, int c) {
  const int hw = h * w;
  const float inv = 1.0f / static_cast<float>(hw);
  const batch vinv(inv);
  for (int b = 0; b < n; ++b) {
    float* yb = y + static_cast<std::ptrdiff_t>(b) * c;
    for (int ch = 0; ch < c; ++ch) yb[ch] = 0.0f;
    const float* xb = x + static_cast<std::ptrdiff_t>(b) * hw * c;
    for (int p = 0; p < hw; ++p) {
      const float* xp = xb + static_cast<std::ptrdiff_t>(p) * c;
      int ch = 0;
      for (; ch + kW <= c; ch += kW)
        (batch::load_unaligned(yb + ch) + batch::load_unaligned(xp + ch)).store_unaligned(yb + ch);
      for (; ch < c; ++ch) yb[ch] += xp[ch];
    }
    int ch = 0;
    for (; ch + kW <= c; ch += kW) (batch::load_unaligned(yb + ch) * vinv).store_unaligned(yb + ch);
    for (; ch < c; ++ch) yb[ch] *= inv;
  }
}

void global_avgpool_backward(float* dx, const float* dy, int n, int h, int w, int c) {
  const int hw = h * w;
  const float inv = 1.0f / static_cast<float>(hw);
  const batch vinv(inv);
  for (int b = 0; b < n; ++b) {
    const float* dyb = dy + static_cast<std::ptrdiff_t>(b) * c;
    float* dxb = dx + static_cast<std::ptrdiff_t>(b) * hw * c;
    for (int p = 0; p < hw; ++p) {
      float* dp = dxb + static_cast<std::ptrdiff_t>(p) * c;
      int ch = 0;
      for (; ch + kW <= c; ch += kW)
        (batch::load_unaligned(dp + ch) + batch::load_unaligned(dyb + ch) * vinv)
            .store_unaligned(dp + ch);
      for (; ch < c; ++ch) dp[ch] += dyb[ch] * inv;
    }
  }
}

}  // namespace prayog::kernels
