// Bit-level comparisons of kernel outputs against their scalar references.
#pragma once

#include <cmath>
#include <cstring>
#include <vector>

namespace prayog::testing {

// Same bits (so NaN == NaN and -0 != +0).
inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  // Empty vectors may hold null data(), which memcmp must not get even for 0 bytes (UBSan).
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// Equal bits, except that a NaN only has to meet a NaN (the payload of a NaN that went through an
// addition is the hardware's choice).
inline bool same_or_both_nan(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) {
      if (std::isnan(a[i]) != std::isnan(b[i])) return false;
    } else if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace prayog::testing
