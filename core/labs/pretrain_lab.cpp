#include "labs/pretrain_lab.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "kernels/elementwise.hpp"
#include "kernels/gemm.hpp"
#include "labs/guard.hpp"
#include "nn/autoencoder.hpp"
#include "nn/dense.hpp"
#include "nn/loss.hpp"

namespace prayog::labs {

namespace {

using nn::Activation;

constexpr int kIn = data::kGlyphPixels, kClasses = data::kGlyphClasses;
// Evaluation runs in chunks of this many glyphs (buffers hold max(batch, kEvalChunk) rows).
constexpr int kEvalChunk = 250;
// Held-out glyphs (the first of the test set) that measure reconstruction error.
constexpr int kReconHeldout = 500;
// Smoothing of the supervised loss for steps_to_target: an exponential average over ~20 steps.
constexpr double kLossSmoothing = 0.05;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The lab's random streams, all derived from the seed in a fixed order. Every arm copies them.
struct Streams {
  Rng init, labelled, unlabelled, noise;
  explicit Streams(std::uint64_t seed) {
    Rng root(seed);
    init = root.split();
    labelled = root.split();
    unlabelled = root.split();
    noise = root.split();
  }
};

// One deep MLP (an arm's model): parameters and every buffer of forward and backward, sized once
// for `capacity` rows.
//
//   groups 0 .. D-1   hidden layer i: "l<i+1>.w" (fan_in, fan_out), "l<i+1>.b"
//   group  D          the head: "head.w" (dims[D], 10), "head.b"
//   group  D+1+i      layer i's decoder bias "dec<i+1>.c" (fan_in) (tied weights: W_iᵀ decodes)
class Net {
 public:
  Net(const PretrainConfig& c, int capacity) : depth_(c.depth), f_(c.activation), cap_(capacity) {
    dims_.push_back(kIn);
    for (int w : c.widths()) dims_.push_back(w);
    dims_.push_back(kClasses);
    for (int l = 0; l <= depth_; ++l) {
      const std::string name = l < depth_ ? "l" + std::to_string(l + 1) : std::string("head");
      w_.push_back(params.add(name + ".w", {dims_[l], dims_[l + 1]}, l));
      b_.push_back(params.add(name + ".b", {dims_[l + 1]}, l, false));
    }
    for (int l = 0; l < depth_; ++l)
      c_.push_back(
          params.add("dec" + std::to_string(l + 1) + ".c", {dims_[l]}, depth_ + 1 + l, false));
    params.finalize();

    const int widest = *std::max_element(dims_.begin(), dims_.end());
    const std::size_t rows = static_cast<std::size_t>(cap_);
    for (int l = 0; l <= depth_; ++l) h_.emplace_back(rows * dims_[l], 0.0f);
    logits_.assign(rows * kClasses, 0.0f);
    probs_.assign(logits_.size(), 0.0f);
    dlogits_.assign(logits_.size(), 0.0f);
    for (auto* buf : {&da_, &db_, &dz_, &xin_, &xrec_, &dxrec_, &code_, &code2_, &sample_})
      buf->assign(rows * widest, 0.0f);
    work_.assign(rows * 3 * widest, 0.0f);
    labels_.assign(rows, 0);
  }

  int depth() const { return depth_; }
  int dim(int l) const { return dims_[static_cast<std::size_t>(l)]; }
  Activation act() const { return f_; }

  // Biases and decoder biases 0; weights by `kind`, drawn in declaration order.
  void init(Rng& rng, InitKind kind, double small_std) {
    for (int l = 0; l <= depth_; ++l) {
      const double in = dims_[l], out = dims_[l + 1];
      switch (kind) {
        case InitKind::kSmall:
          params.init_normal(w(l), rng, small_std);
          break;
        case InitKind::kXavier:  // Glorot & Bengio 2010: U(±√(6 / (in + out)))
          params.init_uniform(w(l), rng, std::sqrt(6.0 / (in + out)));
          break;
        case InitKind::kHe:  // He et al. 2015: N(0, 2 / in)
          params.init_normal(w(l), rng, std::sqrt(2.0 / in));
          break;
      }
      params.init_constant(b(l), 0.0f);
    }
    for (int l = 0; l < depth_; ++l) params.init_constant(c(l), 0.0f);
  }

  // Rows of a set into the input buffer h0 (and their labels).
  void gather(const data::GlyphSet& set, const int* rows, int n) {
    for (int r = 0; r < n; ++r) {
      const int i = rows[r];
      std::copy(set.image(i), set.image(i) + kIn,
                h_[0].data() + static_cast<std::ptrdiff_t>(r) * kIn);
      labels_[static_cast<std::size_t>(r)] = set.labels[static_cast<std::size_t>(i)];
    }
  }
  void gather_range(const data::GlyphSet& set, int first, int n) {
    std::copy(set.image(first), set.image(first) + static_cast<std::ptrdiff_t>(n) * kIn,
              h_[0].data());
    std::copy(set.labels.begin() + first, set.labels.begin() + first + n, labels_.begin());
  }

  // h_{l+1} = act(h_l W_l + b_l) for l < upto.   h_l: (n, dims[l])
  void encode(int n, int upto, Activation act) {
    for (int l = 0; l < upto; ++l) {
      nn::dense_forward(h(l + 1), h(l), params.value(w(l)), params.value(b(l)), n, dim(l),
                        dim(l + 1));
      nn::activation_forward(act, h(l + 1), h(l + 1), static_cast<std::size_t>(n) * dim(l + 1));
    }
  }

  // The whole network on h0, then the mean cross-entropy against labels_ (fills probs).
  double forward_loss(int n) {
    encode(n, depth_, f_);
    nn::dense_forward(logits_.data(), h(depth_), params.value(w(depth_)), params.value(b(depth_)),
                      n, dim(depth_), kClasses);
    return nn::softmax_cross_entropy_forward(probs_.data(), logits_.data(), labels_.data(), n,
                                             kClasses);
  }
  int correct(int n) const {
    int hits = 0;
    for (int r = 0; r < n; ++r) {
      const float* z = logits_.data() + static_cast<std::ptrdiff_t>(r) * kClasses;
      const int best = static_cast<int>(std::max_element(z, z + kClasses) - z);
      hits += best == labels_[static_cast<std::size_t>(r)];
    }
    return hits;
  }

  // Gradients of the cross-entropy (after forward_loss) into the layers lowest .. D (the head);
  // nothing flows below `lowest`. Accumulates: the caller zeroes the gradients.
  void backward(int n, int lowest) {
    std::fill(dlogits_.begin(), dlogits_.begin() + static_cast<std::ptrdiff_t>(n) * kClasses, 0.0f);
    nn::softmax_cross_entropy_backward(dlogits_.data(), probs_.data(), labels_.data(), n, kClasses);
    float* dh = da_.data();     // dL/dh_{l+1}
    float* dprev = db_.data();  // dL/dh_l
    const bool below = lowest < depth_;
    if (below) std::fill(dh, dh + static_cast<std::ptrdiff_t>(n) * dim(depth_), 0.0f);
    nn::dense_backward(below ? dh : nullptr, params.grad(w(depth_)), params.grad(b(depth_)),
                       dlogits_.data(), h(depth_), params.value(w(depth_)), n, dim(depth_),
                       kClasses);
    for (int l = depth_ - 1; l >= lowest; --l) {
      const std::size_t out = static_cast<std::size_t>(n) * dim(l + 1);
      std::fill(dz_.begin(), dz_.begin() + static_cast<std::ptrdiff_t>(out), 0.0f);
      nn::activation_backward(f_, dz_.data(), dh, h(l + 1), out);  // dz = dh ⊙ f'(z)
      const bool more = l > lowest;
      if (more) std::fill(dprev, dprev + static_cast<std::ptrdiff_t>(n) * dim(l), 0.0f);
      nn::dense_backward(more ? dprev : nullptr, params.grad(w(l)), params.grad(b(l)), dz_.data(),
                         h(l), params.value(w(l)), n, dim(l), dim(l + 1));
      std::swap(dh, dprev);
    }
  }

  // The autoencoder of layer `layer` on the codes h_layer (after encode(n, layer, ...)): returns
  // the reconstruction MSE per element against the clean codes; with `grads`, accumulates the
  // gradient of the per-example sum of squared errors into W, b and the decoder bias. `noise` > 0
  // masks the encoder's input (denoising), drawing from rng.
  double autoencoder(int n, int layer, Activation enc, Activation dec, bool grads, float noise,
                     Rng* rng) {
    nn::AutoencoderDims d;
    d.batch = n;
    d.in = dim(layer);
    d.hidden = dim(layer + 1);
    d.tied = true;
    d.enc = enc;
    d.dec = dec;
    const std::size_t nx = static_cast<std::size_t>(n) * d.in;
    const float* x = h(layer);
    const float* xin = x;
    if (noise > 0.0f && rng) {
      nn::corrupt_masking(xin_.data(), x, nx, noise, *rng);
      xin = xin_.data();
    }
    const float* wv = params.value(w(layer));
    nn::autoencoder_forward<float>(xrec_.data(), code_.data(), xin, wv, params.value(b(layer)),
                                   nullptr, params.value(c(layer)), d);
    const double loss = nn::mse_forward(xrec_.data(), x, nx);
    if (grads) {
      std::fill(dxrec_.begin(), dxrec_.begin() + static_cast<std::ptrdiff_t>(nx), 0.0f);
      nn::mse_backward(dxrec_.data(), xrec_.data(), x, nx);
      // d(MSE)/dx̂ x D = the gradient of the mean per-example SSE: a step size that does not
      // shrink with the width of the layer being rebuilt.
      kernels::scale(dxrec_.data(), static_cast<float>(d.in), nx);
      nn::autoencoder_backward<float>(nullptr, params.grad(w(layer)), params.grad(b(layer)),
                                      nullptr, params.grad(c(layer)), work_.data(), dxrec_.data(),
                                      xin, code_.data(), xrec_.data(), wv, nullptr, d);
    }
    return loss;
  }

  // One CD-1 step of the RBM of layer `layer` (visible v0 = h_layer, sigmoid units): h0 =
  // σ(v0 W + b), a binary sample hs ~ h0, v1 = σ(hs Wᵀ + c), h1 = σ(v1 W + b). Accumulates the
  // negative CD-1 estimate of the log-likelihood gradient (the optimizer descends):
  //   dW += (v1ᵀ h1 - v0ᵀ h0) / n,  db += mean(h1 - h0),  dc += mean(v1 - v0).
  // Returns the MSE of v1 against v0 (the usual reconstruction error of CD training).
  double rbm_cd1(int n, int layer, Rng& rng) {
    const int nv = dim(layer), nh = dim(layer + 1);
    const float* v0 = h(layer);
    const float* wv = params.value(w(layer));
    const std::size_t sv = static_cast<std::size_t>(n) * nv, sh = static_cast<std::size_t>(n) * nh;
    float* h0 = code_.data();
    float* hs = sample_.data();
    float* v1 = xrec_.data();
    float* h1 = code2_.data();
    nn::dense_forward(h0, v0, wv, params.value(b(layer)), n, nv, nh);
    nn::activation_forward(Activation::kSigmoid, h0, h0, sh);
    for (std::size_t i = 0; i < sh; ++i) hs[i] = rng.uniform() < h0[i] ? 1.0f : 0.0f;
    kernels::gemm(kernels::gemm_args<float>(false, true, n, nv, nh, 1.0f, hs, wv, 0.0f, v1));
    kernels::add_bias_rows(v1, params.value(c(layer)), n, nv);
    nn::activation_forward(Activation::kSigmoid, v1, v1, sv);
    nn::dense_forward(h1, v1, wv, params.value(b(layer)), n, nv, nh);
    nn::activation_forward(Activation::kSigmoid, h1, h1, sh);

    const float inv = 1.0f / static_cast<float>(n);
    float* gw = params.grad(w(layer));
    kernels::gemm(kernels::gemm_args<float>(true, false, nv, nh, n, inv, v1, h1, 1.0f, gw));
    kernels::gemm(kernels::gemm_args<float>(true, false, nv, nh, n, -inv, v0, h0, 1.0f, gw));
    float* gb = params.grad(b(layer));
    float* gc = params.grad(c(layer));
    for (int r = 0; r < n; ++r) {
      for (int j = 0; j < nh; ++j) {
        const std::size_t i = static_cast<std::size_t>(r) * nh + j;
        gb[j] += (h1[i] - h0[i]) * inv;
      }
      for (int j = 0; j < nv; ++j) {
        const std::size_t i = static_cast<std::size_t>(r) * nv + j;
        gc[j] += (v1[i] - v0[i]) * inv;
      }
    }
    return nn::mse_forward(v1, v0, sv);
  }

  // x̂_layer = g(h_{layer+1} W_layerᵀ + c_layer), from `codes` (n, dims[layer+1]) into `out`.
  void decode(float* out, const float* codes, int n, int layer, Activation dec) {
    nn::AutoencoderDims d;
    d.batch = n;
    d.in = dim(layer);
    d.hidden = dim(layer + 1);
    d.tied = true;
    d.dec = dec;
    nn::autoencoder_decode<float>(out, codes, params.value(w(layer)), nullptr,
                                  params.value(c(layer)), d);
  }

  float* h(int l) { return h_[static_cast<std::size_t>(l)].data(); }
  const float* logits() const { return logits_.data(); }
  float* scratch_a() { return xin_.data(); }
  float* scratch_b() { return dxrec_.data(); }
  int w(int l) const { return w_[static_cast<std::size_t>(l)]; }
  int b(int l) const { return b_[static_cast<std::size_t>(l)]; }
  int c(int l) const { return c_[static_cast<std::size_t>(l)]; }

  nn::Params<float> params;

 private:
  int depth_;
  Activation f_;
  int cap_;
  std::vector<int> dims_, w_, b_, c_, labels_;
  std::vector<std::vector<float>> h_;
  std::vector<float> logits_, probs_, dlogits_, da_, db_, dz_, xin_, xrec_, dxrec_, code_, code2_,
      sample_, work_;
};

nn::OptimConfig optim_config(const PretrainConfig& c, bool pretraining) {
  nn::OptimConfig oc;
  oc.kind = c.optimizer;
  oc.lr = c.lr;
  oc.clip_norm = pretraining ? c.pretrain_clip : c.supervised_clip;
  return oc;
}

// The activation of the codes during pretraining: an RBM stack is a DBN (sigmoid units).
Activation code_activation(const PretrainConfig& c) {
  return c.pretrain == PretrainKind::kRbm ? Activation::kSigmoid : c.activation;
}

// The decoder of layer `layer` rebuilds its input: pixels in [0, 1] for layer 1, else codes.
Activation decoder_activation(const PretrainConfig& c, int layer) {
  const Activation codes = code_activation(c);
  if (layer == 0 || codes == Activation::kSigmoid) return Activation::kSigmoid;
  return codes == Activation::kTanh ? Activation::kTanh : Activation::kIdentity;
}

std::vector<Stage> make_timeline(const PretrainConfig& c, PretrainArm kind) {
  const int groups = c.depth + 1;
  std::vector<Stage> t;
  auto stage = [&](StageKind k, int layer, long begin, long end) {
    Stage s;
    s.kind = k;
    s.layer = layer;
    s.begin = begin;
    s.end = end;
    s.frozen.assign(static_cast<std::size_t>(groups), 1);
    s.recon_before = s.recon_after = kNaN;
    return s;
  };
  if (kind == PretrainArm::kRandom) {
    Stage s = stage(StageKind::kEndToEnd, -1, 0, c.budget());
    std::fill(s.frozen.begin(), s.frozen.end(), 0);
    t.push_back(s);
    return t;
  }
  const long n = c.steps_per_stage;
  long at = 0;
  for (int l = 0; l < c.depth; ++l, at += n) {
    Stage s = stage(StageKind::kPretrainLayer, l, at, at + n);
    s.frozen[static_cast<std::size_t>(l)] = 0;
    t.push_back(s);
  }
  Stage head = stage(StageKind::kHead, -1, at, at + n);
  head.frozen[static_cast<std::size_t>(c.depth)] = 0;
  t.push_back(head);
  at += n;
  Stage fine = stage(StageKind::kFinetune, -1, at, at + c.finetune_stages * n);
  std::fill(fine.frozen.begin(), fine.frozen.end(), 0);
  t.push_back(fine);
  return t;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::vector<int> PretrainConfig::widths() const {
  std::vector<int> w;
  for (int l = 0, u = width; l < depth; ++l, u /= 2) w.push_back(u);
  return w;
}

int PretrainConfig::labelled_count() const {
  const int n = static_cast<int>(labelled * train_size + 0.5);
  return std::clamp(n, 1, train_size);
}

const char* stage_kind_name(StageKind kind) {
  switch (kind) {
    case StageKind::kPretrainLayer:
      return "pretrain";
    case StageKind::kHead:
      return "head";
    case StageKind::kFinetune:
      return "finetune";
    case StageKind::kEndToEnd:
      return "end_to_end";
  }
  return "";
}

struct PretrainLab::Arm {
  Arm(PretrainArm k, const PretrainConfig& c, int capacity)
      : kind(k),
        net(c, capacity),
        opt(optim_config(c, false), net.params),
        pre_opt(optim_config(c, true), net.params),
        checkpoint(net.params.buffer_size(), 0.0f),
        timeline(make_timeline(c, k)) {
    unit_inputs.assign(static_cast<std::size_t>(std::max(kIn, c.width)), 0.0f);
    unit_weights.assign(unit_inputs.size(), 0.0f);
  }

  // The stage of step `step` (the last stage runs on past its end).
  int stage_at(long step) const {
    for (std::size_t s = 0; s < timeline.size(); ++s)
      if (step < timeline[s].end) return static_cast<int>(s);
    return static_cast<int>(timeline.size()) - 1;
  }
  const Stage& stage() const { return timeline[static_cast<std::size_t>(applied)]; }
  Stage& stage() { return timeline[static_cast<std::size_t>(applied)]; }

  PretrainArm kind;
  Net net;
  nn::Optimizer<float> opt;       // supervised stages
  nn::Optimizer<float> pre_opt;   // pretraining stages (clipped, see PretrainConfig)
  std::vector<float> checkpoint;  // weights at checkpoint_step_ (see labs/guard.hpp)
  std::vector<double> group_sq;   // last step's squared gradient norm per parameter group
  // Watches the stage's objective, restarted at every stage (a reconstruction error and a
  // cross-entropy are not comparable).
  DivergenceGuard guard;
  std::vector<Stage> timeline;
  int applied = -1;  // the stage whose freezing the optimizer has
  Rng labelled_rng, unlabelled_rng, noise_rng;
  std::vector<int> rows;
  PretrainArmMetrics metrics;
  double smoothed = kNaN;
  long steps_to_target = -1;
  double ms = 0.0;
  std::vector<float> recon, features, unit_inputs, unit_weights;
};

PretrainConfig pretrain_config(const schema::Values& v) {
  PretrainConfig c;
  c.depth = v.integer("depth");
  c.width = v.integer("width");
  const std::string& act = v.choice("activation");
  c.activation = act == "tanh"   ? Activation::kTanh
                 : act == "relu" ? Activation::kRelu
                                 : Activation::kSigmoid;
  const std::string& init = v.choice("init");
  c.init = init == "xavier" ? InitKind::kXavier : init == "he" ? InitKind::kHe : InitKind::kSmall;
  const std::string& pre = v.choice("pretrain");
  c.pretrain = pre == "denoising" ? PretrainKind::kDenoising
               : pre == "rbm"     ? PretrainKind::kRbm
                                  : PretrainKind::kAutoencoder;
  c.noise = static_cast<float>(v.number("noise"));
  c.steps_per_stage = v.integer("steps_per_stage");
  c.labelled = v.number("labelled");
  const std::string& arm = v.choice("arm");
  c.greedy = arm != "random";
  c.random = arm != "greedy";
  const std::string& opt = v.choice("optimizer");
  c.optimizer = opt == "momentum" ? nn::OptimizerKind::kMomentum
                : opt == "adam"   ? nn::OptimizerKind::kAdam
                                  : nn::OptimizerKind::kSgd;
  c.lr = v.number("lr");
  c.batch = v.integer("batch_size");
  c.seed = static_cast<std::uint64_t>(v.number("seed"));
  return c;
}

PretrainLab::PretrainLab(const PretrainConfig& config) : config_(config) {
  if (!config_.greedy && !config_.random) config_.greedy = config_.random = true;  // a lab has arms
  const int capacity = std::max(config_.batch, kEvalChunk);
  if (config_.greedy)
    arms_.push_back(std::make_unique<Arm>(PretrainArm::kGreedy, config_, capacity));
  if (config_.random)
    arms_.push_back(std::make_unique<Arm>(PretrainArm::kRandom, config_, capacity));
  reset(config_.seed);
}

PretrainLab::~PretrainLab() = default;

void PretrainLab::reset(std::uint64_t seed) {
  config_.seed = seed;
  data::GlyphConfig gc;
  gc.train_size = config_.train_size;
  gc.test_size = config_.test_size;
  data_ = std::make_unique<data::Glyphs>(gc, seed);
  recon_inputs_.assign(
      data_->test().image(0),
      data_->test().image(0) +
          static_cast<std::ptrdiff_t>(std::min(kViewExamples, config_.test_size)) * kIn);
  Streams streams(seed);
  for (auto& a : arms_) {
    Rng init = streams.init;  // every arm starts from the same weights
    a->net.init(init, config_.init, config_.small_std);
    a->opt.reset_state();
    a->pre_opt.reset_state();
    std::copy(a->net.params.values(), a->net.params.values() + a->checkpoint.size(),
              a->checkpoint.begin());
    a->labelled_rng = streams.labelled;
    a->unlabelled_rng = streams.unlabelled;
    a->noise_rng = streams.noise;
    a->timeline = make_timeline(config_, a->kind);
    a->applied = -1;
    a->metrics = PretrainArmMetrics();
    a->metrics.grad_norms.assign(static_cast<std::size_t>(layers()), 0.0);
    a->smoothed = kNaN;
    a->steps_to_target = -1;
    a->ms = 0.0;
  }
  steps_ = checkpoint_step_ = 0;
  for (auto& a : arms_) enter_stage(*a, 0);
  eval_dirty_ = true;
}

void PretrainLab::enter_stage(Arm& a, int index) {
  if (a.applied == index) return;
  a.applied = index;
  const Stage& s = a.stage();
  for (nn::Optimizer<float>* opt : {&a.opt, &a.pre_opt}) {
    for (int g = 0; g < layers(); ++g)
      opt->set_frozen(g, s.frozen[static_cast<std::size_t>(g)] != 0);
    for (int l = 0; l < config_.depth; ++l)
      opt->set_frozen(layers() + l, !(s.kind == StageKind::kPretrainLayer && s.layer == l));
    opt->reset_state();  // moments of the last stage belong to other parameters or objectives
  }
  a.guard.restart();
  if (s.kind == StageKind::kPretrainLayer) {
    const double e = recon_error(a, s.layer);
    a.stage().recon_before = a.stage().recon_after = e;
  }
}

double PretrainLab::recon_error(Arm& a, int layer) {
  const data::GlyphSet& test = data_->test();
  const int total = std::min(kReconHeldout, test.count);
  const Activation codes = code_activation(config_);
  double sum = 0.0;
  for (int at = 0; at < total; at += kEvalChunk) {
    const int n = std::min(kEvalChunk, total - at);
    a.net.gather_range(test, at, n);
    a.net.encode(n, layer, codes);
    sum += a.net.autoencoder(n, layer, codes, decoder_activation(config_, layer), false, 0.0f,
                             nullptr) *
           n;
  }
  return total > 0 ? sum / total : 0.0;
}

Status PretrainLab::step(int n) {
  using Clock = std::chrono::steady_clock;
  const int b = config_.batch;
  const data::GlyphSet& train = data_->train();
  const int labelled = config_.labelled_count();
  for (int i = 0; i < n; ++i) {
    bool diverged = false;
    std::string site;  // of the first arm that diverged, before the checkpoint overwrites it
    for (auto& ap : arms_) {
      Arm& a = *ap;
      const auto start = Clock::now();
      enter_stage(a, a.stage_at(steps_));
      const Stage& s = a.stage();
      Net& net = a.net;
      net.params.zero_grads();
      a.rows.resize(static_cast<std::size_t>(b));
      // The labelled batch: every stage's supervised loss (the overlaid curves), and the data of
      // head, fine-tune and end-to-end steps.
      for (int& r : a.rows)
        r = static_cast<int>(a.labelled_rng.below(static_cast<std::uint32_t>(labelled)));
      net.gather(train, a.rows.data(), b);
      double supervised = net.forward_loss(b);
      double loss = supervised;
      if (s.kind == StageKind::kPretrainLayer) {
        for (int& r : a.rows)
          r = static_cast<int>(a.unlabelled_rng.below(static_cast<std::uint32_t>(train.count)));
        net.gather(train, a.rows.data(), b);
        const Activation codes = code_activation(config_);
        net.encode(b, s.layer, codes);
        if (config_.pretrain == PretrainKind::kRbm) {
          loss = net.rbm_cd1(b, s.layer, a.noise_rng);
        } else {
          const float noise = config_.pretrain == PretrainKind::kDenoising ? config_.noise : 0.0f;
          loss = net.autoencoder(b, s.layer, codes, decoder_activation(config_, s.layer), true,
                                 noise, &a.noise_rng);
        }
      } else if (std::isfinite(supervised)) {
        net.backward(b, s.kind == StageKind::kHead ? config_.depth : 0);
      }
      a.metrics.stage = a.applied;
      a.metrics.loss = loss;
      a.metrics.supervised_loss = supervised;
      // Each layer's squared gradient norm, once: the page's per-layer norms, the optimizer's
      // global norm, and the finiteness check (a NaN or Inf gradient makes its layer's sum NaN or
      // Inf) all read it, instead of three passes over the gradients.
      double total_sq = 0.0;
      a.group_sq.resize(static_cast<std::size_t>(net.params.groups()));
      for (int grp = 0; grp < net.params.groups(); ++grp) {
        const double g = net.params.grad_norm(grp);
        a.group_sq[static_cast<std::size_t>(grp)] = g * g;
        if (grp < layers()) a.metrics.grad_norms[static_cast<std::size_t>(grp)] = g;
        total_sq += g * g;
      }
      if (!diverged &&
          (a.guard.diverged(loss) || !std::isfinite(supervised) || !std::isfinite(total_sq))) {
        diverged = true;
        site = divergence_site(net.params);
      }
      a.ms += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }
    if (diverged) {
      // Every arm back to the checkpoint (and the stage it was in) with fresh optimizer moments;
      // all arms roll back together, so they stay in lockstep.
      const long failed = steps_ + 1;
      steps_ = checkpoint_step_;
      for (auto& a : arms_) {
        std::copy(a->checkpoint.begin(), a->checkpoint.end(), a->net.params.values());
        a->applied = -1;  // re-enter: freezing, fresh moments, guard
        enter_stage(*a, a->stage_at(steps_));
      }
      eval_dirty_ = true;
      return diverged_status(failed, steps_, site);
    }
    for (auto& ap : arms_) {
      Arm& a = *ap;
      const auto start = Clock::now();
      (a.stage().kind == StageKind::kPretrainLayer ? a.pre_opt : a.opt)
          .step(a.net.params, a.group_sq);
      a.smoothed = std::isnan(a.smoothed)
                       ? a.metrics.supervised_loss
                       : a.smoothed + kLossSmoothing * (a.metrics.supervised_loss - a.smoothed);
      if (a.steps_to_target < 0 && a.smoothed <= target_loss_) a.steps_to_target = steps_ + 1;
      Stage& s = a.stage();
      if (s.kind == StageKind::kPretrainLayer && steps_ + 1 == s.end)
        s.recon_after = recon_error(a, s.layer);
      a.ms += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }
    ++steps_;
    bool due = true;
    for (auto& a : arms_) due = a->guard.checkpoint_due(steps_, a->metrics.loss) && due;
    if (due) {
      for (auto& a : arms_)
        std::copy(a->net.params.values(), a->net.params.values() + a->checkpoint.size(),
                  a->checkpoint.begin());
      checkpoint_step_ = steps_;
    }
  }
  if (n > 0) eval_dirty_ = true;
  return Status::Ok();
}

void PretrainLab::evaluate() {
  if (!eval_dirty_) return;
  const data::GlyphSet& train = data_->train();
  const data::GlyphSet& test = data_->test();
  const int labelled = config_.labelled_count();
  for (auto& ap : arms_) {
    Arm& a = *ap;
    long hits = 0;
    for (int at = 0; at < labelled; at += kEvalChunk) {
      const int n = std::min(kEvalChunk, labelled - at);
      a.net.gather_range(train, at, n);
      a.net.forward_loss(n);
      hits += a.net.correct(n);
    }
    a.metrics.accuracy = static_cast<double>(hits) / labelled;
    hits = 0;
    double loss = 0.0;
    for (int at = 0; at < test.count; at += kEvalChunk) {
      const int n = std::min(kEvalChunk, test.count - at);
      a.net.gather_range(test, at, n);
      loss += a.net.forward_loss(n) * n;
      hits += a.net.correct(n);
    }
    a.metrics.test_accuracy = test.count > 0 ? static_cast<double>(hits) / test.count : 0.0;
    a.metrics.test_loss = test.count > 0 ? loss / test.count : 0.0;
    Stage& s = a.stage();
    if (s.kind == StageKind::kPretrainLayer) {
      // The running stage's "after" is "now" (its final value is written when it ends).
      const double e = recon_error(a, s.layer);
      if (steps_ < s.end) s.recon_after = e;
      a.metrics.recon_error = e;
    } else {
      a.metrics.recon_error = kNaN;
    }
    if (steps_ == 0) {
      a.metrics.loss = a.metrics.supervised_loss = a.metrics.test_loss;
      if (s.kind == StageKind::kPretrainLayer) a.metrics.loss = a.metrics.recon_error;
    }
  }
  eval_dirty_ = false;
}

std::vector<std::string> PretrainLab::metric_names() const {
  std::vector<std::string> names = {"stage", "loss", "accuracy", "test_accuracy"};
  for (int l = 1; l <= layers(); ++l) names.push_back("grad_norm_l" + std::to_string(l));
  return names;
}

std::vector<double> PretrainLab::metrics() {
  return arm_metric_values(0);
}

std::vector<double> PretrainLab::arm_metric_values(int arm) {
  const PretrainArmMetrics m = arm_metrics(arm);
  std::vector<double> v = {static_cast<double>(m.stage), m.loss, m.accuracy, m.test_accuracy};
  v.insert(v.end(), m.grad_norms.begin(), m.grad_norms.end());
  return v;
}

void PretrainLab::set_learning_rate(double lr) {
  config_.lr = lr;
  for (auto& a : arms_) {
    a->opt.set_lr(lr);
    a->pre_opt.set_lr(lr);
  }
}

const PretrainLab::Arm& PretrainLab::arm(int i) const {
  return *arms_[static_cast<std::size_t>(std::clamp(i, 0, arm_count() - 1))];
}
PretrainLab::Arm& PretrainLab::arm(int i) {
  return *arms_[static_cast<std::size_t>(std::clamp(i, 0, arm_count() - 1))];
}

const char* PretrainLab::arm_name(int i) const {
  return arm_kind(i) == PretrainArm::kGreedy ? "greedy" : "random";
}
PretrainArm PretrainLab::arm_kind(int i) const {
  return arm(i).kind;
}
const nn::Params<float>& PretrainLab::params(int i) const {
  return arm(i).net.params;
}

PretrainArmMetrics PretrainLab::arm_metrics(int i) {
  evaluate();
  return arm(i).metrics;
}

PretrainArmMetrics PretrainLab::step_metrics(int i) const {
  return arm(i).metrics;
}

const std::vector<Stage>& PretrainLab::stage_timeline(int i) const {
  return arm(i).timeline;
}

int PretrainLab::current_stage(int i) const {
  return arm(i).applied;
}

void PretrainLab::set_target_loss(double target) {
  target_loss_ = target;
  // Recomputed from here on: earlier crossings were against the old target.
  for (auto& a : arms_) a->steps_to_target = a->smoothed <= target ? steps_ : -1;
}

std::vector<ComparisonRow> PretrainLab::comparison() {
  evaluate();
  std::vector<ComparisonRow> rows;
  for (int i = 0; i < arm_count(); ++i) {
    const Arm& a = arm(i);
    ComparisonRow r;
    r.arm = arm_name(i);
    r.steps = steps_;
    r.steps_to_target = a.steps_to_target;
    r.test_accuracy = a.metrics.test_accuracy;
    r.test_loss = a.metrics.test_loss;
    r.accuracy = a.metrics.accuracy;
    r.ms = a.ms;
    r.ms_per_step = steps_ > 0 ? a.ms / static_cast<double>(steps_) : 0.0;
    rows.push_back(r);
  }
  return rows;
}

GridView PretrainLab::view_recon_inputs() {
  return {recon_inputs_.data(), static_cast<int>(recon_inputs_.size() / kIn), kIn};
}

GridView PretrainLab::view_reconstructions(int i) {
  if (i < 0 || i >= arm_count() || arm(i).kind != PretrainArm::kGreedy) return {};
  Arm& a = arm(i);
  const Stage& s = a.stage();
  const int k = s.kind == StageKind::kPretrainLayer ? s.layer + 1 : config_.depth;
  const int n = static_cast<int>(recon_inputs_.size() / kIn);
  const Activation codes = code_activation(config_);
  std::copy(recon_inputs_.begin(), recon_inputs_.end(), a.net.h(0));
  a.net.encode(n, k, codes);
  // Down the stack: decoder k-1 rebuilds h_{k-1} from h_k, ..., decoder 0 the pixels.
  const float* from = a.net.h(k);
  float* bufs[2] = {a.net.scratch_a(), a.net.scratch_b()};
  for (int l = k - 1; l >= 0; --l) {
    float* out = bufs[l % 2];
    a.net.decode(out, from, n, l, decoder_activation(config_, l));
    from = out;
  }
  a.recon.assign(from, from + static_cast<std::ptrdiff_t>(n) * kIn);
  return {a.recon.data(), n, kIn};
}

GridView PretrainLab::view_features(int i, int count) {
  if (i < 0 || i >= arm_count() || count < 1) return {};
  Arm& a = arm(i);
  const int units = std::min(count, config_.width);
  a.features.resize(static_cast<std::size_t>(units) * kIn);
  const float* w = a.net.params.value(a.net.w(0));  // (256, width)
  for (int u = 0; u < units; ++u)
    for (int p = 0; p < kIn; ++p)
      a.features[static_cast<std::size_t>(u) * kIn + p] =
          w[static_cast<std::size_t>(p) * config_.width + u];
  return {a.features.data(), units, kIn};
}

UnitView PretrainLab::view_unit(int i, int layer, int unit, int example) {
  if (i < 0 || i >= arm_count() || layer < 0 || layer > config_.depth || example < 0 ||
      example >= data_->test().count)
    return {};
  Arm& a = arm(i);
  Net& net = a.net;
  const int fan_in = net.dim(layer), fan_out = net.dim(layer + 1);
  if (unit < 0 || unit >= fan_out) return {};
  net.gather_range(data_->test(), example, 1);
  net.encode(1, layer, config_.activation);
  std::copy(net.h(layer), net.h(layer) + fan_in, a.unit_inputs.begin());
  const float* w = net.params.value(net.w(layer));
  for (int j = 0; j < fan_in; ++j)
    a.unit_weights[static_cast<std::size_t>(j)] = w[static_cast<std::size_t>(j) * fan_out + unit];
  float* z = net.scratch_a();
  nn::dense_forward(z, net.h(layer), w, net.params.value(net.b(layer)), 1, fan_in, fan_out);
  UnitView v;
  v.inputs = a.unit_inputs.data();
  v.weights = a.unit_weights.data();
  v.fan_in = fan_in;
  v.bias = net.params.value(net.b(layer))[unit];
  v.pre_activation = z[unit];
  const Activation f = layer == config_.depth ? Activation::kIdentity : config_.activation;
  nn::activation_forward(f, &v.output, &v.pre_activation, 1);
  return v;
}

void PretrainLab::poison_weights_for_test(int i) {
  arm(i).net.params.values()[0] = std::numeric_limits<float>::quiet_NaN();
  eval_dirty_ = true;
}

std::unique_ptr<PretrainLab> make_pretrain_lab(const schema::Values& values, Status* status) {
  const schema::LabSchema* lab = schema::find_lab("pretrain");
  Status s = lab ? schema::validate(*lab, values)
                 : Status::Error(StatusCode::kUnknownKey, "error.unknown_lab", "no pretrain lab");
  if (status) *status = s;
  if (!s.ok()) return nullptr;
  return std::make_unique<PretrainLab>(pretrain_config(values));
}

double PretrainLab::train_loss(int arm) const {
  if (steps_done() == 0) return std::numeric_limits<double>::quiet_NaN();
  return step_metrics(arm).supervised_loss;
}

double PretrainLab::train_grad_norm(int arm) const {
  if (steps_done() == 0) return std::numeric_limits<double>::quiet_NaN();
  double sq = 0.0;
  for (double g : step_metrics(arm).grad_norms) sq += g * g;
  return std::sqrt(sq);
}

}  // namespace prayog::labs
