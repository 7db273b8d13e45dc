#include "labs/attention_images.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "kernels/softmax.hpp"
#include "labs/lab_util.hpp"
#include "nn/activation.hpp"
#include "nn/dense.hpp"
#include "nn/loss.hpp"

namespace prayog::labs {

namespace {

constexpr int kClasses = data::kSceneClasses;
constexpr int kSize = data::kSceneSize;
constexpr int kCell = 2;  // the CNN's total stride: one 2x2 max pool

double entropy_of(const float* a, int n) {
  double h = 0.0;
  for (int i = 0; i < n; ++i)
    if (a[i] > 0.0f) h -= static_cast<double>(a[i]) * std::log(static_cast<double>(a[i]));
  return h;
}

// Image bytes (24, 24, 3) to floats in [0, 1], optionally mirrored left-right.
void load_image(float* out, const std::uint8_t* bytes, bool flip) {
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x) {
      const std::uint8_t* src = bytes + (y * kSize + (flip ? kSize - 1 - x : x)) * 3;
      float* dst = out + (y * kSize + x) * 3;
      for (int c = 0; c < 3; ++c) dst[c] = static_cast<float>(src[c]) / 255.0f;
    }
}

data::SceneConfig scene_config(const AttentionImagesOptions& o) {
  data::SceneConfig c;
  c.cell = kCell;
  c.max_distractors = o.max_distractors;
  c.min_distractors = std::min(1, o.max_distractors);
  c.train_size = o.train_size;
  c.heldout_size = o.heldout_size;
  return c;
}

Status out_of_range(const char* field, double value, double lo, double hi) {
  const std::string v = schema::format_number(value), l = schema::format_number(lo),
                    h = schema::format_number(hi);
  return Status::Error(StatusCode::kInvalidArgument, "error.out_of_range",
                       std::string(field) + " = " + v + " is outside " + l + ".." + h,
                       {{"field", field}, {"value", v}, {"min", l}, {"max", h}});
}

}  // namespace

Status validate_attention_images(const AttentionImagesOptions& o) {
  struct Rule {
    const char* field;
    double value, lo, hi;
  };
  const Rule rules[] = {
      {"batch_size", static_cast<double>(o.batch_size), 1, 256},
      {"image_channels", static_cast<double>(o.channels), 1, 128},
      {"image_conv1_channels", static_cast<double>(o.conv1_channels), 1, 128},
      {"image_conv2_channels", static_cast<double>(o.conv2_channels), 1, 128},
      {"image_train_size", static_cast<double>(o.train_size), 1, 65536},
      {"image_heldout_size", static_cast<double>(o.heldout_size), 1, 65536},
      {"image_distractors", static_cast<double>(o.max_distractors), 0, 8},
  };
  for (const Rule& r : rules)
    if (!(r.value >= r.lo && r.value <= r.hi)) return out_of_range(r.field, r.value, r.lo, r.hi);
  nn::OptimConfig oc;
  oc.kind = o.optimizer;
  oc.lr = o.lr;
  return nn::validate(oc);
}

std::size_t attention_images_bytes(const AttentionImagesOptions& o) {
  const std::size_t cap = static_cast<std::size_t>(std::max(o.batch_size, 32));
  const std::size_t c1 = o.conv1_channels, c2 = o.conv2_channels, c = o.channels;
  const std::size_t big = kSize * kSize, cells = big / (kCell * kCell);
  const std::size_t params =
      27 * c1 + c1 + 9 * c1 * c2 + c2 + 9 * c2 * c + c + c + (o.key_proj ? c * c : 0) + c * 4 + 4;
  // values, gradients, two Adam moments, and the last good copy of values and moments
  const std::size_t param_floats = 7 * params;
  const std::size_t per_image = big * 3 + big * 27 + 2 * big * c1 + 3 * cells * c1 +
                                cells * 9 * c1 + 2 * cells * c2 + cells * 9 * c2 +
                                cells * 9 * std::max(c1, c2) + 2 * cells * c +
                                (o.key_proj ? 2 * cells * c : 0) + 4 * cells + 2 * c + 12;
  const std::size_t view = big * 3 + cells * (c + 4) + 2 * c;
  return (param_floats + cap * per_image + view) * sizeof(float) +
         data::Scenes::bytes(scene_config(o)) + cap * sizeof(int) * (cells * c1 + 1) +
         static_cast<std::size_t>(o.train_size + o.heldout_size) * sizeof(int);
}

AttentionImagesOptions attention_images_options(const schema::Values& values) {
  AttentionImagesOptions o;
  const auto& all = values.all();
  const auto has = [&all](const char* key) { return all.count(key) != 0; };
  if (has("seed")) o.seed = static_cast<std::uint64_t>(values.number("seed"));
  if (has("lr")) o.lr = values.number("lr");
  if (has("batch_size")) o.batch_size = values.integer("batch_size");
  if (has("scale")) o.scaled = values.flag("scale");
  if (has("optimizer")) {
    const std::string& name = values.choice("optimizer");
    const int index = values.integer("optimizer");  // the schema's order: sgd, momentum, adam
    if (name == "sgd" || (name.empty() && index == 0)) o.optimizer = nn::OptimizerKind::kSgd;
    if (name == "momentum" || (name.empty() && index == 1))
      o.optimizer = nn::OptimizerKind::kMomentum;
    if (name == "adam" || (name.empty() && index == 2)) o.optimizer = nn::OptimizerKind::kAdam;
  }
  if (has("image_channels")) o.channels = values.integer("image_channels");
  if (has("image_key_proj")) o.key_proj = values.flag("image_key_proj");
  if (has("image_train_size")) o.train_size = values.integer("image_train_size");
  if (has("image_heldout_size")) o.heldout_size = values.integer("image_heldout_size");
  if (has("image_distractors")) o.max_distractors = values.integer("image_distractors");
  if (has("image_flip")) o.flip = values.flag("image_flip");
  return o;
}

std::unique_ptr<AttentionImagesLab> make_attention_images_lab(const schema::Values& values) {
  return make_attention_images_lab(attention_images_options(values));
}

std::unique_ptr<AttentionImagesLab> make_attention_images_lab(
    const AttentionImagesOptions& options) {
  return std::make_unique<AttentionImagesLab>(options);
}

AttentionImagesLab::AttentionImagesLab(const AttentionImagesOptions& options) : opt_(options) {
  reset(opt_.seed);
}

void AttentionImagesLab::allocate() {
  const int c1 = opt_.conv1_channels, c2 = opt_.conv2_channels, c = opt_.channels;
  grid_ = kSize / kCell;
  const int n_cells = cells();
  // Held-out evaluation runs in chunks of the capacity: at least 32 images even for tiny batches.
  cap_ = std::max(opt_.batch_size, 32);
  conv1_.dims = nn::Conv2DDims{cap_, kSize, kSize, 3, c1, 3, 1, 1};
  pool_ = nn::PoolDims{cap_, kSize, kSize, c1, 2, 2};
  conv2_.dims = nn::Conv2DDims{cap_, grid_, grid_, c1, c2, 3, 1, 1};
  conv3_.dims = nn::Conv2DDims{cap_, grid_, grid_, c2, c, 3, 1, 1};
  attn_ = nn::SpatialAttentionDims{cap_, n_cells, c, opt_.scaled, opt_.key_proj, false};

  params_ = nn::Params<float>();
  conv1_.w = params_.add("conv1.w", {9 * 3, c1}, 0);
  conv1_.b = params_.add("conv1.b", {c1}, 0, false);
  conv2_.w = params_.add("conv2.w", {9 * c1, c2}, 1);
  conv2_.b = params_.add("conv2.b", {c2}, 1, false);
  conv3_.w = params_.add("conv3.w", {9 * c2, c}, 2);
  conv3_.b = params_.add("conv3.b", {c}, 2, false);
  query_ = params_.add("attn.query", {c}, 3, false);
  wk_ = opt_.key_proj ? params_.add("attn.wk", {c, c}, 3) : -1;
  fc_w_ = params_.add("fc.w", {c, kClasses}, 4);
  fc_b_ = params_.add("fc.b", {kClasses}, 4, false);
  params_.finalize();

  const auto sz = [](long long n) { return static_cast<std::size_t>(n); };
  const std::size_t cap = sz(cap_), big = sz(kSize) * kSize, nc = sz(n_cells);
  x_.assign(cap * big * 3, 0.0f);
  cols1_.assign(sz(conv1_.dims.cols_size()), 0.0f);
  a1_.assign(cap * big * sz(c1), 0.0f);
  p1_.assign(cap * nc * sz(c1), 0.0f);
  argmax_.assign(p1_.size(), 0);
  cols2_.assign(sz(conv2_.dims.cols_size()), 0.0f);
  a2_.assign(cap * nc * sz(c2), 0.0f);
  cols3_.assign(sz(conv3_.dims.cols_size()), 0.0f);
  f_.assign(cap * nc * sz(c), 0.0f);
  attn_acts_.assign(attn_.acts_size(), 0.0f);
  attn_scratch_.assign(attn_.scratch_size(), 0.0f);
  pooled_.assign(cap * sz(c), 0.0f);
  logits_.assign(cap * kClasses, 0.0f);
  probs_.assign(cap * kClasses, 0.0f);
  labels_.assign(cap, 0);
  dlogits_.assign(logits_.size(), 0.0f);
  dpooled_.assign(pooled_.size(), 0.0f);
  df_.assign(f_.size(), 0.0f);
  da2_.assign(a2_.size(), 0.0f);
  dp1_.assign(p1_.size(), 0.0f);
  da1_.assign(a1_.size(), 0.0f);
  dcols_.assign(std::max(cols2_.size(), cols3_.size()), 0.0f);

  view_ = ImageView();
  view_.grid = grid_;
  view_.channels = c;
  view_.pixels.assign(big * 3, 0.0f);
  view_.regions.assign(nc, 0);
  view_.features.assign(nc * sz(c), 0.0f);
  view_.feature_mean.assign(nc, 0.0f);
  view_.scores.assign(nc, 0.0f);
  view_.attention.assign(nc, 0.0f);
  view_.context.assign(sz(c), 0.0f);
  view_.logits.assign(kClasses, 0.0f);
  view_.probs.assign(kClasses, 0.0f);
  view_.score_scale = nn::spatial_attention_scale<float>(attn_);
}

void AttentionImagesLab::init_weights(Rng& rng) {
  const auto he = [](int fan_in) { return std::sqrt(2.0 / fan_in); };
  params_.init_normal(conv1_.w, rng, he(27));
  params_.init_normal(conv2_.w, rng, he(9 * opt_.conv1_channels));
  params_.init_normal(conv3_.w, rng, he(9 * opt_.conv2_channels));
  // The query starts at zero: every cell scores 0, attention starts uniform (entropy ln N), and
  // the page shows it sharpen as the query learns what to look for.
  params_.init_constant(query_, 0.0f);
  if (wk_ >= 0) params_.init_normal(wk_, rng, std::sqrt(1.0 / opt_.channels));
  params_.init_normal(fc_w_, rng, std::sqrt(1.0 / opt_.channels));
  // Biases stay 0 (finalize() zeroed the buffer).
}

void AttentionImagesLab::reset(std::uint64_t seed) {
  opt_.seed = seed;
  Rng root(seed);
  Rng init_rng = root.split();
  batch_rng_ = root.split();
  // The data depend on the seed alone (Scenes draws from a stream of its own).
  scenes_ = std::make_unique<data::Scenes>(scene_config(opt_), seed);
  allocate();
  init_weights(init_rng);

  nn::OptimConfig oc;
  oc.kind = opt_.optimizer;
  oc.lr = opt_.lr;
  optimizer_ = std::make_unique<nn::Optimizer<float>>(oc, params_);
  checkpoint_.assign(params_.values(), params_.values() + params_.buffer_size());
  checkpoint_step_ = 0;
  guard_.restart();

  order_.resize(static_cast<std::size_t>(opt_.train_size));
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
  cursor_ = order_.size();  // shuffle before the first batch
  heldout_pred_.assign(static_cast<std::size_t>(opt_.heldout_size), 0);
  steps_ = 0;
  last_loss_ = last_grad_norm_ = 0.0;
  eval_valid_ = false;
}

const nn::SpatialAttentionDims& AttentionImagesLab::attn_dims(int n) {
  attn_.batch = n;
  return attn_;
}

void AttentionImagesLab::next_batch() {
  const data::SceneSet& train = scenes_->train();
  for (int b = 0; b < opt_.batch_size; ++b) {
    if (cursor_ >= order_.size()) {  // a new epoch: Fisher-Yates with our Rng
      for (std::size_t i = order_.size() - 1; i > 0; --i)
        std::swap(order_[i], order_[batch_rng_.below(static_cast<std::uint32_t>(i + 1))]);
      cursor_ = 0;
    }
    const int idx = order_[cursor_++];
    const bool flip = opt_.flip && batch_rng_.below(2) == 1;
    load_image(&x_[static_cast<std::size_t>(b) * kSize * kSize * 3], train.image_bytes(idx), flip);
    labels_[static_cast<std::size_t>(b)] = train.labels[static_cast<std::size_t>(idx)];
  }
}

void AttentionImagesLab::forward(int n) {
  nn::Conv2DDims c1 = conv1_.dims, c2 = conv2_.dims, c3 = conv3_.dims;
  nn::PoolDims pd = pool_;
  c1.n = c2.n = c3.n = pd.n = n;
  const auto& p = params_;
  nn::conv2d_forward(a1_.data(), cols1_.data(), x_.data(), p.value(conv1_.w), p.value(conv1_.b),
                     c1);
  nn::activation_forward(nn::Activation::kRelu, a1_.data(), a1_.data(),
                         static_cast<std::size_t>(c1.out_pixels() * c1.cout));
  nn::maxpool_forward(p1_.data(), argmax_.data(), a1_.data(), pd);
  nn::conv2d_forward(a2_.data(), cols2_.data(), p1_.data(), p.value(conv2_.w), p.value(conv2_.b),
                     c2);
  nn::activation_forward(nn::Activation::kRelu, a2_.data(), a2_.data(),
                         static_cast<std::size_t>(c2.out_pixels() * c2.cout));
  nn::conv2d_forward(f_.data(), cols3_.data(), a2_.data(), p.value(conv3_.w), p.value(conv3_.b),
                     c3);
  nn::activation_forward(nn::Activation::kRelu, f_.data(), f_.data(),
                         static_cast<std::size_t>(c3.out_pixels() * c3.cout));
  const auto& sd = attn_dims(n);
  const auto acts = nn::spatial_attention_bind_acts(attn_acts_.data(), sd);
  nn::spatial_attention_forward(pooled_.data(), acts, f_.data(),
                                {p.value(query_), wk_ >= 0 ? p.value(wk_) : nullptr, nullptr}, sd);
  nn::dense_forward(logits_.data(), pooled_.data(), p.value(fc_w_), p.value(fc_b_), n,
                    opt_.channels, kClasses);
}

double AttentionImagesLab::train_step() {
  const int n = opt_.batch_size, c = opt_.channels;
  next_batch();
  forward(n);
  const double loss =
      nn::softmax_cross_entropy_forward(probs_.data(), logits_.data(), labels_.data(), n, kClasses);

  nn::Conv2DDims c1 = conv1_.dims, c2 = conv2_.dims, c3 = conv3_.dims;
  nn::PoolDims pd = pool_;
  c1.n = c2.n = c3.n = pd.n = n;
  const std::size_t s1 = static_cast<std::size_t>(c1.out_pixels() * c1.cout), sp = pd.out_size(),
                    s2 = static_cast<std::size_t>(c2.out_pixels() * c2.cout),
                    s3 = static_cast<std::size_t>(c3.out_pixels() * c3.cout);
  params_.zero_grads();
  std::fill(dlogits_.begin(), dlogits_.begin() + n * kClasses, 0.0f);
  std::fill(dpooled_.begin(), dpooled_.begin() + n * c, 0.0f);
  std::fill(df_.begin(), df_.begin() + static_cast<std::ptrdiff_t>(s3), 0.0f);
  std::fill(da2_.begin(), da2_.begin() + static_cast<std::ptrdiff_t>(s2), 0.0f);
  std::fill(dp1_.begin(), dp1_.begin() + static_cast<std::ptrdiff_t>(sp), 0.0f);
  std::fill(da1_.begin(), da1_.begin() + static_cast<std::ptrdiff_t>(s1), 0.0f);

  auto& p = params_;
  nn::softmax_cross_entropy_backward(dlogits_.data(), probs_.data(), labels_.data(), n, kClasses);
  nn::dense_backward(dpooled_.data(), p.grad(fc_w_), p.grad(fc_b_), dlogits_.data(), pooled_.data(),
                     p.value(fc_w_), n, c, kClasses);
  const auto& sd = attn_dims(n);
  nn::spatial_attention_backward(
      df_.data(), {p.grad(query_), wk_ >= 0 ? p.grad(wk_) : nullptr, nullptr},
      nn::spatial_attention_bind_scratch(attn_scratch_.data(), sd), dpooled_.data(), f_.data(),
      nn::spatial_attention_bind_acts(attn_acts_.data(), sd),
      {p.value(query_), wk_ >= 0 ? p.value(wk_) : nullptr, nullptr}, sd);
  relu_mask(df_.data(), f_.data(), s3);
  nn::conv2d_backward(da2_.data(), p.grad(conv3_.w), p.grad(conv3_.b), dcols_.data(), df_.data(),
                      a2_.data(), cols3_.data(), p.value(conv3_.w), c3);
  relu_mask(da2_.data(), a2_.data(), s2);
  nn::conv2d_backward(dp1_.data(), p.grad(conv2_.w), p.grad(conv2_.b), dcols_.data(), da2_.data(),
                      p1_.data(), cols2_.data(), p.value(conv2_.w), c2);
  nn::maxpool_backward(da1_.data(), dp1_.data(), argmax_.data(), pd);
  relu_mask(da1_.data(), a1_.data(), s1);
  nn::conv2d_backward<float>(nullptr, p.grad(conv1_.w), p.grad(conv1_.b), dcols_.data(),
                             da1_.data(), x_.data(), cols1_.data(), p.value(conv1_.w), c1);
  return loss;
}

Status AttentionImagesLab::step(int n) {
  for (int i = 0; i < n; ++i) {
    const double loss = train_step();
    eval_valid_ = false;
    // The weights are checked too: max pooling drops a NaN (a NaN never wins its comparisons),
    // so a NaN weight in front of a pool can leave the loss and every gradient finite while it
    // stays NaN (ReLU itself passes NaN on).
    if (guard_.diverged(loss) || !params_.grads_finite() ||
        !all_finite(params_.values(), params_.buffer_size())) {
      const std::string site = divergence_site(params_);
      // Back to the checkpoint with fresh optimizer moments; the run pauses there and may resume,
      // e.g. with a smaller learning rate.
      const long failed = steps_ + 1;
      std::copy(checkpoint_.begin(), checkpoint_.end(), params_.values());
      optimizer_->reset_state();
      steps_ = checkpoint_step_;
      return diverged_status(failed, steps_, site);
    }
    last_grad_norm_ = optimizer_->step(params_);
    last_loss_ = loss;
    ++steps_;
    if (guard_.checkpoint_due(steps_, loss)) {
      std::copy(params_.values(), params_.values() + params_.buffer_size(), checkpoint_.begin());
      checkpoint_step_ = steps_;
    }
  }
  return Status::Ok();
}

std::vector<std::string> AttentionImagesLab::metric_names() const {
  return {"loss", "accuracy", "object_attention", "entropy", "grad_norm"};
}

std::vector<double> AttentionImagesLab::metrics() {
  const ImageEval& e = evaluate();
  return {steps_ > 0 ? last_loss_ : e.loss, e.accuracy, e.object_attention, e.entropy,
          last_grad_norm_};
}

void AttentionImagesLab::fill_table(const std::uint8_t* regions, const float* attn,
                                    RegionTable& t) const {
  const int n = cells();
  t = RegionTable();
  for (int i = 0; i < n; ++i) {
    t.mass[regions[i]] += attn[i];
    t.cells[regions[i]] += 1.0;
  }
  for (int r = 0; r < data::kRegions; ++r)
    t.per_cell[r] = t.cells[r] > 0.0 ? t.mass[r] / t.cells[r] * n : 0.0;
}

const ImageEval& AttentionImagesLab::evaluate() {
  if (eval_valid_) return eval_;
  const data::SceneSet& held = scenes_->heldout();
  const int total = held.count, n_cells = cells();
  ImageEval e;
  double loss = 0.0, with_region[data::kRegions] = {0, 0, 0};
  int correct = 0;
  for (int start = 0; start < total; start += cap_) {
    const int n = std::min(cap_, total - start);
    for (int b = 0; b < n; ++b) {
      load_image(&x_[static_cast<std::size_t>(b) * kSize * kSize * 3], held.image_bytes(start + b),
                 false);
      labels_[static_cast<std::size_t>(b)] = held.labels[static_cast<std::size_t>(start + b)];
    }
    forward(n);
    loss += n * nn::softmax_cross_entropy_forward(probs_.data(), logits_.data(), labels_.data(), n,
                                                  kClasses);
    const auto acts = nn::spatial_attention_bind_acts(attn_acts_.data(), attn_dims(n));
    for (int b = 0; b < n; ++b) {
      const int pred = argmax(&logits_[static_cast<std::size_t>(b) * kClasses], kClasses);
      heldout_pred_[static_cast<std::size_t>(start + b)] = pred;
      correct += pred == labels_[static_cast<std::size_t>(b)];
      const float* a = acts.attn + static_cast<std::ptrdiff_t>(b) * n_cells;
      RegionTable t;
      fill_table(held.cell_labels(start + b), a, t);
      for (int r = 0; r < data::kRegions; ++r) {
        e.regions.mass[r] += t.mass[r];
        e.regions.cells[r] += t.cells[r];
        if (t.cells[r] > 0.0) {
          e.regions.per_cell[r] += t.per_cell[r];
          with_region[r] += 1.0;
        }
      }
      e.entropy += entropy_of(a, n_cells);
    }
  }
  e.loss = loss / total;
  e.accuracy = static_cast<double>(correct) / total;
  e.entropy /= total;
  for (int r = 0; r < data::kRegions; ++r) {
    e.regions.mass[r] /= total;
    e.regions.cells[r] /= total;
    e.regions.per_cell[r] = with_region[r] > 0.0 ? e.regions.per_cell[r] / with_region[r] : 0.0;
  }
  e.object_attention = e.regions.mass[static_cast<int>(data::Region::kObject)];
  eval_ = e;
  eval_valid_ = true;
  return eval_;
}

Status AttentionImagesLab::select_image(int index) {
  const data::SceneSet& held = scenes_->heldout();
  if (index < 0 || index >= held.count) return out_of_range("image", index, 0, held.count - 1);
  const int n_cells = cells(), c = opt_.channels;
  load_image(x_.data(), held.image_bytes(index), false);
  forward(1);
  const auto acts = nn::spatial_attention_bind_acts(attn_acts_.data(), attn_dims(1));
  ImageView& v = view_;
  v.index = index;
  v.label = held.labels[static_cast<std::size_t>(index)];
  held.image(index, v.pixels.data());
  std::copy(held.cell_labels(index), held.cell_labels(index) + n_cells, v.regions.begin());
  std::copy(f_.begin(), f_.begin() + n_cells * c, v.features.begin());
  for (int i = 0; i < n_cells; ++i) {
    double s = 0.0;
    for (int ch = 0; ch < c; ++ch) s += f_[static_cast<std::size_t>(i) * c + ch];
    v.feature_mean[static_cast<std::size_t>(i)] = static_cast<float>(s / c);
  }
  std::copy(acts.scores, acts.scores + n_cells, v.scores.begin());
  std::copy(acts.attn, acts.attn + n_cells, v.attention.begin());
  std::copy(pooled_.begin(), pooled_.begin() + c, v.context.begin());
  std::copy(logits_.begin(), logits_.begin() + kClasses, v.logits.begin());
  kernels::softmax_rows(v.probs.data(), v.logits.data(), 1, kClasses, 1.0f, false);
  v.predicted = argmax(v.logits.data(), kClasses);
  fill_table(v.regions.data(), v.attention.data(), v.regions_table);
  v.entropy = entropy_of(v.attention.data(), n_cells);
  return Status::Ok();
}

long long AttentionImagesLab::forward_macs() const {
  nn::Conv2DDims c1 = conv1_.dims, c2 = conv2_.dims, c3 = conv3_.dims;
  c1.n = c2.n = c3.n = opt_.batch_size;
  nn::SpatialAttentionDims sd = attn_;
  sd.batch = opt_.batch_size;
  return nn::conv2d_macs(c1) + nn::conv2d_macs(c2) + nn::conv2d_macs(c3) +
         nn::spatial_attention_macs(sd) + nn::dense_macs(opt_.batch_size, opt_.channels, kClasses);
}

}  // namespace prayog::labs
