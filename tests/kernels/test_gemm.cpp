// GEMM: the packed xsimd kernel against the scalar reference.
//
// Tolerance: both compute each c_ij as a float sum of k products, in different orders (the packed
// kernel splits k into blocks and sums per SIMD lane). The standard bound for either is
// |c - exact| <= gamma_k * (|alpha| * sum_p |a_ip||b_pj| + |beta * c_ij|), gamma_k ~= k * eps, so
// the two may differ by twice that. We check
//   |fast - ref| <= 2 * (k + 2) * eps * (|alpha| * sum_p |a_ip * b_pj| + |beta * c_ij|)
// per element, which a real bug (a wrong index, a missed tail) breaks by orders of magnitude.
#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/gemm.hpp"
#include "kernels/gemm_checked.hpp"

using prayog::kernels::gemm;
using prayog::kernels::gemm_args;
using prayog::kernels::gemm_ref;
using prayog::kernels::gemm_tile;
using prayog::kernels::GemmArgs;

namespace {

std::vector<float> random_values(std::size_t n, std::uint32_t seed) {
  std::vector<float> v(n);
  std::uint32_t s = seed * 2654435761u + 1u;
  for (float& x : v) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    x = static_cast<float>(s >> 8) * (2.0f / 16777216.0f) - 1.0f;
  }
  return v;
}

struct Case {
  bool ta, tb;
  int m, n, k;
  float alpha, beta;
};

// Returns the number of elements outside the bound (0 = pass), so a sweep reports one assertion
// per shape rather than millions.
int count_mismatches(const Case& cs, int pad = 0) {
  // pad > 0 exercises leading dimensions larger than the logical width.
  const int a_rows = cs.ta ? cs.k : cs.m, a_cols = cs.ta ? cs.m : cs.k;
  const int b_rows = cs.tb ? cs.n : cs.k, b_cols = cs.tb ? cs.k : cs.n;
  const int lda = a_cols + pad, ldb = b_cols + pad, ldc = cs.n + pad;
  auto a = random_values(static_cast<std::size_t>(a_rows) * lda, cs.m * 131 + cs.k);
  auto b = random_values(static_cast<std::size_t>(b_rows) * ldb, cs.n * 17 + cs.k);
  auto c0 = random_values(static_cast<std::size_t>(cs.m) * ldc, cs.m + cs.n);
  auto c_fast = c0, c_ref = c0;

  GemmArgs g{cs.ta, cs.tb,    cs.m, cs.n,    cs.k,    cs.alpha, a.data(),
             lda,   b.data(), ldb,  cs.beta, nullptr, ldc};
  g.c = c_ref.data();
  gemm_ref(g);
  g.c = c_fast.data();
  gemm(g);

  const double eps = std::numeric_limits<float>::epsilon();
  int bad = 0;
  for (int i = 0; i < cs.m; ++i) {
    for (int j = 0; j < cs.n; ++j) {
      double mag = 0.0;
      for (int p = 0; p < cs.k; ++p) {
        const double aip = cs.ta ? a[p * lda + i] : a[i * lda + p];
        const double bpj = cs.tb ? b[j * ldb + p] : b[p * ldb + j];
        mag += std::fabs(aip * bpj);
      }
      const std::size_t at = static_cast<std::size_t>(i) * ldc + j;
      const double bound =
          2.0 * (cs.k + 2) * eps * (std::fabs(cs.alpha) * mag + std::fabs(cs.beta * c0[at]));
      if (!(std::fabs(static_cast<double>(c_fast[at]) - c_ref[at]) <= bound)) ++bad;
    }
  }
  // Padding columns of C must be untouched.
  for (int i = 0; i < cs.m; ++i)
    for (int j = cs.n; j < ldc; ++j)
      if (c_fast[static_cast<std::size_t>(i) * ldc + j] !=
          c0[static_cast<std::size_t>(i) * ldc + j])
        ++bad;
  return bad;
}

}  // namespace

TEST_CASE("gemm matches the reference for every m, n, k in 1..33 and all transposes", "[gemm]") {
  for (int ta = 0; ta < 2; ++ta) {
    for (int tb = 0; tb < 2; ++tb) {
      int failures = 0;
      for (int m = 1; m <= 33; ++m)
        for (int n = 1; n <= 33; ++n)
          for (int k = 1; k <= 33; ++k)
            failures += count_mismatches({ta == 1, tb == 1, m, n, k, 1.25f, -0.5f}) != 0;
      INFO("trans_a=" << ta << " trans_b=" << tb);
      CHECK(failures == 0);
    }
  }
}

TEST_CASE("gemm matches the reference at sizes around the micro-kernel tile", "[gemm]") {
  const auto t = gemm_tile();
  std::vector<int> mm, nn;
  for (int x : {1, 2, 3}) {
    mm.push_back(x * t.mr - 1 > 0 ? x * t.mr - 1 : 1);
    mm.push_back(x * t.mr);
    mm.push_back(x * t.mr + 1);
    nn.push_back(x * t.nr - 1);
    nn.push_back(x * t.nr);
    nn.push_back(x * t.nr + 1);
  }
  for (int w : {t.simd_width - 1, t.simd_width, t.simd_width + 1}) nn.push_back(w > 0 ? w : 1);
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (int m : mm)
        for (int n : nn)
          for (int k : {1, 7, 64}) {
            INFO("ta=" << ta << " tb=" << tb << " m=" << m << " n=" << n << " k=" << k);
            CHECK(count_mismatches({ta == 1, tb == 1, m, n, k, 1.0f, 0.0f}) == 0);
          }
}

TEST_CASE("gemm matches the reference on larger shapes, across cache blocks", "[gemm]") {
  const int sizes[] = {64, 127, 128, 129, 256, 784};
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (int s : sizes) {
        // One big dimension at a time keeps the reference fast; k = 784 > 256 crosses k-blocks.
        const Case shapes[] = {{ta == 1, tb == 1, s, 33, 65, 1.0f, 0.0f},
                               {ta == 1, tb == 1, 31, s, 65, 1.0f, 1.0f},
                               {ta == 1, tb == 1, 31, 47, s, -2.0f, 0.5f}};
        for (const Case& cs : shapes) {
          INFO("ta=" << ta << " tb=" << tb << " m=" << cs.m << " n=" << cs.n << " k=" << cs.k);
          CHECK(count_mismatches(cs) == 0);
        }
      }
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      INFO("square 256, ta=" << ta << " tb=" << tb);
      CHECK(count_mismatches({ta == 1, tb == 1, 256, 256, 256, 1.0f, 0.0f}) == 0);
      INFO("(128, 784, 256), ta=" << ta << " tb=" << tb);
      CHECK(count_mismatches({ta == 1, tb == 1, 128, 256, 784, 1.0f, 0.0f}) == 0);
    }
  // Aᵀ large enough to be packed (lda * kc >= 32768), with an odd last row block (m = 129 > 128).
  for (int tb = 0; tb < 2; ++tb) {
    INFO("packed A^T, tb=" << tb);
    CHECK(count_mismatches({true, tb == 1, 129, 40, 300, 1.5f, 0.25f}) == 0);
    CHECK(count_mismatches({true, tb == 1, 129, 40, 300, 1.0f, 0.0f}, 5) == 0);
  }
  // n > 2048 crosses the n-block of the packed B panel.
  CHECK(count_mismatches({false, false, 3, 2100, 5, 1.0f, 0.0f}) == 0);
  CHECK(count_mismatches({false, true, 3, 2100, 5, 1.0f, 0.0f}) == 0);
}

TEST_CASE("gemm honours leading dimensions larger than the row width", "[gemm]") {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (int pad : {1, 3, 16}) {
        INFO("ta=" << ta << " tb=" << tb << " pad=" << pad);
        CHECK(count_mismatches({ta == 1, tb == 1, 19, 37, 23, 0.75f, 2.0f}, pad) == 0);
      }
}

TEST_CASE("gemm follows BLAS conventions for alpha and beta", "[gemm]") {
  const int m = 5, n = 18, k = 9;
  auto a = random_values(m * k, 1), b = random_values(k * n, 2);
  const float nan = std::numeric_limits<float>::quiet_NaN();

  SECTION("beta = 0 never reads C") {
    std::vector<float> c(m * n, nan), r(m * n, nan);
    gemm(gemm_args(false, false, m, n, k, 1.0f, a.data(), b.data(), 0.0f, c.data()));
    gemm_ref(gemm_args(false, false, m, n, k, 1.0f, a.data(), b.data(), 0.0f, r.data()));
    for (int i = 0; i < m * n; ++i) {
      REQUIRE(std::isfinite(c[i]));
      REQUIRE(std::isfinite(r[i]));
    }
  }
  SECTION("alpha = 0 never reads A or B and scales C") {
    std::vector<float> bad(m * k, nan), c(m * n, 2.0f);
    gemm(gemm_args(false, false, m, n, k, 0.0f, bad.data(), bad.data(), 0.5f, c.data()));
    for (float x : c) REQUIRE(x == 1.0f);
  }
  SECTION("NaN in A propagates when alpha != 0") {
    auto a2 = a;
    a2[0] = nan;
    std::vector<float> c(m * n, 0.0f);
    gemm(gemm_args(false, false, m, n, k, 1.0f, a2.data(), b.data(), 0.0f, c.data()));
    CHECK(std::isnan(c[0]));
    CHECK(std::isfinite(c[n]));  // row 1 does not use a[0]
  }
}

TEST_CASE("gemm_ref agrees with Eigen in double precision", "[gemm]") {
  // Anchors the reference itself to an independent implementation.
  const int m = 37, n = 29, k = 300;
  auto a = random_values(m * k, 5), b = random_values(k * n, 6);
  std::vector<float> c(m * n);
  gemm_ref(gemm_args(false, false, m, n, k, 1.0f, a.data(), b.data(), 0.0f, c.data()));
  using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const RowMat ea =
      Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          a.data(), m, k)
          .cast<double>();
  const RowMat eb =
      Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          b.data(), k, n)
          .cast<double>();
  const RowMat ec = ea * eb;
  const double eps = std::numeric_limits<float>::epsilon();
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      const double mag = (ea.row(i).cwiseAbs() * eb.col(j).cwiseAbs());
      REQUIRE(std::fabs(c[i * n + j] - ec(i, j)) <= (k + 2) * eps * mag);
    }
}

TEST_CASE("gemm_checked rejects bad shapes with a status and message key", "[gemm]") {
  using prayog::StatusCode;
  using prayog::kernels::gemm_checked;
  std::vector<float> a(6, 1.0f), b(6, 1.0f), c(4, 0.0f);
  auto ok = gemm_checked(false, false, 2, 2, 3, 1.0f, a.data(), 6, b.data(), 6, 0.0f, c.data(), 4);
  REQUIRE(ok.ok());
  CHECK(c[0] == 3.0f);

  auto short_a =
      gemm_checked(false, false, 2, 2, 3, 1.0f, a.data(), 5, b.data(), 6, 0.0f, c.data(), 4);
  CHECK(short_a.code == StatusCode::kShapeMismatch);
  CHECK(short_a.key == "error.shape_mismatch");
  CHECK(short_a.detail == "A has 5 values, expected 6");

  auto zero_m =
      gemm_checked(false, false, 0, 2, 3, 1.0f, a.data(), 0, b.data(), 6, 0.0f, c.data(), 0);
  CHECK(zero_m.code == StatusCode::kInvalidArgument);
  CHECK(zero_m.key == "error.out_of_range");

  auto nan_alpha = gemm_checked(false, false, 2, 2, 3, std::numeric_limits<float>::quiet_NaN(),
                                a.data(), 6, b.data(), 6, 0.0f, c.data(), 4);
  CHECK(nan_alpha.key == "error.not_finite");
  CHECK(c[0] == 3.0f);  // a refused call leaves C alone
}
