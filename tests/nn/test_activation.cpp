// Activation layers: gradient checks (derivatives from the output y only), in-place forward,
// accumulation, and float vs double.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "nn/activation.hpp"
#include "nn/gradcheck.hpp"

using prayog::nn::Activation;
using prayog::nn::activation_backward;
using prayog::nn::activation_forward;
using prayog::test::grad_check;
using prayog::test::random_vector;

namespace {
const Activation kAll[] = {Activation::kIdentity, Activation::kRelu, Activation::kSigmoid,
                           Activation::kTanh};
}

TEST_CASE("activation: finite-difference gradient check (double), backward from y only", "[nn]") {
  for (Activation a : kAll) {
    INFO("activation " << static_cast<int>(a));
    // Inputs in [-3, 3] and at least 0.1 from ReLU's kink at 0.
    auto x = random_vector(40, 1, 3.0);
    for (double& v : x)
      if (std::fabs(v) < 0.1) v = v < 0 ? -0.1 - v : 0.1 + v;
    std::vector<double> y(x.size()), dx;
    const auto report = grad_check(
        {{"x", &x, &dx}},
        [&] {
          activation_forward(a, y.data(), x.data(), x.size());
          return y;
        },
        [&](const std::vector<double>& dy) {
          dx.assign(x.size(), 0.0);
          activation_forward(a, y.data(), x.data(), x.size());
          activation_backward(a, dx.data(), dy.data(), y.data(), x.size());
        });
    INFO(report.where);
    CHECK(report.ok());
  }
}

TEST_CASE("activation: values, in-place forward, backward accumulates", "[nn]") {
  const std::vector<double> x = {-2.0, -0.5, 0.0, 0.5, 2.0};
  std::vector<double> y(x.size());
  activation_forward(Activation::kRelu, y.data(), x.data(), x.size());
  CHECK(y == std::vector<double>{0.0, 0.0, 0.0, 0.5, 2.0});
  activation_forward(Activation::kSigmoid, y.data(), x.data(), x.size());
  CHECK(y[2] == 0.5);
  CHECK(y[4] == Approx(1.0 / (1.0 + std::exp(-2.0))).epsilon(1e-15));
  CHECK(y[0] + y[4] == Approx(1.0).epsilon(1e-15));  // σ(-x) = 1 - σ(x)
  activation_forward(Activation::kTanh, y.data(), x.data(), x.size());
  CHECK(y[3] == Approx(std::tanh(0.5)).epsilon(1e-15));

  // In place (y == x), as the autoencoder uses it, in float (the SIMD kernels) too.
  for (Activation a : kAll) {
    INFO("activation " << static_cast<int>(a));
    const auto xd = random_vector(37, 2, 3.0);
    std::vector<float> xf(xd.begin(), xd.end()), out(xf.size()), inplace = xf;
    activation_forward(a, out.data(), xf.data(), xf.size());
    activation_forward(a, inplace.data(), inplace.data(), inplace.size());
    CHECK(out == inplace);
    std::vector<float> dx(xf.size(), 1.0f), dx_fresh(xf.size(), 0.0f), dy(xf.size(), 0.5f);
    activation_backward(a, dx.data(), dy.data(), out.data(), dx.size());
    activation_backward(a, dx_fresh.data(), dy.data(), out.data(), dx.size());
    for (std::size_t i = 0; i < dx.size(); ++i) REQUIRE(dx[i] == 1.0f + dx_fresh[i]);
  }
}

TEST_CASE("activation: float forward matches the double reference", "[nn]") {
  // Outputs are O(1) (sigmoid, tanh in (-1, 1)); the correctly rounded float result is within
  // 2^-24 of the double, and a SIMD polynomial exp may add a few ulp: |float - double| <= 2e-6
  // absolute (~30 ulp at 1) for sigmoid/tanh; ReLU and identity are exact.
  for (Activation a : kAll) {
    INFO("activation " << static_cast<int>(a));
    const auto x0 = random_vector(101, 3, 6.0);
    const std::vector<float> x(x0.begin(), x0.end());
    const std::vector<double> xd(x.begin(), x.end());
    std::vector<float> y(x.size());
    std::vector<double> yd(x.size());
    activation_forward(a, y.data(), x.data(), x.size());
    activation_forward(a, yd.data(), xd.data(), xd.size());
    const bool exact = a == Activation::kRelu || a == Activation::kIdentity;
    for (std::size_t i = 0; i < y.size(); ++i)
      REQUIRE(std::fabs(y[i] - yd[i]) <= (exact ? 0.0 : 2e-6));
  }
}
