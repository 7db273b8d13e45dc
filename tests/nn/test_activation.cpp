// Activation layers: gradient checks (derivatives from the output y only), in-place forward,
// accumulation, and float vs double.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "nn/activation.hpp"
#include "nn/dense.hpp"
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

TEST_CASE("activation: NaN flows through forward and backward, float and double", "[nn]") {
  // A NaN pre-activation must reach the loss and the gradients (the labs' divergence check reads
  // them): ReLU used to map it to 0. Backward works from the output y, so a NaN y must make dx NaN
  // for every activation whose derivative reads y; identity's derivative is 1, so its dx turns NaN
  // through the NaN dy the layers above send back.
  const auto run = [](auto zero) {
    using T = decltype(zero);
    const T nan = std::numeric_limits<T>::quiet_NaN();
    for (Activation a : kAll) {
      INFO("activation " << static_cast<int>(a) << ", " << sizeof(T) * 8 << "-bit");
      // 37 elements: NaN in the SIMD body (3) and in the tail (36) of the float kernels.
      const auto x0 = random_vector(37, 4, 3.0);
      std::vector<T> x(x0.begin(), x0.end()), y(x.size());
      x[3] = nan;
      x[36] = nan;
      activation_forward(a, y.data(), x.data(), x.size());
      for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(std::isnan(y[i]) == std::isnan(x[i]));

      std::vector<T> dy(x.size(), T(0.5)), dx(x.size(), T(0));
      activation_backward(a, dx.data(), dy.data(), y.data(), dx.size());
      const bool from_y = a != Activation::kIdentity;
      for (std::size_t i = 0; i < x.size(); ++i)
        REQUIRE(std::isnan(dx[i]) == (from_y && std::isnan(x[i])));

      for (std::size_t i = 0; i < x.size(); ++i)
        if (std::isnan(y[i])) dy[i] = nan;  // what the layers above make of a NaN y
      std::fill(dx.begin(), dx.end(), T(0));
      activation_backward(a, dx.data(), dy.data(), y.data(), dx.size());
      for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(std::isnan(dx[i]) == std::isnan(x[i]));
    }
  };
  run(0.0f);
  run(0.0);
}

TEST_CASE("activation: a NaN weight reaches the output and every gradient through ReLU", "[nn]") {
  // dense -> ReLU -> dense, float (the SIMD kernels): one NaN weight in the first layer. With a
  // ReLU that maps NaN to 0, hidden unit 5 was 0 in every row: a finite output and finite
  // gradients, while the weight stayed NaN.
  const int batch = 4, cin = 6, hidden = 19, cout = 3;
  const auto xd = random_vector(batch * cin, 5), w1d = random_vector(cin * hidden, 6),
             w2d = random_vector(hidden * cout, 7);
  std::vector<float> x(xd.begin(), xd.end()), w1(w1d.begin(), w1d.end()),
      w2(w2d.begin(), w2d.end());
  w1[2 * hidden + 5] = std::numeric_limits<float>::quiet_NaN();  // input 2 -> hidden unit 5
  std::vector<float> h(batch * hidden), out(batch * cout);
  prayog::nn::dense_forward(h.data(), x.data(), w1.data(), static_cast<const float*>(nullptr),
                            batch, cin, hidden);
  activation_forward(Activation::kRelu, h.data(), h.data(), h.size());
  prayog::nn::dense_forward(out.data(), h.data(), w2.data(), static_cast<const float*>(nullptr),
                            batch, hidden, cout);
  for (float v : out) CHECK(std::isnan(v));

  std::vector<float> dout(out.size(), 1.0f), dh(h.size(), 0.0f), dz(h.size(), 0.0f),
      dw1(w1.size(), 0.0f), dw2(w2.size(), 0.0f);
  prayog::nn::dense_backward<float>(dh.data(), dw2.data(), nullptr, dout.data(), h.data(),
                                    w2.data(), batch, hidden, cout);
  activation_backward(Activation::kRelu, dz.data(), dh.data(), h.data(), h.size());
  prayog::nn::dense_backward<float>(nullptr, dw1.data(), nullptr, dz.data(), x.data(), w1.data(),
                                    batch, cin, hidden);
  CHECK(std::isnan(dw1[2 * hidden + 5]));  // the poisoned weight's own gradient
  for (int u = 0; u < cout; ++u) CHECK(std::isnan(dw2[5 * cout + u]));  // from unit 5's output
}
