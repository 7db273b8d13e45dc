#include "base/rng.hpp"

#include <cmath>
#include <cstring>

namespace prayog {

Rng::Rng(std::uint64_t seed, std::uint64_t stream) : state_(0), inc_((stream << 1u) | 1u) {
  next_u32();
  state_ += seed;
  next_u32();
}

std::uint32_t Rng::next_u32() {
  const std::uint64_t old = state_;
  state_ = old * 6364136223846793005ULL + inc_;
  const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
  const auto rot = static_cast<std::uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

std::uint32_t Rng::below(std::uint32_t n) {
  // Reject the low values that would make some residues more likely (PCG's bounded_rand).
  const std::uint32_t threshold = (0u - n) % n;
  for (;;) {
    const std::uint32_t r = next_u32();
    if (r >= threshold) return r % n;
  }
}

float Rng::uniform() {
  return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f);
}

double Rng::uniform_double() {
  const std::uint64_t hi = next_u32() >> 5, lo = next_u32() >> 6;  // 27 + 26 bits
  return static_cast<double>(hi * 67108864ULL + lo) * (1.0 / 9007199254740992.0);
}

float Rng::uniform(float lo, float hi) {
  return lo + (hi - lo) * uniform();
}

float Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return static_cast<float>(spare_);
  }
  double u, v, s;
  do {
    u = 2.0 * uniform_double() - 1.0;
    v = 2.0 * uniform_double() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * det_log(s) / s);
  spare_ = v * f;
  has_spare_ = true;
  return static_cast<float>(u * f);
}

float Rng::normal(float mean, float stddev) {
  return mean + stddev * normal();
}

bool Rng::bernoulli(float p) {
  return uniform() < p;
}

Rng Rng::split() {
  const std::uint64_t seed = (static_cast<std::uint64_t>(next_u32()) << 32) | next_u32();
  const std::uint64_t stream = (static_cast<std::uint64_t>(next_u32()) << 32) | next_u32();
  return Rng(seed, stream);
}

double det_log(double x) {
  if (!(x > 0.0)) return x == 0.0 ? -HUGE_VAL : std::nan("");
  if (x == HUGE_VAL) return x;
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)): halving and doubling by 2 are exact.
  int e = 0;
  double m = x;
  while (m >= 1.4142135623730951) {
    m *= 0.5;
    ++e;
  }
  while (m < 0.7071067811865476) {
    m *= 2.0;
    --e;
  }
  // ln m = 2 atanh(t), t = (m-1)/(m+1), |t| <= 0.1716: the series converges fast (t^2 < 0.03).
  const double t = (m - 1.0) / (m + 1.0);
  const double t2 = t * t;
  double term = t, sum = 0.0;
  for (int k = 1; k <= 41; k += 2) {
    sum += term / k;
    term *= t2;
  }
  constexpr double kLn2 = 0.6931471805599453;  // nearest double to ln 2
  return 2.0 * sum + e * kLn2;
}

std::uint64_t checksum_bits(const float* values, std::size_t n) {
  std::uint64_t h = 1469598103934665603ULL;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &values[i], sizeof bits);
    for (int b = 0; b < 4; ++b) {
      h ^= (bits >> (8 * b)) & 0xffu;
      h *= 1099511628211ULL;
    }
  }
  return h;
}

}  // namespace prayog
