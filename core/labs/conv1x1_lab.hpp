// The 1x1 convolution lab (seed 001): an explorer that runs the real 1x1 kernel on one tensor, the
// seed's cost arithmetic, and a tiny CNN trained in four variants side by side.
//
// Explorer (no training): x (H, W, C_in) and C_out filters W (C_in, C_out) + b, drawn from a seed;
// y = conv1x1(x) through nn::conv2d_forward's direct path (x viewed as (H·W, C_in) times W). For a
// chosen pixel (y, x) the page shows the C_in input vector, the weights as the C_out x C_in matrix
// of the seed's formula O(x, y, j) = Σ_i I(x, y, i) · W(j, i) + b(j), and the C_out output vector.
//
// Training: 16x16 RGB images of data/shapes16 (task colour or spatial), four classes. Every
// variant is trained as an arm in lockstep (same seed, same initial weights where the layers
// agree, same batches); the schema's `variant` is arm 0, the others follow in the fixed order
// plain, bottleneck, bottleneck_relu, pointwise_only. C1 = 16, C2 = C3 = 32, r = the training
// bottleneck width (schema key train_bottleneck, default 8). Every conv has stride 1 and "same"
// padding; [BN] = BatchNorm after the conv when the batchnorm toggle is on (the conv then has no
// bias: BN's β replaces it).
//
//   plain            conv3x3 3→C1 [BN] ReLU, maxpool 2 (8x8), conv3x3 C1→C2 [BN] ReLU,
//                    maxpool 2 (4x4), conv3x3 C2→C3 [BN] ReLU
//   bottleneck       conv3x3 3→C1 [BN] ReLU, maxpool 2, conv1x1 C1→r [BN], conv3x3 r→C2 [BN] ReLU,
//                    maxpool 2, conv1x1 C2→r [BN], conv3x3 r→C3 [BN] ReLU
//                    (a 1x1 reduction in front of each 3x3 with a large input channel count; with
//                    no ReLU in between, 1x1 then 3x3 is a low-rank factorisation of the 3x3)
//   bottleneck_relu  the same with ReLU after each 1x1 (the non-linearity a 1x1 layer can add)
//   pointwise_only   conv1x1 3→C1 [BN] ReLU, conv1x1 C1→C2 [BN] ReLU, conv1x1 C2→C3 [BN] ReLU at
//                    16x16 (no 3x3, no pooling: no spatial context at all, the seed's limitation)
//   every arm        global average pool (B, C3), dropout p, dense C3→4, softmax cross-entropy
//
// Forward MACs per image at r = 8 (arm_macs, the dense layer's 128 included): plain 553,088;
// bottleneck(_relu) 307,328 (55.6%); pointwise 405,632 (all of it at full resolution). The L2
// toggle is the optimizer's coupled weight decay on conv and dense weights (not biases, BN's γ/β).
//
// Views are copy-out friendly: float pointers + sizes, valid until the next non-const call.
// Every buffer is allocated in reset(); step(), evaluation and the views allocate nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/rng.hpp"
#include "base/status.hpp"
#include "data/shapes16.hpp"
#include "labs/guard.hpp"
#include "labs/lab.hpp"
#include "nn/optim.hpp"
#include "nn/params.hpp"
#include "schema/schema.hpp"

namespace prayog::labs {

// ---------------------------------------------------------------------------------------------
// Cost arithmetic (the explorer's counters and `prayog info --lab conv1x1`)

// One layer or block: output shape, parameters (weights + biases), multiply-adds of one forward
// pass over one H x W input (FLOPs = 2 x MACs; bias adds are not counted).
struct LayerCost {
  int out_h = 0, out_w = 0, out_c = 0;
  long long params = 0, macs = 0;
};

// "Same" padding (k/2) throughout, so every block keeps H x W, as in the seed's example.
struct Conv1x1Costs {
  int h = 0, w = 0, cin = 0, cout = 0, k = 1, r = 1;
  LayerCost pointwise;  // 1x1 conv C_in → C_out: C_in·C_out + C_out params, H·W·C_in·C_out MACs
  LayerCost plain;      // kxk conv C_in → C_out
  LayerCost reduce;     // bottleneck part 1: 1x1 C_in → r
  LayerCost spatial;    // bottleneck part 2: kxk r → C_out
  LayerCost bottleneck;           // reduce + spatial (Inception / ResNet style)
  LayerCost nin;                  // NiN mlpconv: kxk C_in → C_out, then 1x1 C_out → C_out twice
  double bottleneck_ratio = 0.0;  // bottleneck.macs / plain.macs
};

// Sizes >= 1 (k odd); no other check (the schema's ranges apply before).
Conv1x1Costs conv1x1_costs(int h, int w, int cin, int cout, int k, int r);
// From the "conv1x1" schema's values (h, w, cin, cout, k, bottleneck).
Conv1x1Costs conv1x1_costs(const schema::Values& values);

// ---------------------------------------------------------------------------------------------
// Explorer

struct Conv1x1ExplorerOptions {
  int h = 32, w = 32, cin = 64, cout = 32;  // the seed's 32x32x64 -> 32 filters
  std::uint64_t seed = 1;
};

// A row-major matrix (and, for weights, the bias beside it).
struct WeightMatrix {
  const float* data = nullptr;  // (rows, cols)
  int rows = 0, cols = 0;
  const float* bias = nullptr;  // (rows) or null
  std::size_t size() const {
    return static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  }
};

// An NHWC feature map of one image: (h, w, c).
struct FeatureMap {
  const float* data = nullptr;
  int h = 0, w = 0, c = 0;
  std::size_t size() const {
    return static_cast<std::size_t>(h) * static_cast<std::size_t>(w) * static_cast<std::size_t>(c);
  }
};

// One pixel of the explorer: O(y, x, j) = Σ_i input[i] · weights(j, i) + bias[j] = output[j].
struct PixelView {
  int y = 0, x = 0;
  const float* input = nullptr;   // (C_in)
  const float* output = nullptr;  // (C_out)
  int cin = 0, cout = 0;
};

class Conv1x1Explorer {
 public:
  // options are valid (validate_conv1x1_explorer): allocates and runs the kernel once.
  explicit Conv1x1Explorer(const Conv1x1ExplorerOptions& options);

  const Conv1x1ExplorerOptions& options() const { return opt_; }
  // x (H, W, C_in): uniform in [0, 1) from the seed (think of activations after a ReLU).
  FeatureMap input() const { return {x_.data(), opt_.h, opt_.w, opt_.cin}; }
  // y (H, W, C_out): the real kernel's output.
  FeatureMap output() const { return {y_.data(), opt_.h, opt_.w, opt_.cout}; }
  // The filters as the seed's W(j, i): (C_out, C_in), bias (C_out). He-style N(0, 1/C_in) weights
  // and N(0, 0.1²) biases from the seed.
  WeightMatrix weights() const { return {wt_.data(), opt_.cout, opt_.cin, b_.data()}; }
  // Parameters and MACs of this layer (the seed's example: 2,080 and 2,097,152).
  long long params() const;
  long long macs() const;
  // The comparison for kernel k and bottleneck width r at this tensor's H, W, C_in, C_out.
  Conv1x1Costs costs(int k, int r) const;

  // kInvalidArgument ("error.out_of_range") outside 0..H-1 / 0..W-1; the previous pixel stays.
  Status select_pixel(int y, int x);
  PixelView pixel() const;

 private:
  Conv1x1ExplorerOptions opt_;
  std::vector<float> x_, w_, wt_, b_, y_;  // w_ (C_in, C_out) for the kernel, wt_ its transpose
  int py_ = 0, px_ = 0;
};

Status validate_conv1x1_explorer(const Conv1x1ExplorerOptions& options);
std::size_t conv1x1_explorer_bytes(const Conv1x1ExplorerOptions& options);
// h, w, cin, cout, seed from the "conv1x1" schema's values.
Conv1x1ExplorerOptions conv1x1_explorer_options(const schema::Values& values);

// ---------------------------------------------------------------------------------------------
// Training

enum class Conv1x1Variant : int {
  kPlain = 0,
  kBottleneck = 1,
  kBottleneckRelu = 2,
  kPointwise = 3
};
constexpr int kConv1x1Variants = 4;
// "plain", "bottleneck", "bottleneck_relu", "pointwise_only" (the schema's choices).
const char* conv1x1_variant_name(Conv1x1Variant variant);

struct Conv1x1Options;
// A variant's whole network for one 16x16x3 image without building it: output (1, 1, 4), its
// parameters (BatchNorm's γ/β instead of conv biases when on) and forward MACs — the same numbers
// as Conv1x1Lab::arm_metrics (tested).
LayerCost conv1x1_variant_cost(Conv1x1Variant variant, const Conv1x1Options& options);

struct Conv1x1Options {
  // From the schema.
  std::uint64_t seed = 1;
  nn::OptimizerKind optimizer = nn::OptimizerKind::kAdam;
  double lr = 3e-3;
  int batch_size = 32;
  data::ShapesTask task = data::ShapesTask::kColour;
  Conv1x1Variant variant = Conv1x1Variant::kBottleneck;  // arm 0
  bool batchnorm = false;
  double dropout = 0.0;  // p of the dropout before the dense layer, 0 <= p < 1
  double l2 = 0.0;       // weight decay coefficient
  int bottleneck = 8;    // r, the width of the training 1x1 reductions ("train_bottleneck")
  // Not in the schema.
  bool all_arms = true;  // false: only the selected variant (one arm)
  int c1 = 16, c2 = 32, c3 = 32;
  int train_size = 2400, heldout_size = 600;
};

// Per-arm numbers the page shows side by side.
struct Conv1x1ArmMetrics {
  double loss = 0.0;          // training batch loss of the last step (held-out loss before one)
  double accuracy = 0.0;      // held-out accuracy in [0, 1]
  double heldout_loss = 0.0;  // mean held-out cross-entropy
  double ms = 0.0;  // wall time of this arm's forward + backward + update, mean over its last 20
                    // steps (std::chrono::steady_clock; 0 before the first step)
  long long params = 0;  // parameters (BatchNorm's running statistics not counted)
  long long macs = 0;    // multiply-adds of the forward pass for ONE image
};

class Conv1x1Lab : public Lab {
 public:
  // options are valid (validate_conv1x1): the constructor allocates everything.
  explicit Conv1x1Lab(const Conv1x1Options& options);
  ~Conv1x1Lab() override;
  Conv1x1Lab(const Conv1x1Lab&) = delete;
  Conv1x1Lab& operator=(const Conv1x1Lab&) = delete;

  // Lab
  void reset(std::uint64_t seed) override;
  Status step(int n) override;
  long steps_done() const override { return steps_; }
  // Where a divergence goes back to (labs/guard.hpp): every arm's weights and BatchNorm
  // statistics at this step.
  long checkpoint_step() const { return checkpoint_step_; }
  // loss (arm 0's last training batch), accuracy (arm 0, held-out), ms (arm 0, per step).
  std::vector<std::string> metric_names() const override;
  std::vector<double> metrics() override;
  std::vector<double> arm_metric_values(int arm) override;  // loss, accuracy, ms of any arm
  long default_steps() const override { return kDefaultSteps; }
  int arm_count() const override;
  std::string arm_label(int arm) const override { return conv1x1_variant_name(arm_variant(arm)); }
  const nn::Params<float>& arm_params(int arm) const override { return params(arm); }
  void set_learning_rate(double lr) override;

  // Enough for every arm on both tasks (measured: see tests/learn/test_learn_conv1x1.cpp).
  static constexpr long kDefaultSteps = 600;

  const Conv1x1Options& options() const { return opt_; }
  const data::Shapes& data() const { return *data_; }
  int heldout_count() const { return data_->heldout().count; }
  // Legend names of the task's classes (data::shapes_class_name): "blue" .. / "horizontal" ..
  const char* class_name(int cls) const { return data::shapes_class_name(opt_.task, cls); }
  Conv1x1Variant arm_variant(int arm) const;
  // Held-out evaluation of every arm (cached until the next step or reset).
  Conv1x1ArmMetrics arm_metrics(int arm);
  double last_loss(int arm) const;
  long long arm_macs(int arm) const;         // forward, one image
  long long arm_param_count(int arm) const;  // parameters proper
  nn::Params<float>& params(int arm);
  const nn::Params<float>& params(int arm) const;
  // Held-out predictions of an arm (evaluates if needed): (held-out count) class ids.
  const std::vector<int>& heldout_predictions(int arm);

  // The arm's 1x1 layers, in network order (0 for plain; 2 for the bottlenecks; 3 pointwise).
  int pointwise_layers(int arm) const;
  // Weights of 1x1 layer `layer` of an arm as the seed's W(j, i): (C_out, C_in) + bias (null with
  // BatchNorm on). Empty (null, 0 x 0) when the arm has no such layer.
  WeightMatrix pointwise_weights(int arm, int layer = 0);

  // The held-out image the feature-map views show (default 0; kept by reset). kInvalidArgument
  // outside the set. The views below are recomputed lazily after select_image, step and reset.
  Status select_image(int index);
  int selected_image() const { return image_; }
  const float* image_pixels();  // (16, 16, 3) in [0, 1]
  int image_label() const;
  // The arm's first 1x1 layer for the selected image: its input (before) and its output after its
  // BatchNorm / ReLU if any (after: what the next layer reads). Empty for an arm without 1x1.
  FeatureMap feature_before(int arm);
  FeatureMap feature_after(int arm);
  const float* image_probs(int arm);  // (4) softmax of the arm's logits
  int image_predicted(int arm);

  // Test hook: writes NaN into one weight of an arm, as a diverging update would.
  void poison_weights_for_test(int arm);
  // Test hook: the dropout mask of an arm's last training forward, (batch, C3), 1 = kept.
  const std::uint8_t* dropout_mask_for_test(int arm) const;
  // Test hook: BatchNorm running statistics of a conv layer (index into the arm's layers, pools
  // included): (mean, variance) pointers of `channels` values; null when BatchNorm is off.
  struct RunningStats {
    const float* mean = nullptr;
    const float* var = nullptr;
    int channels = 0;
  };
  RunningStats batchnorm_stats_for_test(int arm, int layer) const;

 private:
  struct Arm;  // one model (conv1x1_lab.cpp)

  void next_batch();
  void evaluate();
  void refresh_views();
  Arm& arm(int i);
  const Arm& arm(int i) const;

  Conv1x1Options opt_;
  int cap_ = 32;  // images per forward (batch and evaluation chunk)
  std::unique_ptr<data::Shapes> data_;
  std::vector<std::unique_ptr<Arm>> arms_;
  Rng batch_rng_;
  std::vector<float> x_, dcols_;
  std::vector<double> bn_scratch_;
  std::vector<int> labels_, order_;
  std::size_t cursor_ = 0;
  std::vector<float> image_pixels_;  // (16, 16, 3) of the selected image
  long steps_ = 0, checkpoint_step_ = 0;
  DivergenceGuard guard_;
  bool eval_dirty_ = true, views_dirty_ = true;
  int image_ = 0;
};

// Range checks (message keys as the schema's) and the bytes the lab would allocate.
Status validate_conv1x1(const Conv1x1Options& options);
std::size_t conv1x1_lab_bytes(const Conv1x1Options& options);

// Options from the "conv1x1" schema's values.
Conv1x1Options conv1x1_options(const schema::Values& values);
// Validates `values` against the "conv1x1" schema first: null (and *status set) when invalid.
std::unique_ptr<Conv1x1Lab> make_conv1x1_lab(const schema::Values& values,
                                             Status* status = nullptr);
std::unique_ptr<Conv1x1Lab> make_conv1x1_lab(const Conv1x1Options& options,
                                             Status* status = nullptr);

}  // namespace prayog::labs
