#include <catch2/catch.hpp>
#include <vector>

#include "nn/dense.hpp"
#include "nn/gradcheck.hpp"

using prayog::test::grad_check;
using prayog::test::random_vector;

TEST_CASE("dense: finite-difference gradient check (double)", "[nn]") {
  const int batch = 3, cin = 5, cout = 7;
  auto x = random_vector(batch * cin, 1), w = random_vector(cin * cout, 2),
       b = random_vector(cout, 3);
  std::vector<double> dx, dw, db;
  const auto report = grad_check(
      {{"x", &x, &dx}, {"w", &w, &dw}, {"b", &b, &db}},
      [&] {
        std::vector<double> y(batch * cout);
        prayog::nn::dense_forward(y.data(), x.data(), w.data(), b.data(), batch, cin, cout);
        return y;
      },
      [&](const std::vector<double>& dy) {
        dx.assign(x.size(), 0.0);
        dw.assign(w.size(), 0.0);
        db.assign(b.size(), 0.0);
        prayog::nn::dense_backward(dx.data(), dw.data(), db.data(), dy.data(), x.data(), w.data(),
                                   batch, cin, cout);
      });
  INFO(report.where);
  CHECK(report.ok());
}

TEST_CASE("dense: float forward matches the double reference", "[nn]") {
  const int batch = 9, cin = 33, cout = 17;
  auto xd = random_vector(batch * cin, 4), wd = random_vector(cin * cout, 5),
       bd = random_vector(cout, 6);
  std::vector<float> x(xd.begin(), xd.end()), w(wd.begin(), wd.end()), b(bd.begin(), bd.end());
  std::vector<float> y(batch * cout);
  std::vector<double> yd(batch * cout);
  prayog::nn::dense_forward(y.data(), x.data(), w.data(), b.data(), batch, cin, cout);
  prayog::nn::dense_forward(yd.data(), xd.data(), wd.data(), bd.data(), batch, cin, cout);
  for (int i = 0; i < batch * cout; ++i) REQUIRE(y[i] == Approx(yd[i]).margin(1e-5));
}
