// Attention over images (the attention lab's image part, seed 000 section 5-6): a small CNN over
// the synthetic scenes of data/scenes.hpp, a learned query that scores every feature-map cell,
// softmax over the cells, the attention-weighted sum, a classifier. The seed's four steps are
// exposed as data for one chosen held-out image, with the region table (object / background /
// distractor share of the attention) that echoes the seed's Face / Background / Car table.
//
//   x      (B, 24, 24, 3)   pixels in [0, 1]
//   conv1  3x3, 3 -> 16, pad 1, ReLU          (B, 24, 24, 16)
//   pool   max 2x2                             (B, 12, 12, 16)
//   conv2  3x3, 16 -> 32, pad 1, ReLU          (B, 12, 12, 32)
//   conv3  3x3, 32 -> C, pad 1, ReLU           (B, 12, 12, C) = f: (B, N = 144, C)   step 1
//   k_i = f_i Wk (optional), s_i = k_i · q, a = softmax(s / √C) over the 144 cells     step 2
//   context = Σ_i a_i f_i                      (B, C)                                  step 3
//   logits = context · Wfc + b                 (B, 4), softmax cross-entropy           step 4
//
// Why this CNN: one pooling gives a 12x12 map whose cell is a 2x2 pixel block, fine enough for an
// overlay that reads on the image and for objects of 6-8 px to cover at most 25 of 144 cells; the
// receptive field of a conv3 cell is 12 px, so a cell near the object's centre sees the whole
// shape (what a query can single out), while one pooling keeps the cost at ~2.3M MACs per image.
// All im2col + GEMM; every buffer is allocated in reset(), none in step().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/scenes.hpp"
#include "labs/guard.hpp"
#include "labs/lab.hpp"
#include "nn/conv2d.hpp"
#include "nn/optim.hpp"
#include "nn/params.hpp"
#include "nn/pool.hpp"
#include "nn/spatial_attention.hpp"
#include "schema/schema.hpp"

namespace prayog::labs {

struct AttentionImagesOptions {
  // From the "attention" schema (same keys as the sequence lab).
  std::uint64_t seed = 1;
  nn::OptimizerKind optimizer = nn::OptimizerKind::kAdam;
  double lr = 3e-3;
  int batch_size = 32;
  bool scaled = true;  // "scale": scores · 1/√C before the softmax
  // Image-only settings (not yet in the schema; make_attention_images_lab reads them when these
  // keys appear): "image_channels" C of the feature map, "image_key_proj" a learned Wk (C, C),
  // "image_train_size" / "image_heldout_size" the fixed sets, "image_distractors" the most
  // distractors per scene, "image_flip" random horizontal flips of training images (every class
  // is left-right symmetric).
  int channels = 32;
  int conv1_channels = 16, conv2_channels = 32;
  bool key_proj = true;
  int train_size = 2048, heldout_size = 512;
  int max_distractors = 3;
  bool flip = true;
};

// Share of the attention mass on each region of the feature map, indexed by data::Region
// (background 0, object 1, distractor 2).
struct RegionTable {
  double mass[data::kRegions] = {0, 0, 0};   // Σ a_i over the region's cells (sums to 1)
  double cells[data::kRegions] = {0, 0, 0};  // how many cells the region has
  // Mean weight of one of the region's cells relative to uniform attention (1 = a_i of 1/N; 0 when
  // the region has no cells): the per-cell "importance score" of the seed's table.
  double per_cell[data::kRegions] = {0, 0, 0};
};

// The seed's four steps for one held-out image, and what the page draws around them.
struct ImageView {
  int index = 0;                      // into the held-out set
  int label = 0, predicted = 0;       // class ids (data::shape_name)
  int grid = 12, channels = 32;       // feature map is grid x grid cells of C channels
  std::vector<float> pixels;          // (24, 24, 3) in [0, 1]
  std::vector<std::uint8_t> regions;  // (grid, grid) data::Region of each cell
  // 1. feature extraction
  std::vector<float> features;      // (grid·grid, C)
  std::vector<float> feature_mean;  // (grid·grid): channel mean of each cell
  // 2. attention map: raw scores k_i · q, the factor softmax applies, the weights (sum to 1)
  std::vector<float> scores;     // (grid·grid)
  float score_scale = 1.0f;      // 1/√C when scaled, else 1
  std::vector<float> attention;  // (grid, grid)
  // 3. weighted summation
  std::vector<float> context;  // (C)
  // 4. prediction
  std::vector<float> logits, probs;  // (4)
  RegionTable regions_table;
  double entropy = 0.0;  // -Σ a_i ln a_i (nats; uniform is ln N)
};

// Held-out evaluation with the current weights.
struct ImageEval {
  double loss = 0.0, accuracy = 0.0;
  double object_attention = 0.0;  // mean over images of the mass on object cells
  double entropy = 0.0;           // mean attention entropy (nats)
  RegionTable regions;            // mean over images (per_cell: over images having the region)
};

class AttentionImagesLab : public Lab {
 public:
  // options are valid (see validate_attention_images): the constructor allocates everything.
  explicit AttentionImagesLab(const AttentionImagesOptions& options);

  void reset(std::uint64_t seed) override;
  Status step(int n) override;
  long steps_done() const override { return steps_; }
  // The step whose weights a divergence goes back to (labs/guard.hpp).
  long checkpoint_step() const { return checkpoint_step_; }
  // loss (last training batch), accuracy (held-out), object_attention (held-out mean share on the
  // object's cells), entropy (held-out mean, nats), grad_norm (last step, before clipping).
  std::vector<std::string> metric_names() const override;
  std::vector<double> metrics() override;
  long default_steps() const override { return 600; }

  const AttentionImagesOptions& options() const { return opt_; }
  const data::Scenes& scenes() const { return *scenes_; }
  int grid() const { return grid_; }
  int cells() const { return grid_ * grid_; }
  int channels() const { return opt_.channels; }
  double last_loss() const { return last_loss_; }
  double last_grad_norm() const { return last_grad_norm_; }
  std::string arm_label(int) const override { return "main"; }
  const nn::Params<float>& arm_params(int) const override { return params_; }
  void set_learning_rate(double lr) override { optimizer_->set_lr(lr); }
  double train_loss(int) const override { return last_loss_; }
  double train_grad_norm(int) const override { return last_grad_norm_; }

  // Held-out evaluation (cached until the next step or reset); per-image predictions beside it.
  const ImageEval& evaluate();
  const std::vector<int>& heldout_predictions() {
    evaluate();
    return heldout_pred_;
  }

  // The four steps for held-out image `index` with the current weights (call again after step()
  // to refresh). kInvalidArgument when index is outside the held-out set.
  Status select_image(int index);
  const ImageView& image_view() const { return view_; }

  nn::Params<float>& params() { return params_; }
  const nn::Params<float>& params() const { return params_; }
  // Multiply-adds of one training step's forward pass (backward is about twice that).
  long long forward_macs() const;

 private:
  struct Conv {
    nn::Conv2DDims dims;  // n = the batch capacity; forward() sets n per call
    int w = 0, b = 0;     // parameter ids
  };
  void allocate();
  void init_weights(Rng& rng);
  void next_batch();
  // Forward of n images (n <= capacity) from x_; keeps every activation backward needs.
  void forward(int n);
  double train_step();
  const nn::SpatialAttentionDims& attn_dims(int n);
  void fill_table(const std::uint8_t* regions, const float* attn, RegionTable& t) const;

  AttentionImagesOptions opt_;
  int grid_ = 12, cap_ = 1;
  std::unique_ptr<data::Scenes> scenes_;
  nn::Params<float> params_;
  std::unique_ptr<nn::Optimizer<float>> optimizer_;
  std::vector<float> checkpoint_;  // weights at checkpoint_step_ (labs/guard.hpp)
  long checkpoint_step_ = 0;
  DivergenceGuard guard_;
  Rng batch_rng_;
  Conv conv1_, conv2_, conv3_;
  nn::PoolDims pool_;
  nn::SpatialAttentionDims attn_;
  int query_ = 0, wk_ = 0, fc_w_ = 0, fc_b_ = 0;

  // Batch buffers (capacity cap_ images).
  std::vector<float> x_, cols1_, a1_, p1_, cols2_, a2_, cols3_, f_, attn_acts_, pooled_, logits_,
      probs_;
  std::vector<int> argmax_, labels_;
  std::vector<float> dlogits_, dpooled_, df_, da2_, dp1_, da1_, dcols_, attn_scratch_;
  std::vector<int> order_;
  std::size_t cursor_ = 0;

  long steps_ = 0;
  double last_loss_ = 0.0, last_grad_norm_ = 0.0;
  bool eval_valid_ = false;
  ImageEval eval_;
  std::vector<int> heldout_pred_;
  ImageView view_;
};

// Range checks of the options (message keys as the schema's), and the bytes they would allocate.
Status validate_attention_images(const AttentionImagesOptions& options);
std::size_t attention_images_bytes(const AttentionImagesOptions& options);

// Options from the "attention" schema's values: seed, lr, optimizer, batch_size, scale where
// present, and the image_* keys above once the schema has them; defaults otherwise.
AttentionImagesOptions attention_images_options(const schema::Values& values);
std::unique_ptr<AttentionImagesLab> make_attention_images_lab(const schema::Values& values);
std::unique_ptr<AttentionImagesLab> make_attention_images_lab(
    const AttentionImagesOptions& options);

}  // namespace prayog::labs
