// Elementwise kernels, bias and reductions: the float xsimd kernels against the kernels::ref
// references, at sizes N-1, N, N+1, 2N-1, 2N, 2N+1 (N = xsimd batch width), around the unrolled
// and chunked loop lengths, and at 1000+7.
//
// Tolerances:
//  - bias add, bias-gradient row sum, ReLU, the backward products, axpy, scale, max: the kernels do
//    the reference's operations in the reference's order, so they must match it bit for bit.
//  - exp (exp_sum), sigmoid, tanh: xsimd's polynomial algorithms, measured within 1.05, 1.5 and 1.2
//    eps of the exact (double) value over [-90, 90]. Checked: |f - exact| <= 2 eps |exact| and
//    |f - ref_float| <= 3 eps |ref_float| (the float reference's libm adds 0.5 ulp), plus 2^-126
//    absolute where a result is subnormal (xsimd's exp returns 0 below -88.38 where libm still
//    returns subnormals). exp and tanh must also equal xsimd::exp and xsimd::tanh bit for bit.
//  - sum, sum_squares (double result from float batches flushed to double per chunk):
//    |f - ref| <= 21 eps_f Σ|term| + 2 n eps_d Σ|term| (derivation in elementwise.cpp).
//  - exp_sum's returned sum: both are float sums of n positive terms: (n + 4) eps Σ.
//  - exp_sum_nonpositive (softmax's exp, exponents <= 0): measured within 2.27 ulp, 1.55 eps
//    relative, of the exact value over every float in [-88.1, 0] (native and wasm give the same
//    bits there: the test below pins a checksum of a sweep). Checked: |f - exact| <= 1.6 eps
//    |exact| + 2^-126 (0 below about -87.68, where exact < 2^-126.5; subnormal results above it
//    are within 2 2^-149), and |f - ref_float| <= 2.1 eps |ref_float| + 2^-126.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "bits.hpp"
#include "kernels/elementwise.hpp"
#include "kernels/simd.hpp"

namespace k = prayog::kernels;
namespace ref = prayog::kernels::ref;
using prayog::testing::same_bits;
using prayog::testing::same_or_both_nan;

namespace {

constexpr std::size_t kN = prayog::simd::fbatch::size;
constexpr double kEps = std::numeric_limits<float>::epsilon();
constexpr double kEpsD = std::numeric_limits<double>::epsilon();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Every length a batch loop can end at: below, at and above one and two batches, the 2- and
// 4-batch unrolled loops, one summation chunk (64 N), and a large odd size.
std::vector<std::size_t> sizes() {
  return {0,           1,          kN - 1,      kN,         kN + 1, 2 * kN - 1,
          2 * kN,      2 * kN + 1, 3 * kN + 1,  4 * kN - 1, 4 * kN, 4 * kN + 3,
          64 * kN - 1, 64 * kN,    64 * kN + 1, 1000 + 7};
}

// Uniform in [lo, hi), deterministic.
std::vector<float> random_values(std::size_t n, std::uint32_t seed, float lo = -1.0f,
                                 float hi = 1.0f) {
  std::vector<float> v(n);
  std::uint32_t s = seed * 2654435761u + 1u;
  for (float& x : v) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    x = lo + (hi - lo) * (static_cast<float>(s >> 8) / 16777216.0f);
  }
  return v;
}

std::vector<double> to_double(const std::vector<float>& v) {
  return std::vector<double>(v.begin(), v.end());
}

// Elements of `got` outside rel * |want| + abs of `want`; NaN must meet NaN.
template <typename T>
int count_far(const std::vector<float>& got, const std::vector<T>& want, double rel, double abs) {
  int bad = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double g = got[i], w = static_cast<double>(want[i]);
    if (std::isnan(w) || std::isnan(g)) {
      bad += std::isnan(w) != std::isnan(g);
    } else if (std::isinf(w) || std::isinf(g)) {
      bad += g != w;
    } else if (!(std::fabs(g - w) <= rel * std::fabs(w) + abs)) {
      ++bad;
    }
  }
  return bad;
}

// Inputs for the transcendental kernels: random values in a few ranges plus specials.
std::vector<float> activation_inputs(std::size_t n, std::uint32_t seed, float range) {
  auto x = random_values(n, seed, -range, range);
  const float specials[] = {0.0f, -0.0f, 0.625f, -0.625f, 1e-30f, 88.0f, -88.0f, 100.0f, -100.0f};
  for (std::size_t i = 0; i < n && i < 9; ++i) x[(i * 7) % n] = specials[i];
  return x;
}

}  // namespace

TEST_CASE("add_bias_rows and sum_rows_into match the reference bit for bit", "[kernels]") {
  for (int rows : {1, 2, 5}) {
    for (std::size_t cols : sizes()) {
      const int c = static_cast<int>(cols);
      CAPTURE(rows, cols);
      const auto b = random_values(cols, 3 + c);
      const auto y0 = random_values(rows * cols, 5 + c);
      auto y = y0, y_ref = y0;
      k::add_bias_rows(y.data(), b.data(), rows, c);
      ref::add_bias_rows(y_ref.data(), b.data(), rows, c);
      CHECK(same_bits(y, y_ref));

      auto db = b, db_ref = b;  // accumulates onto what is there
      k::sum_rows_into(db.data(), y0.data(), rows, c);
      ref::sum_rows_into(db_ref.data(), y0.data(), rows, c);
      CHECK(same_bits(db, db_ref));
    }
  }
  // Many rows over few columns (the bias gradient of a dense layer over a batch).
  const auto dy = random_values(1000 * 5, 11);
  std::vector<float> db(5, 0.5f), db_ref(5, 0.5f);
  k::sum_rows_into(db.data(), dy.data(), 1000, 5);
  ref::sum_rows_into(db_ref.data(), dy.data(), 1000, 5);
  CHECK(same_bits(db, db_ref));
}

TEST_CASE("relu forward and backward match the reference bit for bit", "[kernels]") {
  for (std::size_t n : sizes()) {
    CAPTURE(n);
    auto x = random_values(n, 17 + n);
    if (n > 2) {
      x[0] = -0.0f;
      x[n / 2] = kNaN;  // stays NaN (forward) and makes dx NaN (backward)
      x[n - 1] = kInf;
    }
    std::vector<float> y(n, 7.0f), y_ref(n, 7.0f);
    k::relu_forward(y.data(), x.data(), n);
    ref::relu_forward(y_ref.data(), x.data(), n);
    CHECK(same_bits(y, y_ref));

    const auto dy = random_values(n, 19 + n);
    const auto dx0 = random_values(n, 23 + n);
    auto dx = dx0, dx_ref = dx0;
    k::relu_backward(dx.data(), dy.data(), x.data(), n);
    ref::relu_backward(dx_ref.data(), dy.data(), x.data(), n);
    CHECK(same_bits(dx, dx_ref));
  }
}

TEST_CASE("relu propagates NaN, in the SIMD body and in the tail, as the reference does",
          "[kernels]") {
  // A NaN must not become a 0 activation (it would hide a diverging run): forward NaN -> NaN, and
  // backward a NaN x makes dx NaN whatever dy is. Sizes around the batch width, each with a NaN
  // in the first batch (vector body), in the last element (the scalar tail unless n % N == 0) and
  // both; -NaN (sign bit set) too.
  const std::size_t ns[] = {1, kN - 1, kN, kN + 1, 2 * kN - 1, 2 * kN, 2 * kN + 1, 4 * kN + 3};
  for (std::size_t n : ns) {
    for (int where = 0; where < 3; ++where) {
      for (float nan : {kNaN, -kNaN}) {
        CAPTURE(n, where, std::signbit(nan));
        auto x = random_values(n, 31 + static_cast<std::uint32_t>(n));
        std::vector<std::size_t> at;
        if (where != 1) at.push_back(std::min<std::size_t>(1, n - 1));  // in the first batch
        if (where != 0) at.push_back(n - 1);                            // the last element
        for (std::size_t i : at) x[i] = nan;

        std::vector<float> y(n, 7.0f), y_ref(n, 7.0f);
        k::relu_forward(y.data(), x.data(), n);
        ref::relu_forward(y_ref.data(), x.data(), n);
        CHECK(same_bits(y, y_ref));  // a NaN is passed on as it is: the same bits
        std::vector<double> xd = to_double(x), yd(n);
        ref::relu_forward(yd.data(), xd.data(), n);  // the double path of the gradient checks
        for (std::size_t i = 0; i < n; ++i) {
          const bool is_nan = std::isnan(x[i]);
          CHECK(std::isnan(y[i]) == is_nan);
          CHECK(std::isnan(yd[i]) == is_nan);
          if (!is_nan) CHECK(y[i] == (x[i] > 0.0f ? x[i] : 0.0f));
        }

        // Backward from x (the kernel's contract) with a NaN dy too, where x <= 0 (the derivative
        // is 0 there: dx unchanged) and where x > 0 (dx NaN).
        auto dy = random_values(n, 37 + static_cast<std::uint32_t>(n));
        std::size_t dy_masked = n, dy_passed = n;
        for (std::size_t i = 0; i < n; ++i) {
          if (std::isnan(x[i])) continue;
          if (x[i] <= 0.0f && dy_masked == n) dy_masked = i;
          if (x[i] > 0.0f && dy_passed == n) dy_passed = i;
        }
        if (dy_masked < n) dy[dy_masked] = kNaN;
        if (dy_passed < n) dy[dy_passed] = kNaN;
        const auto dx0 = random_values(n, 41 + static_cast<std::uint32_t>(n));
        auto dx = dx0, dx_ref = dx0;
        k::relu_backward(dx.data(), dy.data(), x.data(), n);
        ref::relu_backward(dx_ref.data(), dy.data(), x.data(), n);
        CHECK(same_or_both_nan(dx, dx_ref));
        std::vector<double> dxd = to_double(dx0), dyd = to_double(dy);
        ref::relu_backward(dxd.data(), dyd.data(), xd.data(), n);
        for (std::size_t i = 0; i < n; ++i) {
          CAPTURE(i);
          const bool want_nan = std::isnan(x[i]) || (x[i] > 0.0f && std::isnan(dy[i]));
          CHECK(std::isnan(dx[i]) == want_nan);
          CHECK(std::isnan(dxd[i]) == want_nan);
          if (i == dy_masked) CHECK(dx[i] == dx0[i]);
        }
      }
    }
  }
}

TEST_CASE("sigmoid and tanh forward are within 2 eps of exact, 3 eps of the reference",
          "[kernels]") {
  for (float range : {1.0f, 10.0f, 100.0f}) {
    for (std::size_t n : sizes()) {
      CAPTURE(range, n);
      const auto x = activation_inputs(n, 29 + n, range);
      const auto xd = to_double(x);
      std::vector<float> y(n), y_ref(n);
      std::vector<double> y_exact(n);

      k::sigmoid_forward(y.data(), x.data(), n);
      ref::sigmoid_forward(y_ref.data(), x.data(), n);
      ref::sigmoid_forward(y_exact.data(), xd.data(), n);
      CHECK(count_far(y, y_exact, 2 * kEps, 0x1p-126) == 0);
      CHECK(count_far(y, y_ref, 3 * kEps, 0x1p-126) == 0);

      k::tanh_forward(y.data(), x.data(), n);
      ref::tanh_forward(y_ref.data(), x.data(), n);
      ref::tanh_forward(y_exact.data(), xd.data(), n);
      CHECK(count_far(y, y_exact, 2 * kEps, 0x1p-126) == 0);
      CHECK(count_far(y, y_ref, 3 * kEps, 0x1p-126) == 0);
      // Same bits as xsimd::tanh (whose algorithm the kernel writes out).
      int differ = 0;
      for (std::size_t i = 0; i < n; ++i) {
        alignas(64) float lane[kN] = {};
        lane[0] = x[i];
        xsimd::tanh(prayog::simd::fbatch::load_aligned(lane)).store_aligned(lane);
        differ += std::memcmp(&lane[0], &y[i], sizeof(float)) != 0;
      }
      CHECK(differ == 0);
    }
  }
}

TEST_CASE("sigmoid, tanh and exp_sum work in place (y == x)", "[kernels]") {
  for (std::size_t n : sizes()) {
    CAPTURE(n);
    const auto x = random_values(n, 71 + n, -6.0f, 6.0f);
    std::vector<float> y(n), xy = x;
    k::sigmoid_forward(y.data(), x.data(), n);
    k::sigmoid_forward(xy.data(), xy.data(), n);
    CHECK(same_bits(xy, y));
    xy = x;
    k::tanh_forward(y.data(), x.data(), n);
    k::tanh_forward(xy.data(), xy.data(), n);
    CHECK(same_bits(xy, y));
    xy = x;
    const float s = k::exp_sum(y.data(), x.data(), n, 0.5f, 1.0f);
    CHECK(k::exp_sum(xy.data(), xy.data(), n, 0.5f, 1.0f) == s);
    CHECK(same_bits(xy, y));
  }
}

TEST_CASE("sigmoid and tanh: limits, signed zero and NaN", "[kernels]") {
  const std::vector<float> x = {kNaN, kInf, -kInf, 0.0f, -0.0f, 50.0f, -50.0f, 1e-20f, -kNaN};
  const std::size_t n = x.size();
  std::vector<float> y(n);
  k::sigmoid_forward(y.data(), x.data(), n);
  CHECK(std::isnan(y[0]));
  CHECK(y[1] == 1.0f);
  CHECK(y[2] == 0.0f);
  CHECK(y[3] == 0.5f);
  CHECK(y[5] == 1.0f);
  CHECK(std::isnan(y[8]));
  k::tanh_forward(y.data(), x.data(), n);
  CHECK(std::isnan(y[0]));
  CHECK(y[1] == 1.0f);
  CHECK(y[2] == -1.0f);
  CHECK((y[3] == 0.0f && !std::signbit(y[3])));
  CHECK((y[4] == 0.0f && std::signbit(y[4])));
  CHECK(y[5] == 1.0f);
  CHECK(y[6] == -1.0f);
  CHECK(y[7] == 1e-20f);
  CHECK(std::isnan(y[8]));
}

TEST_CASE("sigmoid, tanh backward, axpy and scale match the reference bit for bit", "[kernels]") {
  for (std::size_t n : sizes()) {
    CAPTURE(n);
    const auto y = random_values(n, 31 + n, 0.0f, 1.0f);
    const auto dy = random_values(n, 37 + n);
    const auto dx0 = random_values(n, 41 + n);
    auto dx = dx0, dx_ref = dx0;
    k::sigmoid_backward(dx.data(), dy.data(), y.data(), n);
    ref::sigmoid_backward(dx_ref.data(), dy.data(), y.data(), n);
    CHECK(same_bits(dx, dx_ref));

    dx = dx0;
    dx_ref = dx0;
    k::tanh_backward(dx.data(), dy.data(), y.data(), n);
    ref::tanh_backward(dx_ref.data(), dy.data(), y.data(), n);
    CHECK(same_bits(dx, dx_ref));

    auto a = dx0, a_ref = dx0;
    k::axpy(a.data(), -0.37f, dy.data(), n);
    ref::axpy(a_ref.data(), -0.37f, dy.data(), n);
    CHECK(same_bits(a, a_ref));

    k::scale(a.data(), 1.7f, n);
    ref::scale(a_ref.data(), 1.7f, n);
    CHECK(same_bits(a, a_ref));
  }
}

TEST_CASE("exp_sum: xsimd's exp bit for bit, within 2 eps of exact, sum as the reference",
          "[kernels]") {
  using batch = prayog::simd::fbatch;
  for (float range : {1.0f, 20.0f, 80.0f}) {  // 1007 e^80 still fits a float
    for (std::size_t n : sizes()) {
      CAPTURE(range, n);
      const auto x = random_values(n, 43 + n, -range, range);
      std::vector<float> y(n), y_ref(n);
      const float s = k::exp_sum(y.data(), x.data(), n, 1.0f, 0.0f);
      const float s_ref = ref::exp_sum(y_ref.data(), x.data(), n, 1.0f, 0.0f);
      CHECK(count_far(y, y_ref, 3 * kEps, 0x1p-126) == 0);
      int bad = 0;
      double total = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const double exact = std::exp(static_cast<double>(x[i]));
        total += exact;
        bad += !(std::fabs(y[i] - exact) <= 2 * kEps * exact + 0x1p-126);
        alignas(64) float lane[kN] = {};
        lane[0] = x[i];
        xsimd::exp(batch::load_aligned(lane)).store_aligned(lane);
        bad += std::memcmp(&lane[0], &y[i], sizeof(float)) != 0;
      }
      CHECK(bad == 0);
      CHECK(std::fabs(static_cast<double>(s) - s_ref) <= (n + 4) * kEps * total);
    }
  }
  // Scale and shift as softmax uses them; y may alias x.
  auto x = random_values(1007, 47, -30.0f, 30.0f);
  std::vector<float> y_ref(x.size());
  const float s_ref = ref::exp_sum(y_ref.data(), x.data(), x.size(), 0.5f, 15.0f);
  const float s = k::exp_sum(x.data(), x.data(), x.size(), 0.5f, 15.0f);
  CHECK(count_far(x, y_ref, 3 * kEps, 0x1p-126) == 0);
  CHECK(std::fabs(s - s_ref) <= 1011 * kEps * s_ref);
}

TEST_CASE("exp_sum: limits and NaN", "[kernels]") {
  const std::vector<float> x = {0.0f, -kInf, kInf, kNaN, -100.0f, 100.0f, 88.0f, -87.0f, 1.0f};
  std::vector<float> y(x.size());
  const float s = k::exp_sum(y.data(), x.data(), x.size(), 1.0f, 0.0f);
  CHECK(y[0] == 1.0f);
  CHECK(y[1] == 0.0f);
  CHECK(y[2] == kInf);
  CHECK(std::isnan(y[3]));
  CHECK(y[4] == 0.0f);
  CHECK(y[5] == kInf);
  CHECK(std::isfinite(y[6]));
  CHECK(y[7] > 0.0f);
  CHECK(std::isnan(s));
}

TEST_CASE("exp_sum_nonpositive: within 1.6 eps of exact, sum as the reference", "[kernels]") {
  for (float range : {1.0f, 20.0f, 87.0f, 100.0f}) {
    for (std::size_t n : sizes()) {
      CAPTURE(range, n);
      auto x = random_values(n, 53 + n, -range, 0.0f);
      if (n > 2) x[n / 2] = -0.0f, x[n - 1] = 0.0f;
      std::vector<float> y(n), y_ref(n);
      const float s = k::exp_sum_nonpositive(y.data(), x.data(), n, 1.0f, 0.0f);
      const float s_ref = ref::exp_sum(y_ref.data(), x.data(), n, 1.0f, 0.0f);
      CHECK(count_far(y, y_ref, 2.1 * kEps, 0x1p-126) == 0);
      int bad = 0;
      double total = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const double exact = std::exp(static_cast<double>(x[i]));
        total += exact;
        bad += !(std::fabs(y[i] - exact) <= 1.6 * kEps * exact + 0x1p-126);
      }
      CHECK(bad == 0);
      CHECK(std::fabs(static_cast<double>(s) - s_ref) <= (n + 4) * kEps * total);
    }
  }
  // Scale and shift as softmax uses them (shift = max scale*x); y may alias x.
  for (float scale : {1.0f, 0.125f, -0.5f}) {
    CAPTURE(scale);
    auto x = random_values(1007, 59, -40.0f, 40.0f);
    float shift = -kInf;
    for (float v : x) shift = std::max(shift, scale * v);
    std::vector<float> y_ref(x.size());
    const float s_ref = ref::exp_sum(y_ref.data(), x.data(), x.size(), scale, shift);
    const float s = k::exp_sum_nonpositive(x.data(), x.data(), x.size(), scale, shift);
    CHECK(count_far(x, y_ref, 2.1 * kEps, 0x1p-126) == 0);
    CHECK(std::fabs(s - s_ref) <= 1011 * kEps * s_ref);
  }
}

TEST_CASE("exp_sum_nonpositive: a dense sweep of [-88.1, 0], the same bits on every platform",
          "[kernels]") {
  // Every 4099th float from -0 down to -88.1: within the stated bound of exact, and an FNV-1a
  // checksum of the results' bits, taken natively (g++ SSE2): wasm must reproduce it.
  constexpr std::uint32_t kFirst = 0x80000000u, kLast = 0xC2B03333u, kStep = 4099;
  std::vector<float> x;
  for (std::uint64_t u = kFirst; u <= kLast; u += kStep) {
    float f;
    const auto bits = static_cast<std::uint32_t>(u);
    std::memcpy(&f, &bits, sizeof f);
    x.push_back(f);
  }
  std::vector<float> y(x.size());
  k::exp_sum_nonpositive(y.data(), x.data(), x.size(), 1.0f, 0.0f);
  std::uint64_t hash = 1469598103934665603ull;
  int bad = 0, zeros = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &y[i], sizeof bits);
    hash = (hash ^ bits) * 1099511628211ull;
    const double exact = std::exp(static_cast<double>(x[i]));
    bad += !(std::fabs(y[i] - exact) <= 1.6 * kEps * exact + (exact < 0x1p-126 ? 0x1p-126 : 0.0));
    zeros += y[i] == 0.0f;
    if (y[i] == 0.0f) bad += !(x[i] < -87.68f);  // 0 only where exact < 2^-126.5
  }
  CHECK(bad == 0);
  CHECK(zeros > 0);
  CHECK(hash == 0x07e8c563560af075ull);
}

TEST_CASE("exp_sum_nonpositive: limits and NaN", "[kernels]") {
  const std::vector<float> x = {0.0f, -0.0f, -kInf, kNaN, -100.0f, -88.1f, -87.0f, -1.0f, -1e-30f};
  std::vector<float> y(x.size());
  const float s = k::exp_sum_nonpositive(y.data(), x.data(), x.size(), 1.0f, 0.0f);
  CHECK(y[0] == 1.0f);
  CHECK(y[1] == 1.0f);
  CHECK(y[2] == 0.0f);
  CHECK(std::isnan(y[3]));
  CHECK(y[4] == 0.0f);
  CHECK(y[5] == 0.0f);
  CHECK(y[6] > 0.0f);
  CHECK(std::fabs(y[7] - std::exp(-1.0)) <= 1.6 * kEps * std::exp(-1.0));
  CHECK(y[8] == 1.0f);
  CHECK(std::isnan(s));
  CHECK(!std::signbit(y[4]));  // flushed results are +0
}

TEST_CASE("sum and sum_squares: chunked float accumulation within the stated bound", "[kernels]") {
  for (std::size_t n : sizes()) {
    for (float offset : {0.0f, 3.0f}) {  // offset: all terms of one sign, a large sum
      CAPTURE(n, offset);
      const auto x = random_values(n, 53 + n, offset - 1.0f, offset + 1.0f);
      double mag = 0.0, mag2 = 0.0;
      for (float v : x) {
        mag += std::fabs(v);
        mag2 += static_cast<double>(v) * v;
      }
      const double bound = 21 * kEps * mag + 2 * n * kEpsD * mag;
      const double bound2 = 21 * kEps * mag2 + 2 * n * kEpsD * mag2;
      CHECK(std::fabs(k::sum(x.data(), n) - ref::sum(x.data(), n)) <= bound);
      CHECK(std::fabs(k::sum_squares(x.data(), n) - ref::sum_squares(x.data(), n)) <= bound2);
      if (n > 0) {
        // Cancellation: x followed by -x sums to exactly 0; the bound is on Σ|x| = 2 mag.
        std::vector<float> xx = x;
        for (float v : x) xx.push_back(-v);
        CHECK(std::fabs(k::sum(xx.data(), xx.size())) <= 21 * kEps * 2 * mag);
      }
    }
  }
}

TEST_CASE("sum and sum_squares: no float overflow, NaN and Inf propagate", "[kernels]") {
  const std::size_t n = 1007;
  std::vector<float> x(n, 3e38f);
  CHECK(k::sum(x.data(), n) == ref::sum(x.data(), n));  // 3e41 in double, inf in float
  std::vector<float> big(n, 1e20f);
  const double ss = k::sum_squares(big.data(), n);
  CHECK(std::isfinite(ss));
  CHECK(std::fabs(ss - ref::sum_squares(big.data(), n)) <= 1e-12 * ss);
  for (std::size_t at : {std::size_t{0}, kN + 1, std::size_t{300}, n - 1}) {
    CAPTURE(at);
    auto v = random_values(n, 59);
    v[at] = kNaN;
    CHECK(std::isnan(k::sum(v.data(), n)));
    CHECK(std::isnan(k::sum_squares(v.data(), n)));
    v[at] = -kInf;
    CHECK(k::sum(v.data(), n) == -std::numeric_limits<double>::infinity());
    CHECK(k::sum_squares(v.data(), n) == std::numeric_limits<double>::infinity());
  }
}

TEST_CASE("max_value matches the reference, NaN anywhere gives NaN", "[kernels]") {
  for (std::size_t n : sizes()) {
    if (n == 0) continue;
    CAPTURE(n);
    auto x = random_values(n, 61 + n, -5.0f, 5.0f);
    CHECK(k::max_value(x.data(), n) == ref::max_value(x.data(), n));
    // The maximum in every position, including the tail.
    for (std::size_t at = 0; at < n; at += (n > 40 ? 37 : 1)) {
      auto xm = x;
      xm[at] = 9.0f;
      CHECK(k::max_value(xm.data(), n) == 9.0f);
      xm[at] = kNaN;
      CHECK(std::isnan(k::max_value(xm.data(), n)));
    }
    std::vector<float> neg(n, -kInf);
    CHECK(k::max_value(neg.data(), n) == -kInf);
  }
}
