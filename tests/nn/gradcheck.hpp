// Finite-difference gradient checks in double precision (layers are templates; the check runs
// them with T = double, where gemm() and every kernel are the scalar references).
//
// The loss is L = sum_i w_i * out_i with fixed random weights w, so dL/dout = w is what backward
// receives. For every input element x_j: numeric = (L(x_j + h) - L(x_j - h)) / 2h (central
// differences, h = 1e-6 scaled by max(1, |x_j|)), analytic = backward's gradient. The stated
// tolerance, per probed element:
//   |numeric - analytic| <= 1e-5 * max(|numeric|, |analytic|) + 1e-8 * (1 + sum_i |w_i out_i|)
// (relative, plus an absolute floor for the rounding noise of L, ~1e-16 |L| / h). The report's
// `worst` is the largest ratio of the two sides; a check passes when it is <= 1. A wrong index or
// a missing term overshoots by orders of magnitude. Keep inputs away from kinks (ReLU at 0, ties
// in max pooling), where finite differences are meaningless.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/rng.hpp"

namespace prayog::test {

struct GradInput {
  std::string name;
  std::vector<double>* values;      // perturbed in place, restored afterwards
  const std::vector<double>* grad;  // analytic gradient, filled by backward()
};

struct GradCheckReport {
  double worst = 0.0;  // max over probed elements of |numeric - analytic| / tolerance
  std::string where;   // "name[index]: numeric vs analytic" of the worst element
  std::size_t checked = 0;
  bool ok() const { return checked > 0 && worst <= 1.0; }
};

// Backward runs on gradient buffers pre-filled with kPrefill, removed afterwards: a backward that
// overwrites instead of accumulating (+=) then fails the check (grad_check itself cannot tell,
// since each backward call starts from whatever buffers the test hands it).
constexpr double kPrefill = 0.5;
inline void remove_prefill(std::vector<double>& g) {
  for (double& v : g) v -= kPrefill;
}

inline std::vector<double> random_vector(std::size_t n, std::uint64_t seed, double scale = 1.0) {
  Rng rng(seed);
  std::vector<double> v(n);
  for (double& x : v) x = scale * (2.0 * rng.uniform_double() - 1.0);
  return v;
}

// forward(): computes the outputs from the current inputs, returns them.
// backward(dout): fills every GradInput::grad for the current inputs.
// At most max_per_input elements of each input are probed (spread evenly) to bound test time.
inline GradCheckReport grad_check(const std::vector<GradInput>& inputs,
                                  const std::function<std::vector<double>()>& forward,
                                  const std::function<void(const std::vector<double>&)>& backward,
                                  std::size_t max_per_input = 64, std::uint64_t seed = 7) {
  const std::vector<double> out0 = forward();
  const std::vector<double> w = random_vector(out0.size(), seed);
  backward(w);
  auto loss = [&]() {
    const std::vector<double> out = forward();
    double l = 0.0;
    for (std::size_t i = 0; i < out.size(); ++i) l += w[i] * out[i];
    return l;
  };
  double magnitude = 1.0;
  for (std::size_t i = 0; i < out0.size(); ++i) magnitude += std::fabs(w[i] * out0[i]);
  const double atol = 1e-8 * magnitude;
  GradCheckReport rep;
  for (const GradInput& in : inputs) {
    std::vector<double>& x = *in.values;
    const std::vector<double> analytic = *in.grad;  // copy: forward() may not touch it, but be safe
    const std::size_t n = x.size();
    const std::size_t step = std::max<std::size_t>(1, n / max_per_input);
    for (std::size_t j = 0; j < n; j += step) {
      const double saved = x[j];
      const double h = 1e-6 * std::max(1.0, std::fabs(saved));
      x[j] = saved + h;
      const double lp = loss();
      x[j] = saved - h;
      const double lm = loss();
      x[j] = saved;
      const double numeric = (lp - lm) / (2.0 * h);
      const double tol = 1e-5 * std::max(std::fabs(numeric), std::fabs(analytic[j])) + atol;
      const double err = std::fabs(numeric - analytic[j]) / tol;
      ++rep.checked;
      if (err > rep.worst) {
        rep.worst = err;
        rep.where = in.name + "[" + std::to_string(j) + "]: numeric " + std::to_string(numeric) +
                    " vs analytic " + std::to_string(analytic[j]);
      }
    }
  }
  return rep;
}

}  // namespace prayog::test
