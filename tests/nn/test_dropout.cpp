// Dropout: eval is the identity, train keeps ~(1-p) scaled by 1/(1-p), the mask is a function of
// the seed, and the gradient check (with the mask fixed, as within one training step).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "base/rng.hpp"
#include "nn/dropout.hpp"
#include "nn/gradcheck.hpp"

using prayog::Rng;
using prayog::nn::dropout_apply;
using prayog::nn::dropout_backward;
using prayog::nn::dropout_forward;
using prayog::nn::dropout_mask;
using prayog::test::grad_check;
using prayog::test::random_vector;

TEST_CASE("dropout: eval mode is the identity and draws nothing", "[nn]") {
  const auto xd = random_vector(50, 1);
  const std::vector<float> x(xd.begin(), xd.end());
  std::vector<float> y(x.size());
  std::vector<std::uint8_t> mask(x.size(), 7);
  Rng rng(5), untouched(5);
  dropout_forward(y.data(), mask.data(), x.data(), x.size(), 0.5f, false, rng);
  CHECK(y == x);
  CHECK(mask == std::vector<std::uint8_t>(x.size(), 7));
  CHECK(rng.next_u32() == untouched.next_u32());  // the stream did not move
  std::vector<float> dx(x.size(), 1.0f), dy(x.size(), 2.0f);
  dropout_backward(dx.data(), dy.data(), mask.data(), x.size(), 0.5f, false);
  CHECK(dx == std::vector<float>(x.size(), 3.0f));  // dx += dy
}

TEST_CASE("dropout: train keeps about (1-p) of the elements, scaled by 1/(1-p)", "[nn]") {
  const std::size_t n = 20000;
  const std::vector<float> x(n, 1.5f);
  for (float p : {0.1f, 0.5f, 0.8f}) {
    INFO("p " << p);
    std::vector<float> y(n);
    std::vector<std::uint8_t> mask(n);
    Rng rng(11);
    dropout_forward(y.data(), mask.data(), x.data(), n, p, true, rng);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (mask[i]) {
        ++kept;
        REQUIRE(y[i] == 1.5f * (1.0f / (1.0f - p)));
      } else {
        REQUIRE(y[i] == 0.0f);
      }
    }
    // Binomial(n, 1-p): standard deviation <= sqrt(n)/2 ~ 71, i.e. 0.0036 of n; allow 0.02 (5.6σ;
    // the seed is fixed, so this is a check of the rate, not a flaky statistical test).
    CHECK(static_cast<double>(kept) / n == Approx(1.0 - p).margin(0.02));
  }
}

TEST_CASE("dropout: the same seed gives the same mask, another seed another", "[nn]") {
  const std::size_t n = 256;
  std::vector<std::uint8_t> a(n), b(n), c(n), a2(n);
  Rng ra(3), rb(3), rc(4);
  dropout_mask(a.data(), n, 0.5f, ra);
  dropout_mask(b.data(), n, 0.5f, rb);
  dropout_mask(c.data(), n, 0.5f, rc);
  CHECK(a == b);
  CHECK(a != c);
  dropout_mask(a2.data(), n, 0.5f, ra);  // the next step draws a fresh mask
  CHECK(a2 != a);
}

TEST_CASE("dropout: finite-difference gradient check with a fixed mask (double)", "[nn]") {
  const float p = 0.3f;
  auto x = random_vector(60, 2);
  std::vector<std::uint8_t> mask(x.size());
  Rng rng(9);
  std::vector<double> y(x.size()), dx;
  dropout_forward(y.data(), mask.data(), x.data(), x.size(), p, true, rng);  // draws the mask
  const auto report = grad_check(
      {{"x", &x, &dx}},
      [&] {
        std::vector<double> out(x.size());
        dropout_apply(out.data(), x.data(), mask.data(), x.size(), p);
        return out;
      },
      [&](const std::vector<double>& dy) {
        dx.assign(x.size(), 0.5);  // backward must add onto it
        dropout_backward(dx.data(), dy.data(), mask.data(), x.size(), p, true);
        for (double& g : dx) g -= 0.5;
      });
  INFO(report.where);
  CHECK(report.ok());
}

TEST_CASE("dropout: float forward matches the double reference", "[nn]") {
  // Same mask (same seed); each kept value is one product x * 1/(1-p): within 2 float roundings,
  // |float - double| <= 2 * 2^-24 * |double| (checked as 2.5e-7 relative).
  const float p = 0.25f;
  const auto x0 = random_vector(99, 3);
  const std::vector<float> x(x0.begin(), x0.end());
  const std::vector<double> xd(x.begin(), x.end());
  std::vector<float> y(x.size());
  std::vector<double> yd(x.size());
  std::vector<std::uint8_t> m(x.size()), md(x.size());
  Rng r1(8), r2(8);
  dropout_forward(y.data(), m.data(), x.data(), x.size(), p, true, r1);
  dropout_forward(yd.data(), md.data(), xd.data(), xd.size(), p, true, r2);
  CHECK(m == md);
  for (std::size_t i = 0; i < y.size(); ++i)
    REQUIRE(std::fabs(y[i] - yd[i]) <= 2.5e-7 * std::fabs(yd[i]));
}
