// Float entry points of softmax.hpp.
// TODO(kernels): the xsimd kernel (issue 3, kernels piece); until then the reference.
#include "kernels/softmax.hpp"

namespace prayog::kernels {

void softmax_rows(float* y, const float* x, int rows, int cols, float scale, bool causal) {
  ref::softmax_rows(y, x, rows, cols, scale, causal);
}
void softmax_rows_backward(float* dx, const float* dy, const float* y, int rows, int cols,
                           float scale) {
  ref::softmax_rows_backward(dx, dy, y, rows, cols, scale);
}

}  // namespace prayog::kernels
