// Guided experiments (issue 13): per lab a short tour of steps, each of which opens the lab with a
// few settings over the schema's defaults (and a seed), trains `steps` steps, and checks one claim
// of the seed tutorial on the live numbers, computed here from the lab's own views and demos (no
// number of a claim is hard-coded: the thresholds are the claims' words, e.g. "at least 30%").
//
// The page's protocol, per step: open a fresh lab (schema defaults + settings + seed), before =
// measure(step), train `steps` steps (in chunks, drawing), after = measure(step), then
// judge(lab, step, before, after) -> {shown, numbers}: shown when the claim held on this run, and
// the numbers its sentence quotes ("entropy 2.1 -> 0.3"). Not shown is an honest outcome (a seed
// on which the effect is weak): the page says so and offers another seed.
//
// Every number measure() returns is finite (a value that does not exist yet, e.g. the
// reconstruction error of a pretraining stage that has not begun, is -1), so the page can hand
// before/after back to judge() through JSON. Names are [a-z0-9_]+, in a fixed order per step.
//
// Cost: measure() reads views and cached evaluations; where it must run something it is small
// (one forward + backward per d_model for sqrt_d, forwards of a few held-out examples). Two steps
// are demos in their own right: `cost` times the n² sweep (the fastest of several sweeps), and
// pretrain `stages` replays the greedy arm's pretraining on a private copy to prove the frozen
// layers bit-identical (see tours.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/status.hpp"
#include "labs/lab.hpp"
#include "schema/schema.hpp"

namespace prayog::labs::tours {

struct TourStep {
  std::string id;                                             // e.g. "sqrt_d"
  std::vector<std::pair<std::string, std::string>> settings;  // schema key -> URL text
  long steps = 0;  // training steps this step runs from a fresh lab (0: none)
};

// The labs that have a tour, in the page's order: "attention", "conv1x1", "pretrain".
const std::vector<std::string>& tour_labs();
// The tour of a lab, in order; empty for an unknown lab.
const std::vector<TourStep>& tour(const std::string& lab);
// The step `step` of `lab`'s tour, or null.
const TourStep* find_step(const std::string& lab, const std::string& step);

// The values a step opens its lab with: the schema's defaults, the step's settings, the seed;
// validated (so make_lab accepts them). error.unknown_lab / error.unknown_step, or the schema's
// status.
Status step_values(const std::string& lab, const std::string& step, std::uint64_t seed,
                   schema::Values& out);

using Numbers = std::vector<std::pair<std::string, double>>;  // ordered, names [a-z0-9_]+

// The value of `name` in `numbers`; NaN when absent.
double number(const Numbers& numbers, const std::string& name);

// The step's numbers of `lab` as it is now (lab_name = "attention" | "conv1x1" | "pretrain").
// `values`: the config the lab and its views were built from (the conv1x1 explorer's tensor and
// cost comparison live beside the training lab, built from the same values); null: the step's
// own values (step_values with the lab's seed). Errors: error.unknown_lab, error.unknown_step,
// error.not_ready (the lab is not of the kind the step measures, e.g. `images` on a sequence lab).
Status measure(Lab& lab, const std::string& lab_name, const std::string& step, Numbers& out,
               const schema::Values* values = nullptr);

struct Verdict {
  bool shown = false;
  Numbers numbers;  // what the sentence shows (e.g. entropy_before, entropy_after)
};

// Whether the claim of `step` held, from measure()'s numbers before and after the step's
// training. Missing or non-finite numbers, an unknown lab or step: not shown, no numbers.
Verdict judge(const std::string& lab_name, const std::string& step, const Numbers& before,
              const Numbers& after);

}  // namespace prayog::labs::tours
