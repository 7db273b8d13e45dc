// Multi-head self-attention block (no residual, no normalisation: the model adds those).
// Follows dense.hpp: flat templated forward/backward, backward accumulates, null gradient = skip.
//
//   x: (B, T, D)
//   q = x Wq + bq,  k = x Wk + bk,  v = x Wv + bv        (B, T, D), W*: (D, D), b*: (D)
//   split into H heads of dk = D / H columns (attention.hpp's layout: heads side by side)
//   ctx = attention per head, concatenated                (B, T, D)
//   y = ctx Wo + bo                                       (B, T, D)
//
// The model allocates once: mha_layout() gives the sizes of what forward keeps (q, k, v, ctx,
// scores, attn — backward needs them and the page draws them) and of backward's scratch (which
// several layers may share); mha_bytes() estimates the memory of a config before allocating.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <string>

#include "base/rng.hpp"
#include "nn/attention.hpp"
#include "nn/dense.hpp"
#include "nn/params.hpp"

namespace prayog::nn {

struct MhaDims {
  int batch = 1;      // B
  int seq = 1;        // T
  int model_dim = 1;  // D
  int heads = 1;      // H, divides D
  bool scaled = true;
  bool causal = false;

  int head_dim() const { return heads > 0 ? model_dim / heads : 0; }
  int tokens() const { return batch * seq; }
  AttentionDims attention() const {
    AttentionDims a;
    a.batch = batch;
    a.heads = heads;
    a.seq = seq;
    a.head_dim = head_dim();
    a.scaled = scaled;
    a.causal = causal;
    return a;
  }
  // Sizes positive and the heads split D evenly (configs are validated before this).
  bool valid() const {
    return batch > 0 && seq > 0 && model_dim > 0 && heads > 0 && model_dim % heads == 0;
  }
};

// Parameter views (into a Params buffer or any arrays). Biases may be null (no bias).
template <typename T>
struct MhaWeights {
  const T *wq = nullptr, *bq = nullptr, *wk = nullptr, *bk = nullptr;
  const T *wv = nullptr, *bv = nullptr, *wo = nullptr, *bo = nullptr;
};
// Gradient views; a null pointer skips that gradient (a frozen tensor).
template <typename T>
struct MhaGrads {
  T *wq = nullptr, *bq = nullptr, *wk = nullptr, *bk = nullptr;
  T *wv = nullptr, *bv = nullptr, *wo = nullptr, *bo = nullptr;
};

// What forward keeps. q, k, v, ctx: (B, T, D); scores (raw QKᵀ), attn: (B, H, T, T).
template <typename T>
struct MhaActs {
  T *q = nullptr, *k = nullptr, *v = nullptr, *ctx = nullptr;
  T *scores = nullptr, *attn = nullptr;
};
// Backward's scratch. dq, dk, dv, dctx: (B, T, D); attn_work: 2·T·T.
template <typename T>
struct MhaScratch {
  T *dq = nullptr, *dk = nullptr, *dv = nullptr, *dctx = nullptr;
  T* attn_work = nullptr;
};

// Element counts, each buffer rounded up to 16 elements (64-byte aligned float offsets when carved
// from one aligned block by mha_bind_acts / mha_bind_scratch).
struct MhaLayout {
  std::size_t tokens_x_dim = 0;  // B·T·D: q, k, v, ctx, dq, dk, dv, dctx
  std::size_t attn = 0;          // B·H·T·T: scores, attn
  std::size_t work = 0;          // 2·T·T
  std::size_t acts_size() const { return 4 * tokens_x_dim + 2 * attn; }
  std::size_t scratch_size() const { return 4 * tokens_x_dim + work; }
};

inline std::size_t mha_round16(std::size_t n) {
  return (n + 15) / 16 * 16;
}

inline MhaLayout mha_layout(const MhaDims& d) {
  const AttentionDims a = d.attention();
  MhaLayout l;
  l.tokens_x_dim = mha_round16(a.qkv_size());
  l.attn = mha_round16(a.attn_size());
  l.work = mha_round16(a.work_size());
  return l;
}

// Carves MhaActs out of `base` (layout.acts_size() elements).
template <typename T>
MhaActs<T> mha_bind_acts(T* base, const MhaLayout& l) {
  MhaActs<T> a;
  a.q = base;
  a.k = a.q + l.tokens_x_dim;
  a.v = a.k + l.tokens_x_dim;
  a.ctx = a.v + l.tokens_x_dim;
  a.scores = a.ctx + l.tokens_x_dim;
  a.attn = a.scores + l.attn;
  return a;
}

// Carves MhaScratch out of `base` (layout.scratch_size() elements).
template <typename T>
MhaScratch<T> mha_bind_scratch(T* base, const MhaLayout& l) {
  MhaScratch<T> s;
  s.dq = base;
  s.dk = s.dq + l.tokens_x_dim;
  s.dv = s.dk + l.tokens_x_dim;
  s.dctx = s.dv + l.tokens_x_dim;
  s.attn_work = s.dctx + l.tokens_x_dim;
  return s;
}

// 4 (D, D) weights + 4 (D) biases.
inline long long mha_param_count(int model_dim) {
  const long long d = model_dim;
  return 4 * d * d + 4 * d;
}

// Bytes of one float block: parameters with their gradients (as Params<float> allocates them),
// forward's kept activations and backward's scratch. The caller adds what it owns beside (the
// optimizer's state, the input and output tensors) before comparing with the budget.
inline std::size_t mha_bytes(const MhaDims& d) {
  const std::size_t dd = static_cast<std::size_t>(d.model_dim);
  const MhaLayout l = mha_layout(d);
  return params_bytes({dd * dd, dd, dd * dd, dd, dd * dd, dd, dd * dd, dd}) +
         (l.acts_size() + l.scratch_size()) * sizeof(float);
}

// Multiply-adds of one forward pass: four projections (4·B·T·D²) and attention (2·B·T²·D).
inline long long mha_macs(const MhaDims& d) {
  const long long tokens = static_cast<long long>(d.batch) * d.seq;
  return 4 * tokens * d.model_dim * d.model_dim + attention_macs(d.attention());
}

// Ids of the block's tensors in a Params buffer.
struct MhaParamIds {
  int wq = -1, bq = -1, wk = -1, bk = -1, wv = -1, bv = -1, wo = -1, bo = -1;
};

// Declares "<prefix>.wq", "<prefix>.bq", ... (weights decay, biases do not), all in one group.
template <typename T>
MhaParamIds mha_declare(Params<T>& p, const std::string& prefix, int model_dim, int group) {
  MhaParamIds ids;
  const auto w = [&](const char* name) {
    return p.add(prefix + "." + name, {model_dim, model_dim}, group, true);
  };
  const auto b = [&](const char* name) {
    return p.add(prefix + "." + name, {model_dim}, group, false);
  };
  ids.wq = w("wq");
  ids.bq = b("bq");
  ids.wk = w("wk");
  ids.bk = b("bk");
  ids.wv = w("wv");
  ids.bv = b("bv");
  ids.wo = w("wo");
  ids.bo = b("bo");
  return ids;
}

// Weights N(0, 1/D) in the order wq, wk, wv, wo (so a projection keeps unit-variance inputs at
// unit variance, and the lab's "scores have variance dk" story holds at init); biases 0.
template <typename T>
void mha_init(Params<T>& p, const MhaParamIds& ids, Rng& rng) {
  const int d = p.info(ids.wq).shape[0];
  const double stddev = 1.0 / std::sqrt(static_cast<double>(d));
  for (int id : {ids.wq, ids.wk, ids.wv, ids.wo}) p.init_normal(id, rng, stddev);
  for (int id : {ids.bq, ids.bk, ids.bv, ids.bo}) p.init_constant(id, T(0));
}

template <typename T>
MhaWeights<T> mha_weights(const Params<T>& p, const MhaParamIds& ids) {
  return {p.value(ids.wq), p.value(ids.bq), p.value(ids.wk), p.value(ids.bk),
          p.value(ids.wv), p.value(ids.bv), p.value(ids.wo), p.value(ids.bo)};
}

template <typename T>
MhaGrads<T> mha_grads(Params<T>& p, const MhaParamIds& ids) {
  return {p.grad(ids.wq), p.grad(ids.bq), p.grad(ids.wk), p.grad(ids.bk),
          p.grad(ids.wv), p.grad(ids.bv), p.grad(ids.wo), p.grad(ids.bo)};
}

// y = MHA(x); fills every buffer of acts.   x, y: (B, T, D)
template <typename T>
void mha_forward(T* y, const MhaActs<T>& acts, const T* x, const MhaWeights<T>& w,
                 const MhaDims& d) {
  const int n = d.tokens(), dm = d.model_dim;
  dense_forward(acts.q, x, w.wq, w.bq, n, dm, dm);
  dense_forward(acts.k, x, w.wk, w.bk, n, dm, dm);
  dense_forward(acts.v, x, w.wv, w.bv, n, dm, dm);
  attention_forward(acts.ctx, acts.scores, acts.attn, acts.q, acts.k, acts.v, d.attention());
  dense_forward(y, acts.ctx, w.wo, w.bo, n, dm, dm);
}

// dx += dL/dx, g.* += dL/dparams, from dy (B, T, D) and what forward kept. dx and any g.* may be
// null. The scratch is overwritten.
template <typename T>
void mha_backward(T* dx, const MhaGrads<T>& g, const MhaScratch<T>& s, const T* dy, const T* x,
                  const MhaActs<T>& acts, const MhaWeights<T>& w, const MhaDims& d) {
  const int n = d.tokens(), dm = d.model_dim;
  const std::size_t len = static_cast<std::size_t>(n) * dm;
  for (T* buf : {s.dq, s.dk, s.dv, s.dctx}) std::fill(buf, buf + len, T(0));
  dense_backward(s.dctx, g.wo, g.bo, dy, acts.ctx, w.wo, n, dm, dm);
  attention_backward(s.dq, s.dk, s.dv, s.attn_work, s.dctx, acts.q, acts.k, acts.v, acts.attn,
                     d.attention());
  dense_backward(dx, g.wq, g.bq, s.dq, x, w.wq, n, dm, dm);
  dense_backward(dx, g.wk, g.bk, s.dk, x, w.wk, n, dm, dm);
  dense_backward(dx, g.wv, g.bv, s.dv, x, w.wv, n, dm, dm);
}

// Copies head h of example b out of a (B, T, D) tensor (q, k, v or ctx) as a (T, dk) matrix, for
// display. The (T, T) attention block of (b, h) needs no copy: it is contiguous at
// ((b·H + h)·T·T) in scores and attn.
template <typename T>
void mha_copy_head(T* dst, const T* src, int b, int h, const MhaDims& d) {
  const int dk = d.head_dim();
  for (int t = 0; t < d.seq; ++t) {
    const T* row = src + (static_cast<std::ptrdiff_t>(b) * d.seq + t) * d.model_dim + h * dk;
    std::copy(row, row + dk, dst + static_cast<std::ptrdiff_t>(t) * dk);
  }
}

}  // namespace prayog::nn
