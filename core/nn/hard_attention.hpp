// Hard attention: each query attends to ONE key, sampled from its softmax row, instead of a
// weighted mix of all of them (the seed's "Hard Attention ... Sampling Techniques").
//
// Sampling is not differentiable, so training uses the straight-through estimator: forward uses
// the one-hot selection H (out = H V), backward pretends the soft attention A had been used for
// the softmax path (dQ, dK flow through softmax(A) with dA = dout Vᵀ), while dV is the true
// gradient of the forward actually run (Hᵀ dout). The lab names the estimator in the UI.
//
// Layout as attention.hpp: q, k, v, out (B, T, H·dk); scores, soft, onehot (B, H, T, T).
#pragma once

#include <cstddef>

#include "base/rng.hpp"
#include "nn/attention.hpp"

namespace prayog::nn {

// onehot[r, :] = e_c with c drawn with probability probs[r, c] (inverse CDF on one
// rng.uniform_double() per row, rows in order: deterministic for a given rng state).
// probs, onehot: (rows, cols). picks: (rows) the chosen columns, or null.
// A zero-probability column (a causally masked key) is never chosen; if rounding leaves the row's
// sum a hair below the draw, the last column with nonzero probability is taken.
template <typename T>
void sample_one_hot_rows(T* onehot, int* picks, const T* probs, int rows, int cols, Rng& rng) {
  for (int r = 0; r < rows; ++r) {
    const T* p = probs + static_cast<std::ptrdiff_t>(r) * cols;
    T* out = onehot + static_cast<std::ptrdiff_t>(r) * cols;
    const double u = rng.uniform_double();
    int chosen = -1, last_nonzero = 0;
    double cumulative = 0.0;
    for (int c = 0; c < cols; ++c) {
      if (!(p[c] > T(0))) continue;
      last_nonzero = c;
      cumulative += static_cast<double>(p[c]);
      if (u < cumulative) {
        chosen = c;
        break;
      }
    }
    if (chosen < 0) chosen = last_nonzero;
    for (int c = 0; c < cols; ++c) out[c] = T(0);
    out[chosen] = T(1);
    if (picks) picks[r] = chosen;
  }
}

// scores (raw) and soft = softmax as attention_scores(); onehot sampled from soft; out = onehot V.
// soft is kept: the straight-through backward needs it, and the page shows it beside the pick.
template <typename T>
void hard_attention_forward(T* out, T* scores, T* soft, T* onehot, const T* q, const T* k,
                            const T* v, const AttentionDims& d, Rng& rng) {
  attention_scores(scores, soft, q, k, d);
  sample_one_hot_rows(onehot, static_cast<int*>(nullptr), soft, d.batch * d.heads * d.seq, d.seq,
                      rng);
  attention_mix(out, onehot, v, d);
}

// Straight-through backward: dv += onehotᵀ dout; dq, dk += the soft-attention gradients.
template <typename T>
void hard_attention_backward(T* dq, T* dk, T* dv, T* work, const T* dout, const T* q, const T* k,
                             const T* v, const T* soft, const T* onehot, const AttentionDims& d) {
  attention_backward_split(dq, dk, dv, work, dout, q, k, v, soft, onehot, d);
}

}  // namespace prayog::nn
