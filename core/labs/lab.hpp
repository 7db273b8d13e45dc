// A lab: one or more models (the arms it compares) trained in lockstep, plus read-only views of
// what the page draws. The CLI (`prayog train`) and the wasm bindings drive every lab through this
// interface; lab-specific views (attention matrices, feature maps, ...) are extra methods of the
// concrete class.
//
// Contract:
//  - create(values) is only called with values that passed schema::validate (ranges, cross-field
//    rules, memory budget), so constructors allocate without further checks;
//  - step(n) trains n steps of every arm; if a loss or gradient becomes NaN/Inf it stops, restores
//    the weights of the last good step, and returns StatusCode::kDiverged ("error.diverged");
//  - reset(seed) rebuilds data and weights from the seed: same values + seed -> bit-identical data
//    and initial weights natively and in wasm;
//  - metrics() are the CSV columns of `prayog train` after "step" (the first is "loss").
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/status.hpp"
#include "nn/params.hpp"
#include "schema/schema.hpp"

namespace prayog::labs {

class Lab {
 public:
  virtual ~Lab() = default;

  virtual void reset(std::uint64_t seed) = 0;
  virtual Status step(int n) = 0;
  virtual long steps_done() const = 0;

  // Column names after "step" (e.g. {"loss", "accuracy", "entropy", "grad_norm"}) and the current
  // values, for the primary arm (CLI) — arms are exposed by the concrete class.
  virtual std::vector<std::string> metric_names() const = 0;
  virtual std::vector<double> metrics() = 0;

  // The step budget the page uses when nothing else is asked (`prayog train` without --steps),
  // and how often the CLI writes a row.
  virtual long default_steps() const = 0;
  virtual int log_every() const { return 10; }

  // The arms (models trained in lockstep), primary first: names for the page's legends and
  // data-arm hooks, and each arm's parameters (the page's JSON weights export).
  virtual int arm_count() const { return 1; }
  virtual std::string arm_label(int arm) const = 0;
  virtual const nn::Params<float>& arm_params(int arm) const = 0;

  // metrics() for any arm (same names as metric_names()): the page's per-arm metrics strip and
  // curves. The default knows only the primary arm.
  virtual std::vector<double> arm_metric_values(int arm) {
    if (arm == 0) return metrics();
    return std::vector<double>(metric_names().size(), std::numeric_limits<double>::quiet_NaN());
  }

  // The page's "halve the learning rate and resume": every arm's optimizer from the next step on
  // (weights and optimizer moments untouched). lr > 0 and finite (the caller checks).
  virtual void set_learning_rate(double lr) = 0;

  // The last step's training loss and gradient norm of an arm: cheap (no held-out pass), so the
  // page can plot every snapshot while held-out metrics refresh a few times a second. NaN before
  // the first step or when a lab does not track it.
  virtual double train_loss(int arm) const {
    (void)arm;
    return std::numeric_limits<double>::quiet_NaN();
  }
  virtual double train_grad_norm(int arm) const {
    (void)arm;
    return std::numeric_limits<double>::quiet_NaN();
  }
};

}  // namespace prayog::labs
