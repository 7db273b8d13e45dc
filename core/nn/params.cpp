#include "nn/params.hpp"

#include <cmath>

namespace prayog::nn {

namespace {
constexpr std::size_t kAlign = 16;
std::size_t round_up(std::size_t n) {
  return (n + kAlign - 1) / kAlign * kAlign;
}
}  // namespace

template <typename T>
int Params<T>::add(std::string name, std::vector<int> shape, int group, bool decay) {
  ParamInfo p;
  p.name = std::move(name);
  p.shape = std::move(shape);
  p.size = 1;
  for (int d : p.shape) p.size *= static_cast<std::size_t>(d);
  p.group = group;
  p.decay = decay;
  p.offset = infos_.empty() ? 0 : round_up(infos_.back().offset + infos_.back().size);
  if (group + 1 > groups_) groups_ = group + 1;
  infos_.push_back(std::move(p));
  return static_cast<int>(infos_.size()) - 1;
}

template <typename T>
void Params<T>::finalize() {
  const std::size_t total =
      infos_.empty() ? 0 : round_up(infos_.back().offset + infos_.back().size);
  values_.assign(total, T(0));
  grads_.assign(total, T(0));
  finalized_ = true;
}

template <typename T>
int Params<T>::find(const std::string& name) const {
  for (std::size_t i = 0; i < infos_.size(); ++i)
    if (infos_[i].name == name) return static_cast<int>(i);
  return -1;
}

template <typename T>
std::size_t Params<T>::parameter_count() const {
  std::size_t n = 0;
  for (const auto& p : infos_) n += p.size;
  return n;
}

template <typename T>
void Params<T>::zero_grads() {
  for (T& g : grads_) g = T(0);
}

template <typename T>
double Params<T>::grad_norm(int group) const {
  double s = 0.0;
  for (const auto& p : infos_) {
    if (p.group == group) s += sum_squares(grads_.data() + p.offset, p.size);
  }
  return std::sqrt(s);
}

template <typename T>
double Params<T>::grad_norm() const {
  return std::sqrt(sum_squares(grads_.data(), grads_.size()));
}

template <typename T>
bool Params<T>::grads_finite() const {
  // g·0 is 0 for a finite g and NaN for Inf or NaN; four partial sums keep the loop pipelined.
  T s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const T* g = grads_.data();
  const std::size_t n = grads_.size();
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += g[i] * T(0);
    s1 += g[i + 1] * T(0);
    s2 += g[i + 2] * T(0);
    s3 += g[i + 3] * T(0);
  }
  for (; i < n; ++i) s0 += g[i] * T(0);
  return (s0 + s1 + s2 + s3) == T(0);
}

namespace {
template <typename T>
bool finite_range(const T* v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(v[i])) return false;
  return true;
}
}  // namespace

template <typename T>
int Params<T>::first_nonfinite_value() const {
  for (std::size_t i = 0; i < infos_.size(); ++i)
    if (!finite_range(values_.data() + infos_[i].offset, infos_[i].size))
      return static_cast<int>(i);
  return -1;
}

template <typename T>
int Params<T>::first_nonfinite_grad() const {
  for (std::size_t i = infos_.size(); i-- > 0;)
    if (!finite_range(grads_.data() + infos_[i].offset, infos_[i].size)) return static_cast<int>(i);
  return -1;
}

template <typename T>
void Params<T>::init_normal(int id, Rng& rng, double stddev) {
  T* v = value(id);
  for (std::size_t i = 0; i < info(id).size; ++i) v[i] = static_cast<T>(stddev * rng.normal());
}

template <typename T>
void Params<T>::init_uniform(int id, Rng& rng, double limit) {
  T* v = value(id);
  for (std::size_t i = 0; i < info(id).size; ++i)
    v[i] = static_cast<T>(limit * (2.0 * rng.uniform() - 1.0));
}

template <typename T>
void Params<T>::init_constant(int id, T value_) {
  T* v = value(id);
  for (std::size_t i = 0; i < info(id).size; ++i) v[i] = value_;
}

std::size_t params_bytes(const std::vector<std::size_t>& sizes) {
  std::size_t total = 0;
  for (std::size_t s : sizes) total = round_up(total + s);
  return 2 * total * sizeof(float);  // values + gradients
}

template class Params<float>;
template class Params<double>;

}  // namespace prayog::nn
