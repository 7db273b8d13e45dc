// Autoencoder pair for greedy layer-wise pretraining (one layer of the deep net at a time):
//
//   encoder   h    = f(x̃ · W + b)        x̃: the input, possibly corrupted (denoising AE)
//   decoder   x̂    = g(h · W' + c)       W' = Wᵀ (tied: the decoder reuses the encoder's weights)
//                                          or its own V (untied)
//   loss      MSE(x̂, x) against the CLEAN x (nn/loss.hpp), so a denoising AE learns to undo noise
//
// After pretraining only W, b are kept (the next layer trains on h); c and V are discarded.
// Flat functions as in dense.hpp; backward accumulates, null gradient pointers are skipped.
//
//   x: (B, D)   W: (D, H)   b: (H)   V: (H, D) or null when tied   c: (D)
//   h: (B, H)   x̂: (B, D)
#pragma once

#include <cstddef>

#include "base/rng.hpp"
#include "kernels/elementwise.hpp"
#include "kernels/gemm.hpp"
#include "nn/activation.hpp"
#include "nn/dense.hpp"

namespace prayog::nn {

struct AutoencoderDims {
  int batch = 1;
  int in = 1;      // D: visible units (pixels of a glyph, or the previous layer's codes)
  int hidden = 1;  // H: code units
  bool tied = true;
  Activation enc = Activation::kSigmoid;  // f
  Activation dec = Activation::kSigmoid;  // g (sigmoid suits inputs in [0, 1], like pixels)

  // Parameters: W, b, c, and V when untied.
  long long param_count() const {
    const long long wsize = static_cast<long long>(in) * hidden;
    return wsize + hidden + in + (tied ? 0 : wsize);
  }
  // Scratch elements backward needs: dz_dec (B, D), dh (B, H), dz_enc (B, H).
  std::size_t workspace_size() const {
    return static_cast<std::size_t>(batch) * (static_cast<std::size_t>(in) + 2u * hidden);
  }
};

// h = f(x · W + b)   (also what feeds the next layer of the stack once this one is trained)
template <typename T>
void autoencoder_encode(T* h, const T* x, const T* w, const T* b, const AutoencoderDims& d) {
  dense_forward(h, x, w, b, d.batch, d.in, d.hidden);
  activation_forward(d.enc, h, h, static_cast<std::size_t>(d.batch) * d.hidden);
}

// x̂ = g(h · W' + c)
template <typename T>
void autoencoder_decode(T* xrec, const T* h, const T* w, const T* v, const T* c,
                        const AutoencoderDims& d) {
  if (d.tied)  // h · Wᵀ: W is (D, H), so op(B) = Wᵀ through the transposed GEMM, no copy
    kernels::gemm(
        kernels::gemm_args<T>(false, true, d.batch, d.in, d.hidden, T(1), h, w, T(0), xrec));
  else
    kernels::gemm(
        kernels::gemm_args<T>(false, false, d.batch, d.in, d.hidden, T(1), h, v, T(0), xrec));
  kernels::add_bias_rows(xrec, c, d.batch, d.in);
  activation_forward(d.dec, xrec, xrec, static_cast<std::size_t>(d.batch) * d.in);
}

// Both halves: writes h (kept for backward) and x̂.  v is ignored (may be null) when tied.
template <typename T>
void autoencoder_forward(T* xrec, T* h, const T* x, const T* w, const T* b, const T* v, const T* c,
                         const AutoencoderDims& d) {
  autoencoder_encode(h, x, w, b, d);
  autoencoder_decode(xrec, h, w, v, c, d);
}

// From dL/dx̂ (e.g. mse_backward into a zeroed buffer):
//   dc += Σ dz_dec;  tied: dW += dz_decᵀ · h (D, H)  /  untied: dV += hᵀ · dz_dec (H, D)
//   dW += x̃ᵀ · dz_enc;  db += Σ dz_enc;  dx += dz_enc · Wᵀ
// where dz_dec = dx̂ ⊙ g'(x̂),  dh = dz_dec · W'ᵀ,  dz_enc = dh ⊙ f'(h).
// Tied: W is used twice, and its gradient is the SUM of both uses (decoder first, encoder then
// accumulates on top): dropping either half gives a wrong gradient (the gradient check sees it).
// x is the (possibly corrupted) input forward saw; workspace: d.workspace_size() elements.
template <typename T>
void autoencoder_backward(T* dx, T* dw, T* db, T* dv, T* dc, T* workspace, const T* dxrec,
                          const T* x, const T* h, const T* xrec, const T* w, const T* v,
                          const AutoencoderDims& d) {
  const std::size_t nd = static_cast<std::size_t>(d.batch) * d.in;
  const std::size_t nh = static_cast<std::size_t>(d.batch) * d.hidden;
  T* dz_dec = workspace;  // (B, D)
  T* dh = dz_dec + nd;    // (B, H)
  T* dz_enc = dh + nh;    // (B, H)
  for (std::size_t i = 0; i < nd + 2 * nh; ++i) workspace[i] = T(0);

  activation_backward(d.dec, dz_dec, dxrec, xrec, nd);
  if (d.tied) {
    if (dc) kernels::sum_rows_into(dc, dz_dec, d.batch, d.in);
    if (dw)  // z = h · Wᵀ  =>  dWᵀ = hᵀ · dz, i.e. dW = dzᵀ · h
      kernels::gemm(
          kernels::gemm_args<T>(true, false, d.in, d.hidden, d.batch, T(1), dz_dec, h, T(1), dw));
    kernels::gemm(
        kernels::gemm_args<T>(false, false, d.batch, d.hidden, d.in, T(1), dz_dec, w, T(1), dh));
  } else {
    dense_backward(dh, dv, dc, dz_dec, h, v, d.batch, d.hidden, d.in);
  }
  activation_backward(d.enc, dz_enc, dh, h, nh);
  dense_backward(dx, dw, db, dz_enc, x, w, d.batch, d.in, d.hidden);
}

// Masking noise for the denoising autoencoder (Vincent et al. 2008): each input is set to 0 with
// probability p, the rest pass unchanged (no rescaling: unlike dropout, the decoder must restore
// the missing values, not their expectation). Consumes exactly n draws of rng.  x, xc: (n)
template <typename T>
void corrupt_masking(T* xc, const T* x, std::size_t n, float p, Rng& rng) {
  for (std::size_t i = 0; i < n; ++i) xc[i] = rng.bernoulli(p) ? T(0) : x[i];
}

}  // namespace prayog::nn
