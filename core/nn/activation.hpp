// Activation layers over the elementwise kernels (float: SIMD, double: the references).
//
// All three derivatives can be written from the OUTPUT y alone (relu: y > 0 exactly when x > 0;
// sigmoid: y(1-y); tanh: 1-y²), so forward keeps nothing extra: the caller keeps y, and x may be
// overwritten; forward may run in place (y == x). Any shape: n elements.
#pragma once

#include <cstddef>

#include "kernels/elementwise.hpp"

namespace prayog::nn {

enum class Activation { kIdentity, kRelu, kSigmoid, kTanh };

// y = f(x)   x, y: (n)
template <typename T>
void activation_forward(Activation a, T* y, const T* x, std::size_t n) {
  switch (a) {
    case Activation::kIdentity:
      if (y != x)
        for (std::size_t i = 0; i < n; ++i) y[i] = x[i];
      return;
    case Activation::kRelu:
      kernels::relu_forward(y, x, n);
      return;
    case Activation::kSigmoid:
      kernels::sigmoid_forward(y, x, n);
      return;
    case Activation::kTanh:
      kernels::tanh_forward(y, x, n);
      return;
  }
}

// dx += dy * f'(x), with f' computed from the forward output y.   dx, dy, y: (n)
// dx must not alias dy: it accumulates, so dx == dy would give dy * (1 + f').
template <typename T>
void activation_backward(Activation a, T* dx, const T* dy, const T* y, std::size_t n) {
  switch (a) {
    case Activation::kIdentity:
      kernels::axpy(dx, T(1), dy, n);
      return;
    case Activation::kRelu:
      // The kernel tests x > 0; y = relu(x) > 0 is the same predicate, and a NaN x gives a NaN y,
      // which the kernel passes on into dx.
      kernels::relu_backward(dx, dy, y, n);
      return;
    case Activation::kSigmoid:
      kernels::sigmoid_backward(dx, dy, y, n);
      return;
    case Activation::kTanh:
      kernels::tanh_backward(dx, dy, y, n);
      return;
  }
}

}  // namespace prayog::nn
