// The 1x1 convolution lab: the explorer's 1x1 layer is a per-pixel GEMM (against the scalar
// reference, odd shapes), the seed's example counts exactly, the cost comparison, the training
// lab's arms and views, BatchNorm and Dropout in training vs evaluation, reset(seed) determinism,
// divergence rollback, options and memory estimate, and the first 50 losses of the default
// configuration against the committed golden file (natively and in wasm). Learning tests:
// tests/learn/test_learn_conv1x1.cpp.
//
// Golden file tests/labs/golden/conv1x1_default_losses.txt: regenerate natively, only when the
// model, the data or the defaults change on purpose, with
//   PRAYOG_WRITE_GOLDEN=1 prayog_tests "conv1x1 lab: the first 50 losses*"
// then commit it and run the normal tests natively and in wasm.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "base/rng.hpp"
#include "kernels/gemm.hpp"
#include "labs/conv1x1_lab.hpp"
#include "labs/golden.hpp"
#include "labs/status_params.hpp"
#include "schema/schema.hpp"

using namespace prayog;
using namespace prayog::labs;

#ifndef PRAYOG_TEST_DATA_DIR
#error "tests/CMakeLists.txt defines PRAYOG_TEST_DATA_DIR (the tests/ source folder)"
#endif

namespace {

const char* const kGoldenPath = PRAYOG_TEST_DATA_DIR "/labs/golden/conv1x1_default_losses.txt";
constexpr int kGoldenSteps = 50;

// Small sets for the structural tests (fast in wasm too): 64 training images, 40 held-out (not a
// multiple of the 32-image evaluation chunk), batch 8.
Conv1x1Options small_options(std::uint64_t seed = 7) {
  Conv1x1Options o;
  o.seed = seed;
  o.batch_size = 8;
  o.train_size = 64;
  o.heldout_size = 40;
  return o;
}

std::vector<double> first_losses(Conv1x1Lab& lab, int n, int arm = 0) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    REQUIRE(lab.step(1).ok());
    out.push_back(lab.last_loss(arm));
  }
  return out;
}

std::vector<float> values_of(const Conv1x1Lab& lab, int arm) {
  const auto& p = lab.params(arm);
  return std::vector<float>(p.values(), p.values() + p.buffer_size());
}

bool all_finite(const std::vector<float>& v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

int arm_of(const Conv1x1Lab& lab, Conv1x1Variant v) {
  for (int a = 0; a < lab.arm_count(); ++a)
    if (lab.arm_variant(a) == v) return a;
  return -1;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Explorer and cost arithmetic

TEST_CASE("conv1x1 explorer: the 1x1 layer is a per-pixel GEMM (scalar reference, odd shapes)",
          "[kernels]") {
  struct Shape {
    int h, w, cin, cout;
  };
  for (const Shape s : {Shape{1, 1, 1, 1}, Shape{3, 5, 7, 9}, Shape{5, 3, 13, 17},
                        Shape{7, 7, 33, 5}, Shape{9, 11, 3, 31}}) {
    INFO(s.h << "x" << s.w << "x" << s.cin << " -> " << s.cout);
    Conv1x1ExplorerOptions o;
    o.h = s.h;
    o.w = s.w;
    o.cin = s.cin;
    o.cout = s.cout;
    o.seed = 3;
    REQUIRE(validate_conv1x1_explorer(o).ok());
    const Conv1x1Explorer e(o);
    const FeatureMap x = e.input(), y = e.output();
    const WeightMatrix wt = e.weights();
    REQUIRE(x.size() == static_cast<std::size_t>(s.h * s.w * s.cin));
    REQUIRE(y.size() == static_cast<std::size_t>(s.h * s.w * s.cout));
    REQUIRE((wt.rows == s.cout && wt.cols == s.cin && wt.bias != nullptr));
    // Whole tensor: (H·W, C_in) · W(j, i)ᵀ through the scalar reference GEMM, plus the bias.
    const int m = s.h * s.w;
    std::vector<float> ref(static_cast<std::size_t>(m) * s.cout);
    kernels::gemm_ref(kernels::gemm_args<float>(false, true, m, s.cout, s.cin, 1.0f, x.data,
                                                wt.data, 0.0f, ref.data()));
    // Tolerance: two float sums of C_in products in different orders, each within
    // (C_in + 1) u Σ|terms| of the exact value (u = 2^-24).
    const double eps = std::numeric_limits<float>::epsilon();
    for (int p = 0; p < m; ++p)
      for (int j = 0; j < s.cout; ++j) {
        double mag = std::fabs(wt.bias[j]);
        for (int i = 0; i < s.cin; ++i)
          mag += std::fabs(static_cast<double>(x.data[p * s.cin + i]) * wt.data[j * s.cin + i]);
        const float expect = ref[static_cast<std::size_t>(p * s.cout + j)] + wt.bias[j];
        REQUIRE(std::fabs(y.data[p * s.cout + j] - expect) <= (s.cin + 2) * eps * mag);
      }
    // One pixel: O(y, x, j) = Σ_i I(y, x, i) · W(j, i) + b(j), in double.
    const int py = s.h / 2, px = s.w - 1;
    Conv1x1Explorer picked(o);
    REQUIRE(picked.select_pixel(py, px).ok());
    const PixelView v = picked.pixel();
    REQUIRE((v.y == py && v.x == px && v.cin == s.cin && v.cout == s.cout));
    CHECK(v.input == picked.input().data + (py * s.w + px) * s.cin);
    CHECK(v.output == picked.output().data + (py * s.w + px) * s.cout);
    for (int j = 0; j < s.cout; ++j) {
      double o_j = wt.bias[j], mag = std::fabs(wt.bias[j]);
      for (int i = 0; i < s.cin; ++i) {
        o_j += static_cast<double>(v.input[i]) * wt.data[j * s.cin + i];
        mag += std::fabs(static_cast<double>(v.input[i]) * wt.data[j * s.cin + i]);
      }
      CHECK(std::fabs(v.output[j] - o_j) <= (s.cin + 2) * eps * mag);
    }
  }
}

TEST_CASE("conv1x1 explorer: the seed's example, 32x32x64 -> 32 filters, counts exactly", "[nn]") {
  const Conv1x1Explorer e(Conv1x1ExplorerOptions{});  // the defaults are the seed's example
  CHECK(e.output().h == 32);
  CHECK(e.output().w == 32);
  CHECK(e.output().c == 32);
  CHECK(e.params() == 64 * 32 + 32);  // 2,080
  CHECK(e.params() == 2080);
  CHECK(e.macs() == 32LL * 32 * 64 * 32);  // 2,097,152
  CHECK(e.macs() == 2097152);

  const Conv1x1Costs c = e.costs(3, 16);
  CHECK(c.pointwise.params == 2080);
  CHECK(c.pointwise.macs == 2097152);
  CHECK((c.pointwise.out_h == 32 && c.pointwise.out_w == 32 && c.pointwise.out_c == 32));
  CHECK(c.plain.params == 9 * 64 * 32 + 32);  // 18,464
  CHECK(c.plain.macs == 32LL * 32 * 9 * 64 * 32);
  CHECK(c.reduce.params == 64 * 16 + 16);
  CHECK(c.reduce.macs == 32LL * 32 * 64 * 16);
  CHECK(c.spatial.params == 9 * 16 * 32 + 32);
  CHECK(c.spatial.macs == 32LL * 32 * 9 * 16 * 32);
  CHECK(c.bottleneck.params == c.reduce.params + c.spatial.params);
  CHECK(c.bottleneck.macs == c.reduce.macs + c.spatial.macs);
  CHECK(c.bottleneck.out_c == 32);
  CHECK(c.bottleneck_ratio == Approx((16.0 * 64 + 9.0 * 16 * 32) / (9.0 * 64 * 32)));
  // NiN mlpconv: 3x3 64 -> 32, then two 1x1 32 -> 32.
  CHECK(c.nin.params == 18464 + 2 * (32 * 32 + 32));
  CHECK(c.nin.macs == 32LL * 32 * 9 * 64 * 32 + 2LL * 32 * 32 * 32 * 32);
  // The same arithmetic from the schema's values (what `prayog info` prints).
  const schema::LabSchema* lab = schema::find_lab("conv1x1");
  REQUIRE(lab != nullptr);
  schema::Values v(*lab);
  const Conv1x1Costs from_values = conv1x1_costs(v);
  CHECK(from_values.pointwise.params == 2080);
  CHECK(from_values.pointwise.macs == 2097152);
  CHECK(from_values.bottleneck.macs == c.bottleneck.macs);
  // 5x5, k = 1 and a 7x7 input: "same" padding keeps H x W.
  const Conv1x1Costs k5 = conv1x1_costs(7, 9, 10, 6, 5, 4);
  CHECK((k5.plain.out_h == 7 && k5.plain.out_w == 9));
  CHECK(k5.plain.macs == 7LL * 9 * 25 * 10 * 6);
  CHECK(conv1x1_costs(8, 8, 4, 4, 1, 4).plain.macs ==
        conv1x1_costs(8, 8, 4, 4, 1, 4).pointwise.macs);
}

TEST_CASE("conv1x1 explorer: pixel bounds, determinism, options from the schema", "[nn]") {
  Conv1x1ExplorerOptions o;
  o.h = 4;
  o.w = 6;
  o.cin = 5;
  o.cout = 3;
  Conv1x1Explorer e(o);
  CHECK(e.select_pixel(3, 5).ok());
  CHECK(e.select_pixel(4, 0).key == "error.out_of_range");
  CHECK(e.select_pixel(0, 6).key == "error.out_of_range");
  CHECK(e.select_pixel(-1, 0).code == StatusCode::kInvalidArgument);
  CHECK((e.pixel().y == 3 && e.pixel().x == 5));  // the last good pixel stays
  const Conv1x1Explorer same(o);
  CHECK(std::memcmp(same.output().data, e.output().data, e.output().size() * sizeof(float)) == 0);
  o.seed = 2;
  const Conv1x1Explorer other(o);
  CHECK(std::memcmp(other.input().data, e.input().data, e.input().size() * sizeof(float)) != 0);

  const schema::LabSchema* lab = schema::find_lab("conv1x1");
  REQUIRE(lab != nullptr);
  schema::Values v(*lab);
  REQUIRE(schema::set_from_text(*lab, v, "h", "7").ok());
  REQUIRE(schema::set_from_text(*lab, v, "cout", "11").ok());
  const Conv1x1ExplorerOptions from = conv1x1_explorer_options(v);
  CHECK((from.h == 7 && from.w == 32 && from.cin == 64 && from.cout == 11));
  Conv1x1ExplorerOptions bad;
  bad.cin = 0;
  CHECK(validate_conv1x1_explorer(bad).key == "error.out_of_range");
  bad = Conv1x1ExplorerOptions();
  bad.h = 129;
  CHECK_FALSE(validate_conv1x1_explorer(bad).ok());
}

// ---------------------------------------------------------------------------------------------
// Training lab: structure

TEST_CASE("conv1x1 lab: arms in order, MACs and parameters per variant", "[nn]") {
  Conv1x1Options o = small_options();
  o.variant = Conv1x1Variant::kBottleneckRelu;
  Conv1x1Lab lab(o);
  REQUIRE(lab.arm_count() == 4);
  // The selected variant first, then the fixed order.
  CHECK(lab.arm_label(0) == "bottleneck_relu");
  CHECK(lab.arm_label(1) == "plain");
  CHECK(lab.arm_label(2) == "bottleneck");
  CHECK(lab.arm_label(3) == "pointwise_only");
  const int plain = arm_of(lab, Conv1x1Variant::kPlain),
            bottleneck = arm_of(lab, Conv1x1Variant::kBottleneck),
            relu = arm_of(lab, Conv1x1Variant::kBottleneckRelu),
            pointwise = arm_of(lab, Conv1x1Variant::kPointwise);
  // Forward MACs of one 16x16x3 image, from the layer list of conv1x1_lab.hpp (r = 8).
  const long long dense = 32 * 4;
  CHECK(lab.arm_macs(plain) == 16 * 16 * 27 * 16 + 8 * 8 * 144 * 32 + 4 * 4 * 288 * 32 + dense);
  CHECK(lab.arm_macs(bottleneck) == 16 * 16 * 27 * 16 + 8 * 8 * 16 * 8 + 8 * 8 * 72 * 32 +
                                        4 * 4 * 32 * 8 + 4 * 4 * 72 * 32 + dense);
  CHECK(lab.arm_macs(relu) == lab.arm_macs(bottleneck));
  CHECK(lab.arm_macs(pointwise) == 16 * 16 * (3 * 16 + 16 * 32 + 32 * 32) + dense);
  CHECK(static_cast<double>(lab.arm_macs(bottleneck)) <= 0.6 * lab.arm_macs(plain));
  CHECK(lab.arm_param_count(plain) == 27 * 16 + 16 + 144 * 32 + 32 + 288 * 32 + 32 + dense + 4);
  CHECK(lab.arm_param_count(bottleneck) ==
        27 * 16 + 16 + 16 * 8 + 8 + 72 * 32 + 32 + 32 * 8 + 8 + 72 * 32 + 32 + dense + 4);
  CHECK(lab.arm_param_count(pointwise) == 3 * 16 + 16 + 16 * 32 + 32 + 32 * 32 + 32 + dense + 4);
  CHECK(lab.pointwise_layers(plain) == 0);
  CHECK(lab.pointwise_layers(bottleneck) == 2);
  CHECK(lab.pointwise_layers(pointwise) == 3);
  const Conv1x1ArmMetrics m = lab.arm_metrics(bottleneck);
  CHECK(m.macs == lab.arm_macs(bottleneck));
  CHECK(m.params == lab.arm_param_count(bottleneck));
  CHECK(m.ms == 0.0);  // nothing timed yet
  // The costs without building the lab (what `prayog info` prints) are the built arms' numbers.
  for (bool bn : {false, true}) {
    Conv1x1Options c = o;
    c.batchnorm = bn;
    c.bottleneck = bn ? 5 : 8;
    Conv1x1Lab built(c);
    for (int arm = 0; arm < 4; ++arm) {
      const LayerCost cost = conv1x1_variant_cost(built.arm_variant(arm), c);
      CHECK(cost.params == built.arm_param_count(arm));
      CHECK(cost.macs == built.arm_macs(arm));
      CHECK(cost.out_c == 4);
    }
  }
  // One arm only when asked (e.g. a quicker CLI run).
  o.all_arms = false;
  Conv1x1Lab one(o);
  CHECK(one.arm_count() == 1);
  CHECK(one.arm_label(0) == "bottleneck_relu");
}

TEST_CASE("conv1x1 lab: shared layers start alike, reset(seed) gives bit-identical runs", "[nn]") {
  Conv1x1Lab a(small_options(7)), b(small_options(7));
  const int plain = arm_of(a, Conv1x1Variant::kPlain),
            bottleneck = arm_of(a, Conv1x1Variant::kBottleneck);
  const auto& pp = a.params(plain);
  const auto& pb = a.params(bottleneck);
  const int w1 = pp.find("conv1.w");
  REQUIRE(w1 >= 0);
  REQUIRE(pb.find("conv1.w") >= 0);
  CHECK(std::memcmp(pp.value(w1), pb.value(pb.find("conv1.w")), pp.info(w1).size * 4) == 0);
  for (int arm = 0; arm < 4; ++arm) CHECK(values_of(a, arm) == values_of(b, arm));
  const auto la = first_losses(a, 4), lb = first_losses(b, 4);
  CHECK(la == lb);  // bit-identical, not approximately equal
  CHECK(a.last_loss(3) == b.last_loss(3));
  REQUIRE(a.select_image(3).ok());
  a.reset(7);
  CHECK(a.steps_done() == 0);
  CHECK(a.selected_image() == 3);  // the page's chosen image survives a reset
  Conv1x1Lab fresh(small_options(7));
  for (int arm = 0; arm < 4; ++arm) CHECK(values_of(a, arm) == values_of(fresh, arm));
  CHECK(first_losses(a, 4) == la);
  a.reset(8);
  CHECK(values_of(a, 0) != values_of(b, 0));
  CHECK(a.data().train().pixels != b.data().train().pixels);
  CHECK(first_losses(a, 4) != la);
}

TEST_CASE("conv1x1 lab: the 1x1 weight matrix and the feature maps around the first 1x1 layer",
          "[nn]") {
  Conv1x1Lab lab(small_options());
  REQUIRE(lab.step(3).ok());
  for (int arm = 0; arm < lab.arm_count(); ++arm) {
    const Conv1x1Variant v = lab.arm_variant(arm);
    INFO("arm " << lab.arm_label(arm));
    if (v == Conv1x1Variant::kPlain) {
      CHECK(lab.pointwise_weights(arm).data == nullptr);
      CHECK(lab.feature_before(arm).data == nullptr);
      CHECK(lab.feature_after(arm).size() == 0u);
      continue;
    }
    // W(j, i): (C_out, C_in), the transpose of the kernel's (C_in, C_out) parameter.
    const WeightMatrix w = lab.pointwise_weights(arm, 0);
    const auto& p = lab.params(arm);
    const std::string name = v == Conv1x1Variant::kPointwise ? "conv1_1x1" : "conv2_1x1";
    const int wid = p.find(name + ".w"), bid = p.find(name + ".b");
    REQUIRE(wid >= 0);
    REQUIRE(bid >= 0);
    const int cin = v == Conv1x1Variant::kPointwise ? 3 : 16;
    const int cout = v == Conv1x1Variant::kPointwise ? 16 : 8;
    REQUIRE((w.rows == cout && w.cols == cin));
    CHECK(w.bias == p.value(bid));
    for (int j = 0; j < cout; ++j)
      for (int i = 0; i < cin; ++i) CHECK(w.data[j * cin + i] == p.value(wid)[i * cout + j]);
    CHECK(lab.pointwise_weights(arm, lab.pointwise_layers(arm)).data == nullptr);

    // after = [ReLU](before · W + b) at every pixel.
    REQUIRE(lab.select_image(5).ok());
    const FeatureMap before = lab.feature_before(arm), after = lab.feature_after(arm);
    const int side = v == Conv1x1Variant::kPointwise ? 16 : 8;
    REQUIRE((before.h == side && before.w == side && before.c == cin));
    REQUIRE((after.h == side && after.w == side && after.c == cout));
    const bool relu = v != Conv1x1Variant::kBottleneck;
    for (int px = 0; px < side * side; ++px)
      for (int j = 0; j < cout; ++j) {
        double z = w.bias[j];
        for (int i = 0; i < cin; ++i)
          z += static_cast<double>(before.data[px * cin + i]) * w.data[j * cin + i];
        if (relu) z = std::max(z, 0.0);
        CHECK(after.data[px * cout + j] == Approx(z).margin(1e-5));
      }
    if (v == Conv1x1Variant::kPointwise) {  // its first 1x1 layer reads the image itself
      const float* img = lab.image_pixels();
      CHECK(std::equal(img, img + 16 * 16 * 3, before.data));
    }
  }
  std::vector<float> img(16 * 16 * 3);
  lab.data().heldout().image(5, img.data());
  CHECK(std::equal(img.begin(), img.end(), lab.image_pixels()));
  CHECK(lab.image_label() == lab.data().heldout().labels[5]);
  CHECK(lab.heldout_count() == 40);
  CHECK(std::string(lab.class_name(3)) == "red");
  CHECK(std::string(lab.class_name(4)).empty());
  double total = 0.0;
  for (int k = 0; k < 4; ++k) total += lab.image_probs(0)[k];
  CHECK(total == Approx(1.0).margin(1e-5));
  CHECK(lab.image_predicted(0) == lab.heldout_predictions(0)[5]);
  CHECK(lab.select_image(40).code == StatusCode::kInvalidArgument);
  CHECK(lab.select_image(-1).key == "error.out_of_range");
  CHECK(lab.selected_image() == 5);
}

TEST_CASE("conv1x1 lab: metrics for the CLI, held-out accuracy from the predictions", "[nn]") {
  Conv1x1Lab lab(small_options());
  CHECK(lab.metric_names() == std::vector<std::string>{"loss", "accuracy", "ms"});
  const std::vector<double> m0 = lab.metrics();
  REQUIRE(m0.size() == 3u);
  CHECK(m0[0] == Approx(std::log(4.0)).margin(0.7));  // held-out loss at init, near ln 4
  CHECK(m0[2] == 0.0);
  REQUIRE(lab.step(4).ok());
  const std::vector<double> m = lab.metrics();
  CHECK(m[0] == lab.last_loss(0));
  CHECK(m[2] > 0.0);  // ms per step: measured wall time
  for (int arm = 0; arm < lab.arm_count(); ++arm) {
    const auto& pred = lab.heldout_predictions(arm);
    REQUIRE(pred.size() == 40u);
    int correct = 0;
    for (int i = 0; i < 40; ++i)
      correct += pred[static_cast<std::size_t>(i)] ==
                 lab.data().heldout().labels[static_cast<std::size_t>(i)];
    CHECK(lab.arm_metrics(arm).accuracy == Approx(correct / 40.0));
    const std::vector<double> values = lab.arm_metric_values(arm);  // the page's per-arm strip
    REQUIRE(values.size() == 3u);
    CHECK(values[0] == lab.last_loss(arm));
    CHECK(values[1] == lab.arm_metrics(arm).accuracy);
    CHECK(values[2] == lab.arm_metrics(arm).ms);
    CHECK(std::isfinite(lab.arm_metrics(arm).heldout_loss));
  }
  CHECK(lab.default_steps() > 0);
}

// ---------------------------------------------------------------------------------------------
// BatchNorm and Dropout inside the lab: training vs evaluation

TEST_CASE("conv1x1 lab: BatchNorm trains on batch statistics, evaluates on running ones", "[nn]") {
  Conv1x1Options o = small_options();
  o.batchnorm = true;
  Conv1x1Lab lab(o);
  const int bottleneck = arm_of(lab, Conv1x1Variant::kBottleneck);
  // Layer 2 of the bottleneck arm is its first 1x1 (conv3x3, pool, conv1x1).
  Conv1x1Lab::RunningStats s = lab.batchnorm_stats_for_test(bottleneck, 2);
  REQUIRE(s.channels == 8);
  for (int c = 0; c < 8; ++c) CHECK((s.mean[c] == 0.0f && s.var[c] == 1.0f));
  CHECK(lab.batchnorm_stats_for_test(bottleneck, 1).mean == nullptr);  // a pool
  const auto& p = lab.params(bottleneck);
  CHECK(p.find("conv2_1x1.b") < 0);  // BN's β replaces the bias
  REQUIRE(p.find("conv2_1x1.bn_gamma") >= 0);
  CHECK(lab.pointwise_weights(bottleneck).bias == nullptr);

  // Evaluation reads the running statistics without moving them; a training step moves them.
  lab.arm_metrics(0);
  s = lab.batchnorm_stats_for_test(bottleneck, 2);
  for (int c = 0; c < 8; ++c) CHECK((s.mean[c] == 0.0f && s.var[c] == 1.0f));
  REQUIRE(lab.step(3).ok());
  s = lab.batchnorm_stats_for_test(bottleneck, 2);
  int moved = 0;
  for (int c = 0; c < 8; ++c) moved += s.mean[c] != 0.0f && s.var[c] != 1.0f && s.var[c] > 0.0f;
  CHECK(moved == 8);

  // In evaluation the 1x1 layer's output is γ (z - running mean) / sqrt(running var + eps) + β.
  const WeightMatrix w = lab.pointwise_weights(bottleneck);
  const float* gamma = p.value(p.find("conv2_1x1.bn_gamma"));
  const float* beta = p.value(p.find("conv2_1x1.bn_beta"));
  REQUIRE(lab.select_image(3).ok());
  const FeatureMap before = lab.feature_before(bottleneck), after = lab.feature_after(bottleneck);
  REQUIRE((before.c == 16 && after.c == 8 && after.h == 8));
  for (int px = 0; px < 64; ++px)
    for (int j = 0; j < 8; ++j) {
      double z = 0.0;
      for (int i = 0; i < 16; ++i)
        z += static_cast<double>(before.data[px * 16 + i]) * w.data[j * 16 + i];
      const double y = gamma[j] * (z - s.mean[j]) / std::sqrt(s.var[j] + 1e-5) + beta[j];
      CHECK(after.data[px * 8 + j] == Approx(y).margin(1e-4));
    }
  // So an image's prediction alone equals its prediction inside an evaluation chunk of 32.
  for (int arm = 0; arm < lab.arm_count(); ++arm) {
    const std::vector<int> chunked = lab.heldout_predictions(arm);
    for (int i = 0; i < 40; ++i) {
      REQUIRE(lab.select_image(i).ok());
      CHECK(lab.image_predicted(arm) == chunked[static_cast<std::size_t>(i)]);
    }
  }
}

TEST_CASE("conv1x1 lab: Dropout drops in training, is the identity in evaluation", "[nn]") {
  Conv1x1Options o = small_options();
  o.dropout = 0.5;
  o.batch_size = 32;
  Conv1x1Lab a(o), b(o);
  Conv1x1Options o0 = o;
  o0.dropout = 0.0;
  Conv1x1Lab none(o0);
  REQUIRE(a.step(1).ok());
  REQUIRE(none.step(1).ok());
  // Same weights, same batch: the dropped units change the training loss.
  CHECK(a.last_loss(0) != none.last_loss(0));
  // About half of the 32 x 32 pooled features are kept; every arm draws the same masks.
  const std::uint8_t* m = a.dropout_mask_for_test(0);
  int kept = 0;
  for (int i = 0; i < 32 * 32; ++i) kept += m[i];
  CHECK((kept > 420 && kept < 604));  // 512 ± 5.7σ
  CHECK(std::memcmp(m, a.dropout_mask_for_test(1), 32 * 32) == 0);
  CHECK(std::memcmp(m, a.dropout_mask_for_test(3), 32 * 32) == 0);
  // Evaluation draws no mask: the same numbers twice, and a run that evaluates after every step
  // trains exactly like one that never does.
  REQUIRE(b.step(1).ok());
  for (int i = 0; i < 4; ++i) {
    const Conv1x1ArmMetrics e1 = a.arm_metrics(0);
    REQUIRE(a.select_image(i).ok());
    const float p1 = a.image_probs(0)[0];
    REQUIRE(a.select_image(i + 1).ok());
    REQUIRE(a.select_image(i).ok());
    CHECK(a.image_probs(0)[0] == p1);
    CHECK(a.arm_metrics(0).heldout_loss == e1.heldout_loss);
    REQUIRE(a.step(1).ok());
    REQUIRE(b.step(1).ok());
    CHECK(a.last_loss(0) == b.last_loss(0));
  }
  // With p = 0 nothing is dropped.
  const std::uint8_t* m0 = none.dropout_mask_for_test(0);
  CHECK(std::all_of(m0, m0 + 32 * 32, [](std::uint8_t k) { return k == 1; }));
}

// ---------------------------------------------------------------------------------------------
// Divergence, options, memory

TEST_CASE("conv1x1 lab: a NaN restores every arm's last checkpoint and reports kDiverged", "[nn]") {
  SECTION("poisoned weights") {
    Conv1x1Options o = small_options();
    o.batchnorm = true;  // the running statistics go back too
    Conv1x1Lab lab(o);
    REQUIRE(lab.step(10).ok());
    // Every arm's step-10 loss is below the first step's: step 10 is the checkpoint
    // (labs/guard.hpp).
    REQUIRE(lab.checkpoint_step() == 10);
    std::vector<std::vector<float>> good, good_stats;
    for (int arm = 0; arm < 4; ++arm) {
      good.push_back(values_of(lab, arm));
      const Conv1x1Lab::RunningStats st = lab.batchnorm_stats_for_test(arm, 0);
      good_stats.emplace_back(st.mean, st.mean + 2 * st.channels);
    }
    REQUIRE(lab.step(3).ok());
    lab.poison_weights_for_test(2);  // the first convolution of arm 2
    const Status s = lab.step(5);
    CHECK(s.code == StatusCode::kDiverged);
    CHECK(s.key == "error.diverged");
    CHECK(prayog::test::status_param(s, "step") == "14");
    CHECK(prayog::test::status_param(s, "good") == "10");
    CHECK(prayog::test::status_param(s, "layer") == "conv1.w");
    CHECK(s.detail.find("step 14") != std::string::npos);
    CHECK(s.detail.find("step 10") != std::string::npos);
    CHECK(lab.steps_done() == 10);
    CHECK(std::isfinite(lab.metrics()[0]));  // the loss of the last step that trained
    for (int arm = 0; arm < 4; ++arm) {
      const auto restored = values_of(lab, arm);
      CHECK(std::memcmp(restored.data(), good[static_cast<std::size_t>(arm)].data(),
                        restored.size() * sizeof(float)) == 0);
      const Conv1x1Lab::RunningStats st = lab.batchnorm_stats_for_test(arm, 0);
      CHECK(std::vector<float>(st.mean, st.mean + 2 * st.channels) ==
            good_stats[static_cast<std::size_t>(arm)]);
    }
    CHECK(lab.step(2).ok());  // and training resumes from there
    CHECK(lab.steps_done() == 12);
    for (int arm = 0; arm < 4; ++arm) {
      CHECK(std::isfinite(lab.last_loss(arm)));
      CHECK(all_finite(values_of(lab, arm)));
    }
  }
  SECTION("a learning rate that blows up, with BatchNorm") {
    Conv1x1Options o = small_options();
    o.optimizer = nn::OptimizerKind::kSgd;
    o.lr = 1e6;
    o.batchnorm = true;
    Conv1x1Lab lab(o);
    Status s;
    for (int i = 0; i < 50 && s.ok(); ++i) s = lab.step(1);
    CHECK(s.code == StatusCode::kDiverged);
    CHECK(lab.steps_done() < 50);
    for (int arm = 0; arm < 4; ++arm) CHECK(all_finite(values_of(lab, arm)));
    const Conv1x1Lab::RunningStats st = lab.batchnorm_stats_for_test(0, 0);
    REQUIRE(st.channels == 16);
    for (int c = 0; c < 16; ++c) CHECK((std::isfinite(st.mean[c]) && std::isfinite(st.var[c])));
    CHECK(std::isfinite(lab.metrics()[1]));
  }
}

TEST_CASE("conv1x1 lab: options from the schema, their checks, the memory estimate", "[nn]") {
  const schema::LabSchema* lab = schema::find_lab("conv1x1");
  REQUIRE(lab != nullptr);
  schema::Values v(*lab);
  const Conv1x1Options d = conv1x1_options(v);
  CHECK(d.variant == Conv1x1Variant::kBottleneck);  // the schema's default
  CHECK(d.task == data::ShapesTask::kColour);
  CHECK(d.bottleneck == 8);
  CHECK(d.batch_size == 32);
  CHECK(d.lr == 3e-3);
  REQUIRE(schema::set_from_text(*lab, v, "task", "spatial").ok());
  REQUIRE(schema::set_from_text(*lab, v, "variant", "pointwise_only").ok());
  REQUIRE(schema::set_from_text(*lab, v, "batchnorm", "true").ok());
  REQUIRE(schema::set_from_text(*lab, v, "dropout", "0.25").ok());
  REQUIRE(schema::set_from_text(*lab, v, "l2", "0.001").ok());
  REQUIRE(schema::set_from_text(*lab, v, "train_bottleneck", "4").ok());
  REQUIRE(schema::set_from_text(*lab, v, "optimizer", "momentum").ok());
  REQUIRE(schema::set_from_text(*lab, v, "seed", "42").ok());
  const Conv1x1Options o = conv1x1_options(v);
  CHECK(o.task == data::ShapesTask::kSpatial);
  CHECK(o.variant == Conv1x1Variant::kPointwise);
  CHECK(o.batchnorm);
  CHECK(o.dropout == 0.25);
  CHECK(o.l2 == 0.001);
  CHECK(o.bottleneck == 4);
  CHECK(o.optimizer == nn::OptimizerKind::kMomentum);
  CHECK(o.seed == 42u);
  CHECK(validate_conv1x1(o).ok());

  Conv1x1Options bad;
  bad.dropout = 0.95;
  CHECK(validate_conv1x1(bad).key == "error.out_of_range");
  bad = Conv1x1Options();
  bad.lr = std::numeric_limits<double>::quiet_NaN();
  CHECK(validate_conv1x1(bad).key == "error.not_finite");
  bad = Conv1x1Options();
  bad.bottleneck = 0;
  CHECK(validate_conv1x1(bad).key == "error.out_of_range");
  Status status;
  CHECK(make_conv1x1_lab(bad, &status) == nullptr);
  CHECK(status.key == "error.out_of_range");

  // The schema's estimate covers what the lab and the explorer allocate, for small and large
  // configurations (it is what refuses a config before anything is allocated).
  for (int batch : {1, 32, 128})
    for (bool bn : {false, true})
      for (int r : {1, 8, 32}) {
        schema::Values c(*lab);
        c.set("batch_size", batch);
        c.set("batchnorm", bn ? 1 : 0);
        c.set("train_bottleneck", r);
        c.set("cin", 512);
        c.set("cout", 512);
        c.set("h", 128);
        c.set("w", 128);
        const std::size_t need = conv1x1_lab_bytes(conv1x1_options(c)) +
                                 conv1x1_explorer_bytes(conv1x1_explorer_options(c));
        const std::size_t est = lab->estimate_bytes(c);
        INFO("batch " << batch << " bn " << bn << " r " << r << ": need " << need << ", estimate "
                      << est);
        CHECK(est >= need);
        CHECK(est <= 2 * need);
      }
}

// ---------------------------------------------------------------------------------------------
// [golden]: native and wasm agree with the committed file

TEST_CASE("conv1x1 lab: golden checksum of the initial weights", "[golden]") {
  // Initial weights come from our Rng (+ - * / sqrt, det_log): bit-identical everywhere.
  Conv1x1Lab lab{Conv1x1Options()};
  for (int arm = 0; arm < lab.arm_count(); ++arm) {
    const nn::Params<float>& p = lab.params(arm);
    INFO("arm " << lab.arm_label(arm) << " checksum "
                << checksum_bits(p.values(), p.buffer_size()));
    const std::uint64_t expect[] = {9231493828324746553ULL, 14113100212189073323ULL,
                                    7625833879529682098ULL, 9153035889312702498ULL};
    CHECK(checksum_bits(p.values(), p.buffer_size()) == expect[arm]);
  }
}

TEST_CASE("conv1x1 lab: the first 50 losses of the default configuration match the golden file",
          "[golden]") {
  const schema::LabSchema* schema = schema::find_lab("conv1x1");
  REQUIRE(schema != nullptr);
  Status status;
  auto lab = make_conv1x1_lab(schema::Values(*schema), &status);
  REQUIRE(lab != nullptr);
  REQUIRE(lab->arm_label(0) == "bottleneck");
  std::vector<std::vector<double>> rows;
  for (double l : first_losses(*lab, kGoldenSteps)) rows.push_back({l});
  test::check_golden(
      kGoldenPath,
      "# First 50 training losses of the conv1x1 lab's default configuration (task\n"
      "# colour, variant bottleneck = arm 0, train_bottleneck 8, no BatchNorm/dropout/L2,\n"
      "# adam lr 0.003, batch 32, seed 1), one per step, written natively by\n"
      "#   PRAYOG_WRITE_GOLDEN=1 prayog_tests \"conv1x1 lab: the first 50 losses*\"\n"
      "# (tests/labs/test_conv1x1_lab.cpp) and checked natively and in wasm within\n"
      "# 1e-3 relative (tag [golden]).\n",
      rows);
}
