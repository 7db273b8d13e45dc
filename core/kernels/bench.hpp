// Kernel self-benchmarks used by the page's "about this engine" panel, `npm run bench` and the CLI.
// Timing is the caller's business (performance.now() in the browser, steady_clock natively): these
// only do a fixed, known amount of work so that every runtime times the same thing.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/gemm.hpp"

namespace prayog::kernels {

// Operands for one GEMM shape, filled once; run() repeats C = A·B (or a transposed form).
class GemmBench {
 public:
  GemmBench(int m, int k, int n, bool trans_a, bool trans_b);
  void run(int iterations);
  double flops_per_run() const { return 2.0 * m_ * n_ * k_; }
  // Sum of C: keeps the work observable so no optimiser can drop it.
  double checksum() const;

 private:
  int m_, k_, n_;
  bool trans_a_, trans_b_;
  std::vector<float> a_, b_, c_;
};

// The same-run ceiling: independent multiply+add chains on SIMD registers, no memory traffic.
// Returns the floating-point operations done (2 per lane per multiply+add).
double simd_peak_loop(std::int64_t iterations, float* sink);

// Largest dimension the benchmarks accept; keeps a bad request from exhausting memory.
constexpr int kBenchMaxDim = 4096;

}  // namespace prayog::kernels
