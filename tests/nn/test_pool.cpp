// Pooling: max pool (argmax routing, overlapping windows), average pool, global average pool.
// Gradient checks use inputs that are a shuffled ladder of distinct values 0.05 apart, so no
// finite-difference step (~1e-6) can change which element wins a max window (no ties, no kinks).
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "base/rng.hpp"
#include "nn/gradcheck.hpp"
#include "nn/pool.hpp"

using prayog::nn::PoolDims;
using prayog::test::grad_check;
using prayog::test::kPrefill;
using prayog::test::random_vector;
using prayog::test::remove_prefill;

namespace {

PoolDims pool(int n, int h, int w, int c, int k, int stride) {
  PoolDims d;
  d.n = n, d.h = h, d.w = w, d.c = c, d.k = k, d.stride = stride;
  return d;
}

std::size_t in_size(const PoolDims& d) {
  return static_cast<std::size_t>(d.n) * d.h * d.w * d.c;
}

// Distinct values -1 + 0.05 * (a permutation of 0..n-1), deterministic.
std::vector<double> distinct_values(std::size_t n, std::uint64_t seed) {
  std::vector<double> v(n);
  std::iota(v.begin(), v.end(), 0.0);
  prayog::Rng rng(seed);
  for (std::size_t i = n; i > 1; --i)
    std::swap(v[i - 1], v[rng.below(static_cast<std::uint32_t>(i))]);
  for (double& x : v) x = -1.0 + 0.05 * x;
  return v;
}

const PoolDims kCases[] = {
    pool(2, 4, 6, 3, 2, 2),                          // the usual 2x2/2
    pool(1, 7, 5, 2, 3, 2),                          // overlapping: an input can win two windows
    pool(1, 5, 5, 2, 2, 1), pool(2, 5, 7, 1, 2, 3),  // stride > k: some inputs are in no window
};

}  // namespace

TEST_CASE("pool: max pool forward picks each window's maximum and remembers where", "[nn]") {
  // One 4x4 channel:  1  2 | 5  0        2x2/2 windows -> 4 5
  //                   3  4 | 6  7                         9 8
  //                  ------+------
  //                   9  1 | 2  8
  //                   0  0 | 3  1
  const std::vector<double> x = {1, 2, 5, 0, 3, 4, 6, 7, 9, 1, 2, 8, 0, 0, 3, 1};
  const PoolDims d = pool(1, 4, 4, 1, 2, 2);
  std::vector<double> y(d.out_size());
  std::vector<int> arg(d.out_size());
  prayog::nn::maxpool_forward(y.data(), arg.data(), x.data(), d);
  CHECK(y == std::vector<double>{4, 7, 9, 8});
  CHECK(arg == std::vector<int>{5, 7, 8, 11});
  std::vector<double> dx(x.size(), 1.0);  // backward accumulates onto the 1s
  prayog::nn::maxpool_backward(dx.data(), std::vector<double>{10, 20, 30, 40}.data(), arg.data(),
                               d);
  CHECK(dx == std::vector<double>{1, 1, 1, 1, 1, 11, 1, 21, 31, 1, 1, 41, 1, 1, 1, 1});
}

TEST_CASE("pool: max pool finite-difference gradient check (double)", "[nn]") {
  for (const PoolDims& d : kCases) {
    INFO("k" << d.k << " stride " << d.stride);
    auto x = distinct_values(in_size(d), 1);
    std::vector<int> arg(d.out_size());
    std::vector<double> dx;
    const auto report = grad_check(
        {{"x", &x, &dx}},
        [&] {
          std::vector<double> y(d.out_size());
          prayog::nn::maxpool_forward(y.data(), arg.data(), x.data(), d);
          return y;
        },
        [&](const std::vector<double>& dy) {
          dx.assign(x.size(), kPrefill);
          prayog::nn::maxpool_backward(dx.data(), dy.data(), arg.data(), d);
          remove_prefill(dx);
        },
        1000);  // every element: most get no gradient, and those zeros must be right too
    INFO(report.where);
    CHECK(report.ok());
  }
}

TEST_CASE("pool: average pool finite-difference gradient check (double)", "[nn]") {
  for (const PoolDims& d : kCases) {
    INFO("k" << d.k << " stride " << d.stride);
    auto x = random_vector(in_size(d), 2);
    std::vector<double> dx;
    const auto report = grad_check(
        {{"x", &x, &dx}},
        [&] {
          std::vector<double> y(d.out_size());
          prayog::nn::avgpool_forward(y.data(), x.data(), d);
          return y;
        },
        [&](const std::vector<double>& dy) {
          dx.assign(x.size(), kPrefill);
          prayog::nn::avgpool_backward(dx.data(), dy.data(), d);
          remove_prefill(dx);
        },
        1000);
    INFO(report.where);
    CHECK(report.ok());
  }
}

TEST_CASE("pool: global average pool, value and finite-difference gradient check", "[nn]") {
  const int n = 2, h = 3, w = 5, c = 4;
  auto x = random_vector(static_cast<std::size_t>(n) * h * w * c, 3);
  std::vector<double> y(n * c);
  prayog::nn::global_avgpool_forward(y.data(), x.data(), n, h, w, c);
  for (int b = 0; b < n; ++b)
    for (int ch = 0; ch < c; ++ch) {
      double s = 0.0;
      for (int p = 0; p < h * w; ++p) s += x[(b * h * w + p) * c + ch];
      CHECK(y[b * c + ch] == Approx(s / (h * w)).margin(1e-15));
    }
  std::vector<double> dx;
  const auto report = grad_check(
      {{"x", &x, &dx}},
      [&] {
        std::vector<double> out(n * c);
        prayog::nn::global_avgpool_forward(out.data(), x.data(), n, h, w, c);
        return out;
      },
      [&](const std::vector<double>& dy) {
        dx.assign(x.size(), kPrefill);
        prayog::nn::global_avgpool_backward(dx.data(), dy.data(), n, h, w, c);
        remove_prefill(dx);
      },
      1000);
  INFO(report.where);
  CHECK(report.ok());
}

TEST_CASE("pool: float forward matches the double reference", "[nn]") {
  // Max pool only compares: float and double must pick the same element and agree exactly.
  // Averages of m values in [-1, 1] (m = 9 per window, 63 for the global pool): the float sum's
  // error is at most (m + 1) * 2^-24 * m, divided by m, so |float - double| <= (m + 1) * 2^-24.
  const double kU = std::ldexp(1.0, -24);
  const PoolDims d = pool(2, 9, 7, 5, 3, 2);
  const auto xd0 = random_vector(in_size(d), 4);
  const std::vector<float> x(xd0.begin(), xd0.end());
  const std::vector<double> xd(x.begin(), x.end());
  std::vector<float> y(d.out_size()), g(d.n * d.c);
  std::vector<double> yd(d.out_size()), gd(d.n * d.c);
  std::vector<int> arg(d.out_size()), argd(d.out_size());
  prayog::nn::maxpool_forward(y.data(), arg.data(), x.data(), d);
  prayog::nn::maxpool_forward(yd.data(), argd.data(), xd.data(), d);
  CHECK(arg == argd);
  for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(y[i] == yd[i]);
  prayog::nn::avgpool_forward(y.data(), x.data(), d);
  prayog::nn::avgpool_forward(yd.data(), xd.data(), d);
  for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(std::fabs(y[i] - yd[i]) <= 10 * kU);
  prayog::nn::global_avgpool_forward(g.data(), x.data(), d.n, d.h, d.w, d.c);
  prayog::nn::global_avgpool_forward(gd.data(), xd.data(), d.n, d.h, d.w, d.c);
  for (std::size_t i = 0; i < g.size(); ++i) REQUIRE(std::fabs(g[i] - gd[i]) <= 64 * kU);
}
