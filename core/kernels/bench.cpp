#include "kernels/bench.hpp"

#include "kernels/simd.hpp"

namespace prayog::kernels {

namespace {
// Values in [-1, 1) from a tiny LCG: deterministic, and no libm.
void fill(std::vector<float>& v, std::uint32_t seed) {
  std::uint32_t s = seed;
  for (float& x : v) {
    s = s * 1664525u + 1013904223u;
    x = static_cast<float>(s >> 8) * (2.0f / 16777216.0f) - 1.0f;
  }
}
}  // namespace

GemmBench::GemmBench(int m, int k, int n, bool trans_a, bool trans_b)
    : m_(m),
      k_(k),
      n_(n),
      trans_a_(trans_a),
      trans_b_(trans_b),
      a_(static_cast<std::size_t>(m) * k),
      b_(static_cast<std::size_t>(k) * n),
      c_(static_cast<std::size_t>(m) * n) {
  fill(a_, 1);
  fill(b_, 2);
}

void GemmBench::run(int iterations) {
  const GemmArgs g =
      gemm_args(trans_a_, trans_b_, m_, n_, k_, 1.0f, a_.data(), b_.data(), 0.0f, c_.data());
  for (int i = 0; i < iterations; ++i) gemm(g);
}

double GemmBench::checksum() const {
  double s = 0.0;
  for (float x : c_) s += x;
  return s;
}

double simd_peak_loop(std::int64_t iterations, float* sink) {
  using batch = simd::fbatch;
  // 12 independent chains hide the multiply and add latencies (the ceiling needs >= 12 measured
  // on this machine kind); multipliers just below 1 keep the values finite forever.
  constexpr int kChains = 12;
  batch acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = batch(1.0f + 0.001f * static_cast<float>(i));
  const batch mul(0.999999f);
  const batch add(0.000001f);
  for (std::int64_t it = 0; it < iterations; ++it) {
    for (int i = 0; i < kChains; ++i) acc[i] = acc[i] * mul + add;
  }
  batch total(0.0f);
  for (int i = 0; i < kChains; ++i) total += acc[i];
  *sink = xsimd::hadd(total);
  return 2.0 * static_cast<double>(batch::size) * kChains * static_cast<double>(iterations);
}

}  // namespace prayog::kernels
