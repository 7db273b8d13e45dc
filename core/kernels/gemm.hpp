// Single-precision GEMM, the workhorse of every lab (dense layers, 1x1 convolution, attention).
//
//   C = alpha * op(A) * op(B) + beta * C        all matrices row-major
//
//   op(A): (M, K)   stored as (M, K) with row stride lda, or, if trans_a, as (K, M)
//   op(B): (K, N)   stored as (K, N) with row stride ldb, or, if trans_b, as (N, K)
//   C:     (M, N)   row stride ldc
//
// BLAS conventions that callers rely on: beta == 0 never reads C (so C may hold garbage or NaN),
// alpha == 0 never reads A or B. The transposed forms exist because backprop needs them:
// dW = Xᵀ·dY (trans_a) and dX = dY·Wᵀ (trans_b), and they must be as fast as the plain form.
#pragma once

#include <cstddef>

namespace prayog::kernels {

struct GemmArgs {
  bool trans_a = false;
  bool trans_b = false;
  int m = 0, n = 0, k = 0;
  float alpha = 1.0f;
  const float* a = nullptr;
  int lda = 0;
  const float* b = nullptr;
  int ldb = 0;
  float beta = 0.0f;
  float* c = nullptr;
  int ldc = 0;
};

// Scalar reference: the triple loop, accumulating over k in order. Tests compare the fast kernel
// against it; it is also the readable definition of what gemm() computes.
void gemm_ref(const GemmArgs& g);

// Packed, register-blocked xsimd kernel. Same contract and results as gemm_ref up to rounding.
void gemm(const GemmArgs& g);

// Shape of the micro-kernel tile, for tests (edge sizes around it) and the system report.
struct GemmTile {
  int mr;          // rows of C per micro-kernel call
  int nr;          // columns of C per micro-kernel call
  int simd_width;  // floats per SIMD register
};
GemmTile gemm_tile();

// Name of the xsimd architecture the kernels were compiled for ("sse2" under Emscripten, where
// Emscripten lowers the SSE intrinsics to WASM SIMD128).
const char* simd_arch_name();

// Convenience for the common dense case with packed (unstrided) operands.
inline GemmArgs gemm_args(bool trans_a, bool trans_b, int m, int n, int k, float alpha,
                          const float* a, const float* b, float beta, float* c) {
  GemmArgs g;
  g.trans_a = trans_a;
  g.trans_b = trans_b;
  g.m = m;
  g.n = n;
  g.k = k;
  g.alpha = alpha;
  g.a = a;
  g.lda = trans_a ? m : k;
  g.b = b;
  g.ldb = trans_b ? k : n;
  g.beta = beta;
  g.c = c;
  g.ldc = n;
  return g;
}

}  // namespace prayog::kernels
