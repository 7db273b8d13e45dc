// Row softmax, numerically stable (the row max is subtracted before exp), with an optional scale
// (attention's 1/sqrt(d)) and causal mask. Scalar reference in kernels::ref (templated: also the
// double path of gradient checks) and a float xsimd kernel.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace prayog::kernels {

namespace ref {

// y[r, :] = softmax(scale * x[r, :]) over the row's visible columns.
// x, y: (rows, cols). causal: row r sees columns 0 .. (r mod cols) only (rows are stacked square
// query x key blocks); masked entries of y are exactly 0.
template <typename T>
void softmax_rows(T* y, const T* x, int rows, int cols, T scale, bool causal) {
  for (int r = 0; r < rows; ++r) {
    const T* xr = x + static_cast<std::ptrdiff_t>(r) * cols;
    T* yr = y + static_cast<std::ptrdiff_t>(r) * cols;
    const int visible = causal ? (r % cols) + 1 : cols;
    T m = -std::numeric_limits<T>::infinity();
    for (int c = 0; c < visible; ++c) m = std::max(m, scale * xr[c]);
    T s = 0;
    for (int c = 0; c < visible; ++c) {
      yr[c] = std::exp(scale * xr[c] - m);
      s += yr[c];
    }
    const T inv = T(1) / s;
    for (int c = 0; c < visible; ++c) yr[c] *= inv;
    for (int c = visible; c < cols; ++c) yr[c] = 0;
  }
}

// dx += scale * y * (dy - Σ_c dy*y)   from the forward output y (masked entries have y = 0).
template <typename T>
void softmax_rows_backward(T* dx, const T* dy, const T* y, int rows, int cols, T scale) {
  for (int r = 0; r < rows; ++r) {
    const std::ptrdiff_t o = static_cast<std::ptrdiff_t>(r) * cols;
    T dot = 0;
    for (int c = 0; c < cols; ++c) dot += dy[o + c] * y[o + c];
    for (int c = 0; c < cols; ++c) dx[o + c] += scale * y[o + c] * (dy[o + c] - dot);
  }
}

}  // namespace ref

void softmax_rows(float* y, const float* x, int rows, int cols, float scale, bool causal);
void softmax_rows_backward(float* dx, const float* dy, const float* y, int rows, int cols,
                           float scale);

inline void softmax_rows(double* y, const double* x, int rows, int cols, double scale,
                         bool causal) {
  ref::softmax_rows(y, x, rows, cols, scale, causal);
}
inline void softmax_rows_backward(double* dx, const double* dy, const double* y, int rows, int cols,
                                  double scale) {
  ref::softmax_rows_backward(dx, dy, y, rows, cols, scale);
}

}  // namespace prayog::kernels
