// Float entry points of softmax.hpp: xsimd kernels, batch main loops and explicit tails.
//
// Forward, per row over its visible columns: m = max scale*x, y = exp(scale*x - m) and its sum,
// then y *= 1/sum, masked columns set to exactly 0 (softmax_rows says how short rows are batched).
// exp is exp_sum_nonpositive's (elementwise.cpp: an exp for exponents <= 0 only, within 1.55 eps
// of exact, identical bits natively and in wasm). The max of scale*x is scale * max x for scale > 0
// (the same float: rounding is monotonic), one multiply per row.
// Every exponent is <= 0, so no input overflows; a NaN logit makes its exp, the row sum and so the
// whole row NaN (the engine's divergence check relies on this).
#include "kernels/softmax.hpp"

#include "kernels/elementwise.hpp"
#include "kernels/simd.hpp"

#ifdef __EMSCRIPTEN__
#include <wasm_simd128.h>
#endif

namespace prayog::kernels {

namespace {

using batch = simd::fbatch;
constexpr int kW = static_cast<int>(batch::size);

alignas(64) constexpr float kLaneIndex[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static_assert(kW <= 16, "kLaneIndex covers the widest batch");

// Lanes kW - tail .. kW - 1 (the last `tail` lanes) set.
inline auto last_lanes(int tail) {
  return batch::load_aligned(kLaneIndex) >= batch(static_cast<float>(kW - tail));
}

// max(a, b) lane-wise as SSE's maxps computes it: a > b ? a : b (b when either is NaN).
// Emscripten lowers _mm_max_ps to a compare and a bitselect; wasm's pmax(b, a) = b < a ? a : b is
// the same function in one instruction.
inline batch vmax(const batch& a, const batch& b) {
#ifdef __EMSCRIPTEN__
  return batch(static_cast<__m128>(
      wasm_f32x4_pmax(static_cast<v128_t>(b.data), static_cast<v128_t>(a.data))));
#else
  return xsimd::max(a, b);
#endif
}

// Horizontal max of a batch.
inline float hmax(const batch& v) {
  alignas(64) float lanes[kW];
  v.store_aligned(lanes);
  float m = lanes[0];
  for (int l = 1; l < kW; ++l) m = std::max(m, lanes[l]);
  return m;
}

// max_c x[c], n >= kW, four running maxima; the tail is the last full batch (max is idempotent).
// NaN: some NaN may be lost (maxps keeps its second operand), the caller does not rely on it.
float row_max(const float* x, int n) {
  batch m0 = batch::load_unaligned(x + n - kW), m1 = m0, m2 = m0, m3 = m0;
  int c = 0;
  for (; c + 4 * kW <= n; c += 4 * kW) {
    m0 = vmax(m0, batch::load_unaligned(x + c));
    m1 = vmax(m1, batch::load_unaligned(x + c + kW));
    m2 = vmax(m2, batch::load_unaligned(x + c + 2 * kW));
    m3 = vmax(m3, batch::load_unaligned(x + c + 3 * kW));
  }
  for (; c + kW <= n; c += kW) m0 = vmax(m0, batch::load_unaligned(x + c));
  return hmax(vmax(vmax(m0, m1), vmax(m2, m3)));
}

// max_c scale * x[c], n >= 1. For scale > 0 that is scale * max_c x[c], the same float (rounding
// is monotonic, overflow included): one multiply per row instead of one per element. A NaN in x
// may or may not reach the result; either way its own exponent is NaN, and so is the row.
float scaled_max(const float* x, int n, float scale) {
  if (n < kW) {
    float m = scale * x[0];
    for (int c = 1; c < n; ++c) m = std::max(m, scale * x[c]);
    return m;
  }
  if (scale > 0.0f) return scale * row_max(x, n);
  const batch vs(scale);
  batch m0 = vs * batch::load_unaligned(x + n - kW), m1 = m0;
  int c = 0;
  for (; c + 2 * kW <= n; c += 2 * kW) {
    m0 = vmax(m0, vs * batch::load_unaligned(x + c));
    m1 = vmax(m1, vs * batch::load_unaligned(x + c + kW));
  }
  for (; c + kW <= n; c += kW) m0 = vmax(m0, vs * batch::load_unaligned(x + c));
  return hmax(vmax(m0, m1));
}

// y *= a in place; for n >= kW the tail rewrites the last full batch from values loaded first.
void scale_in_place(float* y, int n, float a) {
  if (n < kW) {
    for (int c = 0; c < n; ++c) y[c] *= a;
    return;
  }
  const batch va(a);
  const batch last = batch::load_unaligned(y + n - kW);
  int c = 0;
  for (; c + 2 * kW <= n; c += 2 * kW) {
    (batch::load_unaligned(y + c) * va).store_unaligned(y + c);
    (batch::load_unaligned(y + c + kW) * va).store_unaligned(y + c + kW);
  }
  for (; c + kW <= n; c += kW) (batch::load_unaligned(y + c) * va).store_unaligned(y + c);
  if (c < n) (last * va).store_unaligned(y + n - kW);
}

// Σ_c a[c] * b[c] in float; for n >= kW the tail's new lanes come from the last full batch.
float dot(const float* a, const float* b, int n) {
  if (n < kW) {
    float s = 0.0f;
    for (int c = 0; c < n; ++c) s += a[c] * b[c];
    return s;
  }
  batch s0(0.0f), s1(0.0f);
  int c = 0;
  for (; c + 2 * kW <= n; c += 2 * kW) {
    s0 += batch::load_unaligned(a + c) * batch::load_unaligned(b + c);
    s1 += batch::load_unaligned(a + c + kW) * batch::load_unaligned(b + c + kW);
  }
  for (; c + kW <= n; c += kW) s0 += batch::load_unaligned(a + c) * batch::load_unaligned(b + c);
  if (c < n) {
    const batch p = batch::load_unaligned(a + n - kW) * batch::load_unaligned(b + n - kW);
    s1 += xsimd::select(last_lanes(n - c), p, batch(0.0f));
  }
  return xsimd::hadd(s0 + s1);
}

// Short rows: fewer than kShortRow columns, in blocks of rows whose visible entries (at most
// kBlockFloats) stay in L1 between the passes.
constexpr int kShortRow = 32;
constexpr int kMaxBlockRows = 64;
constexpr int kBlockFloats = 2048;

// Rows r0..r1 (r1 - r0 <= kMaxBlockRows, their visible entries <= kBlockFloats), each step over
// the whole block before the next. The rows' visible exponents are packed one after another in
// buf: buf = scale*x and each row's max; buf -= row max; buf = exp(buf) in one exp_sum_nonpositive
// call; row sums; y = buf * (1/sum) and 0 where masked. The exponents are the reference's
// fl(fl(scale*x) - max), bit for bit.
void softmax_short_rows(float* y, const float* x, int r0, int r1, int cols, float scale,
                        bool causal, float* buf) {
  const batch vs(scale);
  float row_value[kMaxBlockRows];  // each row's max, then 1 / its sum
  const auto visible = [&](int r) { return causal ? (r % cols) + 1 : cols; };
  float* t = buf;
  for (int r = r0; r < r1; ++r) {
    const float* xr = x + static_cast<std::ptrdiff_t>(r) * cols;
    const int v = visible(r);
    batch mb(-std::numeric_limits<float>::infinity());
    int c = 0;
    for (; c + kW <= v; c += kW) {
      const batch e = vs * batch::load_unaligned(xr + c);
      e.store_unaligned(t + c);
      mb = xsimd::max(mb, e);
    }
    float m = hmax(mb);
    for (; c < v; ++c) {
      t[c] = scale * xr[c];
      m = std::max(m, t[c]);
    }
    row_value[r - r0] = m;
    t += v;
  }
  const std::size_t n = static_cast<std::size_t>(t - buf);
  t = buf;
  for (int r = r0; r < r1; ++r) {
    const int v = visible(r);
    const float m = row_value[r - r0];
    const batch mb(m);
    int c = 0;
    for (; c + kW <= v; c += kW) (batch::load_unaligned(t + c) - mb).store_unaligned(t + c);
    for (; c < v; ++c) t[c] -= m;
    t += v;
  }
  exp_sum_nonpositive(buf, buf, n, 1.0f, 0.0f);
  t = buf;
  for (int r = r0; r < r1; ++r) {
    const int v = visible(r);
    batch sb(0.0f);
    int c = 0;
    for (; c + kW <= v; c += kW) sb += batch::load_unaligned(t + c);
    float s = xsimd::hadd(sb);
    for (; c < v; ++c) s += t[c];
    row_value[r - r0] = 1.0f / s;
    t += v;
  }
  t = buf;
  for (int r = r0; r < r1; ++r) {
    float* yr = y + static_cast<std::ptrdiff_t>(r) * cols;
    const int v = visible(r);
    const float inv = row_value[r - r0];
    const batch ib(inv);
    int c = 0;
    for (; c + kW <= v; c += kW) (batch::load_unaligned(t + c) * ib).store_unaligned(yr + c);
    for (; c < v; ++c) yr[c] = t[c] * inv;
    std::fill(yr + v, yr + cols, 0.0f);
    t += v;
  }
}

}  // namespace

// x, y: (rows, cols); y may be x.
//
// Per row: the max, exp_sum_nonpositive (exp and its sum in one pass), y *= 1/sum, masked columns
// set to 0. Short rows (class logits, attention over a few keys) would spend more time entering and
// leaving those loops than in them, and one row's steps form a long dependency chain while rows are
// independent: they go through softmax_short_rows in blocks, where rows overlap and exp runs as
// one long loop over the block's visible entries.
void softmax_rows(float* y, const float* x, int rows, int cols, float scale, bool causal) {
  if (rows <= 0 || cols <= 0) return;
  if (cols < kShortRow) {
    alignas(64) float buf[kBlockFloats];
    const int block = std::min(kMaxBlockRows, kBlockFloats / cols);
    for (int r0 = 0; r0 < rows; r0 += block)
      softmax_short_rows(y, x, r0, std::min(rows, r0 + block), cols, scale, causal, buf);
    return;
  }
  for (int r = 0; r < rows; ++r) {
    const float* xr = x + static_cast<std::ptrdiff_t>(r) * cols;
    float* yr = y + static_cast<std::ptrdiff_t>(r) * cols;
    const int visible = causal ? (r % cols) + 1 : cols;
    const float m = scaled_max(xr, visible, scale);
    const float s = exp_sum_nonpositive(yr, xr, static_cast<std::size_t>(visible), scale, m);
    scale_in_place(yr, visible, 1.0f / s);
    std::fill(yr + visible, yr + cols, 0.0f);
  }
}

// dx, dy, y: (rows, cols);  dx += scale * y * (dy - Σ_c dy*y)
void softmax_rows_backward(float* dx, const float* dy, const float* y, int rows, int cols,
                           float scale) {
  const batch vs(scale);
  for (int r = 0; r < rows; ++r) {
    const std::ptrdiff_t o = static_cast<std::ptrdiff_t>(r) * cols;
    const float* dyr = dy + o;
    const float* yr = y + o;
    float* dxr = dx + o;
    const float d = dot(dyr, yr, cols);
    const batch vd(d);
    int c = 0;
    for (; c + kW <= cols; c += kW) {
      const batch g = vs * batch::load_unaligned(yr + c) * (batch::load_unaligned(dyr + c) - vd);
      (batch::load_unaligned(dxr + c) + g).store_unaligned(dxr + c);
    }
    for (; c < cols; ++c) dxr[c] += scale * yr[c] * (dyr[c] - d);
  }
}

}  // namespace prayog::kernels
