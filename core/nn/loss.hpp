// Losses: softmax cross-entropy on logits with integer labels, and mean squared error. Each
// forward returns the mean loss as a double (what the charts and the divergence check read);
// each backward ACCUMULATES the gradient of that mean loss into its input, like every layer.
#pragma once

#include <cmath>
#include <cstddef>

#include "kernels/softmax.hpp"

namespace prayog::nn {

// L = (1/B) Σ_b -log softmax(z_b)[label_b]
// logits: (B, K)   labels: (B), each in [0, K)   probs: (B, K), written (backward and the page
// read them). The loss itself is log-sum-exp of the logits in double, not -log(probs): a float
// probability can underflow to 0 (loss inf) long before the logits are extreme.
template <typename T>
double softmax_cross_entropy_forward(T* probs, const T* logits, const int* labels, int batch,
                                     int k) {
  kernels::softmax_rows(probs, logits, batch, k, T(1), false);
  double total = 0.0;
  for (int b = 0; b < batch; ++b) {
    const T* z = logits + static_cast<std::ptrdiff_t>(b) * k;
    double m = z[0];
    for (int j = 1; j < k; ++j) m = z[j] > m ? z[j] : m;
    double s = 0.0;
    for (int j = 0; j < k; ++j) s += std::exp(z[j] - m);
    total += m + std::log(s) - z[labels[b]];
  }
  return total / batch;
}

// dlogits += (probs - onehot(labels)) / B     dlogits, probs: (B, K)
template <typename T>
void softmax_cross_entropy_backward(T* dlogits, const T* probs, const int* labels, int batch,
                                    int k) {
  const T inv_b = T(1) / T(batch);
  for (int b = 0; b < batch; ++b) {
    const std::ptrdiff_t o = static_cast<std::ptrdiff_t>(b) * k;
    for (int j = 0; j < k; ++j) dlogits[o + j] += probs[o + j] * inv_b;
    dlogits[o + labels[b]] -= inv_b;
  }
}

// L = (1/n) Σ (pred - target)²   (mean over every element: batch and features alike)
template <typename T>
double mse_forward(const T* pred, const T* target, std::size_t n) {
  double s = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(pred[i]) - target[i];
    s += d * d;
  }
  return s / static_cast<double>(n);
}

// dpred += 2 (pred - target) / n   (the target gets no gradient: it is data)
template <typename T>
void mse_backward(T* dpred, const T* pred, const T* target, std::size_t n) {
  const T scale = T(2) / T(n);
  for (std::size_t i = 0; i < n; ++i) dpred[i] += scale * (pred[i] - target[i]);
}

}  // namespace prayog::nn
