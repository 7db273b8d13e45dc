// Positional encodings added to a sequence of embeddings (attention itself is blind to order).
// Follows dense.hpp: flat templated forward/backward, backward accumulates, null gradient = skip.
//
//   x, y: (B, T, D)   table: (T_max, D), T <= T_max; rows 0 .. T-1 are used
//
// Two tables, one add:
//  (a) learned: the table is a parameter (T_max, D), trained through positional_backward;
//  (b) fixed sinusoidal (Vaswani et al. 2017): sinusoidal_table() fills it once, no gradient.
//
// The sinusoidal table is data, so it must be bit-identical natively and in wasm (design.md,
// Determinism). libm's sin/cos/exp are not: glibc and musl differ in the last bit. det_sin,
// det_cos and det_exp below use only + - * / and exact operations (floor, scaling by powers of 2),
// like det_log in base/rng.hpp; they could move beside it if another module needs them.
#pragma once

#include <algorithm>
#include <cstddef>

#include "kernels/elementwise.hpp"

namespace prayog::nn {

// e^x from + - * / only: x = k ln2 + r (Cody-Waite, ln2 in two parts so k·ln2_hi is exact),
// Horner-form Taylor series for e^r with |r| <= ln2/2, then an exact scaling by 2^k.
// |error| < 1e-15 relative; overflows to +inf above ~709.78, underflows to 0 below ~-745.
double det_exp(double x);

// sin x and cos x from + - * / only: x = k π/2 + r (Cody-Waite with π/2 in three 33-bit parts, so
// k·part is exact for |k| < 2^20), Taylor series on |r| <= π/4, quadrant from k mod 4.
// |error| < 1e-15 absolute for |x| <= 1e6 (positional angles stay below T_max). Outside that
// range, and for NaN/inf, they return NaN rather than an inaccurate value.
double det_sin(double x);
double det_cos(double x);

// table[t, 2i] = sin(t · w_i), table[t, 2i+1] = cos(t · w_i), w_i = 10000^(-2i/D)
// table: (seq, dim); an odd D ends with a sin column. Computed in double, stored as T.
// Row 0 is (0, 1, 0, 1, ...); every entry is in [-1, 1], the same scale as a unit-variance
// embedding, so neither drowns the other.
template <typename T>
void sinusoidal_table(T* table, int seq, int dim);

// y = x + table[0:T] (broadcast over the batch). y may alias x (in-place add).
template <typename T>
void positional_forward(T* y, const T* x, const T* table, int batch, int seq, int dim) {
  const std::size_t n = static_cast<std::size_t>(batch) * seq * dim;
  if (y != x) std::copy(x, x + n, y);
  // (B, T·D) rows plus a (T·D) "bias": rows 0..T-1 of the table are contiguous.
  kernels::add_bias_rows(y, table, batch, seq * dim);
}

// dx += dy (B, T, D);   dtable[0:T] += Σ_batch dy (T, D). Either may be null (sinusoidal: no
// dtable; the first layer: no dx).
template <typename T>
void positional_backward(T* dx, T* dtable, const T* dy, int batch, int seq, int dim) {
  const std::size_t n = static_cast<std::size_t>(batch) * seq * dim;
  if (dx) kernels::axpy(dx, T(1), dy, n);
  if (dtable) kernels::sum_rows_into(dtable, dy, batch, seq * dim);
}

inline long long positional_param_count(int max_seq, int dim) {
  return static_cast<long long>(max_seq) * dim;
}

extern template void sinusoidal_table<float>(float*, int, int);
extern template void sinusoidal_table<double>(double*, int, int);

}  // namespace prayog::nn
