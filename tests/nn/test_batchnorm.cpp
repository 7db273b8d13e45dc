// BatchNorm: gradient checks in train mode (the full batch-statistics gradient) and eval mode,
// the running-statistics update rule, eval = the formula with running statistics, and float vs
// double.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "nn/batchnorm.hpp"
#include "nn/gradcheck.hpp"

using prayog::nn::batchnorm_backward;
using prayog::nn::batchnorm_forward;
using prayog::nn::BatchNormOptions;
using prayog::test::grad_check;
using prayog::test::kPrefill;
using prayog::test::random_vector;
using prayog::test::remove_prefill;

namespace {

void check_gradients(bool train, int rows, int c) {
  auto x = random_vector(static_cast<std::size_t>(rows) * c, 1, 2.0);
  auto gamma = random_vector(c, 2), beta = random_vector(c, 3);
  for (double& g : gamma) g += 1.5;  // away from 0, like a trained scale
  // Eval mode reads running statistics: some plausible, fixed values.
  std::vector<double> rmean = random_vector(c, 4, 0.5), rvar = random_vector(c, 5, 0.3);
  for (double& v : rvar) v += 0.8;
  std::vector<double> xhat(x.size()), inv_std(c), dx, dgamma, dbeta;
  const auto report = grad_check(
      {{"x", &x, &dx}, {"gamma", &gamma, &dgamma}, {"beta", &beta, &dbeta}},
      [&] {
        std::vector<double> y(x.size());
        // Null running statistics in train mode: repeated forwards must not move them.
        batchnorm_forward(y.data(), xhat.data(), inv_std.data(), train ? nullptr : rmean.data(),
                          train ? nullptr : rvar.data(), x.data(), gamma.data(), beta.data(), rows,
                          c, train);
        return y;
      },
      [&](const std::vector<double>& dy) {
        dx.assign(x.size(), kPrefill);
        dgamma.assign(c, kPrefill);
        dbeta.assign(c, kPrefill);
        // Backward reads forward's xhat and inv_std: recompute them at the unperturbed inputs.
        std::vector<double> y(x.size());
        batchnorm_forward(y.data(), xhat.data(), inv_std.data(), train ? nullptr : rmean.data(),
                          train ? nullptr : rvar.data(), x.data(), gamma.data(), beta.data(), rows,
                          c, train);
        batchnorm_backward(dx.data(), dgamma.data(), dbeta.data(), dy.data(), xhat.data(),
                           inv_std.data(), gamma.data(), rows, c, train);
        for (auto* g : {&dx, &dgamma, &dbeta}) remove_prefill(*g);
      },
      1000);
  INFO(report.where);
  CHECK(report.ok());
}

}  // namespace

TEST_CASE("batchnorm: finite-difference gradient check, train mode (batch statistics)", "[nn]") {
  check_gradients(true, 6, 3);          // a dense layer's (B, C)
  check_gradients(true, 2 * 3 * 5, 4);  // an NHWC map (N*H*W, C)
}

TEST_CASE("batchnorm: finite-difference gradient check, eval mode (running statistics)", "[nn]") {
  check_gradients(false, 6, 3);
}

TEST_CASE("batchnorm: train normalises each channel; running statistics follow the rule", "[nn]") {
  // Two channels, four rows: channel 0 = 1, 2, 3, 6 (mean 3, biased var 3.5, unbiased 14/3);
  // channel 1 = -1, -1, 1, 1 (mean 0, biased var 1, unbiased 4/3).
  const int rows = 4, c = 2;
  const std::vector<double> x = {1, -1, 2, -1, 3, 1, 6, 1};
  const std::vector<double> gamma = {2.0, 0.5}, beta = {0.25, -1.0};
  std::vector<double> y(x.size()), xhat(x.size()), inv_std(c);
  std::vector<double> rmean = {0.0, 0.0}, rvar = {1.0, 1.0};
  BatchNormOptions opt;
  opt.momentum = 0.1;
  opt.eps = 1e-5;
  batchnorm_forward(y.data(), xhat.data(), inv_std.data(), rmean.data(), rvar.data(), x.data(),
                    gamma.data(), beta.data(), rows, c, true, opt);
  CHECK(rmean[0] == Approx(0.9 * 0.0 + 0.1 * 3.0).epsilon(1e-14));
  CHECK(rmean[1] == Approx(0.0).margin(1e-15));
  CHECK(rvar[0] == Approx(0.9 * 1.0 + 0.1 * 14.0 / 3.0).epsilon(1e-14));
  CHECK(rvar[1] == Approx(0.9 * 1.0 + 0.1 * 4.0 / 3.0).epsilon(1e-14));
  CHECK(inv_std[0] == Approx(1.0 / std::sqrt(3.5 + 1e-5)).epsilon(1e-14));
  CHECK(y[6] == Approx(2.0 * (6 - 3) / std::sqrt(3.5 + 1e-5) + 0.25).epsilon(1e-14));
  CHECK(y[1] == Approx(0.5 * -1.0 / std::sqrt(1.0 + 1e-5) - 1.0).epsilon(1e-14));
  // Each channel of y has mean beta (the normalised batch has mean 0 exactly).
  for (int j = 0; j < c; ++j) {
    double s = 0.0;
    for (int r = 0; r < rows; ++r) s += y[r * c + j];
    CHECK(s / rows == Approx(beta[j]).margin(1e-14));
  }
  // A second batch moves the running statistics again from where they are.
  const double m0 = rmean[0], v0 = rvar[0];
  batchnorm_forward(y.data(), xhat.data(), inv_std.data(), rmean.data(), rvar.data(), x.data(),
                    gamma.data(), beta.data(), rows, c, true, opt);
  CHECK(rmean[0] == Approx(0.9 * m0 + 0.1 * 3.0).epsilon(1e-14));
  CHECK(rvar[0] == Approx(0.9 * v0 + 0.1 * 14.0 / 3.0).epsilon(1e-14));
}

TEST_CASE("batchnorm: eval mode uses the running statistics, not the batch", "[nn]") {
  const int rows = 5, c = 3;
  const auto x = random_vector(rows * c, 6, 2.0);
  const std::vector<double> gamma = {1.0, 2.0, 0.5}, beta = {0.0, 0.1, -0.2};
  std::vector<double> rmean(c, 0.0), rvar(c, 1.0), xhat(x.size()), inv_std(c);
  std::vector<double> y_train(x.size()), y_eval(x.size());
  for (int i = 0; i < 3; ++i)  // a few training updates move the running statistics
    batchnorm_forward(y_train.data(), xhat.data(), inv_std.data(), rmean.data(), rvar.data(),
                      x.data(), gamma.data(), beta.data(), rows, c, true);
  const auto rmean_before = rmean, rvar_before = rvar;
  batchnorm_forward(y_eval.data(), xhat.data(), inv_std.data(), rmean.data(), rvar.data(), x.data(),
                    gamma.data(), beta.data(), rows, c, false);
  CHECK(rmean == rmean_before);  // eval never updates them
  CHECK(rvar == rvar_before);
  double max_diff = 0.0;
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < c; ++j) {
      const int i = r * c + j;
      const double expect = gamma[j] * (x[i] - rmean[j]) / std::sqrt(rvar[j] + 1e-5) + beta[j];
      CHECK(y_eval[i] == Approx(expect).epsilon(1e-13));
      max_diff = std::max(max_diff, std::fabs(y_eval[i] - y_train[i]));
    }
  CHECK(max_diff > 0.1);  // the running statistics are not yet the batch's
  // One example alone gives the same output as inside the batch (no batch dependence in eval).
  std::vector<double> y_one(c), xhat_one(c);
  batchnorm_forward(y_one.data(), xhat_one.data(), inv_std.data(), rmean.data(), rvar.data(),
                    x.data() + 2 * c, gamma.data(), beta.data(), 1, c, false);
  for (int j = 0; j < c; ++j) CHECK(y_one[j] == y_eval[2 * c + j]);
}

TEST_CASE("batchnorm: float forward matches the double reference", "[nn]") {
  // Statistics are accumulated in double in both; what differs is float rounding of xhat and of
  // gamma * xhat + beta, a few ulp of |y| <= ~8: |float - double| <= 1e-5 * (1 + |double|).
  const int rows = 2 * 7 * 5, c = 6;
  const auto x0 = random_vector(rows * c, 7, 3.0), g0 = random_vector(c, 8),
             b0 = random_vector(c, 9);
  const std::vector<float> x(x0.begin(), x0.end()), g(g0.begin(), g0.end()),
      b(b0.begin(), b0.end());
  const std::vector<double> xd(x.begin(), x.end()), gd(g.begin(), g.end()), bd(b.begin(), b.end());
  for (bool train : {true, false}) {
    INFO("train " << train);
    std::vector<float> y(x.size()), xhat(x.size()), inv(c), rm(c, 0.25f), rv(c, 1.5f);
    std::vector<double> yd(x.size()), xhatd(x.size()), invd(c), rmd(c, 0.25), rvd(c, 1.5);
    batchnorm_forward(y.data(), xhat.data(), inv.data(), rm.data(), rv.data(), x.data(), g.data(),
                      b.data(), rows, c, train);
    batchnorm_forward(yd.data(), xhatd.data(), invd.data(), rmd.data(), rvd.data(), xd.data(),
                      gd.data(), bd.data(), rows, c, train);
    for (std::size_t i = 0; i < y.size(); ++i)
      REQUIRE(std::fabs(y[i] - yd[i]) <= 1e-5 * (1.0 + std::fabs(yd[i])));
    for (int j = 0; j < c; ++j) REQUIRE(rm[j] == Approx(rmd[j]).epsilon(1e-6));
  }
}
