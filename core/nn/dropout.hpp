// Inverted dropout: in training each element is zeroed with probability p and the survivors are
// scaled by 1/(1-p), so the expected activation is unchanged and evaluation is the identity (no
// rescaling at test time). The mask comes from a passed prayog::Rng, so a seed fixes it (same
// config + seed = same masks natively and in the browser). Backward accumulates.
//
//   x, y, mask: (n), any shape; mask[i] = 1 keeps element i, 0 drops it;  0 <= p < 1
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/rng.hpp"

namespace prayog::nn {

// mask[i] = 1 with probability 1 - p. Consumes exactly n draws of rng (one uniform each), in
// element order, whatever p is: the stream stays aligned across configs.
inline void dropout_mask(std::uint8_t* mask, std::size_t n, float p, Rng& rng) {
  for (std::size_t i = 0; i < n; ++i) mask[i] = rng.bernoulli(p) ? 0 : 1;
}

// y = x * mask / (1 - p) with a given mask (the train-mode forward, minus the draws).
template <typename T>
void dropout_apply(T* y, const T* x, const std::uint8_t* mask, std::size_t n, float p) {
  const T scale = T(1) / (T(1) - T(p));
  for (std::size_t i = 0; i < n; ++i) y[i] = mask[i] ? x[i] * scale : T(0);
}

// train: draws a new mask into mask, then y = x * mask / (1 - p).   eval: y = x, mask and rng
// untouched (no draws).
template <typename T>
void dropout_forward(T* y, std::uint8_t* mask, const T* x, std::size_t n, float p, bool train,
                     Rng& rng) {
  if (!train) {
    if (y != x)
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i];
    return;
  }
  dropout_mask(mask, n, p, rng);
  dropout_apply(y, x, mask, n, p);
}

// dx += dy * mask / (1 - p) (train, the forward's mask);  dx += dy (eval)
template <typename T>
void dropout_backward(T* dx, const T* dy, const std::uint8_t* mask, std::size_t n, float p,
                      bool train) {
  if (!train) {
    for (std::size_t i = 0; i < n; ++i) dx[i] += dy[i];
    return;
  }
  const T scale = T(1) / (T(1) - T(p));
  for (std::size_t i = 0; i < n; ++i)
    if (mask[i]) dx[i] += dy[i] * scale;
}

}  // namespace prayog::nn
