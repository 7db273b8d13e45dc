#include "nn/positional.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace prayog::nn {

namespace {

// 2^k for k in [-1022, 1023], built from its bit pattern: exact, no libm.
double pow2(int k) {
  const std::uint64_t bits = static_cast<std::uint64_t>(k + 1023) << 52;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// Taylor series of sin r and cos r in Horner form, |r| <= ~π/4. Twelve terms leave a remainder
// below r^26/26! < 1e-27: every bit of the result comes from the rounding of + - * /, which is the
// same on every IEEE platform.
double sin_kernel(double r) {
  const double r2 = r * r;
  double s = 1.0;
  for (int n = 12; n >= 1; --n) s = 1.0 - s * r2 / ((2.0 * n) * (2.0 * n + 1.0));
  return r * s;
}

double cos_kernel(double r) {
  const double r2 = r * r;
  double c = 1.0;
  for (int n = 12; n >= 1; --n) c = 1.0 - c * r2 / ((2.0 * n - 1.0) * (2.0 * n));
  return c;
}

// x = k·π/2 + r. π/2 is split into 33-bit pieces (fdlibm's pio2_1, pio2_2, pio2_3, pio2_3t), so
// for |k| < 2^20 each k·piece is exact and x - k·pio2_1 cancels without error; r keeps ~1e-16
// absolute accuracy instead of losing log2(|x|) bits as x - k·(π/2 rounded) would.
// Returns false outside |x| <= 1e6 (and for NaN).
bool reduce_half_pi(double x, double& r, int& quadrant) {
  if (!(std::fabs(x) <= 1e6)) return false;
  constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
  constexpr double kPio2_1 = 0x1.921fb544p+0;
  constexpr double kPio2_2 = 0x1.0b4611a6p-34;
  constexpr double kPio2_3 = 0x1.3198a2ep-69;
  constexpr double kPio2_3t = 0x1.b839a252049c1p-104;
  const double k = std::floor(x * kTwoOverPi + 0.5);  // floor is exact (no rounding)
  r = x - k * kPio2_1;
  r -= k * kPio2_2;
  r -= k * kPio2_3;
  r -= k * kPio2_3t;
  quadrant = static_cast<int>(static_cast<long long>(k) & 3);  // k mod 4, also for k < 0
  return true;
}

}  // namespace

double det_exp(double x) {
  if (x != x) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  constexpr double kInvLn2 = 0x1.71547652b82fep+0;
  constexpr double kLn2Hi = 0x1.62e42feep-1;  // 32 significant bits: k·kLn2Hi exact for |k| < 2^21
  constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= ln2/2 (plus rounding)
  // e^r = 1 + r(1 + r/2(1 + r/3(...))): 20 terms, remainder < (ln2/2)^21/21! < 1e-28.
  double e = 1.0;
  for (int n = 20; n >= 1; --n) e = 1.0 + e * r / n;
  int ki = static_cast<int>(k);
  // Scale by 2^k in steps that stay exact until the last (a subnormal result rounds once).
  if (ki > 1023) {
    e *= pow2(1023);
    ki -= 1023;
  } else if (ki < -1022) {
    e *= pow2(ki + 1000);
    ki = -1000;
  }
  return e * pow2(ki);
}

double det_sin(double x) {
  double r;
  int q;
  if (!reduce_half_pi(x, r, q)) return std::numeric_limits<double>::quiet_NaN();
  switch (q) {
    case 0:
      return sin_kernel(r);
    case 1:
      return cos_kernel(r);
    case 2:
      return -sin_kernel(r);
    default:
      return -cos_kernel(r);
  }
}

double det_cos(double x) {
  double r;
  int q;
  if (!reduce_half_pi(x, r, q)) return std::numeric_limits<double>::quiet_NaN();
  switch (q) {
    case 0:
      return cos_kernel(r);
    case 1:
      return -sin_kernel(r);
    case 2:
      return -cos_kernel(r);
    default:
      return sin_kernel(r);
  }
}

template <typename T>
void sinusoidal_table(T* table, int seq, int dim) {
  constexpr double kLn10000 = 9.210340371976184;  // nearest double to ln 10000
  for (int i = 0; 2 * i < dim; ++i) {
    // w_i = 10000^(-2i/D): wavelengths from 2π to 10000·2π, so every position gets a distinct
    // code and nearby positions get similar ones.
    const double w = det_exp(-(2.0 * i / dim) * kLn10000);
    for (int t = 0; t < seq; ++t) {
      const double angle = t * w;
      T* row = table + static_cast<std::ptrdiff_t>(t) * dim;
      row[2 * i] = static_cast<T>(det_sin(angle));
      if (2 * i + 1 < dim) row[2 * i + 1] = static_cast<T>(det_cos(angle));
    }
  }
}

template void sinusoidal_table<float>(float*, int, int);
template void sinusoidal_table<double>(double*, int, int);

}  // namespace prayog::nn
