// Small helpers the CNN labs share (attention over images, 1x1 convolution).
#pragma once

#include <cmath>
#include <cstddef>

namespace prayog::labs {

// d *= [y > 0], in place: ReLU's backward when the incoming gradient buffer is reused.
// (nn::activation_backward accumulates, dx += dy·f'(y), so it cannot run with dx == dy.)
// A NaN y (ReLU passes NaN through) makes d NaN, as kernels::relu_backward does: not masked to 0.
inline void relu_mask(float* d, const float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) d[i] = y[i] > 0.0f ? d[i] : y[i] <= 0.0f ? 0.0f : y[i];
}

inline bool all_finite(const float* v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(v[i])) return false;
  return true;
}

// Index of the largest of n values (the first on ties).
inline int argmax(const float* v, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

}  // namespace prayog::labs
