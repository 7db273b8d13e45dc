// The greedy layer-wise pretraining lab, fast structural tests (native and wasm): the stage
// timeline and its freezing, gradient norms per stage, views, reset(seed) determinism, arms that
// do not depend on each other, divergence rolled back to the checkpoint, and the first 50 losses
// of each arm's default configuration against the committed golden file. The learning claims
// (greedy beats random, reconstruction drops, ReLU + He) are in
// tests/learn/test_learn_pretrain.cpp.
//
// Golden file tests/labs/golden/pretrain_default_losses.txt: regenerate natively, only when the
// model, the data or their defaults change on purpose, with
//   PRAYOG_WRITE_GOLDEN=1 build/native/tests/prayog_tests "pretrain lab: the first 50*"
// (the golden test then writes the file instead of comparing; commit it, then run the normal tests
// natively and in wasm).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "base/rng.hpp"
#include "labs/golden.hpp"
#include "labs/pretrain_lab.hpp"
#include "labs/registry.hpp"
#include "labs/status_params.hpp"
#include "schema/schema.hpp"

using namespace prayog;
using namespace prayog::labs;

#ifndef PRAYOG_TEST_DATA_DIR
#error "tests/CMakeLists.txt defines PRAYOG_TEST_DATA_DIR (the tests/ source folder)"
#endif

namespace {

const char* const kGoldenPath = PRAYOG_TEST_DATA_DIR "/labs/golden/pretrain_default_losses.txt";
constexpr int kGoldenSteps = 50;

// A small lab for structural tests: 3 hidden layers 32-16-8, 20 steps per stage, 400 glyphs.
PretrainConfig tiny() {
  PretrainConfig c;
  c.depth = 3;
  c.width = 32;
  c.steps_per_stage = 20;
  c.train_size = 400;
  c.test_size = 300;
  return c;
}

std::vector<float> tensor(const nn::Params<float>& p, const std::string& name) {
  const int id = p.find(name);
  REQUIRE(id >= 0);
  return std::vector<float>(p.value(id), p.value(id) + p.info(id).size);
}

std::vector<double> losses(PretrainLab& lab, int n, int arm) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    REQUIRE(lab.step(1).ok());
    out.push_back(lab.step_metrics(arm).loss);
  }
  return out;
}

bool all_finite(const nn::Params<float>& p) {
  for (std::size_t i = 0; i < p.buffer_size(); ++i)
    if (!std::isfinite(p.values()[i])) return false;
  return true;
}

}  // namespace

TEST_CASE("pretrain lab: stage timelines, metric names, arms", "[nn]") {
  const PretrainConfig c = tiny();
  PretrainLab lab(c);
  REQUIRE(lab.arm_count() == 2);
  CHECK(std::string(lab.arm_name(0)) == "greedy");
  CHECK(std::string(lab.arm_name(1)) == "random");
  CHECK(lab.arm_label(1) == "random");
  CHECK(lab.layers() == 4);
  CHECK(lab.default_steps() == (3 + 3) * 20);
  CHECK(lab.metric_names() == std::vector<std::string>{"stage", "loss", "accuracy", "test_accuracy",
                                                       "grad_norm_l1", "grad_norm_l2",
                                                       "grad_norm_l3", "grad_norm_l4"});

  const std::vector<Stage>& g = lab.stage_timeline(0);
  REQUIRE(g.size() == 5);  // pretrain l1, l2, l3, head, fine-tune
  for (int l = 0; l < 3; ++l) {
    const Stage& s = g[static_cast<std::size_t>(l)];
    CHECK(s.kind == StageKind::kPretrainLayer);
    CHECK(s.layer == l);
    CHECK(s.begin == 20 * l);
    CHECK(s.end == 20 * (l + 1));
    for (int k = 0; k < 4; ++k) CHECK((s.frozen[static_cast<std::size_t>(k)] != 0) == (k != l));
  }
  CHECK(g[3].kind == StageKind::kHead);
  CHECK((g[3].begin == 60 && g[3].end == 80));
  CHECK(g[3].frozen == std::vector<char>{1, 1, 1, 0});
  CHECK(g[4].kind == StageKind::kFinetune);
  CHECK((g[4].begin == 80 && g[4].end == 120));
  CHECK(g[4].frozen == std::vector<char>{0, 0, 0, 0});
  CHECK(std::string(stage_kind_name(g[4].kind)) == "finetune");
  const std::vector<Stage>& r = lab.stage_timeline(1);
  REQUIRE(r.size() == 1);
  CHECK(r[0].kind == StageKind::kEndToEnd);
  CHECK(r[0].end == lab.default_steps());

  // Before the first step: the held-out loss, near chance, no gradients yet; stage 1's
  // reconstruction error is measured on entering it.
  const PretrainArmMetrics m = lab.arm_metrics(1);
  CHECK(m.loss == Approx(std::log(10.0)).margin(0.05));
  CHECK((m.test_accuracy > 0.05 && m.test_accuracy < 0.2));
  for (double n : m.grad_norms) CHECK(n == 0.0);
  CHECK(std::isnan(m.recon_error));
  CHECK(g[0].recon_before > 0.0);
  CHECK(std::isfinite(lab.arm_metrics(0).recon_error));
  CHECK(lab.metrics().size() == 8);
}

TEST_CASE("pretrain lab: each stage updates only its layer; frozen weights stay bit-identical",
          "[nn]") {
  PretrainLab lab(tiny());
  const nn::Params<float>& p = lab.params(0);
  std::vector<std::vector<float>> trained;  // each layer right after its stage
  for (int l = 0; l < 3; ++l) {
    const std::string name = "l" + std::to_string(l + 1) + ".w";
    const std::vector<float> before = tensor(p, name);
    std::vector<std::vector<float>> others;
    for (int k = 0; k < 3; ++k) others.push_back(tensor(p, "l" + std::to_string(k + 1) + ".w"));
    const std::vector<float> head = tensor(p, "head.w");
    REQUIRE(lab.step(20).ok());
    CHECK(lab.current_stage(0) == l);
    const PretrainArmMetrics m = lab.step_metrics(0);
    for (int k = 0; k < 4; ++k) {
      INFO("stage " << l << " layer " << k << " grad norm "
                    << m.grad_norms[static_cast<std::size_t>(k)]);
      CHECK((m.grad_norms[static_cast<std::size_t>(k)] > 0.0) == (k == l));
    }
    CHECK(tensor(p, name) != before);
    for (int k = 0; k < 3; ++k)
      if (k != l)
        CHECK(tensor(p, "l" + std::to_string(k + 1) + ".w") == others[static_cast<std::size_t>(k)]);
    CHECK(tensor(p, "head.w") == head);
    trained.push_back(tensor(p, name));
    // The random arm trains every layer all along.
    for (double n : lab.step_metrics(1).grad_norms) CHECK(n > 0.0);
  }
  // The head stage: the pretrained layers stay bit-identical, only the head moves.
  const std::vector<float> head = tensor(p, "head.w");
  REQUIRE(lab.step(20).ok());
  CHECK(lab.current_stage(0) == 3);
  for (int k = 0; k < 3; ++k)
    CHECK(tensor(p, "l" + std::to_string(k + 1) + ".w") == trained[static_cast<std::size_t>(k)]);
  CHECK(tensor(p, "head.w") != head);
  CHECK(lab.step_metrics(0).grad_norms ==
        std::vector<double>{0.0, 0.0, 0.0, lab.step_metrics(0).grad_norms[3]});
  // Fine-tuning moves everything.
  REQUIRE(lab.step(5).ok());
  CHECK(lab.current_stage(0) == 4);
  CHECK(tensor(p, "l1.w") != trained[0]);
  for (double n : lab.step_metrics(0).grad_norms) CHECK(n > 0.0);
  // Each pretraining stage recorded its reconstruction error before and after.
  for (int l = 0; l < 3; ++l) {
    const Stage& s = lab.stage_timeline(0)[static_cast<std::size_t>(l)];
    CHECK(std::isfinite(s.recon_before));
    CHECK(std::isfinite(s.recon_after));
  }
}

TEST_CASE("pretrain lab: reset(seed) is deterministic; both arms start from the same weights",
          "[nn]") {
  PretrainConfig c = tiny();
  c.pretrain = PretrainKind::kDenoising;  // the noise stream too
  PretrainLab a(c), b(c);
  CHECK(checksum_bits(a.params(0).values(), a.params(0).buffer_size()) ==
        checksum_bits(a.params(1).values(), a.params(1).buffer_size()));
  const std::vector<double> ga = losses(a, 25, 0);
  CHECK(ga == losses(b, 25, 0));
  a.reset(c.seed);
  CHECK(losses(a, 25, 0) == ga);
  CHECK(a.steps_done() == 25);
  a.reset(c.seed + 1);
  CHECK(losses(a, 25, 0) != ga);

  // An arm's run does not depend on the other arm training beside it.
  PretrainConfig only = tiny();
  only.greedy = false;
  PretrainLab random_only(only), both(tiny());
  REQUIRE(random_only.arm_count() == 1);
  CHECK(std::string(random_only.arm_name(0)) == "random");
  CHECK(losses(random_only, 30, 0) == losses(both, 30, 1));
}

TEST_CASE("pretrain lab: views have the documented shapes and numbers", "[nn]") {
  PretrainLab lab(tiny());
  REQUIRE(lab.step(10).ok());
  const GridView in = lab.view_recon_inputs();
  REQUIRE((in.rows == PretrainLab::kViewExamples && in.cols == 256));
  for (int i = 0; i < 256; ++i) CHECK(in.data[i] == lab.data().test().image(0)[i]);
  const GridView rec = lab.view_reconstructions(0);
  REQUIRE((rec.rows == PretrainLab::kViewExamples && rec.cols == 256));
  for (std::size_t i = 0; i < rec.size(); ++i) CHECK((rec.data[i] >= 0.0f && rec.data[i] <= 1.0f));
  CHECK(lab.view_reconstructions(1).data == nullptr);  // the random arm has no decoders
  CHECK(lab.view_reconstructions(2).data == nullptr);

  const GridView f = lab.view_features(1, 10);
  REQUIRE((f.rows == 10 && f.cols == 256));
  const nn::Params<float>& p = lab.params(1);
  const float* w1 = p.value(p.find("l1.w"));  // (256, 32)
  CHECK(f.data[3 * 256 + 17] == w1[17 * 32 + 3]);
  CHECK(lab.view_features(0, 1000).rows == 32);

  // h = f(W x + b) for unit 5 of layer 2 and held-out example 4, checked by hand.
  const UnitView u = lab.view_unit(0, 1, 5, 4);
  REQUIRE(u.fan_in == 32);
  REQUIRE((u.inputs != nullptr && u.weights != nullptr));
  double z = u.bias;
  for (int j = 0; j < u.fan_in; ++j) z += static_cast<double>(u.weights[j]) * u.inputs[j];
  CHECK(u.pre_activation == Approx(z).margin(1e-5));
  CHECK(u.output == Approx(1.0 / (1.0 + std::exp(-z))).margin(1e-5));
  const UnitView head = lab.view_unit(0, 3, 9, 4);  // the head: identity
  CHECK(head.fan_in == 8);
  CHECK(head.output == head.pre_activation);
  CHECK(lab.view_unit(0, 4, 0, 0).fan_in == 0);
  CHECK(lab.view_unit(0, 0, 32, 0).fan_in == 0);
  CHECK(lab.view_unit(0, 0, 0, 300).fan_in == 0);

  const std::vector<ComparisonRow> table = lab.comparison();
  REQUIRE(table.size() == 2);
  CHECK(table[0].arm == "greedy");
  CHECK(table[1].steps == 10);
  CHECK(table[1].ms > 0.0);
  CHECK(table[1].steps_to_target == -1);
}

TEST_CASE("pretrain lab: NaN weights are caught, the checkpoint restored", "[nn]") {
  PretrainLab lab(tiny());
  REQUIRE(lab.step(30).ok());      // into stage 2 (layer 2)
  lab.poison_weights_for_test(1);  // arm 1's first hidden layer, l1.w
  const Status s = lab.step(5);
  CHECK(s.code == StatusCode::kDiverged);
  CHECK(s.key == "error.diverged");
  CHECK(prayog::test::status_param(s, "step") == "31");
  CHECK(prayog::test::status_param(s, "good") == std::to_string(lab.steps_done()));
  CHECK(prayog::test::status_param(s, "layer") == "l1.w");
  CHECK(lab.steps_done() <= 30);
  CHECK(lab.steps_done() % 10 == 0);  // checkpoints every 10 steps
  CHECK(lab.current_stage(0) == lab.steps_done() / 20);
  for (int arm = 0; arm < 2; ++arm) CHECK(all_finite(lab.params(arm)));
  CHECK(lab.step(12).ok());  // and training resumes from there
  CHECK(std::isfinite(lab.arm_metrics(1).loss));
}

TEST_CASE("pretrain lab: factory validates; registry and the rbm option", "[nn]") {
  const schema::LabSchema* s = schema::find_lab("pretrain");
  REQUIRE(s != nullptr);
  schema::Values v(*s);
  Status status;
  auto lab = make_pretrain_lab(v, &status);
  REQUIRE(lab != nullptr);
  CHECK(status.ok());
  CHECK(lab->config().depth == 4);
  CHECK(lab->config().widths() == std::vector<int>{256, 128, 64, 32});
  CHECK(lab->config().lr == 0.3);
  CHECK(lab->config().labelled_count() == 1000);
  CHECK(lab->default_steps() == 3500);
  CHECK(lab->arm_count() == 2);
  CHECK(make_lab("pretrain", v) != nullptr);

  v.set("width", 8);  // 8, 4, 2, 1 units
  CHECK(make_pretrain_lab(v, &status) == nullptr);
  CHECK(status.key == "error.too_narrow");

  v.set("width", 64);
  v.set("depth", 2);
  v.set("pretrain", 2);  // rbm
  v.set("arm", 1);       // greedy only
  v.set("steps_per_stage", 10);
  lab = make_pretrain_lab(v, &status);
  REQUIRE(lab != nullptr);
  CHECK(lab->config().pretrain == PretrainKind::kRbm);
  REQUIRE(lab->arm_count() == 1);
  CHECK(std::string(lab->arm_name(0)) == "greedy");
  REQUIRE(lab->step(10).ok());
  const Stage& st = lab->stage_timeline(0)[0];
  CHECK(std::isfinite(st.recon_after));
  CHECK(lab->step_metrics(0).grad_norms[0] > 0.0);
}

// ---------------------------------------------------------------------------------------------
// [golden]: native and wasm agree with the committed file

TEST_CASE("pretrain lab: the first 50 losses of each arm match the golden file within 1e-3",
          "[golden]") {
  PretrainLab lab{PretrainConfig()};
  std::vector<std::vector<double>> rows;  // greedy, random
  for (int i = 0; i < kGoldenSteps; ++i) {
    REQUIRE(lab.step(1).ok());
    rows.push_back({lab.step_metrics(0).loss, lab.step_metrics(1).loss});
  }
  test::check_golden(
      kGoldenPath,
      "# First 50 training losses of each arm of the pretrain lab's default configuration\n"
      "# (depth 4, width 256, sigmoid, small init, autoencoder, 500 steps per stage, 10%\n"
      "# labelled, sgd lr 0.3, batch 32, seed 1): one line per step, greedy (layer 1's\n"
      "# reconstruction MSE) then random (cross-entropy). Written natively by\n"
      "#   PRAYOG_WRITE_GOLDEN=1 prayog_tests \"pretrain lab: the first 50*\"\n"
      "# (tests/labs/test_pretrain_lab.cpp) and checked natively and in wasm within 1e-3\n"
      "# relative (tag [golden]).\n",
      rows);
}
