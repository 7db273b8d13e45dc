#include "kernels/gemm_checked.hpp"

#include <cmath>
#include <string>

namespace prayog::kernels {

namespace {
Status size_error(const char* name, std::size_t got, std::size_t expected) {
  return Status::Error(
      StatusCode::kShapeMismatch, "error.shape_mismatch",
      std::string(name) + " has " + std::to_string(got) + " values, expected " +
          std::to_string(expected),
      {{"name", name}, {"got", std::to_string(got)}, {"expected", std::to_string(expected)}});
}
}  // namespace

Status gemm_validate(int m, int n, int k, float alpha, float beta, std::size_t a_len,
                     std::size_t b_len, std::size_t c_len) {
  const struct {
    const char* name;
    int value;
  } dims[] = {{"m", m}, {"n", n}, {"k", k}};
  for (const auto& d : dims) {
    if (d.value < 1 || d.value > kGemmMaxDim) {
      return Status::Error(StatusCode::kInvalidArgument, "error.out_of_range",
                           std::string(d.name) + " = " + std::to_string(d.value) +
                               " is outside 1.." + std::to_string(kGemmMaxDim),
                           {{"field", d.name},
                            {"value", std::to_string(d.value)},
                            {"min", "1"},
                            {"max", std::to_string(kGemmMaxDim)}});
    }
  }
  if (!std::isfinite(alpha) || !std::isfinite(beta)) {
    return Status::Error(StatusCode::kInvalidArgument, "error.not_finite",
                         "alpha and beta must be finite numbers",
                         {{"field", std::isfinite(alpha) ? "beta" : "alpha"}});
  }
  const auto mk = static_cast<std::size_t>(m) * k;
  const auto kn = static_cast<std::size_t>(k) * n;
  const auto mn = static_cast<std::size_t>(m) * n;
  if (a_len != mk) return size_error("A", a_len, mk);
  if (b_len != kn) return size_error("B", b_len, kn);
  if (c_len != mn) return size_error("C", c_len, mn);
  return Status::Ok();
}

Status gemm_checked(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a,
                    std::size_t a_len, const float* b, std::size_t b_len, float beta, float* c,
                    std::size_t c_len) {
  Status s = gemm_validate(m, n, k, alpha, beta, a_len, b_len, c_len);
  if (s.ok()) gemm(gemm_args(trans_a, trans_b, m, n, k, alpha, a, b, beta, c));
  return s;
}

}  // namespace prayog::kernels
