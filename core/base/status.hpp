// Errors cross every boundary (CLI, embind, page) as a status: a code, a message key that the page
// and CLI translate (`error.*` in the hi/en catalogs), and English detail for logs and tests.
// Nothing in core/ throws.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace prayog {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,  // a value outside its range (negative size, NaN rate, ...)
  kShapeMismatch = 2,    // buffers whose sizes do not fit the declared shapes
  kTooLarge = 3,         // the estimated memory exceeds the budget
  kUnknownKey = 4,       // a config key or lab name that does not exist
  kDiverged = 5,         // training produced NaN/Inf: paused, last good state kept
};

struct Status {
  StatusCode code = StatusCode::kOk;
  std::string key;     // message key, e.g. "error.shape_mismatch"
  std::string detail;  // English, for logs and tests; the page shows the translated key
  // Values for the translated sentence's placeholders, e.g. {"field", "lr"}, {"min", "1e-05"}.
  std::vector<std::pair<std::string, std::string>> params;

  bool ok() const { return code == StatusCode::kOk; }
  static Status Ok() { return {}; }
  static Status Error(StatusCode code, std::string key, std::string detail,
                      std::vector<std::pair<std::string, std::string>> params = {}) {
    return {code, std::move(key), std::move(detail), std::move(params)};
  }
};

}  // namespace prayog
