// Losses: softmax cross-entropy (ln K at uniform logits, stable for extreme logits, gradient
// (p - onehot)/B accumulated, finite-difference check) and MSE (value, gradient check).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "nn/gradcheck.hpp"
#include "nn/loss.hpp"

using prayog::nn::mse_backward;
using prayog::nn::mse_forward;
using prayog::nn::softmax_cross_entropy_backward;
using prayog::nn::softmax_cross_entropy_forward;
using prayog::test::grad_check;
using prayog::test::random_vector;

TEST_CASE("loss: cross-entropy of uniform logits is ln K", "[nn]") {
  for (int k : {2, 3, 10, 37}) {
    INFO("K " << k);
    const int batch = 4;
    const std::vector<int> labels = {0, k - 1, k / 2, 1};
    std::vector<double> logits(batch * k, 0.7), probs(batch * k);
    CHECK(softmax_cross_entropy_forward(probs.data(), logits.data(), labels.data(), batch, k) ==
          Approx(std::log(static_cast<double>(k))).epsilon(1e-14));
    for (double p : probs) CHECK(p == Approx(1.0 / k).epsilon(1e-14));
    std::vector<float> lf(batch * k, -3.0f), pf(batch * k);
    CHECK(softmax_cross_entropy_forward(pf.data(), lf.data(), labels.data(), batch, k) ==
          Approx(std::log(static_cast<double>(k))).epsilon(1e-6));
  }
}

TEST_CASE("loss: cross-entropy stays finite for extreme float logits", "[nn]") {
  // p(label) = e^-1000 underflows to 0 in float; the loss is still the exact 1000 (+ tiny).
  const std::vector<float> logits = {1000.0f, 0.0f, 0.0f, 1000.0f};
  const std::vector<int> labels = {1, 1};
  std::vector<float> probs(4);
  const double loss =
      softmax_cross_entropy_forward(probs.data(), logits.data(), labels.data(), 2, 2);
  CHECK(loss == Approx((1000.0 + 0.0) / 2.0).epsilon(1e-12));
  CHECK(probs[1] == 0.0f);
  CHECK(probs[3] == 1.0f);
}

TEST_CASE("loss: cross-entropy backward is (p - onehot)/B and accumulates", "[nn]") {
  const int batch = 3, k = 4;
  const auto logits = random_vector(batch * k, 1, 2.0);
  const std::vector<int> labels = {2, 0, 3};
  std::vector<double> probs(batch * k), d(batch * k, 1.0);
  softmax_cross_entropy_forward(probs.data(), logits.data(), labels.data(), batch, k);
  softmax_cross_entropy_backward(d.data(), probs.data(), labels.data(), batch, k);
  for (int b = 0; b < batch; ++b) {
    double row = 0.0;
    for (int j = 0; j < k; ++j) {
      const double onehot = j == labels[b] ? 1.0 : 0.0;
      CHECK(d[b * k + j] == Approx(1.0 + (probs[b * k + j] - onehot) / batch).epsilon(1e-15));
      row += probs[b * k + j];
    }
    CHECK(row == Approx(1.0).epsilon(1e-15));
  }
}

TEST_CASE("loss: cross-entropy finite-difference gradient check (double)", "[nn]") {
  const int batch = 5, k = 7;
  auto logits = random_vector(batch * k, 2, 3.0);
  const std::vector<int> labels = {0, 6, 3, 3, 1};
  std::vector<double> probs(batch * k), dlogits;
  const auto report = grad_check(
      {{"logits", &logits, &dlogits}},
      [&] {
        return std::vector<double>{
            softmax_cross_entropy_forward(probs.data(), logits.data(), labels.data(), batch, k)};
      },
      [&](const std::vector<double>& dloss) {
        // The check's loss is dloss[0] * L: backward gives dL/dlogits, scale by the upstream.
        softmax_cross_entropy_forward(probs.data(), logits.data(), labels.data(), batch, k);
        dlogits.assign(logits.size(), 0.0);
        softmax_cross_entropy_backward(dlogits.data(), probs.data(), labels.data(), batch, k);
        for (double& g : dlogits) g *= dloss[0];
      });
  INFO(report.where);
  CHECK(report.ok());
}

TEST_CASE("loss: MSE value and finite-difference gradient check (double)", "[nn]") {
  const std::vector<double> a = {1.0, 2.0, -1.0, 0.5}, t = {0.0, 2.0, 1.0, 0.0};
  CHECK(mse_forward(a.data(), t.data(), a.size()) == Approx((1.0 + 0.0 + 4.0 + 0.25) / 4.0));

  auto pred = random_vector(24, 3), target = random_vector(24, 4);
  std::vector<double> dpred;
  const auto report = grad_check(
      {{"pred", &pred, &dpred}},
      [&] { return std::vector<double>{mse_forward(pred.data(), target.data(), pred.size())}; },
      [&](const std::vector<double>& dloss) {
        dpred.assign(pred.size(), 0.0);
        mse_backward(dpred.data(), pred.data(), target.data(), pred.size());
        for (double& g : dpred) g *= dloss[0];
      });
  INFO(report.where);
  CHECK(report.ok());
  std::vector<double> acc(pred.size(), 1.0);  // accumulates
  mse_backward(acc.data(), pred.data(), target.data(), pred.size());
  for (std::size_t i = 0; i < acc.size(); ++i)
    CHECK(acc[i] == Approx(1.0 + 2.0 * (pred[i] - target[i]) / pred.size()).epsilon(1e-15));
}

TEST_CASE("loss: float forward matches the double reference", "[nn]") {
  // Both losses are accumulated in double from the same float inputs: they agree to 1e-12
  // relative. The float softmax probabilities (exp in float, maybe a SIMD polynomial) are within
  // 2e-6 absolute of the double ones (probabilities <= 1, a few dozen ulp of slack).
  const int batch = 6, k = 10;
  const auto l0 = random_vector(batch * k, 5, 4.0);
  const std::vector<float> lf(l0.begin(), l0.end());
  const std::vector<double> ld(lf.begin(), lf.end());
  const std::vector<int> labels = {0, 9, 4, 4, 7, 2};
  std::vector<float> pf(batch * k);
  std::vector<double> pd(batch * k);
  const double loss_f =
      softmax_cross_entropy_forward(pf.data(), lf.data(), labels.data(), batch, k);
  const double loss_d =
      softmax_cross_entropy_forward(pd.data(), ld.data(), labels.data(), batch, k);
  CHECK(loss_f == Approx(loss_d).epsilon(1e-12));
  for (int i = 0; i < batch * k; ++i) REQUIRE(std::fabs(pf[i] - pd[i]) <= 2e-6);
  const auto t0 = random_vector(batch * k, 6);
  const std::vector<float> tf(t0.begin(), t0.end());
  const std::vector<double> td(tf.begin(), tf.end());
  CHECK(mse_forward(lf.data(), tf.data(), lf.size()) ==
        Approx(mse_forward(ld.data(), td.data(), ld.size())).epsilon(1e-12));
}
