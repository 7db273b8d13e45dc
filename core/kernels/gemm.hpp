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

// T is float for the product; double runs the same layer code in double precision for gradient
// checks (there gemm() is the reference loop).
template <typename T>
struct GemmArgsT {
  bool trans_a = false;
  bool trans_b = false;
  int m = 0, n = 0, k = 0;
  T alpha = 1;
  const T* a = nullptr;
  int lda = 0;
  const T* b = nullptr;
  int ldb = 0;
  T beta = 0;
  T* c = nullptr;
  int ldc = 0;
};
using GemmArgs = GemmArgsT<float>;

// Scalar reference: the triple loop, accumulating over k in order. Tests compare the fast kernel
// against it; it is also the readable definition of what gemm() computes.
template <typename T>
void gemm_ref(const GemmArgsT<T>& g) {
  for (int i = 0; i < g.m; ++i) {
    for (int j = 0; j < g.n; ++j) {
      T* cij = g.c + static_cast<std::ptrdiff_t>(i) * g.ldc + j;
      if (g.alpha == T(0)) {
        *cij = g.beta == T(0) ? T(0) : g.beta * *cij;
        continue;
      }
      T sum = 0;
      for (int p = 0; p < g.k; ++p) {
        const T aip = g.trans_a ? g.a[static_cast<std::ptrdiff_t>(p) * g.lda + i]
                                : g.a[static_cast<std::ptrdiff_t>(i) * g.lda + p];
        const T bpj = g.trans_b ? g.b[static_cast<std::ptrdiff_t>(j) * g.ldb + p]
                                : g.b[static_cast<std::ptrdiff_t>(p) * g.ldb + j];
        sum += aip * bpj;
      }
      *cij = g.beta == T(0) ? g.alpha * sum : g.alpha * sum + g.beta * *cij;
    }
  }
}

// Packed, register-blocked xsimd kernel. Same contract and results as gemm_ref up to rounding.
void gemm(const GemmArgs& g);
// Double precision (gradient checks): the reference.
inline void gemm(const GemmArgsT<double>& g) {
  gemm_ref(g);
}

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
template <typename T>
inline GemmArgsT<T> gemm_args(bool trans_a, bool trans_b, int m, int n, int k, T alpha, const T* a,
                              const T* b, T beta, T* c) {
  GemmArgsT<T> g;
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
