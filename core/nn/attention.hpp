// Scaled dot-product attention: Attention(Q, K, V) = softmax(scale · Q Kᵀ) V, per head.
// Follows dense.hpp: flat templated forward/backward, backward accumulates, null gradient = skip.
//
// Layout (row-major, batch first):
//   q, k, v, out: (B, T, H·dk)   heads side by side in the last dimension: head h of token (b, t)
//                                is columns [h·dk, (h+1)·dk) of row b·T + t. With H = 1 this is
//                                plain (B, T, dk). It is exactly what a (D, D) projection of
//                                (B, T, D) produces, so multi-head attention needs no transposes:
//                                GEMM reads one head as a (T, dk) matrix with row stride H·dk.
//   scores, attn: (B, H, T, T)   one contiguous query x key block per (b, h): row i = query i,
//                                column j = key j (what the page's heatmap draws).
//
// scores keeps the RAW Q Kᵀ (the page draws it, and QKᵀ/√dk = scores · attention_scale());
// attn = softmax(scale · scores) row by row, with scale = 1/√dk when `scaled`, else 1 (the lab
// switches it off to show the softmax saturating: unit-variance q, k give scores of variance dk).
// Causal: query i sees keys 0..i; masked entries of attn are exactly 0.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "base/rng.hpp"
#include "kernels/gemm.hpp"
#include "kernels/softmax.hpp"

namespace prayog::nn {

struct AttentionDims {
  int batch = 1;        // B
  int heads = 1;        // H
  int seq = 1;          // T: queries and keys (self-attention)
  int head_dim = 1;     // dk
  bool scaled = true;   // multiply scores by 1/√dk before softmax
  bool causal = false;  // query i attends to keys 0..i only

  int model_dim() const { return heads * head_dim; }
  // Elements of q, k, v, out: (B, T, H·dk).
  std::size_t qkv_size() const { return static_cast<std::size_t>(batch) * seq * heads * head_dim; }
  // Elements of scores, attn: (B, H, T, T).
  std::size_t attn_size() const { return static_cast<std::size_t>(batch) * heads * seq * seq; }
  // Elements of backward's scratch: dA and dS of one head, (T, T) each.
  std::size_t work_size() const { return 2 * static_cast<std::size_t>(seq) * seq; }
  bool valid() const { return batch > 0 && heads > 0 && seq > 0 && head_dim > 0; }
};

template <typename T>
T attention_scale(const AttentionDims& d) {
  // sqrt is correctly rounded (IEEE), so this is the same number natively and in wasm.
  return d.scaled ? T(1) / std::sqrt(static_cast<T>(d.head_dim)) : T(1);
}

namespace detail {

// GEMM on strided operands (a head is a column slice of (B, T, H·dk)).
template <typename T>
kernels::GemmArgsT<T> gemm_strided(bool trans_a, bool trans_b, int m, int n, int k, const T* a,
                                   int lda, const T* b, int ldb, T beta, T* c, int ldc) {
  kernels::GemmArgsT<T> g;
  g.trans_a = trans_a;
  g.trans_b = trans_b;
  g.m = m;
  g.n = n;
  g.k = k;
  g.alpha = T(1);
  g.a = a;
  g.lda = lda;
  g.b = b;
  g.ldb = ldb;
  g.beta = beta;
  g.c = c;
  g.ldc = ldc;
  return g;
}

// Offset of head h of batch b in a (B, T, H·dk) tensor; of its block in a (B, H, T, T) tensor.
inline std::ptrdiff_t head_offset(const AttentionDims& d, int b, int h) {
  return static_cast<std::ptrdiff_t>(b) * d.seq * d.model_dim() +
         static_cast<std::ptrdiff_t>(h) * d.head_dim;
}
inline std::ptrdiff_t block_offset(const AttentionDims& d, int b, int h) {
  return (static_cast<std::ptrdiff_t>(b) * d.heads + h) * d.seq * d.seq;
}

}  // namespace detail

// scores_bh = Q_bh K_bhᵀ (raw)   attn = softmax_rows(scale · scores) (masked)
// q, k: (B, T, H·dk)   scores, attn: (B, H, T, T)
template <typename T>
void attention_scores(T* scores, T* attn, const T* q, const T* k, const AttentionDims& d) {
  const int t = d.seq, dk = d.head_dim, ld = d.model_dim();
  for (int b = 0; b < d.batch; ++b)
    for (int h = 0; h < d.heads; ++h) {
      const std::ptrdiff_t o = detail::head_offset(d, b, h);
      kernels::gemm(detail::gemm_strided(false, true, t, t, dk, q + o, ld, k + o, ld, T(0),
                                         scores + detail::block_offset(d, b, h), t));
    }
  // One call over all B·H·T rows: the kernel's causal rule (row r sees columns 0..r mod T) is the
  // per-block lower triangle because every block is T x T.
  kernels::softmax_rows(attn, scores, d.batch * d.heads * t, t, attention_scale<T>(d), d.causal);
}

// out_bh = W_bh V_bh   weights: (B, H, T, T) (attn, or the one-hot of hard attention)
// v, out: (B, T, H·dk)
template <typename T>
void attention_mix(T* out, const T* weights, const T* v, const AttentionDims& d) {
  const int t = d.seq, dk = d.head_dim, ld = d.model_dim();
  for (int b = 0; b < d.batch; ++b)
    for (int h = 0; h < d.heads; ++h) {
      const std::ptrdiff_t o = detail::head_offset(d, b, h);
      kernels::gemm(detail::gemm_strided(false, false, t, dk, t,
                                         weights + detail::block_offset(d, b, h), t, v + o, ld,
                                         T(0), out + o, ld));
    }
}

// out = softmax(scale · Q Kᵀ) V, keeping scores (raw) and attn for backward and display.
template <typename T>
void attention_forward(T* out, T* scores, T* attn, const T* q, const T* k, const T* v,
                       const AttentionDims& d) {
  attention_scores(scores, attn, q, k, d);
  attention_mix(out, attn, v, d);
}

// Backward when forward multiplied V by `used` but the gradient should flow to Q, K through the
// softmax output `soft` (both (B, H, T, T)). used == soft is ordinary attention; used = a sampled
// one-hot is the straight-through estimator of hard attention (hard_attention.hpp).
//   dA  = dout Vᵀ                                   (T, T) per head, in work
//   dV += usedᵀ dout
//   dS  = scale · soft ⊙ (dA - rowsum(dA ⊙ soft))   (T, T) per head, in work; 0 where masked
//   dQ += dS K      dK += dSᵀ Q
// dq, dk, dv, dout: (B, T, H·dk); any gradient may be null. work: d.work_size() elements.
template <typename T>
void attention_backward_split(T* dq, T* dk, T* dv, T* work, const T* dout, const T* q, const T* k,
                              const T* v, const T* soft, const T* used, const AttentionDims& d) {
  const int t = d.seq, hd = d.head_dim, ld = d.model_dim();
  const T scale = attention_scale<T>(d);
  T* da = work;
  T* ds = work + static_cast<std::ptrdiff_t>(t) * t;
  for (int b = 0; b < d.batch; ++b)
    for (int h = 0; h < d.heads; ++h) {
      const std::ptrdiff_t o = detail::head_offset(d, b, h), blk = detail::block_offset(d, b, h);
      if (dv)
        kernels::gemm(detail::gemm_strided(true, false, t, hd, t, used + blk, t, dout + o, ld, T(1),
                                           dv + o, ld));
      if (!dq && !dk) continue;
      kernels::gemm(
          detail::gemm_strided(false, true, t, t, hd, dout + o, ld, v + o, ld, T(0), da, t));
      std::fill(ds, ds + static_cast<std::ptrdiff_t>(t) * t, T(0));
      kernels::softmax_rows_backward(ds, da, soft + blk, t, t, scale);
      if (dq)
        kernels::gemm(
            detail::gemm_strided(false, false, t, hd, t, ds, t, k + o, ld, T(1), dq + o, ld));
      if (dk)
        kernels::gemm(
            detail::gemm_strided(true, false, t, hd, t, ds, t, q + o, ld, T(1), dk + o, ld));
    }
}

// Backward of attention_forward: dq, dk, dv += gradients (each may be null).
template <typename T>
void attention_backward(T* dq, T* dk, T* dv, T* work, const T* dout, const T* q, const T* k,
                        const T* v, const T* attn, const AttentionDims& d) {
  attention_backward_split(dq, dk, dv, work, dout, q, k, v, attn, attn, d);
}

// Mean Shannon entropy (nats) of `rows` probability rows of length cols: 0 for one-hot rows,
// ln(visible keys) for uniform ones. The lab plots it: a saturated softmax has low entropy.
// Uses det_log so the CSV's entropy column is identical natively and in wasm.
template <typename T>
double attention_entropy(const T* attn, int rows, int cols) {
  if (rows <= 0) return 0.0;
  double total = 0.0;
  for (int r = 0; r < rows; ++r) {
    const T* row = attn + static_cast<std::ptrdiff_t>(r) * cols;
    for (int c = 0; c < cols; ++c) {
      const double p = row[c];
      if (p > 0.0) total -= p * det_log(p);
    }
  }
  return total / rows;
}

// Multiply-adds of one forward pass (QKᵀ and A·V): 2·B·H·T²·dk, the n² growth of the cost demo.
inline long long attention_macs(const AttentionDims& d) {
  return 2LL * d.batch * d.heads * d.seq * d.seq * d.head_dim;
}

}  // namespace prayog::nn
