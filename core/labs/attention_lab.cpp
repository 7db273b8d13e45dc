#include "labs/attention_lab.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "nn/attention.hpp"
#include "nn/dense.hpp"
#include "nn/embedding.hpp"
#include "nn/hard_attention.hpp"
#include "nn/loss.hpp"
#include "nn/mha.hpp"
#include "nn/positional.hpp"

namespace prayog::labs {

namespace {

constexpr int kVocab = data::kSeqSymbols;
// Held-out evaluation runs in chunks of at least this many sequences (the buffers hold
// max(batch, kEvalChunk) sequences).
constexpr int kEvalChunk = 64;
// Streams of the per-evaluation and per-view samplers of the hard arm (re-seeded each time, so
// metrics and views are a function of the weights, not of how often the page asked).
constexpr std::uint64_t kEvalStream = 0xe7a1ULL, kViewStream = 0x51e3ULL;

struct ModelShape {
  int length = 8, d_model = 32, heads = 2, layers = 1;
  bool scaled = true, hard = false;
  int capacity = 32;  // sequences per forward pass, at most
};

// One model (an arm): parameters, every buffer of forward and backward, sized once for
// `capacity` sequences. Forward keeps, per layer, x, Q, K, V, ctx, raw scores and softmax (and the
// sampled one-hot for hard attention): backward needs them and the page draws them.
class Model {
 public:
  explicit Model(const ModelShape& s) : s_(s) {
    const int d = s.d_model, t = s.length;
    tok_ = params.add("embed.token", {kVocab, d}, 0);
    pos_ = params.add("embed.position", {t, d}, 0);
    for (int l = 0; l < s.layers; ++l)
      mha_.push_back(nn::mha_declare(params, "layer" + std::to_string(l) + ".attn", d, l + 1));
    out_w_ = params.add("out.w", {d, kVocab}, s.layers + 1);
    out_b_ = params.add("out.b", {kVocab}, s.layers + 1, false);
    params.finalize();

    layout_ = nn::mha_layout(dims(s.capacity));
    const std::size_t n = tokens_x_dim(s.capacity),
                      logits = nn::mha_round16(static_cast<std::size_t>(s.capacity) * t * kVocab);
    xs_.assign(static_cast<std::size_t>(s.layers + 1) * n, 0.0f);
    acts_buf_.assign(static_cast<std::size_t>(s.layers) * layout_.acts_size(), 0.0f);
    if (s.hard) onehot_.assign(static_cast<std::size_t>(s.layers) * layout_.attn, 0.0f);
    logits_.assign(logits, 0.0f);
    probs_.assign(logits, 0.0f);
    dlogits_.assign(logits, 0.0f);
    dx_a_.assign(n, 0.0f);
    dx_b_.assign(n, 0.0f);
    scratch_buf_.assign(layout_.scratch_size(), 0.0f);
    scratch_ = nn::mha_bind_scratch(scratch_buf_.data(), layout_);
    for (int l = 0; l < s.layers; ++l)
      acts_.push_back(nn::mha_bind_acts(acts_buf_.data() + l * layout_.acts_size(), layout_));
  }

  const ModelShape& shape() const { return s_; }
  void set_scaled(bool scaled) { s_.scaled = scaled; }

  // Token table N(0, 1/2) and positions N(0, 1/2): x0 has unit variance per component, the input
  // scale mha_init's N(0, 1/D) projections are made for (so scores have variance dk, the √d story
  // of the page). Output N(0, 1/D), biases 0. Draws in declaration order from rng.
  void init(Rng& rng) {
    const double half = std::sqrt(0.5);
    params.init_normal(tok_, rng, half);
    params.init_normal(pos_, rng, half);
    for (const auto& ids : mha_) nn::mha_init(params, ids, rng);
    params.init_normal(out_w_, rng, 1.0 / std::sqrt(static_cast<double>(s_.d_model)));
    params.init_constant(out_b_, 0.0f);
  }

  // logits (and the kept activations) of `batch` sequences. ids: (batch, T). sample_rng: the
  // hard arm's sampler (unused by soft attention).
  void forward(const int* ids, int batch, Rng& sample_rng) {
    const int t = s_.length, d = s_.d_model, n = batch * t;
    float* x0 = x(0);
    nn::embedding_forward(x0, ids, params.value(tok_), n, kVocab, d);
    nn::positional_forward(x0, x0, params.value(pos_), batch, t, d);
    const nn::MhaDims md = dims(batch);
    for (int l = 0; l < s_.layers; ++l) {
      const nn::MhaWeights<float> w = nn::mha_weights(params, mha_[static_cast<std::size_t>(l)]);
      const nn::MhaActs<float>& a = acts_[static_cast<std::size_t>(l)];
      float* y = x(l + 1);
      if (s_.hard) {
        nn::dense_forward(a.q, x(l), w.wq, w.bq, n, d, d);
        nn::dense_forward(a.k, x(l), w.wk, w.bk, n, d, d);
        nn::dense_forward(a.v, x(l), w.wv, w.bv, n, d, d);
        nn::hard_attention_forward(a.ctx, a.scores, a.attn, onehot(l), a.q, a.k, a.v,
                                   md.attention(), sample_rng);
        nn::dense_forward(y, a.ctx, w.wo, w.bo, n, d, d);
      } else {
        nn::mha_forward(y, a, x(l), w, md);
      }
      kernels::axpy(y, 1.0f, x(l), static_cast<std::size_t>(n) * d);  // residual
    }
    nn::dense_forward(logits_.data(), x(s_.layers), params.value(out_w_), params.value(out_b_), n,
                      d, kVocab);
  }

  // Mean cross-entropy over the batch's tokens (after forward); fills probs.
  double loss(const int* targets, int batch) {
    return nn::softmax_cross_entropy_forward(probs_.data(), logits_.data(), targets,
                                             batch * s_.length, kVocab);
  }

  // Gradients of loss() into params.grads() (zeroed here), after forward and loss. With
  // score_grad_sq (soft attention only) also adds ‖∂L/∂z‖² of every layer, z the softmax's input.
  void backward(const int* ids, const int* targets, int batch, double* score_grad_sq = nullptr) {
    const int t = s_.length, d = s_.d_model, n = batch * t;
    const std::size_t nd = static_cast<std::size_t>(n) * d;
    params.zero_grads();
    std::fill(dlogits_.begin(), dlogits_.begin() + static_cast<std::ptrdiff_t>(n) * kVocab, 0.0f);
    nn::softmax_cross_entropy_backward(dlogits_.data(), probs_.data(), targets, n, kVocab);
    float* dcur = dx_a_.data();   // dL/dx_{l+1}
    float* dprev = dx_b_.data();  // dL/dx_l
    std::fill(dcur, dcur + nd, 0.0f);
    nn::dense_backward(dcur, params.grad(out_w_), params.grad(out_b_), dlogits_.data(),
                       x(s_.layers), params.value(out_w_), n, d, kVocab);
    const nn::MhaDims md = dims(batch);
    for (int l = s_.layers - 1; l >= 0; --l) {
      const auto& ids_l = mha_[static_cast<std::size_t>(l)];
      const nn::MhaWeights<float> w = nn::mha_weights(params, ids_l);
      const nn::MhaGrads<float> g = nn::mha_grads(params, ids_l);
      const nn::MhaActs<float>& a = acts_[static_cast<std::size_t>(l)];
      std::copy(dcur, dcur + nd, dprev);  // the residual path
      if (s_.hard) {
        for (float* buf : {scratch_.dq, scratch_.dk, scratch_.dv, scratch_.dctx})
          std::fill(buf, buf + nd, 0.0f);
        nn::dense_backward(scratch_.dctx, g.wo, g.bo, dcur, a.ctx, w.wo, n, d, d);
        nn::hard_attention_backward(scratch_.dq, scratch_.dk, scratch_.dv, scratch_.attn_work,
                                    scratch_.dctx, a.q, a.k, a.v, a.attn, onehot(l),
                                    md.attention());
        nn::dense_backward(dprev, g.wq, g.bq, scratch_.dq, x(l), w.wq, n, d, d);
        nn::dense_backward(dprev, g.wk, g.bk, scratch_.dk, x(l), w.wk, n, d, d);
        nn::dense_backward(dprev, g.wv, g.bv, scratch_.dv, x(l), w.wv, n, d, d);
      } else {
        nn::mha_backward(dprev, g, scratch_, dcur, x(l), a, w, md);
        if (score_grad_sq) *score_grad_sq += softmax_input_grad_sq(scratch_.dctx, a, md);
      }
      std::swap(dcur, dprev);
    }
    nn::embedding_backward(params.grad(tok_), dcur, ids, n, kVocab, d);
    nn::positional_backward<float>(nullptr, params.grad(pos_), dcur, batch, t, d);
  }

  // Correct argmax tokens of the last forward (batch sequences).
  int correct(const int* targets, int batch) const {
    int c = 0;
    for (int i = 0; i < batch * s_.length; ++i) c += argmax(i) == targets[i];
    return c;
  }
  int argmax(int row) const {
    const float* z = logits_.data() + static_cast<std::ptrdiff_t>(row) * kVocab;
    int best = 0;
    for (int j = 1; j < kVocab; ++j)
      if (z[j] > z[best]) best = j;
    return best;
  }

  // Sum over the batch's softmax rows of every layer and head of the row entropy, and the row
  // count (for a mean over several chunks).
  double entropy_sum(int batch, long long& rows) const {
    const int r = batch * s_.heads * s_.length;
    double sum = 0.0;
    for (int l = 0; l < s_.layers; ++l)
      sum += nn::attention_entropy(acts_[static_cast<std::size_t>(l)].attn, r, s_.length) * r;
    rows += static_cast<long long>(r) * s_.layers;
    return sum;
  }

  const nn::MhaActs<float>& acts(int layer) const { return acts_[static_cast<std::size_t>(layer)]; }
  const float* onehot(int layer) const {
    return onehot_.data() + static_cast<std::ptrdiff_t>(layer) * layout_.attn;
  }
  float* onehot(int layer) {
    return onehot_.data() + static_cast<std::ptrdiff_t>(layer) * layout_.attn;
  }
  const float* probs() const { return probs_.data(); }
  nn::MhaDims dims(int batch) const {
    nn::MhaDims md;
    md.batch = batch;
    md.seq = s_.length;
    md.model_dim = s_.d_model;
    md.heads = s_.heads;
    md.scaled = s_.scaled;
    md.causal = false;
    return md;
  }

  // Bytes of this model's buffers (parameters with gradients, activations, scratch) and of the
  // (B, H, T, T) blocks among them.
  std::size_t bytes() const {
    const std::size_t floats = xs_.size() + acts_buf_.size() + onehot_.size() + logits_.size() +
                               probs_.size() + dlogits_.size() + dx_a_.size() + dx_b_.size() +
                               scratch_buf_.size();
    return (2 * params.buffer_size() + floats) * sizeof(float);
  }
  std::size_t attention_bytes() const {
    const std::size_t per_layer = 2 * layout_.attn + (s_.hard ? layout_.attn : 0);
    return (static_cast<std::size_t>(s_.layers) * per_layer + layout_.work) * sizeof(float);
  }
  long long forward_macs(int batch) const {
    const nn::MhaDims md = dims(batch);
    return s_.layers * nn::mha_macs(md) + nn::dense_macs(batch * s_.length, s_.d_model, kVocab);
  }

  nn::Params<float> params;

 private:
  // Σ ‖∂L/∂z‖² over the (b, h) blocks of one layer, z = scale · scores (the softmax's input):
  // dA = dctx Vᵀ, dz = A ⊙ (dA − rowsum(dA ⊙ A)), from backward's dctx and forward's V and A.
  double softmax_input_grad_sq(const float* dctx, const nn::MhaActs<float>& a,
                               const nn::MhaDims& md) const {
    const nn::AttentionDims d = md.attention();
    const int t = d.seq, hd = d.head_dim, ld = d.model_dim();
    std::vector<float> da(static_cast<std::size_t>(t) * t), dz(da.size());
    double sq = 0.0;
    for (int b = 0; b < d.batch; ++b)
      for (int h = 0; h < d.heads; ++h) {
        const std::ptrdiff_t o = nn::detail::head_offset(d, b, h),
                             blk = nn::detail::block_offset(d, b, h);
        kernels::gemm(nn::detail::gemm_strided(false, true, t, t, hd, dctx + o, ld, a.v + o, ld,
                                               0.0f, da.data(), t));
        std::fill(dz.begin(), dz.end(), 0.0f);
        kernels::softmax_rows_backward(dz.data(), da.data(), a.attn + blk, t, t, 1.0f);
        for (float g : dz) sq += static_cast<double>(g) * g;
      }
    return sq;
  }

  std::size_t tokens_x_dim(int batch) const {
    return nn::mha_round16(static_cast<std::size_t>(batch) * s_.length * s_.d_model);
  }
  float* x(int l) {
    return xs_.data() + static_cast<std::ptrdiff_t>(l) * tokens_x_dim(s_.capacity);
  }
  const float* x(int l) const {
    return xs_.data() + static_cast<std::ptrdiff_t>(l) * tokens_x_dim(s_.capacity);
  }

  ModelShape s_;
  int tok_ = -1, pos_ = -1, out_w_ = -1, out_b_ = -1;
  std::vector<nn::MhaParamIds> mha_;
  nn::MhaLayout layout_;
  std::vector<float> xs_, acts_buf_, onehot_, logits_, probs_, dlogits_, dx_a_, dx_b_, scratch_buf_;
  std::vector<nn::MhaActs<float>> acts_;
  nn::MhaScratch<float> scratch_;
};

ModelShape model_shape(const AttentionConfig& c, bool hard, int capacity) {
  ModelShape s;
  s.length = c.length;
  s.d_model = c.d_model;
  s.heads = c.heads;
  s.layers = c.layers;
  s.scaled = c.scaled;
  s.hard = hard;
  s.capacity = capacity;
  return s;
}

nn::OptimConfig optim_config(const AttentionConfig& c) {
  nn::OptimConfig oc;
  oc.kind = c.optimizer;
  oc.lr = c.lr;
  return oc;
}

// The lab's random streams, all derived from the seed in a fixed order.
struct Streams {
  Rng init, batch, sample;
  explicit Streams(std::uint64_t seed) {
    Rng root(seed);
    init = root.split();
    batch = root.split();
    sample = root.split();
  }
};

// Gradient norm of the query and key projections (every layer's wq, bq, wk, bk): the part of
// the gradient that flows through the softmax, which saturation starves.
double query_key_grad_norm(const nn::Params<float>& p) {
  double sq = 0.0;
  for (int id = 0; id < p.count(); ++id) {
    const std::string& name = p.info(id).name;
    const std::string tail = name.size() >= 3 ? name.substr(name.size() - 3) : name;
    if (tail != ".wq" && tail != ".bq" && tail != ".wk" && tail != ".bk") continue;
    const float* g = p.grad(id);
    for (std::size_t i = 0; i < p.info(id).size; ++i) sq += static_cast<double>(g[i]) * g[i];
  }
  return std::sqrt(sq);
}

data::SeqTaskConfig data_config(const AttentionConfig& c) {
  data::SeqTaskConfig dc;
  dc.task = c.task;
  dc.length = c.length;
  dc.train_size = c.train_size;
  dc.heldout_size = c.heldout_size;
  return dc;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct AttentionLab::Arm {
  Arm(const ModelShape& shape, const nn::OptimConfig& oc)
      : model(shape), opt(oc, model.params), checkpoint(model.params.buffer_size(), 0.0f) {
    const int t = shape.length, dk = shape.d_model / shape.heads;
    const std::size_t per_head = static_cast<std::size_t>(shape.layers) * shape.heads;
    q.assign(per_head * t * dk, 0.0f);
    k.assign(q.size(), 0.0f);
    v.assign(q.size(), 0.0f);
    scores.assign(per_head * t * t, 0.0f);
    attn.assign(scores.size(), 0.0f);
    if (shape.hard) picks.assign(scores.size(), 0.0f);
    probs.assign(static_cast<std::size_t>(t) * kVocab, 0.0f);
    predicted.assign(static_cast<std::size_t>(t), 0);
  }

  Model model;
  nn::Optimizer<float> opt;
  std::vector<float> checkpoint;  // weights at checkpoint_step_ (see labs/guard.hpp)
  Rng sample_rng;
  ArmMetrics metrics;
  // The chosen example's views, per layer and head: (T, dk) and (T, T) blocks.
  std::vector<float> q, k, v, scores, attn, picks, probs;
  std::vector<int> predicted;
};

AttentionConfig attention_config(const schema::Values& v) {
  AttentionConfig c;
  const std::string& task = v.choice("task");
  c.task = task == "copy"   ? data::SeqTask::kCopy
           : task == "sort" ? data::SeqTask::kSort
                            : data::SeqTask::kReverse;
  c.length = v.integer("length");
  c.vocab =
      v.choice("vocab") == "devanagari" ? data::SeqVocab::kDevanagari : data::SeqVocab::kDigits;
  c.d_model = v.integer("d_model");
  c.heads = v.integer("heads");
  c.layers = v.integer("layers");
  c.scaled = v.flag("scale");
  c.hard = v.choice("attention") == "hard";
  const std::string& opt = v.choice("optimizer");
  c.optimizer = opt == "sgd"        ? nn::OptimizerKind::kSgd
                : opt == "momentum" ? nn::OptimizerKind::kMomentum
                                    : nn::OptimizerKind::kAdam;
  c.lr = v.number("lr");
  c.batch = v.integer("batch_size");
  c.seed = static_cast<std::uint64_t>(v.number("seed"));
  return c;
}

AttentionLab::AttentionLab(const AttentionConfig& config) : config_(config) {
  const int capacity = std::max(config_.batch, kEvalChunk);
  // The selected kind first: it is the primary arm.
  if (config_.hard)
    arms_.push_back(
        std::make_unique<Arm>(model_shape(config_, true, capacity), optim_config(config_)));
  arms_.push_back(
      std::make_unique<Arm>(model_shape(config_, false, capacity), optim_config(config_)));
  const std::size_t bt = static_cast<std::size_t>(config_.batch) * config_.length;
  batch_inputs_.assign(bt, 0);
  batch_targets_.assign(bt, 0);
  reset(config_.seed);
}

AttentionLab::~AttentionLab() = default;

void AttentionLab::reset(std::uint64_t seed) {
  config_.seed = seed;
  data_ = std::make_unique<data::SequenceTasks>(data_config(config_), seed);
  Streams streams(seed);
  batch_rng_ = streams.batch;
  for (auto& a : arms_) {
    Rng init = streams.init;  // every arm starts from the same weights
    a->model.init(init);
    a->opt.reset_state();
    std::copy(a->model.params.values(), a->model.params.values() + a->checkpoint.size(),
              a->checkpoint.begin());
    a->sample_rng = streams.sample;
    a->metrics = ArmMetrics();
  }
  steps_ = checkpoint_step_ = 0;
  guard_.restart();
  example_ = std::min(example_, std::max(0, heldout_count() - 1));
  eval_dirty_ = views_dirty_ = true;
}

Status AttentionLab::step(int n) {
  const int b = config_.batch;
  for (int i = 0; i < n; ++i) {
    data_->sample_batch(batch_rng_, b, batch_inputs_.data(), batch_targets_.data());
    bool diverged = false;
    std::string site;  // of the first arm that diverged, before the checkpoint overwrites it
    for (auto& a : arms_) {
      a->model.forward(batch_inputs_.data(), b, a->sample_rng);
      a->metrics.loss = a->model.loss(batch_targets_.data(), b);
      if (!guard_.diverged(a->metrics.loss))
        a->model.backward(batch_inputs_.data(), batch_targets_.data(), b);
      if (!diverged && (guard_.diverged(a->metrics.loss) || !a->model.params.grads_finite())) {
        diverged = true;
        site = divergence_site(a->model.params);
      }
    }
    if (diverged) {
      // Every arm back to the checkpoint with fresh optimizer moments (they carried the run
      // towards the blow-up); all arms roll back together, so they stay in lockstep.
      const long failed = steps_ + 1;
      for (auto& a : arms_) {
        std::copy(a->checkpoint.begin(), a->checkpoint.end(), a->model.params.values());
        a->opt.reset_state();
      }
      steps_ = checkpoint_step_;
      eval_dirty_ = views_dirty_ = true;
      return diverged_status(failed, steps_, site);
    }
    for (auto& a : arms_) a->metrics.grad_norm = a->opt.step(a->model.params);
    ++steps_;
    bool due = true;
    for (auto& a : arms_) due = guard_.checkpoint_due(steps_, a->metrics.loss) && due;
    if (due) {
      for (auto& a : arms_) {
        std::copy(a->model.params.values(), a->model.params.values() + a->checkpoint.size(),
                  a->checkpoint.begin());
      }
      checkpoint_step_ = steps_;
    }
  }
  if (n > 0) eval_dirty_ = views_dirty_ = true;
  return Status::Ok();
}

std::vector<std::string> AttentionLab::metric_names() const {
  return {"loss", "accuracy", "entropy", "grad_norm"};
}

std::vector<double> AttentionLab::metrics() {
  const ArmMetrics m = arm_metrics(0);
  return {m.loss, m.accuracy, m.entropy, m.grad_norm};
}

float AttentionLab::score_scale() const {
  nn::AttentionDims d;
  d.head_dim = head_dim();
  d.scaled = config_.scaled;
  return nn::attention_scale<float>(d);
}

double AttentionLab::train_loss(int a) const {
  return steps_ > 0 ? arm(a).metrics.loss : std::numeric_limits<double>::quiet_NaN();
}
double AttentionLab::train_grad_norm(int a) const {
  return steps_ > 0 ? arm(a).metrics.grad_norm : std::numeric_limits<double>::quiet_NaN();
}

void AttentionLab::set_learning_rate(double lr) {
  for (auto& a : arms_) a->opt.set_lr(lr);
}

const char* AttentionLab::arm_name(int arm) const {
  return arm_is_hard(arm) ? "hard" : "soft";
}

bool AttentionLab::arm_is_hard(int i) const {
  return i >= 0 && i < arm_count() && arm(i).model.shape().hard;
}

const AttentionLab::Arm& AttentionLab::arm(int i) const {
  return *arms_[static_cast<std::size_t>(std::clamp(i, 0, arm_count() - 1))];
}
AttentionLab::Arm& AttentionLab::arm(int i) {
  return *arms_[static_cast<std::size_t>(std::clamp(i, 0, arm_count() - 1))];
}

const nn::Params<float>& AttentionLab::params(int i) const {
  return arm(i).model.params;
}

ArmMetrics AttentionLab::arm_metrics(int i) {
  evaluate();
  return arm(i).metrics;
}

void AttentionLab::evaluate() {
  if (!eval_dirty_) return;
  const data::SeqSet& held = data_->heldout();
  const int chunk = std::max(config_.batch, kEvalChunk);
  for (auto& a : arms_) {
    Rng rng(config_.seed, kEvalStream);
    long long correct = 0, rows = 0;
    double loss = 0.0, entropy = 0.0;
    for (int at = 0; at < held.count; at += chunk) {
      const int b = std::min(chunk, held.count - at);
      a->model.forward(held.input(at), b, rng);
      loss += a->model.loss(held.target(at), b) * b;
      correct += a->model.correct(held.target(at), b);
      entropy += a->model.entropy_sum(b, rows);
    }
    const double tokens = static_cast<double>(held.count) * config_.length;
    a->metrics.heldout_loss = held.count > 0 ? loss / held.count : 0.0;
    a->metrics.accuracy = held.count > 0 ? static_cast<double>(correct) / tokens : 0.0;
    a->metrics.entropy = rows > 0 ? entropy / static_cast<double>(rows) : 0.0;
    if (steps_ == 0) {
      a->metrics.loss = a->metrics.heldout_loss;
      a->metrics.grad_norm = 0.0;
    }
  }
  eval_dirty_ = false;
}

Status AttentionLab::set_example(int index) {
  if (index < 0 || index >= heldout_count())
    return Status::Error(StatusCode::kInvalidArgument, "error.out_of_range",
                         "example " + std::to_string(index) + " is outside 0.." +
                             std::to_string(heldout_count() - 1),
                         {{"field", "example"},
                          {"value", std::to_string(index)},
                          {"min", "0"},
                          {"max", std::to_string(heldout_count() - 1)}});
  if (index != example_) views_dirty_ = true;
  example_ = index;
  return Status::Ok();
}

void AttentionLab::refresh_views() {
  if (!views_dirty_ || heldout_count() == 0) return;
  const int t = config_.length, h = config_.heads, dk = head_dim();
  const int* x = data_->heldout().input(example_);
  for (auto& a : arms_) {
    Rng rng(config_.seed, kViewStream);
    a->model.forward(x, 1, rng);
    a->model.loss(data_->heldout().target(example_), 1);  // fills probs
    const nn::MhaDims md = a->model.dims(1);
    for (int l = 0; l < config_.layers; ++l) {
      const nn::MhaActs<float>& acts = a->model.acts(l);
      for (int hh = 0; hh < h; ++hh) {
        const std::size_t blk = static_cast<std::size_t>(l * h + hh);
        nn::mha_copy_head(a->q.data() + blk * t * dk, acts.q, 0, hh, md);
        nn::mha_copy_head(a->k.data() + blk * t * dk, acts.k, 0, hh, md);
        nn::mha_copy_head(a->v.data() + blk * t * dk, acts.v, 0, hh, md);
        const std::size_t tt = static_cast<std::size_t>(t) * t;
        std::copy(acts.scores + hh * tt, acts.scores + (hh + 1) * tt, a->scores.begin() + blk * tt);
        std::copy(acts.attn + hh * tt, acts.attn + (hh + 1) * tt, a->attn.begin() + blk * tt);
        if (!a->picks.empty()) {
          const float* oh = a->model.onehot(l);
          std::copy(oh + hh * tt, oh + (hh + 1) * tt, a->picks.begin() + blk * tt);
        }
      }
    }
    std::copy(a->model.probs(), a->model.probs() + a->probs.size(), a->probs.begin());
    for (int i = 0; i < t; ++i) a->predicted[static_cast<std::size_t>(i)] = a->model.argmax(i);
  }
  views_dirty_ = false;
}

bool AttentionLab::valid_head(int a, int layer, int head) const {
  return a >= 0 && a < arm_count() && layer >= 0 && layer < config_.layers && head >= 0 &&
         head < config_.heads;
}

TokenView AttentionLab::view_input() {
  if (heldout_count() == 0) return {};
  return {data_->heldout().input(example_), config_.length};
}

TokenView AttentionLab::view_target() {
  if (heldout_count() == 0) return {};
  return {data_->heldout().target(example_), config_.length};
}

TokenView AttentionLab::view_predicted(int a) {
  if (a < 0 || a >= arm_count()) return {};
  refresh_views();
  return {arm(a).predicted.data(), config_.length};
}

MatrixView AttentionLab::view_probs(int a) {
  if (a < 0 || a >= arm_count()) return {};
  refresh_views();
  return {arm(a).probs.data(), config_.length, kVocab};
}

namespace {
MatrixView head_block(const std::vector<float>& buf, int layer, int head, int heads, int rows,
                      int cols) {
  const std::size_t blk = static_cast<std::size_t>(layer * heads + head);
  return {buf.data() + blk * rows * cols, rows, cols};
}
}  // namespace

MatrixView AttentionLab::view_q(int a, int layer, int head) {
  if (!valid_head(a, layer, head)) return {};
  refresh_views();
  return head_block(arm(a).q, layer, head, config_.heads, config_.length, head_dim());
}

MatrixView AttentionLab::view_k(int a, int layer, int head) {
  if (!valid_head(a, layer, head)) return {};
  refresh_views();
  return head_block(arm(a).k, layer, head, config_.heads, config_.length, head_dim());
}

MatrixView AttentionLab::view_v(int a, int layer, int head) {
  if (!valid_head(a, layer, head)) return {};
  refresh_views();
  return head_block(arm(a).v, layer, head, config_.heads, config_.length, head_dim());
}

MatrixView AttentionLab::view_scores(int a, int layer, int head) {
  if (!valid_head(a, layer, head)) return {};
  refresh_views();
  return head_block(arm(a).scores, layer, head, config_.heads, config_.length, config_.length);
}

MatrixView AttentionLab::view_attention(int a, int layer, int head) {
  if (!valid_head(a, layer, head)) return {};
  refresh_views();
  return head_block(arm(a).attn, layer, head, config_.heads, config_.length, config_.length);
}

MatrixView AttentionLab::view_picks(int a, int layer, int head) {
  if (!valid_head(a, layer, head) || !arm_is_hard(a)) return {};
  refresh_views();
  return head_block(arm(a).picks, layer, head, config_.heads, config_.length, config_.length);
}

void AttentionLab::poison_weights_for_test(int a) {
  arm(a).model.params.values()[0] = std::numeric_limits<float>::quiet_NaN();
  eval_dirty_ = views_dirty_ = true;
}

std::unique_ptr<AttentionLab> make_attention_lab(const schema::Values& values, Status* status) {
  const schema::LabSchema* lab = schema::find_lab("attention");
  Status s = lab ? schema::validate(*lab, values)
                 : Status::Error(StatusCode::kUnknownKey, "error.unknown_lab", "no attention lab");
  if (status) *status = s;
  if (!s.ok()) return nullptr;
  return std::make_unique<AttentionLab>(attention_config(values));
}

// ---------------------------------------------------------------------------------------------

std::vector<ScalingPoint> attention_scaling_demo(const AttentionConfig& config) {
  // The lab's first training batch (same seed, task and length), reused for every d_model.
  const data::SequenceTasks tasks(data_config(config), config.seed);
  const int b = config.batch, t = config.length;
  std::vector<int> inputs(static_cast<std::size_t>(b) * t), targets(inputs.size());
  {
    Streams streams(config.seed);
    tasks.sample_batch(streams.batch, b, inputs.data(), targets.data());
  }
  std::vector<ScalingPoint> out;
  for (int d : {8, 16, 32, 64, 128}) {
    if (d % config.heads != 0) continue;
    AttentionConfig c = config;
    c.d_model = d;
    Model model(model_shape(c, false, b));
    Streams streams(config.seed);
    model.init(streams.init);
    ScalingPoint p;
    p.d_model = d;
    p.head_dim = d / config.heads;
    p.max_entropy = det_log(static_cast<double>(t));
    for (bool scaled : {false, true}) {
      model.set_scaled(scaled);
      Rng unused(0);
      model.forward(inputs.data(), b, unused);
      model.loss(targets.data(), b);
      double score_sq = 0.0;
      model.backward(inputs.data(), targets.data(), b, &score_sq);
      (scaled ? p.score_grad_norm_scaled : p.score_grad_norm_unscaled) = std::sqrt(score_sq);
      long long rows = 0;
      const double entropy = model.entropy_sum(b, rows) / static_cast<double>(rows);
      const double norm = model.params.grad_norm();
      (scaled ? p.entropy_scaled : p.entropy_unscaled) = entropy;
      (scaled ? p.grad_norm_scaled : p.grad_norm_unscaled) = norm;
      (scaled ? p.qk_grad_norm_scaled : p.qk_grad_norm_unscaled) =
          query_key_grad_norm(model.params);
    }
    out.push_back(p);
  }
  return out;
}

std::vector<CostPoint> attention_cost_demo(const AttentionConfig& config,
                                           const std::vector<int>& lengths, int batch,
                                           int repeats) {
  using Clock = std::chrono::steady_clock;
  std::vector<CostPoint> out;
  batch = std::max(1, batch);
  repeats = std::max(1, repeats);
  for (int t : lengths) {
    if (t < 1) continue;
    AttentionConfig c = config;
    c.length = t;
    CostPoint p;
    p.length = t;
    // Refuse what would not fit (wasm cannot catch a failed allocation): half the lab budget.
    const nn::MhaDims md = [&] {
      nn::MhaDims m;
      m.batch = batch;
      m.seq = t;
      m.model_dim = c.d_model;
      m.heads = c.heads;
      return m;
    }();
    const std::size_t estimate =
        static_cast<std::size_t>(c.layers + 2) * nn::mha_bytes(md) +
        static_cast<std::size_t>(c.hard ? c.layers : 0) * md.attention().attn_size() * 4;
    if (estimate > schema::kDefaultBudgetBytes / 2) {
      p.ms = -1.0;  // skipped
      p.bytes = estimate;
      out.push_back(p);
      continue;
    }
    Model model(model_shape(c, c.hard, batch));
    Streams streams(config.seed);
    model.init(streams.init);
    std::vector<int> ids(static_cast<std::size_t>(batch) * t), targets(ids.size());
    Rng rng(config.seed, static_cast<std::uint64_t>(t));
    for (std::size_t i = 0; i < ids.size(); ++i) {
      ids[i] = static_cast<int>(rng.below(kVocab));
      targets[i] = static_cast<int>(rng.below(kVocab));
    }
    auto run = [&] {
      model.forward(ids.data(), batch, streams.sample);
      model.loss(targets.data(), batch);
      model.backward(ids.data(), targets.data(), batch);
    };
    run();  // warm-up
    // At least `repeats` runs and at least kMinTimedMs on the clock: a browser worker's clock
    // ticks in 0.1 ms steps (no cross-origin isolation), coarser than one pass at T = 8.
    constexpr double kMinTimedMs = 5.0;
    constexpr int kMaxTimedRuns = 4000;
    int runs = 0;
    std::chrono::duration<double, std::milli> elapsed{0.0};
    const auto start = Clock::now();
    do {
      run();
      ++runs;
      elapsed = Clock::now() - start;
    } while ((runs < repeats || elapsed.count() < kMinTimedMs) && runs < kMaxTimedRuns);
    p.ms = elapsed.count() / runs;
    p.bytes = model.bytes();
    p.attention_bytes = model.attention_bytes();
    p.macs = 3 * model.forward_macs(batch);
    out.push_back(p);
  }
  return out;
}

}  // namespace prayog::labs
