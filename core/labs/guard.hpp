// When a run has diverged, and where it goes back to (shared by every lab).
//
// Diverged: a loss or gradient is NaN/Inf, or the loss exceeds kBlowUp x the first step's loss
// (at least 1). Going back one step is not enough: the step before a NaN has usually wrecked the
// weights already (measured: the attention lab with momentum at lr 1 goes 0.03 -> 37 -> 2.5e3 ->
// 5.6e8 -> 7e25 -> NaN in five steps, and from the last finite step every learning rate diverges
// again). So the lab keeps a checkpoint — every arm's weights, saved every kEvery steps while the
// loss is no worse than at the start — and a divergence restores it and rewinds the step count:
// the page's "halve the learning rate and resume" then really resumes.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "base/status.hpp"
#include "nn/params.hpp"

namespace prayog::labs {

// Where a diverged step went wrong, for error.diverged's {layer} placeholder: the name of the
// first weight tensor holding a NaN/Inf (the forward pass meets it first, and every gradient
// after it is poisoned, so it is named before any gradient), else the tensor whose gradient
// backprop made non-finite first, else "loss": the loss itself blew up or became NaN/Inf with
// every weight and gradient finite (backward does not run on such a loss).
template <typename T>
std::string divergence_site(const nn::Params<T>& p) {
  int id = p.first_nonfinite_value();
  if (id < 0) id = p.first_nonfinite_grad();
  return id < 0 ? std::string("loss") : p.info(id).name;
}

// error.diverged: step `failed` diverged at `layer` (divergence_site), the lab is back at step
// `good`, its last checkpoint.
inline Status diverged_status(long failed, long good, const std::string& layer) {
  const std::string where = layer == "loss" ? "in the loss" : "first in " + layer;
  return Status::Error(
      StatusCode::kDiverged, "error.diverged",
      "the loss blew up or became NaN/Inf at step " + std::to_string(failed) + " (" + where +
          "): the weights of step " + std::to_string(good) + " (the last checkpoint) are restored",
      {{"step", std::to_string(failed)}, {"good", std::to_string(good)}, {"layer", layer}});
}

class DivergenceGuard {
 public:
  static constexpr double kBlowUp = 10.0;
  static constexpr long kEvery = 10;

  // A new run (reset): the next finite loss becomes the reference.
  void restart() { first_ = -1.0; }

  bool diverged(double loss) const {
    if (!std::isfinite(loss)) return true;
    return first_ >= 0.0 && loss > kBlowUp * std::max(first_, 1.0);
  }

  // After a good step (`steps_done` counts it): true when the caller should save a checkpoint.
  bool checkpoint_due(long steps_done, double loss) {
    if (first_ < 0.0) first_ = loss;
    return steps_done % kEvery == 0 && loss <= first_;
  }

 private:
  double first_ = -1.0;
};

}  // namespace prayog::labs
