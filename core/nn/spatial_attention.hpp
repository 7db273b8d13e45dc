// Spatial attention pooling ("attention over images"): a learned query scores every cell of a CNN
// feature map, softmax over the cells, and the pooled vector is the attention-weighted sum of the
// cells. The seed's four steps: features -> attention map -> weighted sum -> classifier.
// Follows dense.hpp: flat templated forward/backward, backward accumulates, null gradient = skip.
//
//   f: (B, N, C)      the feature map, NHWC flattened: N = H·W cells, cell i = (i / W, i % W)
//   q: (C)            learned query
//   k_i = f_i Wk      keys   (B, N, C), Wk: (C, C) when key_proj, else k_i = f_i
//   v_i = f_i Wv      values (B, N, C), Wv: (C, C) when value_proj, else v_i = f_i
//   s_i = k_i · q     scores (B, N), raw; softmax sees scale · s with scale = 1/√C when scaled
//   a = softmax(scale · s) over the N cells of each image   (B, N): the overlay on the image
//   pooled = Σ_i a_i v_i                                    (B, C)
//
// No biases on the projections, on purpose: a key bias adds bk·q to every score of an image alike,
// which softmax ignores; a value bias adds bv to pooled (the a_i sum to 1), which the classifier's
// own bias already does.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "kernels/gemm.hpp"
#include "kernels/softmax.hpp"
#include "nn/attention.hpp"
#include "nn/dense.hpp"

namespace prayog::nn {

struct SpatialAttentionDims {
  int batch = 1;            // B
  int cells = 1;            // N = H·W
  int channels = 1;         // C
  bool scaled = true;       // scores · 1/√C before softmax
  bool key_proj = false;    // learned Wk (C, C)
  bool value_proj = false;  // learned Wv (C, C)

  std::size_t map_size() const { return static_cast<std::size_t>(batch) * cells; }  // B·N
  std::size_t features_size() const { return map_size() * channels; }               // B·N·C
  // Kept by forward: keys, values (only with their projection), scores, attn.
  std::size_t acts_size() const {
    return (key_proj ? features_size() : 0) + (value_proj ? features_size() : 0) + 2 * map_size();
  }
  // Backward's scratch: dattn, dscores (B·N each), dkeys, dvalues (only with their projection).
  std::size_t scratch_size() const { return acts_size(); }
  bool valid() const { return batch > 0 && cells > 0 && channels > 0; }
};

template <typename T>
struct SpatialAttentionWeights {
  const T* query = nullptr;  // (C)
  const T* wk = nullptr;     // (C, C), read only when key_proj
  const T* wv = nullptr;     // (C, C), read only when value_proj
};
template <typename T>
struct SpatialAttentionGrads {  // null = skip
  T *query = nullptr, *wk = nullptr, *wv = nullptr;
};
template <typename T>
struct SpatialAttentionActs {
  T* keys = nullptr;    // (B, N, C), only when key_proj
  T* values = nullptr;  // (B, N, C), only when value_proj
  T* scores = nullptr;  // (B, N) raw k_i · q
  T* attn = nullptr;    // (B, N)
};
template <typename T>
struct SpatialAttentionScratch {
  T *dattn = nullptr, *dscores = nullptr;  // (B, N)
  T *dkeys = nullptr, *dvalues = nullptr;  // (B, N, C), only with their projection
};

// Carve from one block of d.acts_size() / d.scratch_size() elements.
template <typename T>
SpatialAttentionActs<T> spatial_attention_bind_acts(T* base, const SpatialAttentionDims& d) {
  SpatialAttentionActs<T> a;
  if (d.key_proj) {
    a.keys = base;
    base += d.features_size();
  }
  if (d.value_proj) {
    a.values = base;
    base += d.features_size();
  }
  a.scores = base;
  a.attn = base + d.map_size();
  return a;
}
template <typename T>
SpatialAttentionScratch<T> spatial_attention_bind_scratch(T* base, const SpatialAttentionDims& d) {
  SpatialAttentionScratch<T> s;
  if (d.key_proj) {
    s.dkeys = base;
    base += d.features_size();
  }
  if (d.value_proj) {
    s.dvalues = base;
    base += d.features_size();
  }
  s.dattn = base;
  s.dscores = base + d.map_size();
  return s;
}

template <typename T>
T spatial_attention_scale(const SpatialAttentionDims& d) {
  return d.scaled ? T(1) / std::sqrt(static_cast<T>(d.channels)) : T(1);
}

// pooled (B, C) = Σ_i a_i v_i, keeping keys/values (if projected), scores and attn.
template <typename T>
void spatial_attention_forward(T* pooled, const SpatialAttentionActs<T>& acts, const T* f,
                               const SpatialAttentionWeights<T>& w, const SpatialAttentionDims& d) {
  const int rows = d.batch * d.cells, n = d.cells, c = d.channels;
  if (d.key_proj) dense_forward(acts.keys, f, w.wk, static_cast<const T*>(nullptr), rows, c, c);
  if (d.value_proj) dense_forward(acts.values, f, w.wv, static_cast<const T*>(nullptr), rows, c, c);
  const T* keys = d.key_proj ? acts.keys : f;
  const T* values = d.value_proj ? acts.values : f;
  // s (B·N, 1) = K (B·N, C) · q (C, 1)
  kernels::gemm(
      detail::gemm_strided(false, false, rows, 1, c, keys, c, w.query, 1, T(0), acts.scores, 1));
  kernels::softmax_rows(acts.attn, acts.scores, d.batch, n, spatial_attention_scale<T>(d), false);
  // pooled_b (1, C) = a_b (1, N) · V_b (N, C)
  for (int b = 0; b < d.batch; ++b) {
    const std::ptrdiff_t cell0 = static_cast<std::ptrdiff_t>(b) * n;
    kernels::gemm(detail::gemm_strided(false, false, 1, c, n, acts.attn + cell0, n,
                                       values + cell0 * c, c, T(0), pooled + b * c, c));
  }
}

// df += dL/df, g.* += dL/dparams, from dpooled (B, C). df and any g.* may be null.
//   da_i = v_i · dpooled        dV += a dpooledᵀ (per image)
//   ds = scale · a ⊙ (da - Σ a da)
//   dq += Kᵀ ds                 dK += ds qᵀ
//   through the projections: df += dK Wkᵀ, dWk += fᵀ dK (and the same for V).
template <typename T>
void spatial_attention_backward(T* df, const SpatialAttentionGrads<T>& g,
                                const SpatialAttentionScratch<T>& s, const T* dpooled, const T* f,
                                const SpatialAttentionActs<T>& acts,
                                const SpatialAttentionWeights<T>& w,
                                const SpatialAttentionDims& d) {
  const int rows = d.batch * d.cells, n = d.cells, c = d.channels;
  const std::size_t fsize = d.features_size();
  const T* keys = d.key_proj ? acts.keys : f;
  const T* values = d.value_proj ? acts.values : f;
  // Where dK and dV go: the projection's output gradient, or straight into df.
  T* dkeys = d.key_proj ? ((df || g.wk) ? s.dkeys : nullptr) : df;
  T* dvalues = d.value_proj ? ((df || g.wv) ? s.dvalues : nullptr) : df;
  if (d.key_proj && dkeys) std::fill(dkeys, dkeys + fsize, T(0));
  if (d.value_proj && dvalues) std::fill(dvalues, dvalues + fsize, T(0));

  for (int b = 0; b < d.batch; ++b) {
    const std::ptrdiff_t cell0 = static_cast<std::ptrdiff_t>(b) * n;
    const T* dp = dpooled + b * c;
    // da_b (N, 1) = V_b (N, C) · dpooled_b (C, 1)
    kernels::gemm(detail::gemm_strided(false, false, n, 1, c, values + cell0 * c, c, dp, 1, T(0),
                                       s.dattn + cell0, 1));
    // dV_b (N, C) += a_b (N, 1) · dpooled_b (1, C)
    if (dvalues)
      kernels::gemm(detail::gemm_strided(false, false, n, c, 1, acts.attn + cell0, 1, dp, c, T(1),
                                         dvalues + cell0 * c, c));
  }
  std::fill(s.dscores, s.dscores + d.map_size(), T(0));
  kernels::softmax_rows_backward(s.dscores, s.dattn, acts.attn, d.batch, n,
                                 spatial_attention_scale<T>(d));
  // dq (C, 1) += Kᵀ (C, B·N) · ds (B·N, 1)
  if (g.query)
    kernels::gemm(
        detail::gemm_strided(true, false, c, 1, rows, keys, c, s.dscores, 1, T(1), g.query, 1));
  // dK (B·N, C) += ds (B·N, 1) · qᵀ (1, C)
  if (dkeys)
    kernels::gemm(
        detail::gemm_strided(false, false, rows, c, 1, s.dscores, 1, w.query, c, T(1), dkeys, c));
  if (d.key_proj && dkeys)
    dense_backward(df, g.wk, static_cast<T*>(nullptr), dkeys, f, w.wk, rows, c, c);
  if (d.value_proj && dvalues)
    dense_backward(df, g.wv, static_cast<T*>(nullptr), dvalues, f, w.wv, rows, c, c);
}

// Multiply-adds of one forward pass: projections (B·N·C² each), scores and pooling (B·N·C each).
inline long long spatial_attention_macs(const SpatialAttentionDims& d) {
  const long long nc = static_cast<long long>(d.batch) * d.cells * d.channels;
  return nc * d.channels * ((d.key_proj ? 1 : 0) + (d.value_proj ? 1 : 0)) + 2 * nc;
}

}  // namespace prayog::nn
