// Optimizers over a whole Params buffer: SGD, SGD with momentum, Adam; L2 weight decay (coupled:
// added to the gradient of tensors marked decay), gradient clipping by global norm, and frozen
// groups (greedy layer-wise pretraining freezes trained layers: their values stay bit-identical
// while their gradients may still be computed for display).
#pragma once

#include <vector>

#include "base/status.hpp"
#include "nn/params.hpp"

namespace prayog::nn {

enum class OptimizerKind { kSgd, kMomentum, kAdam };

struct OptimConfig {
  OptimizerKind kind = OptimizerKind::kAdam;
  double lr = 1e-3;
  double momentum = 0.9;      // kMomentum
  double beta1 = 0.9;         // kAdam
  double beta2 = 0.999;       // kAdam
  double eps = 1e-8;          // kAdam
  double weight_decay = 0.0;  // L2 coefficient: g += weight_decay * w for decay tensors
  double clip_norm = 0.0;     // > 0: rescale gradients whose global norm exceeds it
};

// Range checks with message keys (the schema layer reuses them for page and CLI errors).
Status validate(const OptimConfig& c);

template <typename T>
class Optimizer {
 public:
  Optimizer(const OptimConfig& config, const Params<T>& params);

  // One update of every tensor outside a frozen group. Returns the global gradient norm over the
  // updated tensors before clipping (what the page plots as "gradient norm").
  double step(Params<T>& params);
  // The same, given each group's sum of squared gradients (group_sq[g], e.g. from the per-layer
  // norms a lab already computed): skips one pass over the gradients. Only without weight decay
  // (L2 changes the gradient first); with it, falls back to step(params).
  double step(Params<T>& params, const std::vector<double>& group_sq);

  void set_frozen(int group, bool frozen);
  bool frozen(int group) const;
  void set_lr(double lr) { config_.lr = lr; }
  const OptimConfig& config() const { return config_; }
  long steps() const { return steps_; }
  // Forget moments and step count (a new training stage).
  void reset_state();

 private:
  // The update itself, given the squared global norm of the (decayed) gradients.
  double update(Params<T>& params, double sq);
  OptimConfig config_;
  std::vector<T> m_, v_;  // momentum / Adam moments, same layout as the Params buffer
  std::vector<char> frozen_;
  long steps_ = 0;
  double beta1_t_ = 1.0, beta2_t_ = 1.0;  // beta^t by repeated products: no libm pow
};

extern template class Optimizer<float>;
extern template class Optimizer<double>;

}  // namespace prayog::nn
