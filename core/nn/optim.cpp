#include "nn/optim.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace prayog::nn {

Status validate(const OptimConfig& c) {
  // Ranges: [lo, hi] with open ends where the value must differ from the bound.
  struct Rule {
    const char* field;
    double value, lo, hi;
    bool lo_open, hi_open;
  };
  const Rule rules[] = {
      {"lr", c.lr, 0.0, 1e6, true, false},
      {"momentum", c.momentum, 0.0, 1.0, false, true},
      {"beta1", c.beta1, 0.0, 1.0, false, true},
      {"beta2", c.beta2, 0.0, 1.0, false, true},
      {"eps", c.eps, 0.0, 1.0, true, false},
      {"weight_decay", c.weight_decay, 0.0, 1e6, false, false},
      {"clip_norm", c.clip_norm, 0.0, 1e6, false, false},
  };
  for (const Rule& r : rules) {
    if (!std::isfinite(r.value)) {
      return Status::Error(StatusCode::kInvalidArgument, "error.not_finite",
                           std::string(r.field) + " must be a finite number", {{"field", r.field}});
    }
    const bool below = r.lo_open ? r.value <= r.lo : r.value < r.lo;
    const bool above = r.hi_open ? r.value >= r.hi : r.value > r.hi;
    if (below || above) {
      char lo[32], hi[32], v[32];
      std::snprintf(lo, sizeof lo, "%g", r.lo);
      std::snprintf(hi, sizeof hi, "%g", r.hi);
      std::snprintf(v, sizeof v, "%g", r.value);
      return Status::Error(StatusCode::kInvalidArgument, "error.out_of_range",
                           std::string(r.field) + " = " + v + " is outside " + lo + ".." + hi,
                           {{"field", r.field}, {"value", v}, {"min", lo}, {"max", hi}});
    }
  }
  return Status::Ok();
}

template <typename T>
Optimizer<T>::Optimizer(const OptimConfig& config, const Params<T>& params)
    : config_(config), frozen_(static_cast<std::size_t>(params.groups()), 0) {
  if (config_.kind != OptimizerKind::kSgd) m_.assign(params.buffer_size(), T(0));
  if (config_.kind == OptimizerKind::kAdam) v_.assign(params.buffer_size(), T(0));
}

template <typename T>
void Optimizer<T>::set_frozen(int group, bool frozen) {
  if (group >= static_cast<int>(frozen_.size()))
    frozen_.resize(static_cast<std::size_t>(group) + 1, 0);
  frozen_[static_cast<std::size_t>(group)] = frozen ? 1 : 0;
}

template <typename T>
bool Optimizer<T>::frozen(int group) const {
  return group < static_cast<int>(frozen_.size()) && frozen_[static_cast<std::size_t>(group)];
}

template <typename T>
void Optimizer<T>::reset_state() {
  for (T& x : m_) x = T(0);
  for (T& x : v_) x = T(0);
  steps_ = 0;
  beta1_t_ = beta2_t_ = 1.0;
}

template <typename T>
double Optimizer<T>::step(Params<T>& params) {
  T* w = params.values();
  T* g = params.grads();
  const T wd = static_cast<T>(config_.weight_decay);

  // L2 first, so clipping and the norm see the gradient that is applied.
  double sq = 0.0;
  for (int id = 0; id < params.count(); ++id) {
    const ParamInfo& p = params.info(id);
    if (frozen(p.group)) continue;
    if (p.decay && wd != T(0)) {
      for (std::size_t i = p.offset; i < p.offset + p.size; ++i) g[i] += wd * w[i];
    }
    sq += sum_squares(g + p.offset, p.size);
  }
  return update(params, sq);
}

template <typename T>
double Optimizer<T>::step(Params<T>& params, const std::vector<double>& group_sq) {
  if (config_.weight_decay != 0.0 || static_cast<int>(group_sq.size()) < params.groups())
    return step(params);
  double sq = 0.0;
  for (int grp = 0; grp < params.groups(); ++grp)
    if (!frozen(grp)) sq += group_sq[static_cast<std::size_t>(grp)];
  return update(params, sq);
}

template <typename T>
double Optimizer<T>::update(Params<T>& params, double sq) {
  T* w = params.values();
  T* g = params.grads();
  const double norm = std::sqrt(sq);
  T clip = T(1);
  if (config_.clip_norm > 0.0 && norm > config_.clip_norm)
    clip = static_cast<T>(config_.clip_norm / norm);

  ++steps_;
  beta1_t_ *= config_.beta1;
  beta2_t_ *= config_.beta2;
  const T lr = static_cast<T>(config_.lr);
  const T mu = static_cast<T>(config_.momentum);
  const T b1 = static_cast<T>(config_.beta1), b2 = static_cast<T>(config_.beta2);
  // Adam's bias corrections folded into the step size and epsilon (Kingma & Ba, section 2).
  const T lr_t = static_cast<T>(config_.lr * std::sqrt(1.0 - beta2_t_) / (1.0 - beta1_t_));
  const T eps_t = static_cast<T>(config_.eps * std::sqrt(1.0 - beta2_t_));

  // One loop per kind (the choice hoisted out of the element loop, so each one vectorises).
  T* m = m_.data();
  T* v = v_.data();
  for (int id = 0; id < params.count(); ++id) {
    const ParamInfo& p = params.info(id);
    if (frozen(p.group)) continue;
    const std::size_t begin = p.offset, end = p.offset + p.size;
    switch (config_.kind) {
      case OptimizerKind::kSgd:
        for (std::size_t i = begin; i < end; ++i) w[i] -= lr * (g[i] * clip);
        break;
      case OptimizerKind::kMomentum:
        for (std::size_t i = begin; i < end; ++i) {
          m[i] = mu * m[i] + g[i] * clip;
          w[i] -= lr * m[i];
        }
        break;
      case OptimizerKind::kAdam:
        for (std::size_t i = begin; i < end; ++i) {
          const T gi = g[i] * clip;
          m[i] = b1 * m[i] + (T(1) - b1) * gi;
          v[i] = b2 * v[i] + (T(1) - b2) * gi * gi;
          w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + eps_t);
        }
        break;
    }
  }
  return norm;
}

template class Optimizer<float>;
template class Optimizer<double>;

}  // namespace prayog::nn
