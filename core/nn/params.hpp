// All parameters of a model in one contiguous buffer (values, and gradients beside them), as
// named tensors. Layers keep tensor ids and read views; optimizers sweep the whole buffer; the
// page copies out any weight matrix by name. T is float for the product, double for gradient
// checks.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/rng.hpp"

namespace prayog::nn {

struct ParamInfo {
  std::string name;        // "enc.wq", "conv1.w", ...
  std::vector<int> shape;  // row-major
  std::size_t offset = 0;  // into values() / grads()
  std::size_t size = 0;
  int group = 0;      // a layer: the unit of per-layer gradient norms and of freezing
  bool decay = true;  // L2 weight decay applies (weights yes, biases and norms' scales no)
};

template <typename T>
class Params {
 public:
  // Declares a tensor before finalize(); returns its id.
  int add(std::string name, std::vector<int> shape, int group, bool decay = true);
  // Allocates the buffers (zeros). Offsets are aligned to 16 elements (64 bytes for float).
  void finalize();
  bool finalized() const { return finalized_; }

  int count() const { return static_cast<int>(infos_.size()); }
  const ParamInfo& info(int id) const { return infos_[static_cast<std::size_t>(id)]; }
  // Id of the tensor with this name, or -1.
  int find(const std::string& name) const;
  int groups() const { return groups_; }

  T* value(int id) { return values_.data() + info(id).offset; }
  const T* value(int id) const { return values_.data() + info(id).offset; }
  T* grad(int id) { return grads_.data() + info(id).offset; }
  const T* grad(int id) const { return grads_.data() + info(id).offset; }

  // The whole buffer, padding included (padding stays zero in values and gradients).
  T* values() { return values_.data(); }
  const T* values() const { return values_.data(); }
  T* grads() { return grads_.data(); }
  const T* grads() const { return grads_.data(); }
  std::size_t buffer_size() const { return values_.size(); }
  // Parameters proper (sum of tensor sizes, no padding).
  std::size_t parameter_count() const;

  void zero_grads();
  // Euclidean norm of the gradients of one group (layer), in double.
  double grad_norm(int group) const;
  double grad_norm() const;
  // True when every gradient value is finite.
  bool grads_finite() const;
  // Where a NaN/Inf is, for the divergence message (a pass over the buffer: only once diverged).
  // The first tensor in declaration order whose values are not all finite, or -1.
  int first_nonfinite_value() const;
  // The first tensor in backprop order (the last declared first: models declare their tensors in
  // forward order, and backward reaches the output's layers first) whose gradient is not all
  // finite, or -1. A NaN that backward spreads into every earlier layer is named where it began.
  int first_nonfinite_grad() const;

  // Initialisers, each drawing from rng in element order (deterministic).
  void init_normal(int id, Rng& rng, double stddev);
  void init_uniform(int id, Rng& rng, double limit);  // U(-limit, limit)
  void init_constant(int id, T value);

 private:
  std::vector<ParamInfo> infos_;
  std::vector<T> values_, grads_;
  int groups_ = 0;
  bool finalized_ = false;
};

// Σ x[i]² in double over four interleaved partial sums (independent chains: about 4x faster than
// one running sum; the rounding differs from a single sum only in the last bits).
template <typename T>
double sum_squares(const T* x, std::size_t n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += static_cast<double>(x[i]) * x[i];
    s1 += static_cast<double>(x[i + 1]) * x[i + 1];
    s2 += static_cast<double>(x[i + 2]) * x[i + 2];
    s3 += static_cast<double>(x[i + 3]) * x[i + 3];
  }
  for (; i < n; ++i) s0 += static_cast<double>(x[i]) * x[i];
  return (s0 + s1) + (s2 + s3);
}

// Bytes a Params<float> with these tensor sizes would allocate (for validation before allocating).
std::size_t params_bytes(const std::vector<std::size_t>& sizes);

extern template class Params<float>;
extern template class Params<double>;

}  // namespace prayog::nn
