// Errors cross every boundary (CLI, embind, page) as a status: a code, a message key that the page
// and CLI translate (`error.*` in the hi/en catalogs), and English detail for logs and tests.
// Nothing in core/ throws.
#pragma once

#include <string>
#include <utility>

namespace prayog {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,  // a value outside its range (negative size, NaN rate, ...)
  kShapeMismatch = 2,    // buffers whose sizes do not fit the declared shapes
  kTooLarge = 3,         // the estimated memory exceeds the budget
};

struct Status {
  StatusCode code = StatusCode::kOk;
  std::string key;     // message key, e.g. "error.shape_mismatch"
  std::string detail;  // English, for logs and tests; the page shows the translated key

  bool ok() const { return code == StatusCode::kOk; }
  static Status Ok() { return {}; }
  static Status Error(StatusCode code, std::string key, std::string detail) {
    return {code, std::move(key), std::move(detail)};
  }
};

}  // namespace prayog
