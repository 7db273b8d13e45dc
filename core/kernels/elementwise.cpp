// Float entry points of elementwise.hpp.
// TODO(kernels): replace each body by its xsimd kernel (issue 3, kernels piece); until then they
// forward to the references so layers can be written and gradient-checked against a fixed API.
#include "kernels/elementwise.hpp"

namespace prayog::kernels {

void add_bias_rows(float* y, const float* b, int rows, int cols) {
  ref::add_bias_rows(y, b, rows, cols);
}
void sum_rows_into(float* db, const float* dy, int rows, int cols) {
  ref::sum_rows_into(db, dy, rows, cols);
}
void relu_forward(float* y, const float* x, std::size_t n) {
  ref::relu_forward(y, x, n);
}
void relu_backward(float* dx, const float* dy, const float* x, std::size_t n) {
  ref::relu_backward(dx, dy, x, n);
}
void sigmoid_forward(float* y, const float* x, std::size_t n) {
  ref::sigmoid_forward(y, x, n);
}
void sigmoid_backward(float* dx, const float* dy, const float* y, std::size_t n) {
  ref::sigmoid_backward(dx, dy, y, n);
}
void tanh_forward(float* y, const float* x, std::size_t n) {
  ref::tanh_forward(y, x, n);
}
void tanh_backward(float* dx, const float* dy, const float* y, std::size_t n) {
  ref::tanh_backward(dx, dy, y, n);
}
void axpy(float* y, float a, const float* x, std::size_t n) {
  ref::axpy(y, a, x, n);
}
void scale(float* x, float a, std::size_t n) {
  ref::scale(x, a, n);
}
double sum(const float* x, std::size_t n) {
  return ref::sum(x, n);
}
double sum_squares(const float* x, std::size_t n) {
  return ref::sum_squares(x, n);
}
float max_value(const float* x, std::size_t n) {
  return ref::max_value(x, n);
}

}  // namespace prayog::kernels
