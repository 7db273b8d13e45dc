// Batch normalisation over the last (channel) dimension of a (rows, C) matrix: a dense layer's
// output (B, C) or an NHWC feature map viewed as (N*H*W, C) (per-channel statistics over batch
// and space, as for convolutions). Flat forward/backward as in dense.hpp; backward accumulates.
//
//   train: mean, var = batch statistics (biased var, 1/rows), which normalise;
//          running_mean = (1 - momentum) * running_mean + momentum * mean
//          running_var  = (1 - momentum) * running_var  + momentum * var * rows / (rows - 1)
//          (the unbiased variance, PyTorch's rule, so eval sees an estimate of the population's)
//   eval:  mean, var = running_mean, running_var (the batch plays no part: a single example gives
//          the same output alone as in any batch)
//   xhat = (x - mean) / sqrt(var + eps);   y = gamma * xhat + beta
//
// Statistics are accumulated in double whatever T is: sums over rows = N*H*W can be long.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace prayog::nn {

struct BatchNormOptions {
  double momentum = 0.1;  // weight of the new batch in the running statistics
  double eps = 1e-5;      // keeps 1/sqrt(var + eps) finite for a constant channel
};

// x, y, xhat: (rows, C)   gamma, beta, inv_std, running_mean, running_var: (C)
// xhat and inv_std are what backward needs (forward writes them in both modes). y may be x (each
// element is read before it is written).
// train: running_mean/var are updated, unless null (e.g. a gradient check's repeated forwards).
// eval: running_mean/var are read (required).
// scratch: 2·C doubles the statistics are accumulated in (the forms without it allocate them: a
// training loop passes its own, so a step allocates nothing).
template <typename T>
void batchnorm_forward(T* y, T* xhat, T* inv_std, T* running_mean, T* running_var, const T* x,
                       const T* gamma, const T* beta, int rows, int c, bool train,
                       const BatchNormOptions& opt, double* scratch) {
  double* mean = scratch;
  double* var = scratch + c;
  for (int j = 0; j < c; ++j) mean[j] = var[j] = 0.0;
  if (train) {
    // Two passes (mean, then squared deviations): no cancellation for channels with a large mean.
    for (int r = 0; r < rows; ++r)
      for (int j = 0; j < c; ++j) mean[j] += x[static_cast<std::ptrdiff_t>(r) * c + j];
    for (int j = 0; j < c; ++j) mean[j] /= rows;
    for (int r = 0; r < rows; ++r)
      for (int j = 0; j < c; ++j) {
        const double dev = x[static_cast<std::ptrdiff_t>(r) * c + j] - mean[j];
        var[j] += dev * dev;
      }
    for (int j = 0; j < c; ++j) var[j] /= rows;
    if (running_mean && running_var) {
      const double m = opt.momentum;
      const double unbias = rows > 1 ? static_cast<double>(rows) / (rows - 1) : 1.0;
      for (int j = 0; j < c; ++j) {
        running_mean[j] = static_cast<T>((1.0 - m) * running_mean[j] + m * mean[j]);
        running_var[j] = static_cast<T>((1.0 - m) * running_var[j] + m * var[j] * unbias);
      }
    }
  } else {
    for (int j = 0; j < c; ++j) {
      mean[j] = running_mean[j];
      var[j] = running_var[j];
    }
  }
  for (int j = 0; j < c; ++j) inv_std[j] = static_cast<T>(1.0 / std::sqrt(var[j] + opt.eps));
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < c; ++j) {
      const std::ptrdiff_t i = static_cast<std::ptrdiff_t>(r) * c + j;
      xhat[i] = static_cast<T>((x[i] - mean[j]) * inv_std[j]);
      y[i] = gamma[j] * xhat[i] + beta[j];
    }
}

template <typename T>
void batchnorm_forward(T* y, T* xhat, T* inv_std, T* running_mean, T* running_var, const T* x,
                       const T* gamma, const T* beta, int rows, int c, bool train,
                       const BatchNormOptions& opt = {}) {
  std::vector<double> scratch(2 * static_cast<std::size_t>(c));
  batchnorm_forward(y, xhat, inv_std, running_mean, running_var, x, gamma, beta, rows, c, train,
                    opt, scratch.data());
}

// dgamma += Σ_rows dy * xhat;  dbeta += Σ_rows dy;
// dx += train: inv_std * (g - mean_rows(g) - xhat * mean_rows(g * xhat)),  g = dy * gamma
//               (the full gradient: every x moves the batch mean and variance too)
//       eval:  inv_std * g  (the statistics are constants)
// dy, xhat, dx: (rows, C)   gamma, inv_std, dgamma, dbeta: (C)   dx must not alias dy.
// scratch: 2·C doubles (the form without it allocates them).
template <typename T>
void batchnorm_backward(T* dx, T* dgamma, T* dbeta, const T* dy, const T* xhat, const T* inv_std,
                        const T* gamma, int rows, int c, bool train, double* scratch) {
  double* sum_dy = scratch;
  double* sum_dy_xhat = scratch + c;
  for (int j = 0; j < c; ++j) sum_dy[j] = sum_dy_xhat[j] = 0.0;
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < c; ++j) {
      const std::ptrdiff_t i = static_cast<std::ptrdiff_t>(r) * c + j;
      sum_dy[j] += dy[i];
      sum_dy_xhat[j] += static_cast<double>(dy[i]) * xhat[i];
    }
  for (int j = 0; j < c; ++j) {
    if (dgamma) dgamma[j] += static_cast<T>(sum_dy_xhat[j]);
    if (dbeta) dbeta[j] += static_cast<T>(sum_dy[j]);
  }
  if (!dx) return;
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < c; ++j) {
      const std::ptrdiff_t i = static_cast<std::ptrdiff_t>(r) * c + j;
      double g = dy[i];
      if (train) g -= (sum_dy[j] + xhat[i] * sum_dy_xhat[j]) / rows;
      dx[i] += static_cast<T>(gamma[j] * inv_std[j] * g);
    }
}

template <typename T>
void batchnorm_backward(T* dx, T* dgamma, T* dbeta, const T* dy, const T* xhat, const T* inv_std,
                        const T* gamma, int rows, int c, bool train) {
  std::vector<double> scratch(2 * static_cast<std::size_t>(c));
  batchnorm_backward(dx, dgamma, dbeta, dy, xhat, inv_std, gamma, rows, c, train, scratch.data());
}

}  // namespace prayog::nn
