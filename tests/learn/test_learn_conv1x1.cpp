// The 1x1 lab learns (native only, [learn]): fixed seeds, stated budgets, the acceptance.
//
// Schedule of every run: 400 steps at the default Adam lr 3e-3, then the page's "lower the
// learning rate" (set_learning_rate(1e-3)) for 200 more: 600 steps = Conv1x1Lab::kDefaultSteps.
// Why the step down: at a constant 3e-3 the held-out accuracy of a converged arm still jumps by a
// few points from one evaluation to the next (Adam's loss spikes; measured seed 3, colour, step
// 600: bottleneck_relu 97.0% vs plain 99.8%); with the step down every arm settles (seeds 1-6:
// every variant 98.5-100% on colour, spread <= 1 point).
//
// Measured natively (Release, 2 shared cores; the same tests also pass under node), held-out
// accuracy at step 600 (600 images):
//   colour, seed 1      plain 100%, bottleneck 99.7%, bottleneck_relu 99.2%, pointwise_only 98.5%
//   spatial, seed 1     plain 98.3% (>= 90% from step ~150), bottleneck 99.3%, bottleneck_relu
//                       99.2%, pointwise_only 27.0% (seeds 2-5: 23-27%: its features are a
//                       per-pixel function averaged over the image, the same for every class)
//   BN + dropout 0.2 + L2 1e-4, seed 2: colour 99.5-100% every arm; spatial plain 100%,
//                       pointwise_only 24.7%
//   MACs per image: plain 553,088, bottlenecks 307,328 (55.6%), pointwise_only 405,632
//   ms per step: plain ~4, bottlenecks ~2.4, pointwise_only ~3 (~13 for all four arms; wasm
//   ~21); 8-10 s per 600-step run natively, ~35 s for this file (~50 s under node)
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <sstream>

#include "labs/conv1x1_lab.hpp"

using namespace prayog;
using namespace prayog::labs;

namespace {

struct Run {
  double accuracy[kConv1x1Variants] = {};  // by variant
  long long macs[kConv1x1Variants] = {};
  double ms[kConv1x1Variants] = {};
  double seconds = 0.0;
  std::string curve;  // held-out accuracy of every arm every 100 steps, for the report
};

Run train(Conv1x1Options o) {
  Conv1x1Lab lab(o);
  Run r;
  std::ostringstream curve;
  const auto t0 = std::chrono::steady_clock::now();
  for (int chunk = 0; chunk < 6; ++chunk) {
    if (chunk == 4) lab.set_learning_rate(1e-3);
    REQUIRE(lab.step(100).ok());
    curve << "step " << lab.steps_done() << ":";
    for (int a = 0; a < lab.arm_count(); ++a)
      curve << " " << lab.arm_label(a) << " " << lab.arm_metrics(a).accuracy;
    curve << "\n";
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (int a = 0; a < lab.arm_count(); ++a) {
    const int v = static_cast<int>(lab.arm_variant(a));
    const Conv1x1ArmMetrics m = lab.arm_metrics(a);
    r.accuracy[v] = m.accuracy;
    r.macs[v] = m.macs;
    r.ms[v] = m.ms;
  }
  r.curve = curve.str();
  return r;
}

constexpr int kPlain = static_cast<int>(Conv1x1Variant::kPlain);
constexpr int kBottleneck = static_cast<int>(Conv1x1Variant::kBottleneck);
constexpr int kRelu = static_cast<int>(Conv1x1Variant::kBottleneckRelu);
constexpr int kPointwise = static_cast<int>(Conv1x1Variant::kPointwise);

}  // namespace

TEST_CASE("conv1x1 lab learns colour: the bottlenecks match plain at <= 60% of its MACs",
          "[learn]") {
  Conv1x1Options o;  // colour, seed 1, the schema's defaults
  const Run r = train(o);
  INFO(r.curve << "ms per step plain " << r.ms[kPlain] << ", bottleneck " << r.ms[kBottleneck]
               << ", bottleneck_relu " << r.ms[kRelu] << ", pointwise_only " << r.ms[kPointwise]
               << "; " << r.seconds << " s");
  CHECK(r.accuracy[kPlain] >= 0.9);
  CHECK(std::fabs(r.accuracy[kBottleneck] - r.accuracy[kPlain]) <= 0.02);
  CHECK(std::fabs(r.accuracy[kRelu] - r.accuracy[kPlain]) <= 0.02);
  CHECK(static_cast<double>(r.macs[kBottleneck]) <= 0.6 * static_cast<double>(r.macs[kPlain]));
  CHECK(static_cast<double>(r.macs[kRelu]) <= 0.6 * static_cast<double>(r.macs[kPlain]));
}

TEST_CASE("conv1x1 lab learns spatial: plain >= 90%, pointwise_only stays at chance", "[learn]") {
  Conv1x1Options o;
  o.task = data::ShapesTask::kSpatial;
  const Run r = train(o);
  INFO(r.curve << r.seconds << " s");
  CHECK(r.accuracy[kPlain] >= 0.9);
  CHECK(r.accuracy[kPointwise] <= 0.25 + 0.10);  // chance (4 classes) + 10 points
}

TEST_CASE("conv1x1 lab learns with BatchNorm, Dropout and L2 on", "[learn]") {
  Conv1x1Options o;
  o.seed = 2;
  o.batchnorm = true;
  o.dropout = 0.2;
  o.l2 = 1e-4;
  SECTION("colour") {
    const Run r = train(o);
    INFO(r.curve << r.seconds << " s");
    for (int v : {kPlain, kBottleneck, kRelu, kPointwise}) CHECK(r.accuracy[v] >= 0.9);
  }
  SECTION("spatial") {
    o.task = data::ShapesTask::kSpatial;
    const Run r = train(o);
    INFO(r.curve << r.seconds << " s");
    CHECK(r.accuracy[kPlain] >= 0.9);
    CHECK(r.accuracy[kPointwise] <= 0.35);
  }
}
