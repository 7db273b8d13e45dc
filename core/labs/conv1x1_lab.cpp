#include "labs/conv1x1_lab.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "kernels/softmax.hpp"
#include "labs/lab_util.hpp"
#include "nn/activation.hpp"
#include "nn/batchnorm.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/dropout.hpp"
#include "nn/loss.hpp"
#include "nn/pool.hpp"

namespace prayog::labs {

namespace {

constexpr int kSize = data::kShapesSize;
constexpr int kClasses = data::kShapesClasses;
constexpr int kTimingWindow = 20;  // steps the per-arm ms is averaged over

Status out_of_range(const char* field, double value, double lo, double hi) {
  const std::string v = schema::format_number(value), l = schema::format_number(lo),
                    h = schema::format_number(hi);
  return Status::Error(StatusCode::kInvalidArgument, "error.out_of_range",
                       std::string(field) + " = " + v + " is outside " + l + ".." + h,
                       {{"field", field}, {"value", v}, {"min", l}, {"max", h}});
}

struct Rule {
  const char* field;
  double value, lo, hi;
};

Status check_rules(const Rule* rules, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const Rule& r = rules[i];
    if (!(r.value >= r.lo && r.value <= r.hi)) return out_of_range(r.field, r.value, r.lo, r.hi);
  }
  return Status::Ok();
}

void load_image(float* out, const std::uint8_t* bytes) {
  for (int v = 0; v < data::kShapesValues; ++v) out[v] = static_cast<float>(bytes[v]) / 255.0f;
}

LayerCost conv_cost(int h, int w, int cin, int cout, int k) {
  const nn::Conv2DDims d{1, h, w, cin, cout, k, 1, k / 2};
  return {d.out_h(), d.out_w(), cout, nn::conv2d_param_count(d), nn::conv2d_macs(d)};
}

LayerCost chain(const LayerCost& a, const LayerCost& b) {
  return {b.out_h, b.out_w, b.out_c, a.params + b.params, a.macs + b.macs};
}

// One layer of an arm's network. Convolutions keep their output (after BN and ReLU) for the next
// layer and for backward; max pools their argmax.
struct LayerSpec {
  bool pool = false;  // a 2x2 max pool, else a convolution
  int k = 3, cin = 0, cout = 0;
  bool relu = true;
};

std::vector<LayerSpec> architecture(Conv1x1Variant v, const Conv1x1Options& o) {
  const int r = o.bottleneck;
  const LayerSpec pool{true, 2, 0, 0, false};
  switch (v) {
    case Conv1x1Variant::kPlain:
      return {{false, 3, 3, o.c1, true},
              pool,
              {false, 3, o.c1, o.c2, true},
              pool,
              {false, 3, o.c2, o.c3, true}};
    case Conv1x1Variant::kBottleneck:
    case Conv1x1Variant::kBottleneckRelu: {
      const bool relu = v == Conv1x1Variant::kBottleneckRelu;
      return {{false, 3, 3, o.c1, true}, pool, {false, 1, o.c1, r, relu},
              {false, 3, r, o.c2, true}, pool, {false, 1, o.c2, r, relu},
              {false, 3, r, o.c3, true}};
    }
    case Conv1x1Variant::kPointwise:
      return {
          {false, 1, 3, o.c1, true}, {false, 1, o.c1, o.c2, true}, {false, 1, o.c2, o.c3, true}};
  }
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Cost arithmetic

Conv1x1Costs conv1x1_costs(int h, int w, int cin, int cout, int k, int r) {
  Conv1x1Costs c;
  c.h = h;
  c.w = w;
  c.cin = cin;
  c.cout = cout;
  c.k = k;
  c.r = r;
  c.pointwise = conv_cost(h, w, cin, cout, 1);
  c.plain = conv_cost(h, w, cin, cout, k);
  c.reduce = conv_cost(h, w, cin, r, 1);
  c.spatial = conv_cost(h, w, r, cout, k);
  c.bottleneck = chain(c.reduce, c.spatial);
  c.nin = chain(chain(c.plain, conv_cost(h, w, cout, cout, 1)), conv_cost(h, w, cout, cout, 1));
  c.bottleneck_ratio =
      c.plain.macs > 0 ? static_cast<double>(c.bottleneck.macs) / static_cast<double>(c.plain.macs)
                       : 0.0;
  return c;
}

Conv1x1Costs conv1x1_costs(const schema::Values& v) {
  return conv1x1_costs(v.integer("h"), v.integer("w"), v.integer("cin"), v.integer("cout"),
                       v.integer("k"), v.integer("bottleneck"));
}

// ---------------------------------------------------------------------------------------------
// Explorer

Status validate_conv1x1_explorer(const Conv1x1ExplorerOptions& o) {
  const Rule rules[] = {
      {"h", static_cast<double>(o.h), 1, 128},
      {"w", static_cast<double>(o.w), 1, 128},
      {"cin", static_cast<double>(o.cin), 1, 512},
      {"cout", static_cast<double>(o.cout), 1, 512},
  };
  return check_rules(rules, sizeof rules / sizeof rules[0]);
}

std::size_t conv1x1_explorer_bytes(const Conv1x1ExplorerOptions& o) {
  const std::size_t hw = static_cast<std::size_t>(o.h) * static_cast<std::size_t>(o.w);
  const std::size_t cin = static_cast<std::size_t>(o.cin), cout = static_cast<std::size_t>(o.cout);
  return (hw * (cin + cout) + 2 * cin * cout + cout) * sizeof(float);
}

Conv1x1ExplorerOptions conv1x1_explorer_options(const schema::Values& values) {
  Conv1x1ExplorerOptions o;
  const auto& all = values.all();
  const auto has = [&all](const char* key) { return all.count(key) != 0; };
  if (has("h")) o.h = values.integer("h");
  if (has("w")) o.w = values.integer("w");
  if (has("cin")) o.cin = values.integer("cin");
  if (has("cout")) o.cout = values.integer("cout");
  if (has("seed")) o.seed = static_cast<std::uint64_t>(values.number("seed"));
  return o;
}

Conv1x1Explorer::Conv1x1Explorer(const Conv1x1ExplorerOptions& options) : opt_(options) {
  const std::size_t hw = static_cast<std::size_t>(opt_.h) * static_cast<std::size_t>(opt_.w);
  const std::size_t cin = static_cast<std::size_t>(opt_.cin);
  const std::size_t cout = static_cast<std::size_t>(opt_.cout);
  x_.resize(hw * cin);
  w_.resize(cin * cout);
  wt_.resize(cin * cout);
  b_.resize(cout);
  y_.resize(hw * cout);
  Rng root(opt_.seed, 0xc0de1a1ULL);
  Rng xr = root.split(), wr = root.split();
  for (float& v : x_) v = xr.uniform();
  const float sd = static_cast<float>(std::sqrt(1.0 / opt_.cin));
  for (float& v : w_) v = sd * wr.normal();
  for (float& v : b_) v = 0.1f * wr.normal();
  for (std::size_t i = 0; i < cin; ++i)
    for (std::size_t j = 0; j < cout; ++j) wt_[j * cin + i] = w_[i * cout + j];
  const nn::Conv2DDims d{1, opt_.h, opt_.w, opt_.cin, opt_.cout, 1, 1, 0};
  // The direct path: x viewed as (H·W, C_in) times W (C_in, C_out), then + b on every row.
  nn::conv2d_forward<float>(y_.data(), nullptr, x_.data(), w_.data(), b_.data(), d);
}

long long Conv1x1Explorer::params() const {
  return nn::conv2d_param_count(1, opt_.cin, opt_.cout);
}

long long Conv1x1Explorer::macs() const {
  return nn::conv2d_macs(nn::Conv2DDims{1, opt_.h, opt_.w, opt_.cin, opt_.cout, 1, 1, 0});
}

Conv1x1Costs Conv1x1Explorer::costs(int k, int r) const {
  return conv1x1_costs(opt_.h, opt_.w, opt_.cin, opt_.cout, k, r);
}

Status Conv1x1Explorer::select_pixel(int y, int x) {
  if (y < 0 || y >= opt_.h) return out_of_range("y", y, 0, opt_.h - 1);
  if (x < 0 || x >= opt_.w) return out_of_range("x", x, 0, opt_.w - 1);
  py_ = y;
  px_ = x;
  return Status::Ok();
}

PixelView Conv1x1Explorer::pixel() const {
  const std::ptrdiff_t p = static_cast<std::ptrdiff_t>(py_) * opt_.w + px_;
  return {py_, px_, x_.data() + p * opt_.cin, y_.data() + p * opt_.cout, opt_.cin, opt_.cout};
}

// ---------------------------------------------------------------------------------------------
// Training: one arm

const char* conv1x1_variant_name(Conv1x1Variant v) {
  switch (v) {
    case Conv1x1Variant::kPlain:
      return "plain";
    case Conv1x1Variant::kBottleneck:
      return "bottleneck";
    case Conv1x1Variant::kBottleneckRelu:
      return "bottleneck_relu";
    case Conv1x1Variant::kPointwise:
      return "pointwise_only";
  }
  return "";
}

struct Conv1x1Lab::Arm {
  struct Layer {
    LayerSpec spec;
    nn::Conv2DDims conv;  // n = capacity; set per call
    nn::PoolDims pool;
    int oh = 0, ow = 0, oc = 0;
    int w = -1, b = -1, gamma = -1, beta = -1;
    std::size_t stats = 0;  // running mean at stats, running variance at stats + oc
    std::vector<float> out, dout, cols, xhat, inv_std, dpre;
    std::vector<int> argmax;
    std::size_t out_size(int n) const {
      return static_cast<std::size_t>(n) * static_cast<std::size_t>(oh) *
             static_cast<std::size_t>(ow) * static_cast<std::size_t>(oc);
    }
  };

  Conv1x1Variant variant = Conv1x1Variant::kPlain;
  bool bn = false;
  float p = 0.0f;  // dropout
  std::vector<Layer> layers;
  int feat = 0, fh = 0, fw = 0;  // last feature map: (fh, fw, feat)
  int fc_w = -1, fc_b = -1;
  nn::Params<float> params;
  std::unique_ptr<nn::Optimizer<float>> opt;
  std::vector<float> stats;                         // BatchNorm running mean and variance per layer
  std::vector<float> checkpoint, checkpoint_stats;  // at the lab's checkpoint_step_
  Rng dropout_rng;
  std::vector<float> gap, drop, dgap, ddrop, logits, probs, dlogits;
  std::vector<std::uint8_t> mask;
  long long macs = 0;
  double last_loss = 0.0;  // of the last step that trained (a diverged one does not count)
  double step_loss = 0.0;  // of the step under way
  double times[kTimingWindow] = {};
  int timed = 0;
  // Evaluation and views.
  double heldout_loss = 0.0, accuracy = 0.0;
  std::vector<int> predictions;
  std::vector<float> weights_view, before, after, view_probs;
  int view_predicted = 0;
  int first_pointwise = -1;

  // labs::divergence_site, and BatchNorm's running statistics after the parameters: they are
  // updated from the batch's activations in forward, so a NaN there can come before any gradient.
  std::string divergence_site() const {
    if (params.first_nonfinite_value() >= 0) return labs::divergence_site(params);
    for (const Layer& l : layers) {
      if (l.spec.pool || !bn) continue;
      if (!all_finite(stats.data() + l.stats, 2 * static_cast<std::size_t>(l.oc))) {
        const std::string& w = params.info(l.w).name;  // "conv2.w"
        return w.substr(0, w.size() - 2) + ".bn_running_stats";
      }
    }
    return labs::divergence_site(params);
  }

  std::vector<int> pointwise() const {
    std::vector<int> ids;
    for (std::size_t i = 0; i < layers.size(); ++i)
      if (!layers[i].spec.pool && layers[i].spec.k == 1) ids.push_back(static_cast<int>(i));
    return ids;
  }

  double ms() const {
    const int n = std::min(timed, kTimingWindow);
    double s = 0.0;
    for (int i = 0; i < n; ++i) s += times[i];
    return n > 0 ? s / n : 0.0;
  }

  void build(Conv1x1Variant v, const Conv1x1Options& o, int cap) {
    variant = v;
    bn = o.batchnorm;
    p = static_cast<float>(o.dropout);
    layers.clear();
    params = nn::Params<float>();
    int h = kSize, w = kSize, c = 3, group = 0;
    std::size_t n_stats = 0;
    macs = 0;
    for (const LayerSpec& s : architecture(v, o)) {
      Layer l;
      l.spec = s;
      if (s.pool) {
        l.pool = nn::PoolDims{cap, h, w, c, 2, 2};
        l.oh = l.pool.out_h();
        l.ow = l.pool.out_w();
        l.oc = c;
      } else {
        l.conv = nn::Conv2DDims{cap, h, w, c, s.cout, s.k, 1, s.k / 2};
        l.oh = l.conv.out_h();
        l.ow = l.conv.out_w();
        l.oc = s.cout;
        const std::string name = "conv" + std::to_string(group + 1) + (s.k == 1 ? "_1x1" : "");
        l.w = params.add(name + ".w", {s.k * s.k * c, s.cout}, group);
        if (bn) {
          l.gamma = params.add(name + ".bn_gamma", {s.cout}, group, false);
          l.beta = params.add(name + ".bn_beta", {s.cout}, group, false);
          l.stats = n_stats;
          n_stats += 2 * static_cast<std::size_t>(s.cout);
        } else {
          l.b = params.add(name + ".b", {s.cout}, group, false);
        }
        nn::Conv2DDims one = l.conv;
        one.n = 1;
        macs += nn::conv2d_macs(one);
        ++group;
      }
      h = l.oh;
      w = l.ow;
      c = l.oc;
      layers.push_back(std::move(l));
    }
    feat = c;
    fh = h;
    fw = w;
    fc_w = params.add("fc.w", {feat, kClasses}, group);
    fc_b = params.add("fc.b", {kClasses}, group, false);
    params.finalize();
    macs += nn::dense_macs(1, feat, kClasses);

    for (Layer& l : layers) {
      const std::size_t out = l.out_size(cap);
      l.out.assign(out, 0.0f);
      l.dout.assign(out, 0.0f);
      if (l.spec.pool) {
        l.argmax.assign(out, 0);
        continue;
      }
      l.cols.assign(static_cast<std::size_t>(l.conv.cols_size()), 0.0f);
      if (bn) {
        l.xhat.assign(out, 0.0f);
        l.dpre.assign(out, 0.0f);
        l.inv_std.assign(static_cast<std::size_t>(l.oc), 0.0f);
      }
    }
    stats.assign(n_stats, 0.0f);
    for (const Layer& l : layers)  // running variance starts at 1 (PyTorch's rule)
      if (!l.spec.pool && bn)
        std::fill(stats.begin() + static_cast<std::ptrdiff_t>(l.stats + l.oc),
                  stats.begin() + static_cast<std::ptrdiff_t>(l.stats + 2 * l.oc), 1.0f);
    const std::size_t fsz = static_cast<std::size_t>(cap) * static_cast<std::size_t>(feat);
    gap.assign(fsz, 0.0f);
    drop.assign(fsz, 0.0f);
    dgap.assign(fsz, 0.0f);
    ddrop.assign(fsz, 0.0f);
    mask.assign(fsz, 1);
    logits.assign(static_cast<std::size_t>(cap) * kClasses, 0.0f);
    probs.assign(logits.size(), 0.0f);
    dlogits.assign(logits.size(), 0.0f);

    const std::vector<int> pw = pointwise();
    first_pointwise = pw.empty() ? -1 : pw[0];
    std::size_t widest = 0;
    for (int i : pw) {
      const Layer& l = layers[static_cast<std::size_t>(i)];
      widest = std::max(widest, static_cast<std::size_t>(l.conv.cin) * l.oc);
    }
    weights_view.assign(widest, 0.0f);
    if (first_pointwise >= 0) {
      const Layer& l = layers[static_cast<std::size_t>(first_pointwise)];
      before.assign(static_cast<std::size_t>(l.conv.h) * l.conv.w * l.conv.cin, 0.0f);
      after.assign(l.out_size(1), 0.0f);
    }
    view_probs.assign(kClasses, 0.0f);
  }

  void init_weights(Rng rng) {
    for (const Layer& l : layers) {
      if (l.spec.pool) continue;
      // He for layers followed by a ReLU, 1/fan_in for the linear 1x1 reductions (variance kept).
      const double fan_in = static_cast<double>(l.spec.k) * l.spec.k * l.conv.cin;
      params.init_normal(l.w, rng, std::sqrt((l.spec.relu ? 2.0 : 1.0) / fan_in));
      if (bn) params.init_constant(l.gamma, 1.0f);
    }
    params.init_normal(fc_w, rng, std::sqrt(1.0 / feat));
  }

  // Forward of n images from x (n <= capacity); train: batch statistics, dropout masks.
  void forward(const float* x, int n, bool train, double* bn_scratch) {
    const float* in = x;
    for (Layer& l : layers) {
      if (l.spec.pool) {
        nn::PoolDims d = l.pool;
        d.n = n;
        nn::maxpool_forward(l.out.data(), l.argmax.data(), in, d);
      } else {
        nn::Conv2DDims d = l.conv;
        d.n = n;
        nn::conv2d_forward(l.out.data(), l.cols.data(), in, params.value(l.w),
                           bn ? nullptr : params.value(l.b), d);
        const std::size_t sz = l.out_size(n);
        if (bn) {
          float* rm = stats.data() + l.stats;
          nn::batchnorm_forward(l.out.data(), l.xhat.data(), l.inv_std.data(), rm, rm + l.oc,
                                l.out.data(), params.value(l.gamma), params.value(l.beta),
                                n * l.oh * l.ow, l.oc, train, nn::BatchNormOptions(), bn_scratch);
        }
        if (l.spec.relu)
          nn::activation_forward(nn::Activation::kRelu, l.out.data(), l.out.data(), sz);
      }
      in = l.out.data();
    }
    nn::global_avgpool_forward(gap.data(), in, n, fh, fw, feat);
    const std::size_t fsz = static_cast<std::size_t>(n) * feat;
    const float* head = gap.data();
    if (train && p > 0.0f) {
      nn::dropout_forward(drop.data(), mask.data(), gap.data(), fsz, p, true, dropout_rng);
      head = drop.data();
    }
    nn::dense_forward(logits.data(), head, params.value(fc_w), params.value(fc_b), n, feat,
                      kClasses);
  }

  // Gradients of the mean loss over n images (after forward(x, n, true)), into params.grads().
  void backward(const float* x, const int* labels, int n, float* dcols, double* bn_scratch) {
    params.zero_grads();
    const std::size_t fsz = static_cast<std::size_t>(n) * feat;
    std::fill(dlogits.begin(), dlogits.begin() + n * kClasses, 0.0f);
    std::fill(ddrop.begin(), ddrop.begin() + static_cast<std::ptrdiff_t>(fsz), 0.0f);
    nn::softmax_cross_entropy_backward(dlogits.data(), probs.data(), labels, n, kClasses);
    const bool dropped = p > 0.0f;
    nn::dense_backward(ddrop.data(), params.grad(fc_w), params.grad(fc_b), dlogits.data(),
                       dropped ? drop.data() : gap.data(), params.value(fc_w), n, feat, kClasses);
    const float* dfeat = ddrop.data();
    if (dropped) {
      std::fill(dgap.begin(), dgap.begin() + static_cast<std::ptrdiff_t>(fsz), 0.0f);
      nn::dropout_backward(dgap.data(), ddrop.data(), mask.data(), fsz, p, true);
      dfeat = dgap.data();
    }
    Layer& last = layers.back();
    std::fill(last.dout.begin(), last.dout.begin() + static_cast<std::ptrdiff_t>(last.out_size(n)),
              0.0f);
    nn::global_avgpool_backward(last.dout.data(), dfeat, n, fh, fw, feat);
    for (std::size_t i = layers.size(); i-- > 0;) {
      Layer& l = layers[i];
      const float* in = i > 0 ? layers[i - 1].out.data() : x;
      float* din = nullptr;
      if (i > 0) {
        Layer& prev = layers[i - 1];
        din = prev.dout.data();
        std::fill(prev.dout.begin(),
                  prev.dout.begin() + static_cast<std::ptrdiff_t>(prev.out_size(n)), 0.0f);
      }
      if (l.spec.pool) {
        nn::PoolDims d = l.pool;
        d.n = n;
        nn::maxpool_backward(din, l.dout.data(), l.argmax.data(), d);
        continue;
      }
      const std::size_t sz = l.out_size(n);
      if (l.spec.relu) relu_mask(l.dout.data(), l.out.data(), sz);
      const float* dz = l.dout.data();
      if (bn) {
        std::fill(l.dpre.begin(), l.dpre.begin() + static_cast<std::ptrdiff_t>(sz), 0.0f);
        nn::batchnorm_backward(l.dpre.data(), params.grad(l.gamma), params.grad(l.beta),
                               l.dout.data(), l.xhat.data(), l.inv_std.data(),
                               params.value(l.gamma), n * l.oh * l.ow, l.oc, true, bn_scratch);
        dz = l.dpre.data();
      }
      nn::Conv2DDims d = l.conv;
      d.n = n;
      nn::conv2d_backward(din, params.grad(l.w), bn ? nullptr : params.grad(l.b), dcols, dz, in,
                          l.cols.data(), params.value(l.w), d);
    }
  }

  void save_checkpoint() {
    std::copy(params.values(), params.values() + params.buffer_size(), checkpoint.begin());
    std::copy(stats.begin(), stats.end(), checkpoint_stats.begin());
  }
  // Fresh optimizer moments: they carried the run towards the blow-up.
  void restore_checkpoint() {
    std::copy(checkpoint.begin(), checkpoint.end(), params.values());
    std::copy(checkpoint_stats.begin(), checkpoint_stats.end(), stats.begin());
    opt->reset_state();
  }
};

// ---------------------------------------------------------------------------------------------
// Training: the lab

LayerCost conv1x1_variant_cost(Conv1x1Variant variant, const Conv1x1Options& o) {
  LayerCost cost;
  int h = kSize, w = kSize, c = 3;
  for (const LayerSpec& s : architecture(variant, o)) {
    if (s.pool) {
      h /= 2;
      w /= 2;
      continue;
    }
    const LayerCost l = conv_cost(h, w, c, s.cout, s.k);
    // BatchNorm: γ and β (2·C) replace the conv's bias (C).
    cost.params += l.params + (o.batchnorm ? s.cout : 0);
    cost.macs += l.macs;
    c = s.cout;
  }
  cost.params += static_cast<long long>(c) * kClasses + kClasses;
  cost.macs += nn::dense_macs(1, c, kClasses);
  cost.out_h = cost.out_w = 1;
  cost.out_c = kClasses;
  return cost;
}

Status validate_conv1x1(const Conv1x1Options& o) {
  const Rule rules[] = {
      {"batch_size", static_cast<double>(o.batch_size), 1, 256},
      {"dropout", o.dropout, 0.0, 0.9},
      {"l2", o.l2, 0.0, 0.1},
      {"train_bottleneck", static_cast<double>(o.bottleneck), 1, 32},
      {"c1", static_cast<double>(o.c1), 1, 128},
      {"c2", static_cast<double>(o.c2), 1, 128},
      {"c3", static_cast<double>(o.c3), 1, 128},
      {"train_size", static_cast<double>(o.train_size), 1, 65536},
      {"heldout_size", static_cast<double>(o.heldout_size), 1, 65536},
  };
  Status s = check_rules(rules, sizeof rules / sizeof rules[0]);
  if (!s.ok()) return s;
  const int variant = static_cast<int>(o.variant);
  if (variant < 0 || variant >= kConv1x1Variants) return out_of_range("variant", variant, 0, 3);
  nn::OptimConfig oc;
  oc.kind = o.optimizer;
  oc.lr = o.lr;
  oc.weight_decay = o.l2;
  return nn::validate(oc);
}

std::size_t conv1x1_lab_bytes(const Conv1x1Options& o) {
  const std::size_t cap = static_cast<std::size_t>(std::max(o.batch_size, 32));
  std::size_t floats = 0, ints = 0, widest_cols = 0;
  for (int v = 0; v < kConv1x1Variants; ++v) {
    if (!o.all_arms && v != static_cast<int>(o.variant)) continue;
    int h = kSize, w = kSize, c = 3;
    std::size_t params = 0;
    for (const LayerSpec& s : architecture(static_cast<Conv1x1Variant>(v), o)) {
      if (s.pool) {
        h /= 2;
        w /= 2;
        const std::size_t out = cap * h * w * c;
        floats += 2 * out;
        ints += out;
        continue;
      }
      const std::size_t out = cap * h * w * s.cout;
      const std::size_t cols = s.k == 1 ? 0 : cap * h * w * s.k * s.k * c;
      floats += (o.batchnorm ? 4 : 2) * out + cols + 3 * s.cout;
      widest_cols = std::max(widest_cols, cols);
      params += s.k * s.k * c * s.cout + 2 * s.cout + 16;
      c = s.cout;
    }
    params += c * kClasses + kClasses + 32;
    // values, gradients, two optimizer moments, and the last good copy of values and moments
    floats += 7 * params + cap * (4 * c + 3 * kClasses) + 2 * static_cast<std::size_t>(c) * c +
              2 * kSize * kSize * c;
    ints += cap * c / sizeof(float) + 1 + o.heldout_size;
  }
  data::ShapesConfig dc;
  dc.train_size = o.train_size;
  dc.heldout_size = o.heldout_size;
  floats += cap * data::kShapesValues + widest_cols + data::kShapesValues;
  ints += cap + static_cast<std::size_t>(o.train_size);
  return floats * sizeof(float) + ints * sizeof(int) + data::Shapes::bytes(dc);
}

Conv1x1Options conv1x1_options(const schema::Values& values) {
  Conv1x1Options o;
  const auto& all = values.all();
  const auto has = [&all](const char* key) { return all.count(key) != 0; };
  if (has("seed")) o.seed = static_cast<std::uint64_t>(values.number("seed"));
  if (has("lr")) o.lr = values.number("lr");
  if (has("batch_size")) o.batch_size = values.integer("batch_size");
  if (has("optimizer")) {
    const int index = values.integer("optimizer");  // the schema's order: sgd, momentum, adam
    o.optimizer = index == 0   ? nn::OptimizerKind::kSgd
                  : index == 1 ? nn::OptimizerKind::kMomentum
                               : nn::OptimizerKind::kAdam;
  }
  if (has("task"))
    o.task = values.integer("task") == 1 ? data::ShapesTask::kSpatial : data::ShapesTask::kColour;
  if (has("variant")) o.variant = static_cast<Conv1x1Variant>(values.integer("variant"));
  if (has("batchnorm")) o.batchnorm = values.flag("batchnorm");
  if (has("dropout")) o.dropout = values.number("dropout");
  if (has("l2")) o.l2 = values.number("l2");
  if (has("train_bottleneck")) o.bottleneck = values.integer("train_bottleneck");
  return o;
}

std::unique_ptr<Conv1x1Lab> make_conv1x1_lab(const Conv1x1Options& options, Status* status) {
  Status s = validate_conv1x1(options);
  if (s.ok() && conv1x1_lab_bytes(options) > schema::kDefaultBudgetBytes)
    s = Status::Error(StatusCode::kInvalidArgument, "error.too_large",
                      "the configuration needs more memory than the budget");
  if (status) *status = s;
  if (!s.ok()) return nullptr;
  return std::make_unique<Conv1x1Lab>(options);
}

std::unique_ptr<Conv1x1Lab> make_conv1x1_lab(const schema::Values& values, Status* status) {
  const schema::LabSchema* lab = schema::find_lab("conv1x1");
  Status s = lab ? schema::validate(*lab, values)
                 : Status::Error(StatusCode::kUnknownKey, "error.unknown_lab", "no conv1x1 lab");
  if (!s.ok()) {
    if (status) *status = s;
    return nullptr;
  }
  return make_conv1x1_lab(conv1x1_options(values), status);
}

Conv1x1Lab::Conv1x1Lab(const Conv1x1Options& options) : opt_(options) {
  reset(opt_.seed);
}

Conv1x1Lab::~Conv1x1Lab() = default;

void Conv1x1Lab::reset(std::uint64_t seed) {
  opt_.seed = seed;
  cap_ = std::max(opt_.batch_size, 32);
  Rng root(seed);
  const Rng init_rng = root.split();
  batch_rng_ = root.split();
  const Rng dropout_rng = root.split();
  data::ShapesConfig dc;
  dc.task = opt_.task;
  dc.train_size = opt_.train_size;
  dc.heldout_size = opt_.heldout_size;
  // The images depend on the seed alone (Shapes draws from a stream of its own).
  data_ = std::make_unique<data::Shapes>(dc, seed);

  std::vector<Conv1x1Variant> order{opt_.variant};
  if (opt_.all_arms)
    for (int v = 0; v < kConv1x1Variants; ++v)
      if (v != static_cast<int>(opt_.variant)) order.push_back(static_cast<Conv1x1Variant>(v));
  arms_.clear();
  nn::OptimConfig oc;
  oc.kind = opt_.optimizer;
  oc.lr = opt_.lr;
  oc.weight_decay = opt_.l2;
  std::size_t widest_cols = 0, widest_c = 0;
  for (Conv1x1Variant v : order) {
    auto a = std::make_unique<Arm>();
    a->build(v, opt_, cap_);
    // Every arm draws its weights from the same stream: layers the variants share (the first
    // 3x3 of plain and the bottlenecks, the dense layer's shape) start alike.
    a->init_weights(init_rng);
    a->dropout_rng = dropout_rng;  // same masks where the shapes agree
    a->opt = std::make_unique<nn::Optimizer<float>>(oc, a->params);
    a->checkpoint.assign(a->params.values(), a->params.values() + a->params.buffer_size());
    a->checkpoint_stats = a->stats;
    a->predictions.assign(static_cast<std::size_t>(opt_.heldout_size), 0);
    for (const Arm::Layer& l : a->layers) {
      widest_cols = std::max(widest_cols, l.cols.size());
      widest_c = std::max(widest_c, static_cast<std::size_t>(l.oc));
    }
    arms_.push_back(std::move(a));
  }
  x_.assign(static_cast<std::size_t>(cap_) * data::kShapesValues, 0.0f);
  dcols_.assign(widest_cols, 0.0f);
  bn_scratch_.assign(2 * widest_c, 0.0);
  labels_.assign(static_cast<std::size_t>(cap_), 0);
  order_.resize(static_cast<std::size_t>(opt_.train_size));
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
  cursor_ = order_.size();  // shuffle before the first batch
  image_pixels_.assign(data::kShapesValues, 0.0f);
  image_ = std::min(image_, opt_.heldout_size - 1);  // the page's chosen image survives a reset
  steps_ = checkpoint_step_ = 0;
  guard_.restart();
  eval_dirty_ = views_dirty_ = true;
}

int Conv1x1Lab::arm_count() const {
  return static_cast<int>(arms_.size());
}

Conv1x1Lab::Arm& Conv1x1Lab::arm(int i) {
  return *arms_[static_cast<std::size_t>(std::clamp(i, 0, arm_count() - 1))];
}

const Conv1x1Lab::Arm& Conv1x1Lab::arm(int i) const {
  return *arms_[static_cast<std::size_t>(std::clamp(i, 0, arm_count() - 1))];
}

Conv1x1Variant Conv1x1Lab::arm_variant(int a) const {
  return arm(a).variant;
}

nn::Params<float>& Conv1x1Lab::params(int a) {
  return arm(a).params;
}

const nn::Params<float>& Conv1x1Lab::params(int a) const {
  return arm(a).params;
}

double Conv1x1Lab::last_loss(int a) const {
  return arm(a).last_loss;
}

long long Conv1x1Lab::arm_macs(int a) const {
  return arm(a).macs;
}

long long Conv1x1Lab::arm_param_count(int a) const {
  return static_cast<long long>(arm(a).params.parameter_count());
}

void Conv1x1Lab::set_learning_rate(double lr) {
  for (auto& a : arms_) a->opt->set_lr(lr);
}

void Conv1x1Lab::next_batch() {
  const data::ShapesSet& train = data_->train();
  for (int b = 0; b < opt_.batch_size; ++b) {
    if (cursor_ >= order_.size()) {  // a new epoch: Fisher-Yates with our Rng
      for (std::size_t i = order_.size() - 1; i > 0; --i)
        std::swap(order_[i], order_[batch_rng_.below(static_cast<std::uint32_t>(i + 1))]);
      cursor_ = 0;
    }
    const int idx = order_[cursor_++];
    load_image(&x_[static_cast<std::size_t>(b) * data::kShapesValues], train.image_bytes(idx));
    labels_[static_cast<std::size_t>(b)] = train.labels[static_cast<std::size_t>(idx)];
  }
}

Status Conv1x1Lab::step(int n) {
  using clock = std::chrono::steady_clock;
  const int b = opt_.batch_size;
  for (int i = 0; i < n; ++i) {
    next_batch();
    bool diverged = false;
    std::string site;  // of the first arm that diverged, before the checkpoint overwrites it
    for (auto& ap : arms_) {
      Arm& a = *ap;
      const auto t0 = clock::now();
      a.forward(x_.data(), b, true, bn_scratch_.data());
      a.step_loss = nn::softmax_cross_entropy_forward(a.probs.data(), a.logits.data(),
                                                      labels_.data(), b, kClasses);
      if (!guard_.diverged(a.step_loss))
        a.backward(x_.data(), labels_.data(), b, dcols_.data(), bn_scratch_.data());
      a.times[a.timed % kTimingWindow] =
          std::chrono::duration<double, std::milli>(clock::now() - t0).count();
      // The weights are checked too: max pooling drops a NaN (a NaN never wins its comparisons),
      // so a NaN weight in front of a pool can leave the loss and every gradient finite while it
      // stays NaN (ReLU itself passes NaN on).
      if (!diverged && (guard_.diverged(a.step_loss) || !a.params.grads_finite() ||
                        !all_finite(a.params.values(), a.params.buffer_size()) ||
                        !all_finite(a.stats.data(), a.stats.size()))) {
        diverged = true;
        site = a.divergence_site();
      }
    }
    if (diverged) {
      // Every arm back to the checkpoint (labs/guard.hpp), all together so they stay in lockstep;
      // the run pauses there and may resume, e.g. with a smaller learning rate.
      const long failed = steps_ + 1;
      for (auto& a : arms_) a->restore_checkpoint();
      steps_ = checkpoint_step_;
      eval_dirty_ = views_dirty_ = true;
      return diverged_status(failed, steps_, site);
    }
    for (auto& ap : arms_) {
      Arm& a = *ap;
      const auto t0 = clock::now();
      a.opt->step(a.params);
      a.last_loss = a.step_loss;
      a.times[a.timed % kTimingWindow] +=
          std::chrono::duration<double, std::milli>(clock::now() - t0).count();
      ++a.timed;
    }
    ++steps_;
    bool due = true;
    for (auto& a : arms_) due = guard_.checkpoint_due(steps_, a->last_loss) && due;
    if (due) {
      for (auto& a : arms_) a->save_checkpoint();
      checkpoint_step_ = steps_;
    }
  }
  if (n > 0) eval_dirty_ = views_dirty_ = true;
  return Status::Ok();
}

void Conv1x1Lab::evaluate() {
  if (!eval_dirty_) return;
  const data::ShapesSet& held = data_->heldout();
  const int total = held.count;
  for (auto& ap : arms_) {
    ap->heldout_loss = 0.0;
    ap->accuracy = 0.0;
  }
  for (int start = 0; start < total; start += cap_) {
    const int n = std::min(cap_, total - start);
    for (int b = 0; b < n; ++b) {
      load_image(&x_[static_cast<std::size_t>(b) * data::kShapesValues],
                 held.image_bytes(start + b));
      labels_[static_cast<std::size_t>(b)] = held.labels[static_cast<std::size_t>(start + b)];
    }
    for (auto& ap : arms_) {
      Arm& a = *ap;
      a.forward(x_.data(), n, false, bn_scratch_.data());
      a.heldout_loss += n * nn::softmax_cross_entropy_forward(a.probs.data(), a.logits.data(),
                                                              labels_.data(), n, kClasses);
      for (int b = 0; b < n; ++b) {
        const int pred = argmax(&a.logits[static_cast<std::size_t>(b) * kClasses], kClasses);
        a.predictions[static_cast<std::size_t>(start + b)] = pred;
        a.accuracy += pred == labels_[static_cast<std::size_t>(b)] ? 1.0 : 0.0;
      }
    }
  }
  for (auto& ap : arms_) {
    ap->heldout_loss /= total;
    ap->accuracy /= total;
  }
  eval_dirty_ = false;
}

Conv1x1ArmMetrics Conv1x1Lab::arm_metrics(int i) {
  evaluate();
  const Arm& a = arm(i);
  Conv1x1ArmMetrics m;
  m.loss = steps_ > 0 ? a.last_loss : a.heldout_loss;
  m.accuracy = a.accuracy;
  m.heldout_loss = a.heldout_loss;
  m.ms = a.ms();
  m.params = static_cast<long long>(a.params.parameter_count());
  m.macs = a.macs;
  return m;
}

const std::vector<int>& Conv1x1Lab::heldout_predictions(int i) {
  evaluate();
  return arm(i).predictions;
}

std::vector<std::string> Conv1x1Lab::metric_names() const {
  return {"loss", "accuracy", "ms"};
}

std::vector<double> Conv1x1Lab::metrics() {
  return arm_metric_values(0);
}

std::vector<double> Conv1x1Lab::arm_metric_values(int arm) {
  const Conv1x1ArmMetrics m = arm_metrics(arm);
  return {m.loss, m.accuracy, m.ms};
}

int Conv1x1Lab::pointwise_layers(int i) const {
  return static_cast<int>(arm(i).pointwise().size());
}

WeightMatrix Conv1x1Lab::pointwise_weights(int i, int layer) {
  Arm& a = arm(i);
  int index = -1, seen = 0;
  for (std::size_t l = 0; l < a.layers.size() && index < 0; ++l)
    if (!a.layers[l].spec.pool && a.layers[l].spec.k == 1 && seen++ == layer)
      index = static_cast<int>(l);
  if (layer < 0 || index < 0) return {};
  const Arm::Layer& l = a.layers[static_cast<std::size_t>(index)];
  const int cin = l.conv.cin, cout = l.oc;
  const float* w = a.params.value(l.w);  // (C_in, C_out): the kernel's layout
  for (int ci = 0; ci < cin; ++ci)
    for (int co = 0; co < cout; ++co)
      a.weights_view[static_cast<std::size_t>(co) * cin + ci] =
          w[static_cast<std::size_t>(ci) * cout + co];
  return {a.weights_view.data(), cout, cin, a.bn ? nullptr : a.params.value(l.b)};
}

Status Conv1x1Lab::select_image(int index) {
  const int count = data_->heldout().count;
  if (index < 0 || index >= count) return out_of_range("image", index, 0, count - 1);
  image_ = index;
  views_dirty_ = true;
  return Status::Ok();
}

int Conv1x1Lab::image_label() const {
  return data_->heldout().labels[static_cast<std::size_t>(image_)];
}

void Conv1x1Lab::refresh_views() {
  if (!views_dirty_) return;
  data_->heldout().image(image_, image_pixels_.data());
  std::copy(image_pixels_.begin(), image_pixels_.end(), x_.begin());
  for (auto& ap : arms_) {
    Arm& a = *ap;
    a.forward(x_.data(), 1, false, bn_scratch_.data());
    kernels::softmax_rows(a.view_probs.data(), a.logits.data(), 1, kClasses, 1.0f, false);
    a.view_predicted = argmax(a.logits.data(), kClasses);
    if (a.first_pointwise < 0) continue;
    const std::size_t l = static_cast<std::size_t>(a.first_pointwise);
    const float* in = l > 0 ? a.layers[l - 1].out.data() : x_.data();
    std::copy(in, in + a.before.size(), a.before.begin());
    std::copy(a.layers[l].out.begin(),
              a.layers[l].out.begin() + static_cast<std::ptrdiff_t>(a.after.size()),
              a.after.begin());
  }
  views_dirty_ = false;
}

const float* Conv1x1Lab::image_pixels() {
  refresh_views();
  return image_pixels_.data();
}

FeatureMap Conv1x1Lab::feature_before(int i) {
  refresh_views();
  const Arm& a = arm(i);
  if (a.first_pointwise < 0) return {};
  const Arm::Layer& l = a.layers[static_cast<std::size_t>(a.first_pointwise)];
  return {a.before.data(), l.conv.h, l.conv.w, l.conv.cin};
}

FeatureMap Conv1x1Lab::feature_after(int i) {
  refresh_views();
  const Arm& a = arm(i);
  if (a.first_pointwise < 0) return {};
  const Arm::Layer& l = a.layers[static_cast<std::size_t>(a.first_pointwise)];
  return {a.after.data(), l.oh, l.ow, l.oc};
}

const float* Conv1x1Lab::image_probs(int i) {
  refresh_views();
  return arm(i).view_probs.data();
}

int Conv1x1Lab::image_predicted(int i) {
  refresh_views();
  return arm(i).view_predicted;
}

void Conv1x1Lab::poison_weights_for_test(int i) {
  Arm& a = arm(i);
  a.params.value(a.layers.front().w)[0] = std::nanf("");
  eval_dirty_ = views_dirty_ = true;
}

const std::uint8_t* Conv1x1Lab::dropout_mask_for_test(int i) const {
  return arm(i).mask.data();
}

Conv1x1Lab::RunningStats Conv1x1Lab::batchnorm_stats_for_test(int i, int layer) const {
  const Arm& a = arm(i);
  if (!a.bn || layer < 0 || layer >= static_cast<int>(a.layers.size())) return {};
  const Arm::Layer& l = a.layers[static_cast<std::size_t>(layer)];
  if (l.spec.pool) return {};
  return {a.stats.data() + l.stats, a.stats.data() + l.stats + l.oc, l.oc};
}

}  // namespace prayog::labs
