// Positional encodings: the learned table's gradient check, the libm-free sin/cos/exp against
// libm, and the sinusoidal table's values and golden checksum (the wasm run must match the native
// constant bit for bit: that is the point of computing it without libm).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "base/rng.hpp"
#include "nn/gradcheck.hpp"
#include "nn/positional.hpp"

using prayog::nn::det_cos;
using prayog::nn::det_exp;
using prayog::nn::det_sin;
using prayog::test::grad_check;
using prayog::test::random_vector;

TEST_CASE("positional: learned table, finite-difference gradient check (double)", "[nn]") {
  const int batch = 2, seq = 3, dim = 5, max_seq = 4;  // rows 3.. of the table are unused
  auto x = random_vector(batch * seq * dim, 21), table = random_vector(max_seq * dim, 22);
  std::vector<double> dx, dtable;
  const auto report = grad_check(
      {{"x", &x, &dx}, {"table", &table, &dtable}},
      [&] {
        std::vector<double> y(x.size());
        prayog::nn::positional_forward(y.data(), x.data(), table.data(), batch, seq, dim);
        return y;
      },
      [&](const std::vector<double>& dy) {
        dx.assign(x.size(), 0.0);
        dtable.assign(table.size(), 0.0);
        prayog::nn::positional_backward(dx.data(), dtable.data(), dy.data(), batch, seq, dim);
      });
  INFO(report.where);
  CHECK(report.ok());
  for (int c = 0; c < dim; ++c) CHECK(dtable[3 * dim + c] == 0.0);

  // In place (y aliases x) gives the same result.
  std::vector<double> y(x.size()), inplace = x;
  prayog::nn::positional_forward(y.data(), x.data(), table.data(), batch, seq, dim);
  prayog::nn::positional_forward(inplace.data(), inplace.data(), table.data(), batch, seq, dim);
  CHECK(inplace == y);
}

TEST_CASE("det_sin, det_cos agree with libm to 1e-14 absolute; det_exp to 1e-14 relative", "[nn]") {
  // Largest deviation seen natively is ~2e-16 (sin, cos) and ~4e-16 relative (exp); 1e-14 leaves
  // room for libm's own last-bit differences while a wrong constant or quadrant fails by far more.
  prayog::Rng rng(5);
  double worst_trig = 0.0, worst_exp = 0.0;
  std::vector<double> xs = {0.0,
                            -0.0,
                            1e-300,
                            0.5,
                            0.785398,
                            1.0,
                            1.5707963267948966,
                            2.0,
                            3.0,
                            3.141592653589793,
                            4.71238898038469,
                            6.283185307179586,
                            100.0,
                            -100.0,
                            710.5,
                            1023.0,
                            12345.678,
                            1e5,
                            -1e6,
                            1e6};
  for (int i = 0; i < 2000; ++i) xs.push_back(2000.0 * (2.0 * rng.uniform_double() - 1.0));
  for (int i = 0; i < 200; ++i) xs.push_back(1e6 * (2.0 * rng.uniform_double() - 1.0));
  for (double x : xs) {
    worst_trig = std::max(worst_trig, std::fabs(det_sin(x) - std::sin(x)));
    worst_trig = std::max(worst_trig, std::fabs(det_cos(x) - std::cos(x)));
  }
  for (int i = 0; i <= 2000; ++i) {
    const double x = -740.0 + 1449.0 * i / 2000.0;  // -740 .. 709
    worst_exp = std::max(worst_exp, std::fabs(det_exp(x) - std::exp(x)) / std::exp(x));
  }
  INFO("worst sin/cos abs error " << worst_trig << ", worst exp rel error " << worst_exp);
  CHECK(worst_trig <= 1e-14);
  CHECK(worst_exp <= 1e-14);
  CHECK(det_sin(0.0) == 0.0);
  CHECK(det_cos(0.0) == 1.0);
  CHECK(det_exp(0.0) == 1.0);
  CHECK(std::isnan(det_sin(2e6)));
  CHECK(std::isnan(det_cos(NAN)));
  CHECK(std::isinf(det_exp(710.0)));
  CHECK(det_exp(-800.0) == 0.0);
}

TEST_CASE("sinusoidal table: the formula, and a golden checksum for native and wasm", "[nn]") {
  const int seq = 17, dim = 9;  // odd D: the last column is a sin column
  std::vector<double> table(seq * dim);
  prayog::nn::sinusoidal_table(table.data(), seq, dim);
  for (int t = 0; t < seq; ++t)
    for (int c = 0; c < dim; ++c) {
      const int i = c / 2;
      const double angle = t / std::pow(10000.0, 2.0 * i / dim);
      const double expected = c % 2 == 0 ? std::sin(angle) : std::cos(angle);
      INFO("t " << t << " c " << c);
      CHECK(std::fabs(table[t * dim + c] - expected) <= 1e-12);
    }
  for (int c = 0; c < dim; ++c) CHECK(table[c] == (c % 2 == 0 ? 0.0 : 1.0));

  // Golden: float table (T_max 64, d_model 32), FNV-1a over the bit patterns. Computed natively;
  // the wasm run must print the same. If the formula changes on purpose, update the constant.
  std::vector<float> a(64 * 32), b(64 * 32);
  prayog::nn::sinusoidal_table(a.data(), 64, 32);
  prayog::nn::sinusoidal_table(b.data(), 64, 32);
  CHECK(a == b);
  CHECK(prayog::checksum_bits(a.data(), a.size()) == 0x335256424c4cf309ULL);
}
