#include "labs/tours.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "base/rng.hpp"
#include "labs/attention_images.hpp"
#include "labs/attention_lab.hpp"
#include "labs/conv1x1_lab.hpp"
#include "labs/pretrain_lab.hpp"

namespace prayog::labs::tours {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// What measure() reports for a number that does not exist yet (every number must be finite).
constexpr double kNotYet = -1.0;

// ---------------------------------------------------------------------------------------------
// The tours. Each step starts from a fresh lab; `steps` is its whole training budget. Budgets were
// chosen from the measured curves (seeds 1-3) and the page's step times (wasm, in the browser:
// attention ~0.55 ms per arm, image attention ~60 ms, the 1x1 lab's four arms ~8-10 ms, pretrain's
// two arms ~1 ms); native times are printed by tests/learn/test_learn_tours.cpp.
//
// attention
//   softmax_sum   the defaults, 50 steps (any row of any softmax sums to 1).
//   sqrt_d        d_model 64, one head (dk 64), no training: the scaling demo at init.
//   hard_vs_soft  both arms reach >= 99% held-out token accuracy by ~120 steps; 300 to compare.
//   multi_head    four heads of dk 2 (d_model 8): too narrow for one head to carry a token, they
//                 split the reversal (a head takes some of the rows, another a different pattern)
//                 and their maps move apart (0.39 -> 0.54, seed 1); 95-100% accuracy at 600 steps.
//                 At the default d_model 32 every head learns the same anti-diagonal and the
//                 distance falls (0.43 -> 0.32, seed 1): the claim does not show there.
//   images        250 steps (the ceiling: ~15 s in the browser at ~60 ms/step; node runs the same
//                 module at 17-21 ms/step): seed 1 concentrates only between step 200 (object
//                 share 0.27) and 250 (0.96); seeds 2, 3 reach 0.55 / 0.92 by step 200.
//   cost          no training: the n² sweep itself.
// conv1x1
//   example, pixel, bottleneck: no training (the explorer and the cost arithmetic).
//   spatial_limit the plain arm is >= 96% from step ~180 (seeds 1-3); 240 steps.
// pretrain
//   stages        100 updates per stage (not 500): every stage still lowers its error by >= 75%,
//                 and the frozen-layer replay (see frozen_ok) stays short.
//   greedy_vs_random, relu_he  the default budget, (D + 3) x 500 = 3500 updates per arm, from a
//                 fresh lab (each tour step opens its own).
//   vanishing     one step: the random arm's first gradient.

const std::vector<TourStep>& attention_tour() {
  static const std::vector<TourStep> steps = {
      {"softmax_sum", {}, 50},
      {"sqrt_d", {{"d_model", "64"}, {"heads", "1"}}, 0},
      {"hard_vs_soft", {{"attention", "hard"}, {"task", "reverse"}}, 300},
      {"multi_head", {{"heads", "4"}, {"d_model", "8"}}, 600},
      {"images", {{"mode", "images"}}, 250},
      {"cost", {}, 0},
  };
  return steps;
}

const std::vector<TourStep>& conv1x1_tour() {
  static const std::vector<TourStep> steps = {
      {"example", {}, 0},
      {"pixel", {}, 0},
      {"bottleneck",
       {{"h", "28"}, {"w", "28"}, {"cin", "192"}, {"cout", "32"}, {"k", "5"}, {"bottleneck", "16"}},
       0},
      {"spatial_limit", {{"task", "spatial"}}, 240},
  };
  return steps;
}

const std::vector<TourStep>& pretrain_tour() {
  static const std::vector<TourStep> steps = {
      {"stages", {{"steps_per_stage", "100"}}, 400},
      {"greedy_vs_random", {}, 3500},
      {"vanishing", {}, 1},
      {"relu_he", {{"activation", "relu"}, {"init", "he"}}, 3500},
  };
  return steps;
}

Status unknown_lab(const std::string& lab) {
  return Status::Error(StatusCode::kUnknownKey, "error.unknown_lab",
                       "no tour for lab '" + lab + "'", {{"lab", lab}});
}
Status unknown_step(const std::string& lab, const std::string& step) {
  return Status::Error(StatusCode::kUnknownKey, "error.unknown_step",
                       "the " + lab + " tour has no step '" + step + "'",
                       {{"lab", lab}, {"step", step}});
}
Status not_ready(const std::string& lab, const std::string& step, const std::string& why) {
  return Status::Error(StatusCode::kInvalidArgument, "error.not_ready",
                       "step '" + step + "' cannot be measured on this " + lab + " lab: " + why,
                       {{"lab", lab}, {"step", step}});
}

// ---------------------------------------------------------------------------------------------
// Helpers

double row_entropy(const float* row, int n) {
  double h = 0.0;
  for (int j = 0; j < n; ++j) {
    const double p = row[j];
    if (p > 0.0) h -= p * det_log(p);
  }
  return h;
}

// Least-squares slope of log(y) against log(x): the exponent of y ∝ x^e.
double fitted_exponent(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 2) return kNaN;
  double mx = 0.0, my = 0.0;
  std::vector<double> lx(n), ly(n);
  for (std::size_t i = 0; i < n; ++i) {
    lx[i] = det_log(x[i]);
    ly[i] = det_log(y[i]);
    mx += lx[i];
    my += ly[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0.0, sxx = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) * (lx[i] - mx);
  }
  return sxx > 0.0 ? sxy / sxx : kNaN;
}

// ---------------------------------------------------------------------------------------------
// attention

int soft_arm(AttentionLab& lab) {
  for (int a = 0; a < lab.arm_count(); ++a)
    if (!lab.arm_is_hard(a)) return a;
  return 0;
}

// How many held-out examples the multi-head distance averages over (one forward of one sequence
// each: cheap), starting at example 0.
constexpr int kDistanceExamples = 32;

// Mean over head pairs, query rows and examples of the total-variation distance between two
// heads' attention rows, ½ Σ_j |A_h[i, j] − A_g[i, j]|: 0 for identical maps, 1 for disjoint.
double head_distance(AttentionLab& lab, int arm) {
  const int heads = lab.config().heads, t = lab.config().length;
  if (heads < 2) return 0.0;
  const int keep = lab.example();
  const int count = std::min(kDistanceExamples, lab.heldout_count());
  double sum = 0.0;
  long long terms = 0;
  for (int e = 0; e < count; ++e) {
    lab.set_example(e);
    for (int l = 0; l < lab.config().layers; ++l) {
      std::vector<std::vector<float>> maps;
      for (int h = 0; h < heads; ++h) {
        const MatrixView m = lab.view_attention(arm, l, h);
        maps.emplace_back(m.data, m.data + m.size());
      }
      for (int h = 0; h < heads; ++h)
        for (int g = h + 1; g < heads; ++g)
          for (int i = 0; i < t; ++i) {
            double tv = 0.0;
            for (int j = 0; j < t; ++j)
              tv += std::fabs(static_cast<double>(maps[static_cast<std::size_t>(h)][i * t + j]) -
                              maps[static_cast<std::size_t>(g)][i * t + j]);
            sum += 0.5 * tv;
            ++terms;
          }
    }
  }
  lab.set_example(keep);
  return terms > 0 ? sum / static_cast<double>(terms) : 0.0;
}

// The cost sweep: lengths; how many sweeps (each one warm-up + one timed run per length) the time
// takes the fastest of (the least disturbed run: on a loaded machine a run is slowed, never sped
// up); the batch; and from which length on the time exponent is fitted (below it the T·D²
// projections and per-call overheads dominate). Batch 2, not the page's demo's 8: at 8 the
// (B, H, T, T) blocks of T = 256 are 4 MB each, and the run (13-25 ms natively) becomes memory-
// and preemption-bound on a busy 2-core machine (measured: exponents up to 2.9 while a compiler
// ran, 122 ms at T = 256); at 2 it takes ~3 ms and fits the caches. Measured natively, quiet: fit
// from 32 gives 1.74-1.80 at either batch, from 64 1.94-2.05.
const std::vector<int>& cost_lengths() {
  static const std::vector<int> lengths = {8, 16, 32, 64, 128, 256};
  return lengths;
}
constexpr int kCostSweeps = 7;
constexpr int kCostBatch = 2;
constexpr int kCostFitFrom = 32;

Status measure_attention(Lab& base, const std::string& step, Numbers& out) {
  if (step == "images") {
    auto* lab = dynamic_cast<AttentionImagesLab*>(&base);
    if (!lab) return not_ready("attention", step, "it is not in images mode");
    const ImageEval& e = lab->evaluate();
    const int obj = static_cast<int>(data::Region::kObject),
              bg = static_cast<int>(data::Region::kBackground),
              dis = static_cast<int>(data::Region::kDistractor);
    out = {{"object_share", e.object_attention},
           {"object_area", e.regions.cells[obj] / static_cast<double>(lab->cells())},
           {"object_per_cell", e.regions.per_cell[obj]},
           {"background_per_cell", e.regions.per_cell[bg]},
           {"distractor_per_cell", e.regions.per_cell[dis]},
           {"accuracy", e.accuracy}};
    return Status::Ok();
  }
  auto* lab = dynamic_cast<AttentionLab*>(&base);
  if (!lab) return not_ready("attention", step, "it is not in sequence mode");
  const int t = lab->config().length;
  if (step == "softmax_sum") {
    const MatrixView m = lab->view_attention(soft_arm(*lab), 0, 0);
    if (!m.data || m.cols < 1) return not_ready("attention", step, "no attention view");
    double sum = 0.0, hi = -1.0, lo = 2.0;
    for (int j = 0; j < m.cols; ++j) {
      const double w = m.data[j];
      sum += w;
      hi = std::max(hi, w);
      lo = std::min(lo, w);
    }
    out = {{"row_sum", sum}, {"max_weight", hi}, {"min_weight", lo}};
    return Status::Ok();
  }
  if (step == "sqrt_d") {
    const std::vector<ScalingPoint> points = attention_scaling_demo(lab->config());
    if (points.empty()) return not_ready("attention", step, "the scaling demo has no point");
    // The lab's own d_model (the sweep is 8 .. 128); another d_model: the sweep's largest.
    ScalingPoint p = points.back();
    for (const ScalingPoint& q : points)
      if (q.d_model == lab->config().d_model) p = q;
    out = {{"d_model", p.d_model},
           {"head_dim", p.head_dim},
           {"entropy_scaled", p.entropy_scaled},
           {"entropy_unscaled", p.entropy_unscaled},
           {"score_grad_scaled", p.score_grad_norm_scaled},
           {"score_grad_unscaled", p.score_grad_norm_unscaled},
           {"qk_grad_scaled", p.qk_grad_norm_scaled},
           {"qk_grad_unscaled", p.qk_grad_norm_unscaled},
           {"max_entropy", p.max_entropy}};
    return Status::Ok();
  }
  if (step == "hard_vs_soft") {
    int hard = -1, soft = -1;
    for (int a = 0; a < lab->arm_count(); ++a) (lab->arm_is_hard(a) ? hard : soft) = a;
    if (hard < 0 || soft < 0) return not_ready("attention", step, "it has no hard arm");
    // The hard arm's attention is its sampled one-hot picks (what multiplies V): entropy of the
    // chosen example's pick rows, every layer and head; the soft arm's: the held-out mean.
    double picks_entropy = 0.0;
    int rows = 0;
    for (int l = 0; l < lab->config().layers; ++l)
      for (int h = 0; h < lab->config().heads; ++h) {
        const MatrixView m = lab->view_picks(hard, l, h);
        for (int i = 0; i < m.rows; ++i, ++rows) picks_entropy += row_entropy(m.data + i * t, t);
      }
    const ArmMetrics ms = lab->arm_metrics(soft), mh = lab->arm_metrics(hard);
    out = {{"soft_accuracy", ms.accuracy},
           {"hard_accuracy", mh.accuracy},
           {"soft_entropy", ms.entropy},
           {"hard_entropy", rows > 0 ? picks_entropy / rows : kNotYet},
           {"chance", 1.0 / data::kSeqSymbols}};
    return Status::Ok();
  }
  if (step == "multi_head") {
    out = {{"head_distance", head_distance(*lab, soft_arm(*lab))},
           {"heads", lab->config().heads},
           {"accuracy", lab->arm_metrics(soft_arm(*lab)).accuracy}};
    return Status::Ok();
  }
  if (step == "cost") {
    const std::vector<int>& lengths = cost_lengths();
    std::vector<std::vector<double>> ms(lengths.size());
    std::vector<CostPoint> last;
    for (int s = 0; s < kCostSweeps; ++s) {
      last = attention_cost_demo(lab->config(), lengths, kCostBatch, 1);
      for (std::size_t i = 0; i < last.size() && i < lengths.size(); ++i)
        ms[i].push_back(last[i].ms);
    }
    std::vector<double> fit_t, fit_ms, all_t, all_ms, all_bytes;
    double spread_lo = 0.0, spread_hi = 0.0;
    for (std::size_t i = 0; i < last.size(); ++i) {
      const CostPoint& p = last[i];
      if (p.ms < 0.0) continue;  // skipped (over the memory budget)
      const double tt = static_cast<double>(p.length),
                   m = *std::min_element(ms[i].begin(), ms[i].end());
      if (p.length >= kCostFitFrom) {
        fit_t.push_back(tt);
        fit_ms.push_back(m);
      }
      all_t.push_back(tt);
      all_ms.push_back(m);
      all_bytes.push_back(static_cast<double>(p.attention_bytes));
      const double per = static_cast<double>(p.attention_bytes) / (tt * tt);
      spread_lo = all_t.size() == 1 ? per : std::min(spread_lo, per);
      spread_hi = all_t.size() == 1 ? per : std::max(spread_hi, per);
    }
    if (fit_t.size() < 2) return not_ready("attention", step, "too few lengths were timed");
    out = {{"exponent_time", fitted_exponent(fit_t, fit_ms)},
           {"exponent_bytes", fitted_exponent(all_t, all_bytes)},
           // (max − min) / max of attention bytes / T² over the sweep: 0 when exactly ∝ T²
           {"bytes_t2_spread", spread_hi > 0.0 ? (spread_hi - spread_lo) / spread_hi : 1.0},
           {"t_small", all_t.front()},
           {"t_large", all_t.back()},
           {"ms_small", all_ms.front()},
           {"ms_large", all_ms.back()},
           {"batch", kCostBatch},
           {"bytes_small", all_bytes.front()},
           {"bytes_large", all_bytes.back()}};
    return Status::Ok();
  }
  return unknown_step("attention", step);
}

// ---------------------------------------------------------------------------------------------
// conv1x1

Status measure_conv1x1(Lab& base, const std::string& step, Numbers& out,
                       const schema::Values* given) {
  auto* lab = dynamic_cast<Conv1x1Lab*>(&base);
  if (!lab) return not_ready("conv1x1", step, "it is not a 1x1 convolution lab");
  if (step == "spatial_limit") {
    int plain = -1, pointwise = -1;
    for (int a = 0; a < lab->arm_count(); ++a) {
      if (lab->arm_variant(a) == Conv1x1Variant::kPlain) plain = a;
      if (lab->arm_variant(a) == Conv1x1Variant::kPointwise) pointwise = a;
    }
    if (plain < 0 || pointwise < 0)
      return not_ready("conv1x1", step, "it lacks the plain or the pointwise_only arm");
    out = {{"plain_accuracy", lab->arm_metrics(plain).accuracy},
           {"pointwise_accuracy", lab->arm_metrics(pointwise).accuracy},
           {"chance", 0.25}};
    return Status::Ok();
  }
  if (step != "example" && step != "pixel" && step != "bottleneck")
    return unknown_step("conv1x1", step);
  // The explorer and the cost comparison: built from the values the page's views use.
  schema::Values own;
  if (!given) {
    const Status s = step_values("conv1x1", step, lab->options().seed, own);
    if (!s.ok()) return s;
    given = &own;
  }
  const schema::Values& values = *given;
  const Conv1x1Costs costs = conv1x1_costs(values);
  if (step == "bottleneck") {
    out = {{"plain_macs", static_cast<double>(costs.plain.macs)},
           {"bottleneck_macs", static_cast<double>(costs.bottleneck.macs)},
           {"ratio", costs.bottleneck.macs > 0 ? static_cast<double>(costs.plain.macs) /
                                                     static_cast<double>(costs.bottleneck.macs)
                                               : 0.0},
           {"plain_params", static_cast<double>(costs.plain.params)},
           {"bottleneck_params", static_cast<double>(costs.bottleneck.params)},
           {"k", costs.k},
           {"r", costs.r}};
    return Status::Ok();
  }
  const Conv1x1Explorer explorer(conv1x1_explorer_options(values));
  const FeatureMap in = explorer.input(), y = explorer.output();
  if (step == "example") {
    // The shape of the real kernel's output; parameters and MACs from the cost arithmetic (the
    // explorer's own counters must agree with it: checked by the judge).
    out = {{"in_h", in.h},
           {"in_w", in.w},
           {"in_c", in.c},
           {"out_h", y.h},
           {"out_w", y.w},
           {"out_c", y.c},
           {"params", static_cast<double>(costs.pointwise.params)},
           {"macs", static_cast<double>(costs.pointwise.macs)},
           {"explorer_params", static_cast<double>(explorer.params())},
           {"explorer_macs", static_cast<double>(explorer.macs())}};
    return Status::Ok();
  }
  // pixel: O = Σ_i I(y, x, i) · W(0, i) + b(0) by hand (in double) beside the kernel's output,
  // at the tensor's centre pixel ((16, 16) of the seed's 32x32).
  const int py = in.h / 2, px = in.w / 2;
  const std::size_t at =
      static_cast<std::size_t>(py) * static_cast<std::size_t>(in.w) + static_cast<std::size_t>(px);
  const float* iv = in.data + at * static_cast<std::size_t>(in.c);
  const WeightMatrix w = explorer.weights();
  double sum = 0.0;
  for (int i = 0; i < in.c; ++i) sum += static_cast<double>(iv[i]) * w.data[i];
  const double bias = w.bias ? w.bias[0] : 0.0;
  sum += bias;
  out = {{"y", py},
         {"x", px},
         {"channel", 0},
         {"output", y.data[at * static_cast<std::size_t>(y.c)]},
         {"explicit_sum", sum},
         {"bias", bias},
         {"terms", in.c}};
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// pretrain

int pretrain_arm(const PretrainLab& lab, PretrainArm kind) {
  for (int a = 0; a < lab.arm_count(); ++a)
    if (lab.arm_kind(a) == kind) return a;
  return -1;
}

bool same_group(const nn::Params<float>& a, const nn::Params<float>& b, int group) {
  for (int id = 0; id < a.count(); ++id) {
    if (a.info(id).group != group) continue;
    if (std::memcmp(a.value(id), b.value(id), a.info(id).size * sizeof(float)) != 0) return false;
  }
  return true;
}

// 1 when every layer the greedy arm froze after its pretraining stage (and the head, frozen
// through pretraining) is bit-identical now to what it was when it was frozen; 0 otherwise; -1
// when nothing has been frozen after training yet. The reference: a private replay of the greedy
// arm alone from the same config and seed (an arm's run does not depend on the other arm), with
// each layer copied when its stage ends.
double frozen_ok(PretrainLab& lab, int greedy) {
  const std::vector<Stage>& timeline = lab.stage_timeline(greedy);
  const int current = lab.current_stage(greedy), depth = lab.config().depth;
  const long now = lab.steps_done();
  if (now == 0 || current < 0) return kNotYet;
  // Layers to check: each pretraining stage that ended before now, whose layer (and decoder)
  // every later stage up to the current one has kept frozen.
  struct Check {
    int group;
    long at;  // the replay step whose weights are the reference
  };
  std::vector<Check> checks;
  const auto frozen_since = [&](int group, int from) {
    for (int s = from; s <= current && s < static_cast<int>(timeline.size()); ++s)
      if (!timeline[static_cast<std::size_t>(s)].frozen[static_cast<std::size_t>(group)])
        return false;
    return true;
  };
  for (int s = 0; s <= current && s < static_cast<int>(timeline.size()); ++s) {
    const Stage& st = timeline[static_cast<std::size_t>(s)];
    if (st.kind != StageKind::kPretrainLayer || st.end >= now) continue;
    if (!frozen_since(st.layer, s + 1)) continue;
    checks.push_back({st.layer, st.end});
    checks.push_back({depth + 1 + st.layer, st.end});  // its decoder bias
  }
  if (frozen_since(depth, 0)) checks.push_back({depth, 0});  // the head, since initialisation
  if (checks.empty()) return kNotYet;
  std::sort(checks.begin(), checks.end(),
            [](const Check& a, const Check& b) { return a.at < b.at; });

  PretrainConfig c = lab.config();
  c.greedy = true;
  c.random = false;
  PretrainLab replay(c);
  const nn::Params<float>& live = lab.params(greedy);
  for (const Check& k : checks) {
    if (replay.steps_done() < k.at &&
        !replay.step(static_cast<int>(k.at - replay.steps_done())).ok())
      return 0.0;
    if (!same_group(live, replay.params(0), k.group)) return 0.0;
  }
  return 1.0;
}

Status measure_pretrain(Lab& base, const std::string& step, Numbers& out) {
  auto* lab = dynamic_cast<PretrainLab*>(&base);
  if (!lab) return not_ready("pretrain", step, "it is not a pretraining lab");
  const int greedy = pretrain_arm(*lab, PretrainArm::kGreedy),
            random = pretrain_arm(*lab, PretrainArm::kRandom);
  if (step == "stages") {
    if (greedy < 0) return not_ready("pretrain", step, "it has no greedy arm");
    Numbers before, after;
    double worst = 1.0;
    int done = 0;
    for (const Stage& s : lab->stage_timeline(greedy)) {
      if (s.kind != StageKind::kPretrainLayer) continue;
      const std::string k = std::to_string(s.layer + 1);
      const bool begun = std::isfinite(s.recon_before), ended = lab->steps_done() >= s.end;
      before.push_back({"recon_before_" + k, begun ? s.recon_before : kNotYet});
      after.push_back({"recon_after_" + k, begun && ended ? s.recon_after : kNotYet});
      if (begun && ended && s.recon_before > 0.0) {
        worst = std::min(worst, 1.0 - s.recon_after / s.recon_before);
        ++done;
      }
    }
    out = before;
    out.insert(out.end(), after.begin(), after.end());
    out.push_back({"stages", static_cast<double>(before.size())});
    out.push_back({"stages_done", done});
    out.push_back({"worst_drop", done > 0 ? worst : kNotYet});
    out.push_back({"frozen_ok", frozen_ok(*lab, greedy)});
    return Status::Ok();
  }
  if (step == "greedy_vs_random" || step == "relu_he") {
    if (greedy < 0 || random < 0) return not_ready("pretrain", step, "it lacks an arm");
    const double g = lab->arm_metrics(greedy).test_accuracy,
                 r = lab->arm_metrics(random).test_accuracy;
    out = {{"greedy_accuracy", g}, {"random_accuracy", r}, {"gap", g - r}};
    return Status::Ok();
  }
  if (step == "vanishing") {
    if (random < 0) return not_ready("pretrain", step, "it has no random arm");
    const std::vector<double> g = lab->step_metrics(random).grad_norms;
    if (g.size() < 2) return not_ready("pretrain", step, "no gradient norms");
    const double first = g.front(), last = g.back();
    out = {{"grad_first", first},
           {"grad_last", last},
           {"ratio", last > 0.0 ? first / last : kNotYet},
           {"layers", static_cast<double>(g.size())}};
    return Status::Ok();
  }
  return unknown_step("pretrain", step);
}

// ---------------------------------------------------------------------------------------------
// The claims. Thresholds are the claims' own words; where a claim has no number ("well above
// chance", "learn different patterns") the threshold is justified in the comment by what was
// measured (seeds 1-3, see tests/learn/test_learn_tours.cpp).

struct Judged {
  const Numbers& before;
  const Numbers& after;
  bool ok = true;  // every number asked for existed and was finite
  double b(const std::string& name) { return checked(number(before, name)); }
  double a(const std::string& name) { return checked(number(after, name)); }
  double checked(double v) {
    if (!std::isfinite(v)) ok = false;
    return v;
  }
};

constexpr double kSoftmaxSumTolerance = 1e-5;
// sqrt_d: saturated = the unscaled mean row entropy at most half the scaled one; the gradient at
// the softmax's input falls = at most 0.8 of the scaled one (measured at d_model 64, one head,
// seeds 1-10: entropy 0.27-0.40 vs 1.62-1.79 nats; score gradient 0.53-0.73 of the scaled one).
constexpr double kSaturatedEntropy = 0.5;
constexpr double kScoreGradFalls = 0.8;
// hard_vs_soft: "learns" = held-out token accuracy >= 0.5 (chance 0.1); one-hot rows: entropy 0;
// "not one-hot": the soft arm's mean row entropy clearly above 0.
constexpr double kLearnedAccuracy = 0.5;
constexpr double kNotOneHotEntropy = 0.05;
// multi_head: the heads' maps (mean total-variation distance between two heads' rows) end at least
// kHeadRise further apart than at initialisation and at least kHeadDistance apart. At init the
// random maps are already 0.31-0.41 apart (d_model 8, four heads, seeds 1-8); after 600 steps
// 0.38-0.55 (seed 8 the low one: not shown). With d_model 32 (dk 8) every head learns the same
// anti-diagonal of `reverse` and the distance FALLS (0.43 -> 0.32): see attention_tour().
constexpr double kHeadDistance = 0.45;
constexpr double kHeadRise = 0.1;
// images: the object's share of the attention.
constexpr double kObjectShare = 0.5;
// cost: the band of the fitted time exponent.
constexpr double kTimeExponentLo = 1.3, kTimeExponentHi = 2.7;
constexpr double kPixelTolerance = 1e-4;
constexpr double kBottleneckRatio = 2.0;
constexpr double kPlainLearns = 0.85, kPointwiseFails = 0.40;
constexpr double kReconDrop = 0.30;
constexpr double kGreedyGap = 0.05;
constexpr double kVanishing = 0.1;
constexpr double kModernGap = 0.05, kModernRandom = 0.85;

Verdict judge_attention(const std::string& step, Judged& j) {
  Verdict v;
  if (step == "softmax_sum") {
    const double sum = j.a("row_sum"), hi = j.a("max_weight"), lo = j.a("min_weight");
    v.shown = std::fabs(sum - 1.0) <= kSoftmaxSumTolerance && lo >= 0.0 && hi <= 1.0;
    v.numbers = {{"row_sum", sum}, {"max_weight", hi}, {"min_weight", lo}};
  } else if (step == "sqrt_d") {
    const double es = j.a("entropy_scaled"), eu = j.a("entropy_unscaled"),
                 gs = j.a("score_grad_scaled"), gu = j.a("score_grad_unscaled"),
                 emax = j.a("max_entropy");
    v.shown = eu <= kSaturatedEntropy * es && gu <= kScoreGradFalls * gs;
    v.numbers = {{"entropy_scaled", es},
                 {"entropy_unscaled", eu},
                 {"score_grad_scaled", gs},
                 {"score_grad_unscaled", gu},
                 {"max_entropy", emax}};
  } else if (step == "hard_vs_soft") {
    const double as = j.a("soft_accuracy"), ah = j.a("hard_accuracy"), es = j.a("soft_entropy"),
                 eh = j.a("hard_entropy");
    v.shown = as >= kLearnedAccuracy && ah >= kLearnedAccuracy && eh >= 0.0 && eh <= 1e-9 &&
              es >= kNotOneHotEntropy;
    v.numbers = {
        {"soft_accuracy", as}, {"hard_accuracy", ah}, {"soft_entropy", es}, {"hard_entropy", eh}};
  } else if (step == "multi_head") {
    const double d0 = j.b("head_distance"), d1 = j.a("head_distance");
    v.shown = d1 - d0 >= kHeadRise && d1 >= kHeadDistance;
    v.numbers = {{"head_distance_before", d0}, {"head_distance_after", d1}};
  } else if (step == "images") {
    const double s0 = j.b("object_share"), s1 = j.a("object_share"), obj = j.a("object_per_cell"),
                 bg = j.a("background_per_cell"), dis = j.a("distractor_per_cell");
    v.shown = s1 >= kObjectShare && s1 > s0 && obj > bg && obj > dis;
    v.numbers = {{"object_share_before", s0},         {"object_share_after", s1},
                 {"object_area", j.a("object_area")}, {"object_per_cell", obj},
                 {"background_per_cell", bg},         {"distractor_per_cell", dis}};
  } else if (step == "cost") {
    const double et = j.a("exponent_time"), eb = j.a("exponent_bytes"),
                 spread = j.a("bytes_t2_spread"), small = j.a("ms_small"), large = j.a("ms_large");
    v.shown = std::fabs(eb - 2.0) <= 1e-9 && spread <= 1e-12 && et >= kTimeExponentLo &&
              et <= kTimeExponentHi && large > small;
    v.numbers = {
        {"exponent_time", et}, {"exponent_bytes", eb}, {"ms_small", small}, {"ms_large", large}};
  }
  return v;
}

Verdict judge_conv1x1(const std::string& step, Judged& j) {
  Verdict v;
  if (step == "example") {
    // The seed's example: a 32x32x64 input and 32 filters give 32x32x32, 2,080 parameters
    // (64·32 + 32) and 2,097,152 MACs (32·32·64·32); the explorer's counters must agree.
    const double ih = j.a("in_h"), iw = j.a("in_w"), ic = j.a("in_c"), oh = j.a("out_h"),
                 ow = j.a("out_w"), oc = j.a("out_c"), p = j.a("params"), m = j.a("macs");
    const bool seed = ih == 32 && iw == 32 && ic == 64 && oh == 32 && ow == 32 && oc == 32 &&
                      p == 2080 && m == 2097152;
    const bool agree = p == j.a("explorer_params") && m == j.a("explorer_macs") &&
                       p == ic * oc + oc && m == oh * ow * ic * oc;
    v.shown = seed && agree;
    v.numbers = {{"out_h", oh}, {"out_w", ow}, {"out_c", oc}, {"params", p}, {"macs", m}};
  } else if (step == "pixel") {
    const double o = j.a("output"), s = j.a("explicit_sum"), b = j.a("bias");
    v.shown = std::fabs(o - s) <= kPixelTolerance;
    v.numbers = {{"output", o}, {"explicit_sum", s}, {"bias", b}};
  } else if (step == "bottleneck") {
    const double pm = j.a("plain_macs"), bm = j.a("bottleneck_macs"), r = j.a("ratio"),
                 pp = j.a("plain_params"), bp = j.a("bottleneck_params");
    v.shown = bm > 0 && r > kBottleneckRatio && std::fabs(r - pm / bm) <= 1e-9 * r && bp < pp;
    v.numbers = {{"plain_macs", pm},
                 {"bottleneck_macs", bm},
                 {"ratio", r},
                 {"plain_params", pp},
                 {"bottleneck_params", bp}};
  } else if (step == "spatial_limit") {
    const double p = j.a("plain_accuracy"), q = j.a("pointwise_accuracy"), c = j.a("chance");
    v.shown = p >= kPlainLearns && q < kPointwiseFails;
    v.numbers = {{"plain_accuracy", p}, {"pointwise_accuracy", q}, {"chance", c}};
  }
  return v;
}

Verdict judge_pretrain(const std::string& step, Judged& j) {
  Verdict v;
  if (step == "stages") {
    const double stages = j.a("stages"), done = j.a("stages_done"), frozen = j.a("frozen_ok");
    // `stages` comes back from the page (judgeClaim): a huge or fractional count must neither
    // overflow the int conversion nor loop for ever. A lab has at most depth (<= 6) of them.
    const int count =
        stages >= 1 && stages <= 64 && stages == std::floor(stages) ? static_cast<int>(stages) : 0;
    bool all = j.ok && count >= 1 && done == stages && frozen == 1.0;
    Numbers shown;
    for (int k = 1; j.ok && k <= count; ++k) {
      const double b = j.a("recon_before_" + std::to_string(k)),
                   a = j.a("recon_after_" + std::to_string(k));
      all = all && b > 0.0 && a >= 0.0 && a <= (1.0 - kReconDrop) * b;
      shown.push_back({"recon_before_" + std::to_string(k), b});
      shown.push_back({"recon_after_" + std::to_string(k), a});
    }
    const double worst = j.a("worst_drop");
    shown.push_back({"worst_drop", worst});
    shown.push_back({"frozen_ok", frozen});
    v.shown = all && worst >= kReconDrop;
    v.numbers = shown;
  } else if (step == "greedy_vs_random") {
    const double g = j.a("greedy_accuracy"), r = j.a("random_accuracy");
    v.shown = g - r >= kGreedyGap;
    v.numbers = {{"greedy_accuracy", g}, {"random_accuracy", r}, {"gap", g - r}};
  } else if (step == "vanishing") {
    const double first = j.a("grad_first"), last = j.a("grad_last");
    v.shown = last > 0.0 && first >= 0.0 && first <= kVanishing * last;
    v.numbers = {
        {"grad_first", first}, {"grad_last", last}, {"ratio", last > 0.0 ? first / last : kNotYet}};
  } else if (step == "relu_he") {
    const double g = j.a("greedy_accuracy"), r = j.a("random_accuracy");
    v.shown = std::fabs(g - r) < kModernGap && r >= kModernRandom;
    v.numbers = {{"greedy_accuracy", g}, {"random_accuracy", r}, {"gap", g - r}};
  }
  return v;
}

}  // namespace

const std::vector<std::string>& tour_labs() {
  static const std::vector<std::string> labs = {"attention", "conv1x1", "pretrain"};
  return labs;
}

const std::vector<TourStep>& tour(const std::string& lab) {
  static const std::vector<TourStep> none;
  if (lab == "attention") return attention_tour();
  if (lab == "conv1x1") return conv1x1_tour();
  if (lab == "pretrain") return pretrain_tour();
  return none;
}

const TourStep* find_step(const std::string& lab, const std::string& step) {
  for (const TourStep& s : tour(lab))
    if (s.id == step) return &s;
  return nullptr;
}

Status step_values(const std::string& lab, const std::string& step, std::uint64_t seed,
                   schema::Values& out) {
  const schema::LabSchema* sc = schema::find_lab(lab);
  if (!sc || tour(lab).empty()) return unknown_lab(lab);
  const TourStep* s = find_step(lab, step);
  if (!s) return unknown_step(lab, step);
  out = schema::Values(*sc);
  for (const auto& [key, text] : s->settings) {
    const Status st = schema::set_from_text(*sc, out, key, text);
    if (!st.ok()) return st;
  }
  const Status st = schema::set_from_text(*sc, out, "seed", std::to_string(seed));
  if (!st.ok()) return st;
  return schema::validate(*sc, out);
}

double number(const Numbers& numbers, const std::string& name) {
  for (const auto& [n, v] : numbers)
    if (n == name) return v;
  return kNaN;
}

Status measure(Lab& lab, const std::string& lab_name, const std::string& step, Numbers& out,
               const schema::Values* values) {
  out.clear();
  if (tour(lab_name).empty()) return unknown_lab(lab_name);
  if (!find_step(lab_name, step)) return unknown_step(lab_name, step);
  Status s;
  if (lab_name == "attention") s = measure_attention(lab, step, out);
  if (lab_name == "conv1x1") s = measure_conv1x1(lab, step, out, values);
  if (lab_name == "pretrain") s = measure_pretrain(lab, step, out);
  if (!s.ok()) {
    out.clear();
    return s;
  }
  for (auto& [name, v] : out)
    if (!std::isfinite(v)) v = kNotYet;  // never hand the page a NaN (see tours.hpp)
  return s;
}

Verdict judge(const std::string& lab_name, const std::string& step, const Numbers& before,
              const Numbers& after) {
  if (!find_step(lab_name, step)) return {};
  Judged j{before, after};
  Verdict v;
  if (lab_name == "attention") v = judge_attention(step, j);
  if (lab_name == "conv1x1") v = judge_conv1x1(step, j);
  if (lab_name == "pretrain") v = judge_pretrain(step, j);
  if (!j.ok) return {};
  return v;
}

}  // namespace prayog::labs::tours
