// Elementwise kernels, bias and reductions. Each has a scalar reference in kernels::ref (templated:
// it is also the double-precision path of the gradient checks) and a float overload that is the
// xsimd kernel, tested against the reference at sizes around the SIMD width.
//
// Backward kernels ACCUMULATE (+=) into their gradient output, like every layer backward.
#pragma once

#include <cmath>
#include <cstddef>

namespace prayog::kernels {

namespace ref {

// y[r, c] += b[c]            y: (rows, cols)   b: (cols)
template <typename T>
void add_bias_rows(T* y, const T* b, int rows, int cols) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) y[static_cast<std::ptrdiff_t>(r) * cols + c] += b[c];
}

// db[c] += Σ_r dy[r, c]      dy: (rows, cols)   db: (cols)
template <typename T>
void sum_rows_into(T* db, const T* dy, int rows, int cols) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) db[c] += dy[static_cast<std::ptrdiff_t>(r) * cols + c];
}

// y = x <= 0 ? +0 : x. NaN stays NaN (x <= 0 is false for it): a diverging run must show up in
// the loss, not be hidden as a zero activation. -0 becomes +0.
template <typename T>
void relu_forward(T* y, const T* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = x[i] <= T(0) ? T(0) : x[i];
}
// dx += dy * [x > 0], and dx += x where x is NaN (so dx becomes NaN: the NaN is not masked away).
// A NaN dy where x <= 0 still adds 0, as the derivative is 0 there.
template <typename T>
void relu_backward(T* dx, const T* dy, const T* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] += x[i] > T(0) ? dy[i] : x[i] <= T(0) ? T(0) : x[i];
}

template <typename T>
void sigmoid_forward(T* y, const T* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = T(1) / (T(1) + std::exp(-x[i]));
}
// dx += dy * y * (1 - y), from the forward output y
template <typename T>
void sigmoid_backward(T* dx, const T* dy, const T* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] += dy[i] * y[i] * (T(1) - y[i]);
}

template <typename T>
void tanh_forward(T* y, const T* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
}
// dx += dy * (1 - y^2), from the forward output y
template <typename T>
void tanh_backward(T* dx, const T* dy, const T* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] += dy[i] * (T(1) - y[i] * y[i]);
}

// y += a * x
template <typename T>
void axpy(T* y, T a, const T* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] += a * x[i];
}

// x *= a
template <typename T>
void scale(T* x, T a, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] *= a;
}

// Σ x (accumulated in double)
template <typename T>
double sum(const T* x, std::size_t n) {
  double s = 0.0;
  for (std::size_t i = 0; i < n; ++i) s += x[i];
  return s;
}

// Σ x^2 (accumulated in double)
template <typename T>
double sum_squares(const T* x, std::size_t n) {
  double s = 0.0;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(x[i]) * x[i];
  return s;
}

// max x (n >= 1); NaN if any element is NaN
template <typename T>
T max_value(const T* x, std::size_t n) {
  T m = x[0];
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != x[i]) return x[i];
    if (x[i] > m) m = x[i];
  }
  return m;
}

// y[i] = exp(scale * x[i] - shift); returns Σ y (accumulated in T). With shift = max scale * x
// every exponent is <= 0: the inner loop of softmax and of log-sum-exp. y may be x.
template <typename T>
T exp_sum(T* y, const T* x, std::size_t n, T scale, T shift) {
  T s = 0;
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = std::exp(scale * x[i] - shift);
    s += y[i];
  }
  return s;
}

}  // namespace ref

// float: the xsimd kernels (elementwise.cpp). double: the references.
// The float kernels give the reference's bits except for
//  - sigmoid, tanh, exp_sum: xsimd's algorithms, within 2 eps of the exact value, the same bits
//    natively and in wasm. exp is 0 at or below -88.376 and +inf at or above 88.376 (xsimd's
//    range; libm still returns subnormals below, finite values up to 88.72 above);
//  - sum, sum_squares: float partial sums flushed to double per chunk, |error| <= 21 eps_float
//    Σ|term|; a chunk that overflows float is redone in double, so Inf only where the reference has
//    it; NaN propagates;
//  - exp_sum's returned sum: a float sum in another order.
void add_bias_rows(float* y, const float* b, int rows, int cols);
void sum_rows_into(float* db, const float* dy, int rows, int cols);
void relu_forward(float* y, const float* x, std::size_t n);
void relu_backward(float* dx, const float* dy, const float* x, std::size_t n);
void sigmoid_forward(float* y, const float* x, std::size_t n);
void sigmoid_backward(float* dx, const float* dy, const float* y, std::size_t n);
void tanh_forward(float* y, const float* x, std::size_t n);
void tanh_backward(float* dx, const float* dy, const float* y, std::size_t n);
void axpy(float* y, float a, const float* x, std::size_t n);
void scale(float* x, float a, std::size_t n);
double sum(const float* x, std::size_t n);
double sum_squares(const float* x, std::size_t n);
float max_value(const float* x, std::size_t n);
float exp_sum(float* y, const float* x, std::size_t n, float scale, float shift);
// exp_sum for exponents scale*x - shift <= 0 (shift >= max scale*x), softmax's case: a cheaper exp
// (no overflow path), within 2.27 ulp of exact (1.55 eps relative), the same bits natively and in
// wasm; exactly 0 below about -87.68 (e^a < 2^-126.5) and for -inf, subnormal results above that
// within 2 2^-149, NaN stays NaN. Positive exponents are outside its contract. Its reference is
// ref::exp_sum.
float exp_sum_nonpositive(float* y, const float* x, std::size_t n, float scale, float shift);

inline void add_bias_rows(double* y, const double* b, int rows, int cols) {
  ref::add_bias_rows(y, b, rows, cols);
}
inline void sum_rows_into(double* db, const double* dy, int rows, int cols) {
  ref::sum_rows_into(db, dy, rows, cols);
}
inline void relu_forward(double* y, const double* x, std::size_t n) {
  ref::relu_forward(y, x, n);
}
inline void relu_backward(double* dx, const double* dy, const double* x, std::size_t n) {
  ref::relu_backward(dx, dy, x, n);
}
inline void sigmoid_forward(double* y, const double* x, std::size_t n) {
  ref::sigmoid_forward(y, x, n);
}
inline void sigmoid_backward(double* dx, const double* dy, const double* y, std::size_t n) {
  ref::sigmoid_backward(dx, dy, y, n);
}
inline void tanh_forward(double* y, const double* x, std::size_t n) {
  ref::tanh_forward(y, x, n);
}
inline void tanh_backward(double* dx, const double* dy, const double* y, std::size_t n) {
  ref::tanh_backward(dx, dy, y, n);
}
inline void axpy(double* y, double a, const double* x, std::size_t n) {
  ref::axpy(y, a, x, n);
}
inline void scale(double* x, double a, std::size_t n) {
  ref::scale(x, a, n);
}
inline double sum(const double* x, std::size_t n) {
  return ref::sum(x, n);
}
inline double sum_squares(const double* x, std::size_t n) {
  return ref::sum_squares(x, n);
}
inline double max_value(const double* x, std::size_t n) {
  return ref::max_value(x, n);
}
inline double exp_sum(double* y, const double* x, std::size_t n, double scale, double shift) {
  return ref::exp_sum(y, x, n, scale, shift);
}
inline double exp_sum_nonpositive(double* y, const double* x, std::size_t n, double scale,
                                  double shift) {
  return ref::exp_sum(y, x, n, scale, shift);
}

}  // namespace prayog::kernels
