// The pretraining lab's claims (issue 6), native only ([learn]), fixed seeds, the page's budgets:
// in the default setting (deep sigmoid 256-128-64-32, small init, 10% labels, SGD) the random arm
// starts with vanishing gradients and the greedy arm ends far ahead at the same number of updates;
// every pretraining stage (autoencoder, denoising, RBM CD-1) lowers its held-out reconstruction
// error; frozen layers stay bit-identical; with ReLU + He init the gap shrinks; a diverging run
// rewinds to its checkpoint and resumes at a lower learning rate.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "labs/pretrain_lab.hpp"

using namespace prayog;
using namespace prayog::labs;

namespace {

struct Outcome {
  double greedy = 0.0, random = 0.0;  // test accuracy after the budget
  double gap() const { return greedy - random; }
};

// Runs the default budget; returns both arms' final test accuracy.
Outcome run(const PretrainConfig& c) {
  PretrainLab lab(c);
  REQUIRE(lab.step(static_cast<int>(lab.default_steps())).ok());
  Outcome o;
  o.greedy = lab.arm_metrics(0).test_accuracy;
  o.random = lab.arm_metrics(1).test_accuracy;
  return o;
}

std::vector<float> tensor(const nn::Params<float>& p, const std::string& name) {
  const int id = p.find(name);
  REQUIRE(id >= 0);
  return std::vector<float>(p.value(id), p.value(id) + p.info(id).size);
}

// Each pretraining stage of the greedy arm lowers its held-out reconstruction error by >= `drop`.
void check_stages(PretrainLab& lab, double drop) {
  for (const Stage& s : lab.stage_timeline(0)) {
    if (s.kind != StageKind::kPretrainLayer) continue;
    INFO("layer " << s.layer + 1 << ": reconstruction error " << s.recon_before << " -> "
                  << s.recon_after);
    CHECK(s.recon_after <= (1.0 - drop) * s.recon_before);
  }
}

}  // namespace

TEST_CASE("pretrain lab, default setting: vanishing gradients, frozen layers, greedy wins",
          "[learn]") {
  const PretrainConfig c;  // the page's defaults, seed 1
  PretrainLab lab(c);
  const long per = c.steps_per_stage;

  // Vanishing gradients in the random arm at the start: layer 1 gets far less than the head.
  REQUIRE(lab.step(1).ok());
  const std::vector<double> g = lab.step_metrics(1).grad_norms;
  INFO("random arm, step 1, grad norms l1 " << g[0] << " l2 " << g[1] << " l3 " << g[2] << " l4 "
                                            << g[3] << " head " << g[4]);
  CHECK(g[0] <= g[4] / 10.0);
  // Measured: 4e-4 of the head's (1.9e-4 vs 0.44); every layer further down gets less.
  for (std::size_t l = 0; l + 1 < g.size(); ++l) CHECK(g[l] < g[l + 1]);

  // Layer 1 after its stage, then bit-identical through the later pretraining stages and the head.
  REQUIRE(lab.step(static_cast<int>(per - 1)).ok());
  const std::vector<float> l1 = tensor(lab.params(0), "l1.w"), b1 = tensor(lab.params(0), "l1.b");
  REQUIRE(lab.step(static_cast<int>(3 * per)).ok());  // layers 2, 3, 4
  CHECK(tensor(lab.params(0), "l1.w") == l1);
  CHECK(tensor(lab.params(0), "l1.b") == b1);
  std::vector<std::vector<float>> stack;
  for (int l = 1; l <= 4; ++l)
    stack.push_back(tensor(lab.params(0), "l" + std::to_string(l) + ".w"));
  REQUIRE(lab.step(static_cast<int>(per)).ok());  // the head
  for (int l = 1; l <= 4; ++l)
    CHECK(tensor(lab.params(0), "l" + std::to_string(l) + ".w") ==
          stack[static_cast<std::size_t>(l - 1)]);

  check_stages(lab, 0.30);

  REQUIRE(lab.step(static_cast<int>(lab.default_steps() - lab.steps_done())).ok());
  REQUIRE(lab.steps_done() == 3500);
  const PretrainArmMetrics greedy = lab.arm_metrics(0), random = lab.arm_metrics(1);
  INFO("test accuracy: greedy " << greedy.test_accuracy << " random " << random.test_accuracy
                                << "; train: greedy " << greedy.accuracy << " random "
                                << random.accuracy);
  // Measured (seed 1): greedy 97.4%, random 10% (still on its plateau).
  CHECK(greedy.test_accuracy >= random.test_accuracy + 0.05);
  CHECK(greedy.test_accuracy >= 0.85);
  const std::vector<ComparisonRow> table = lab.comparison();
  INFO("steps to a smoothed loss of 0.5: greedy " << table[0].steps_to_target << " random "
                                                  << table[1].steps_to_target);
  CHECK(table[0].steps_to_target > 0);
  CHECK((table[1].steps_to_target < 0 || table[1].steps_to_target > table[0].steps_to_target));
}

TEST_CASE("pretrain lab: with ReLU + He init the gap between the arms is smaller", "[learn]") {
  PretrainConfig modern;
  modern.activation = nn::Activation::kRelu;
  modern.init = InitKind::kHe;
  const Outcome def = run(PretrainConfig()), relu = run(modern);
  INFO("default: greedy " << def.greedy << " random " << def.random << "; relu + he: greedy "
                          << relu.greedy << " random " << relu.random);
  // Measured (seed 1): default gap +87 points; ReLU + He: greedy 97.0%, random 98.0%.
  CHECK(std::fabs(relu.gap()) < def.gap());
  CHECK(relu.random >= 0.85);  // the random arm learns once its gradients flow
}

TEST_CASE("pretrain lab: RBM (CD-1) and denoising stages lower their reconstruction error",
          "[learn]") {
  for (PretrainKind kind : {PretrainKind::kRbm, PretrainKind::kDenoising}) {
    PretrainConfig c;
    c.pretrain = kind;
    c.random = false;  // the greedy arm only
    PretrainLab lab(c);
    // The pretraining stages only: 4 x 500 steps.
    REQUIRE(lab.step(4 * c.steps_per_stage).ok());
    INFO((kind == PretrainKind::kRbm ? "rbm" : "denoising"));
    check_stages(lab, 0.30);  // measured: 87-96% lower for every layer
  }
}

TEST_CASE("pretrain lab: a diverging run rewinds to its checkpoint and resumes at a lower rate",
          "[learn]") {
  // ReLU + He with momentum 0.9 at lr 1 (the schema's maximum) blows up within the first layer's
  // pretraining (measured: at step 50, back to the checkpoint of step 40).
  PretrainConfig c;
  c.activation = nn::Activation::kRelu;
  c.init = InitKind::kHe;
  c.optimizer = nn::OptimizerKind::kMomentum;
  c.lr = 1.0;
  PretrainLab lab(c);
  const Status s = lab.step(500);
  INFO(s.detail);
  REQUIRE(s.code == StatusCode::kDiverged);
  CHECK(s.key == "error.diverged");
  CHECK(lab.steps_done() < 500);
  CHECK(lab.steps_done() % 10 == 0);
  for (int arm = 0; arm < lab.arm_count(); ++arm) {
    const nn::Params<float>& p = lab.params(arm);
    bool finite = true;
    for (std::size_t i = 0; i < p.buffer_size(); ++i)
      finite = finite && std::isfinite(p.values()[i]);
    CHECK(finite);
    CHECK(std::isfinite(lab.arm_metrics(arm).test_loss));
  }
  // The page's "lower the learning rate and resume".
  lab.set_learning_rate(0.05);
  const long from = lab.steps_done();
  CHECK(lab.step(200).ok());
  CHECK(lab.steps_done() == from + 200);
}
