// Dense (fully connected) layer.  The pattern every layer in nn/ follows:
//  - flat forward/backward functions templated on T (float: the product, SIMD kernels;
//    double: the same code on the scalar references, for finite-difference gradient checks);
//  - shapes in comments, row-major, batch first;
//  - backward ACCUMULATES (+=) into every gradient it produces (parameters and inputs), so shared
//    tensors and residual paths just work; the caller zeroes gradients once per step;
//  - a null input-gradient pointer skips that gradient (the first layer needs no dx).
#pragma once

#include "kernels/elementwise.hpp"
#include "kernels/gemm.hpp"

namespace prayog::nn {

// y = x·W + b
// x: (B, Cin)   W: (Cin, Cout)   b: (Cout) or null   y: (B, Cout)
template <typename T>
void dense_forward(T* y, const T* x, const T* w, const T* b, int batch, int cin, int cout) {
  kernels::gemm(kernels::gemm_args<T>(false, false, batch, cout, cin, T(1), x, w, T(0), y));
  if (b) kernels::add_bias_rows(y, b, batch, cout);
}

// dx += dy·Wᵀ (B, Cin);  dW += xᵀ·dy (Cin, Cout);  db += Σ_batch dy (Cout)
template <typename T>
void dense_backward(T* dx, T* dw, T* db, const T* dy, const T* x, const T* w, int batch, int cin,
                    int cout) {
  if (dw)
    kernels::gemm(kernels::gemm_args<T>(true, false, cin, cout, batch, T(1), x, dy, T(1), dw));
  if (db) kernels::sum_rows_into(db, dy, batch, cout);
  if (dx)
    kernels::gemm(kernels::gemm_args<T>(false, true, batch, cin, cout, T(1), dy, w, T(1), dx));
}

// Multiply-adds of one forward pass (FLOPs = 2 x MACs).
inline long long dense_macs(int batch, int cin, int cout) {
  return static_cast<long long>(batch) * cin * cout;
}

}  // namespace prayog::nn
