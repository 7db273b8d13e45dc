// Row softmax: the float xsimd kernel against kernels::ref, for (rows, cols) with cols around the
// batch width N (N-1, N, N+1, 2N-1, 2N, 2N+1), the attention sizes 8..256 and 1000+7.
//
// Tolerances (eps = float epsilon):
//  - forward vs the float reference: both compute the same exponents scale*x - max bit for bit;
//    exp differs by <= 1.55 eps (exp_sum_nonpositive's, measured over every float in [-88.1, 0])
//    + 0.5 ulp (libm), and each row sum is a float sum of `visible` positive terms in a different
//    order (<= (visible - 1) eps each). Checked: |y - y_ref| <= (2 visible + 10) eps y_ref + 2^-126
//    (our exp is 0 below about -87.68, where e^a < 2^-126.5 and libm returns subnormals).
//  - forward vs the double reference, inputs |scale*x| <= A: the exponent's own rounding adds
//    ~2 A eps: |y - y_exact| <= (visible + 12 + 4 A) eps y_exact + 2^-126.
//  - each row of y sums to 1 within 1e-6; causally masked entries are exactly +0.
//  - backward: the row dot Σ dy*y is a float sum in a different order (<= 2 cols eps Σ|dy*y|
//    apart), then three roundings: |dx - dx_ref| <= eps (|dx0| + 4 |g| + 2 (cols + 2) |scale*y|
//    Σ|dy*y|), g = scale*y*(dy - dot).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/simd.hpp"
#include "kernels/softmax.hpp"

namespace k = prayog::kernels;
namespace ref = prayog::kernels::ref;

namespace {

constexpr int kN = static_cast<int>(prayog::simd::fbatch::size);
constexpr double kEps = std::numeric_limits<float>::epsilon();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::vector<int> col_sizes() {
  return {1, kN - 1, kN, kN + 1, 2 * kN - 1, 2 * kN, 2 * kN + 1, 8, 16, 33, 64, 256, 1000 + 7};
}

std::vector<float> random_values(std::size_t n, std::uint32_t seed, float lo, float hi) {
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

int visible_cols(int r, int cols, bool causal) {
  return causal ? (r % cols) + 1 : cols;
}

// Checks one forward call against both references; returns the number of violations.
int check_forward(int rows, int cols, float scale, bool causal, const std::vector<float>& x) {
  const std::size_t n = static_cast<std::size_t>(rows) * cols;
  std::vector<float> y(n, kNaN), y_ref(n);  // y starts as NaN: every entry must be written
  std::vector<double> xd(x.begin(), x.end()), y_exact(n);
  k::softmax_rows(y.data(), x.data(), rows, cols, scale, causal);
  ref::softmax_rows(y_ref.data(), x.data(), rows, cols, scale, causal);
  ref::softmax_rows(y_exact.data(), xd.data(), rows, cols, static_cast<double>(scale), causal);
  int bad = 0;
  for (int r = 0; r < rows; ++r) {
    const int vis = visible_cols(r, cols, causal);
    double a = 0.0, row_sum = 0.0;
    for (int c = 0; c < vis; ++c)
      a = std::max(a, std::fabs(static_cast<double>(scale) * x[r * cols + c]));
    for (int c = 0; c < cols; ++c) {
      const std::size_t i = static_cast<std::size_t>(r) * cols + c;
      if (c >= vis) {
        bad += !(y[i] == 0.0f && !std::signbit(y[i]));
        continue;
      }
      row_sum += y[i];
      bad += !(std::fabs(y[i] - y_ref[i]) <= (2 * vis + 10) * kEps * y_ref[i] + 0x1p-126);
      bad += !(std::fabs(y[i] - y_exact[i]) <= (vis + 12 + 4 * a) * kEps * y_exact[i] + 0x1p-126);
    }
    bad += !(std::fabs(row_sum - 1.0) <= 1e-6);
  }
  return bad;
}

}  // namespace

TEST_CASE("softmax_rows matches the references at sizes around the batch width", "[kernels]") {
  for (int cols : col_sizes()) {
    for (int rows : {1, 3, 70}) {  // 70: short rows go in blocks of at most 64
      for (float scale : {1.0f, 0.35355339f, -1.0f, 0.0f}) {
        CAPTURE(rows, cols, scale);
        const auto x = random_values(static_cast<std::size_t>(rows) * cols, 7 + cols, -4.0f, 4.0f);
        CHECK(check_forward(rows, cols, scale, false, x) == 0);
      }
    }
  }
}

TEST_CASE("softmax_rows causal: stacked square blocks, masked entries exactly 0", "[kernels]") {
  for (int cols : col_sizes()) {
    if (cols > 256) continue;
    for (float scale : {1.0f, 0.125f}) {
      const int rows = 2 * cols + 1;  // two blocks and one row of a third
      CAPTURE(rows, cols, scale);
      const auto x = random_values(static_cast<std::size_t>(rows) * cols, 13 + cols, -6.0f, 6.0f);
      CHECK(check_forward(rows, cols, scale, true, x) == 0);
    }
  }
}

TEST_CASE("softmax_rows works in place (y == x)", "[kernels]") {
  for (int cols : col_sizes()) {
    for (bool causal : {false, true}) {
      const int rows = 2 * cols + 1;
      CAPTURE(rows, cols, causal);
      const auto x = random_values(static_cast<std::size_t>(rows) * cols, 37 + cols, -4.0f, 4.0f);
      std::vector<float> y(x.size());
      k::softmax_rows(y.data(), x.data(), rows, cols, 0.5f, causal);
      auto xy = x;
      k::softmax_rows(xy.data(), xy.data(), rows, cols, 0.5f, causal);
      CHECK(xy == y);
    }
  }
}

TEST_CASE("softmax_rows is stable for huge logits", "[kernels]") {
  for (int cols : {kN - 1, kN + 1, 2 * kN + 1, 64, 1007}) {
    CAPTURE(cols);
    std::vector<float> x(static_cast<std::size_t>(cols));
    int big = 0;
    for (int c = 0; c < cols; ++c) {
      x[c] = c % 3 == 1 ? 1e4f : -1e4f;
      big += c % 3 == 1;
    }
    if (big == 0) x[0] = 1e4f, big = 1;
    std::vector<float> y(x.size());
    k::softmax_rows(y.data(), x.data(), 1, cols, 1.0f, false);
    int bad = 0;
    for (int c = 0; c < cols; ++c) {
      bad += !std::isfinite(y[c]);
      const float want = x[c] > 0.0f ? 1.0f / static_cast<float>(big) : 0.0f;
      bad += !(std::fabs(y[c] - want) <= 4 * kEps * want);
    }
    CHECK(bad == 0);
    // All-equal huge rows are uniform; scale multiplies before the max is taken.
    std::vector<float> same(static_cast<std::size_t>(cols), 3e38f);
    k::softmax_rows(y.data(), same.data(), 1, cols, 1.0f, false);
    for (int c = 0; c < cols; ++c) bad += !(std::fabs(y[c] - 1.0f / cols) <= 4 * kEps / cols);
    k::softmax_rows(y.data(), x.data(), 1, cols, 1e-4f, false);
    for (int c = 0; c < cols; ++c) bad += !std::isfinite(y[c]);
    CHECK(bad == 0);
    // One spike in every position: a max that missed it would overflow exp to Inf, then NaN.
    for (int at = 0; at < cols; ++at) {
      std::vector<float> spike(static_cast<std::size_t>(cols), 0.0f);
      spike[at] = 1e4f;
      k::softmax_rows(y.data(), spike.data(), 1, cols, 1.0f, false);
      bad += y[at] != 1.0f;
    }
    CHECK(bad == 0);
  }
}

TEST_CASE("softmax_rows: a NaN logit makes its row NaN, other rows untouched", "[kernels]") {
  for (int cols : {kN - 1, kN, kN + 1, 2 * kN + 1, 16, 33}) {
    for (int at : {0, cols / 2, cols - 1}) {
      CAPTURE(cols, at);
      const int rows = 3;
      auto x = random_values(static_cast<std::size_t>(rows) * cols, 17, -2.0f, 2.0f);
      x[cols + at] = kNaN;  // row 1
      std::vector<float> y(x.size());
      k::softmax_rows(y.data(), x.data(), rows, cols, 1.0f, false);
      int nan_row1 = 0, finite_others = 0;
      for (int c = 0; c < cols; ++c) {
        nan_row1 += std::isnan(y[cols + c]);
        finite_others += std::isfinite(y[c]) + std::isfinite(y[2 * cols + c]);
      }
      CHECK(nan_row1 == cols);
      CHECK(finite_others == 2 * cols);
    }
  }
  // Causal: a NaN in a masked column is never read.
  const int cols = 2 * kN + 1;
  auto x = random_values(static_cast<std::size_t>(cols) * cols, 19, -2.0f, 2.0f);
  x[cols - 1] = kNaN;  // row 0 sees column 0 only
  x[cols + 1] = kNaN;  // row 1 sees columns 0 and 1
  std::vector<float> y(x.size());
  k::softmax_rows(y.data(), x.data(), cols, cols, 1.0f, true);
  CHECK(y[0] == 1.0f);
  CHECK(y[cols - 1] == 0.0f);
  CHECK(std::isnan(y[cols]));
  CHECK(std::isnan(y[cols + 1]));
  CHECK(y[cols + 2] == 0.0f);  // masked entries stay exactly 0 even in a NaN row
}

TEST_CASE("softmax_rows_backward matches the reference and accumulates", "[kernels]") {
  for (int cols : col_sizes()) {
    for (bool causal : {false, true}) {
      for (float scale : {1.0f, 0.35355339f}) {
        const int rows = causal ? cols + 2 : 3;
        CAPTURE(rows, cols, causal, scale);
        const std::size_t n = static_cast<std::size_t>(rows) * cols;
        const auto x = random_values(n, 23 + cols, -3.0f, 3.0f);
        std::vector<float> y(n);
        ref::softmax_rows(y.data(), x.data(), rows, cols, scale, causal);
        const auto dy = random_values(n, 29 + cols, -1.0f, 1.0f);
        const auto dx0 = random_values(n, 31 + cols, -1.0f, 1.0f);
        auto dx = dx0, dx_ref = dx0;
        k::softmax_rows_backward(dx.data(), dy.data(), y.data(), rows, cols, scale);
        ref::softmax_rows_backward(dx_ref.data(), dy.data(), y.data(), rows, cols, scale);
        int bad = 0;
        for (int r = 0; r < rows; ++r) {
          const std::size_t o = static_cast<std::size_t>(r) * cols;
          double dot = 0.0, mag = 0.0;
          for (int c = 0; c < cols; ++c) {
            dot += static_cast<double>(dy[o + c]) * y[o + c];
            mag += std::fabs(static_cast<double>(dy[o + c]) * y[o + c]);
          }
          for (int c = 0; c < cols; ++c) {
            const std::size_t i = o + c;
            const double sy = std::fabs(static_cast<double>(scale) * y[i]);
            const double g = sy * std::fabs(dy[i] - dot);
            const double bound =
                kEps * (std::fabs(dx0[i]) + 4 * g + 2.0 * (cols + 2) * sy * mag) + 1e-30;
            bad += !(std::fabs(static_cast<double>(dx[i]) - dx_ref[i]) <= bound);
            if (y[i] == 0.0f) bad += dx[i] != dx0[i];  // masked: nothing added
          }
        }
        CHECK(bad == 0);
      }
    }
  }
}
