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

namespace prayog::labs {

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
