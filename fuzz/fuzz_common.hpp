// Shared by the fuzz targets: a text input format (so the seed corpora are readable and made from
// the tests' inputs), an invariant check that crashes (libFuzzer saves the reproducer), the
// catalog check for Status keys, and an allocation meter for "the estimate bounds what a lab
// allocates".
#pragma once

#include <sanitizer/allocator_interface.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/status.hpp"

namespace prayog::fuzz {

[[noreturn]] inline void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "INVARIANT FAILED: %s\n  %s\n", what, detail.c_str());
  std::abort();
}

#define FUZZ_CHECK(cond, detail)                      \
  do {                                                \
    if (!(cond)) ::prayog::fuzz::fail(#cond, detail); \
  } while (0)

// Lines of the input ('\n'-separated; a final line without '\n' counts).
inline std::vector<std::string> lines(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(data[i]));
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Whitespace-separated words of a line.
inline std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// A JS number handed to an embind `int` parameter arrives as ToInt32 (wraps modulo 2^32).
inline int to_int32(const std::string& word) {
  const long long v = std::strtoll(word.c_str(), nullptr, 10);
  return static_cast<int>(static_cast<std::uint32_t>(static_cast<unsigned long long>(v)));
}

inline const std::vector<std::string>& catalog_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = {
#include "catalog_keys.inc"
    };
    std::sort(k.begin(), k.end());
    return k;
  }();
  return keys;
}

// Every refusal carries a code, a key of the English catalog and an English detail; Ok carries
// nothing to translate.
inline void check_status(const Status& s, const std::string& where) {
  if (s.ok()) {
    FUZZ_CHECK(s.key.empty(), where + ": an Ok status with key " + s.key);
    return;
  }
  FUZZ_CHECK(
      std::binary_search(catalog_keys().begin(), catalog_keys().end(), s.key),
      where + ": message key '" + s.key + "' is not in the en catalog (detail: " + s.detail + ")");
  FUZZ_CHECK(!s.detail.empty(), where + ": " + s.key + " without a detail");
  for (const auto& [name, value] : s.params)
    FUZZ_CHECK(!name.empty(), where + ": " + s.key + " has an unnamed placeholder");
}

// Bytes live on the heap, and their peak since reset(), through ASan's malloc/free hooks.
struct AllocMeter {
  static inline bool on = false;
  static inline std::size_t live = 0, peak = 0;
  static void reset() {
    live = 0;
    peak = 0;
  }
  static void malloc_hook(const volatile void*, std::size_t size) {
    if (!on) return;
    live += size;
    peak = std::max(peak, live);
  }
  static void free_hook(const volatile void* p) {
    if (!on || !p) return;
    const std::size_t n = __sanitizer_get_allocated_size(const_cast<const void*>(p));
    live = n > live ? 0 : live - n;
  }
  static void install() {
    static const bool done = [] {
      __sanitizer_install_malloc_and_free_hooks(&malloc_hook, &free_hook);
      return true;
    }();
    (void)done;
  }
};

}  // namespace prayog::fuzz
