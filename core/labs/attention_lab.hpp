// The attention lab, sequence tasks (copy / reverse / sort over ten symbols, data/sequence_tasks):
//
//   x0 = E[token] + P[position]                      (B, T, D)  learned embedding and positions
//   x_{l+1} = x_l + MHA_l(x_l)                         l = 0 .. layers-1, no causal mask
//   logits = x_L Wout + bout                           (B, T, 10), softmax cross-entropy per token
//
// MHA is nn/mha.hpp's block (Wq, Wk, Wv, Wo with biases, heads side by side); every parameter lives
// in one Params<float>. With attention = hard the lab trains two arms in lockstep from the same
// seed (same initial weights, same batches): "hard" (each query attends to ONE key sampled from its
// softmax row, trained with the straight-through estimator, nn/hard_attention.hpp) and "soft".
// The selected kind is arm 0, the primary arm of metrics() and the CLI; with attention = soft
// there is one arm.
//
// Views (read-only, copy-out friendly: float pointers + sizes, valid until the next non-const
// call) for one chosen held-out example: tokens in / target / predicted, and per arm, layer and
// head Q, K, V (T, dk), raw QKᵀ (T, T), the softmax (T, T) and, for the hard arm, the sampled
// one-hot picks (T, T). Metrics per arm: training loss of the last step, held-out token accuracy,
// mean attention entropy over the held-out set, global gradient norm of the last step.
//
// Two demos beside training (free functions below): √d scaling at initialisation for growing
// d_model, and the n² cost of attention (time and bytes of one forward + backward for T = 8..256).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/rng.hpp"
#include "base/status.hpp"
#include "data/sequence_tasks.hpp"
#include "labs/guard.hpp"
#include "labs/lab.hpp"
#include "nn/optim.hpp"
#include "nn/params.hpp"
#include "schema/schema.hpp"

namespace prayog::labs {

// The schema's values, typed (plus the model choices the schema does not expose).
struct AttentionConfig {
  data::SeqTask task = data::SeqTask::kReverse;
  int length = 8;
  data::SeqVocab vocab = data::SeqVocab::kDigits;
  int d_model = 32;
  int heads = 2;
  int layers = 1;
  bool scaled = true;  // softmax(QKᵀ/√dk) when true, softmax(QKᵀ) when false
  bool hard = false;   // train a hard-attention arm beside the soft one
  nn::OptimizerKind optimizer = nn::OptimizerKind::kAdam;
  double lr = 3e-3;
  int batch = 32;
  std::uint64_t seed = 1;
  // Not in the schema (fixed for the page; tests may change them).
  int train_size = 2048;
  int heldout_size = 512;
};

// From values that passed schema::validate for the "attention" lab.
AttentionConfig attention_config(const schema::Values& values);

struct MatrixView {
  const float* data = nullptr;
  int rows = 0, cols = 0;  // row-major
  std::size_t size() const {
    return static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  }
};
struct TokenView {
  const int* data = nullptr;
  int size = 0;
};

struct ArmMetrics {
  double loss = 0.0;          // training batch loss of the last step (held-out loss before step 1)
  double accuracy = 0.0;      // held-out token accuracy, in [0, 1]
  double entropy = 0.0;       // mean softmax-row entropy (nats) over held-out, layers and heads
  double grad_norm = 0.0;     // global gradient norm of the last step (0 before step 1)
  double heldout_loss = 0.0;  // mean cross-entropy on the held-out set
};

// One d_model of the scaling demo: the same initial weights and batch, √d scaling off and on.
struct ScalingPoint {
  int d_model = 0;
  int head_dim = 0;
  double entropy_unscaled = 0.0, entropy_scaled = 0.0;      // mean softmax-row entropy (nats)
  double grad_norm_unscaled = 0.0, grad_norm_scaled = 0.0;  // global gradient norm
  // Gradient norm of the query/key projections only (Wq, bq, Wk, bk of every layer): what
  // reaches them passes through the softmax.
  double qk_grad_norm_unscaled = 0.0, qk_grad_norm_scaled = 0.0;
  // ‖∂L/∂z‖ over every layer, example and head, z = the softmax's input (QKᵀ/√dk, or QKᵀ with
  // scaling off): the gradient the softmax passes back to the scores. Its Jacobian goes to 0 on a
  // one-hot row, so this is what saturation starves (the Q/K parameter gradients above can still
  // grow without scaling: the unscaled scores multiply them by √dk).
  double score_grad_norm_unscaled = 0.0, score_grad_norm_scaled = 0.0;
  double max_entropy = 0.0;  // ln T: a uniform row
};

// One length of the cost demo: one forward + backward (no optimizer) of the model at fixed
// d_model / heads / layers / batch.
struct CostPoint {
  int length = 0;
  double ms = 0.0;  // mean wall time (std::chrono::steady_clock); -1: skipped, over half the budget
  std::size_t bytes = 0;            // parameters + gradients, kept activations and scratch
  std::size_t attention_bytes = 0;  // of which the (B, H, T, T) score/softmax/scratch blocks
  long long macs = 0;               // multiply-adds of forward + backward
};

class AttentionLab : public Lab {
 public:
  explicit AttentionLab(const AttentionConfig& config);
  ~AttentionLab() override;
  AttentionLab(const AttentionLab&) = delete;
  AttentionLab& operator=(const AttentionLab&) = delete;

  // Lab
  void reset(std::uint64_t seed) override;
  Status step(int n) override;
  long steps_done() const override { return steps_; }
  // The step whose weights a divergence goes back to (labs/guard.hpp).
  long checkpoint_step() const { return checkpoint_step_; }
  std::vector<std::string> metric_names() const override;
  std::vector<double> metrics() override;  // arm 0
  long default_steps() const override { return kDefaultSteps; }
  int arm_count() const override { return static_cast<int>(arms_.size()); }
  std::string arm_label(int arm) const override { return arm_name(arm); }
  const nn::Params<float>& arm_params(int arm) const override { return params(arm); }
  void set_learning_rate(double lr) override;
  double train_loss(int a) const override;
  double train_grad_norm(int a) const override;

  // Measured with the defaults otherwise (seed 1): reverse of length 8 reaches 95% held-out token
  // accuracy after ~45 steps (tested within 300), reverse 12 after ~100, sort 8 after ~300 (one
  // layer) and the hard arm learns reverse after ~100; 1000 steps leave room for every task.
  static constexpr long kDefaultSteps = 1000;
  // Name of the hard-attention gradient estimator (UI label; message key "estimator.<name>").
  static const char* hard_estimator() { return "straight-through"; }

  const AttentionConfig& config() const { return config_; }
  int head_dim() const { return config_.d_model / config_.heads; }
  // The factor softmax sees the raw scores multiplied by: 1/√dk, or 1 with scaling off.
  float score_scale() const;
  const data::SequenceTasks& data() const { return *data_; }
  const char* symbol(int id) const { return data::symbol_utf8(config_.vocab, id); }

  const char* arm_name(int arm) const;  // "soft" or "hard"
  bool arm_is_hard(int arm) const;
  ArmMetrics arm_metrics(int arm);
  const nn::Params<float>& params(int arm) const;

  // The held-out example the views show (0 .. heldout count - 1; default 0).
  int heldout_count() const { return data_->heldout().count; }
  Status set_example(int index);
  int example() const { return example_; }

  TokenView view_input();
  TokenView view_target();
  TokenView view_predicted(int arm);
  MatrixView view_probs(int arm);  // (T, 10) output distribution per position
  MatrixView view_q(int arm, int layer, int head);
  MatrixView view_k(int arm, int layer, int head);
  MatrixView view_v(int arm, int layer, int head);
  MatrixView view_scores(int arm, int layer, int head);  // raw QKᵀ; × score_scale() -> softmax
  MatrixView view_attention(int arm, int layer, int head);  // softmax rows (sum to 1)
  MatrixView view_picks(int arm, int layer, int head);      // hard arm: one-hot rows; else empty

  // Test hook: writes NaN into one weight of an arm, as a diverging update would.
  void poison_weights_for_test(int arm);

 private:
  struct Arm;  // one model: parameters, optimizer, buffers, views (attention_lab.cpp)

  void evaluate();
  void refresh_views();
  const Arm& arm(int i) const;
  Arm& arm(int i);
  bool valid_head(int arm, int layer, int head) const;

  AttentionConfig config_;
  std::unique_ptr<data::SequenceTasks> data_;
  std::vector<std::unique_ptr<Arm>> arms_;
  Rng batch_rng_;
  std::vector<int> batch_inputs_, batch_targets_;  // (B, T)
  long steps_ = 0, checkpoint_step_ = 0;
  DivergenceGuard guard_;
  bool eval_dirty_ = true, views_dirty_ = true;
  int example_ = 0;
};

// Validates `values` against the "attention" schema first: null (and *status set) when invalid.
std::unique_ptr<AttentionLab> make_attention_lab(const schema::Values& values,
                                                 Status* status = nullptr);

// √d scaling at initialisation: for d_model in {8, 16, 32, 64, 128} (heads, layers, task, length,
// batch and seed from `config`), one forward + backward on the same batch with scaling off and on.
std::vector<ScalingPoint> attention_scaling_demo(const AttentionConfig& config);

// The cost of attention: forward + backward time and bytes for each length (default 8 .. 256) at
// the config's d_model, heads and layers, with `batch` sequences (random tokens) — a timing sweep,
// not training. `repeats` timed runs per length after one warm-up.
std::vector<CostPoint> attention_cost_demo(const AttentionConfig& config,
                                           const std::vector<int>& lengths = {8, 16, 32, 64, 128,
                                                                              256},
                                           int batch = 8, int repeats = 3);

}  // namespace prayog::labs
