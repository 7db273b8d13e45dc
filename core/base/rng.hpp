// The one random number generator of Prayog: PCG32 (O'Neill, pcg-random.org, XSH-RR 64/32) with
// distributions built from + - * / and sqrt only.
//
// Why our own: the same config + seed must give bit-identical data and initial weights natively
// and in the browser. std::*_distribution differ between libstdc++ and libc++, and libm's log/cos/
// exp differ between glibc and musl in the last bit; IEEE 754 makes + - * / and sqrt exact
// (correctly rounded) everywhere, so anything composed only of them (with -ffp-contract=off
// natively, and no FMA in wasm) is reproducible bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>

namespace prayog {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0x853c49e6748fea9bULL,
               std::uint64_t stream = 0xda3e39cb94b95bdbULL);

  // Uniform 32-bit integer.
  std::uint32_t next_u32();
  // Uniform integer in [0, n), unbiased (rejection), n >= 1.
  std::uint32_t below(std::uint32_t n);
  // Uniform float in [0, 1): 24 random bits, every value a multiple of 2^-24.
  float uniform();
  // Uniform double in [0, 1): 53 random bits.
  double uniform_double();
  // Uniform float in [lo, hi).
  float uniform(float lo, float hi);
  // Standard normal (Marsaglia's polar method; its log is det_log below), as float.
  float normal();
  float normal(float mean, float stddev);
  // True with probability p.
  bool bernoulli(float p);
  // A new generator with an independent stream, derived deterministically (per layer, per arm).
  Rng split();

 private:
  std::uint64_t state_;
  std::uint64_t inc_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Natural logarithm from + - * / only (exponent split exactly by repeated halving, then an
// atanh series), |error| < 1e-15 relative for x > 0. Deterministic on every IEEE platform.
double det_log(double x);

// FNV-1a over the bit patterns of a float sequence: the golden checksums of the tests.
std::uint64_t checksum_bits(const float* values, std::size_t n);

}  // namespace prayog
