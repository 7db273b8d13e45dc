// The value of one placeholder of a Status ("(absent)" when it has none of that name).
#pragma once

#include <string>

#include "base/status.hpp"

namespace prayog::test {

inline std::string status_param(const Status& s, const std::string& key) {
  for (const auto& p : s.params)
    if (p.first == key) return p.second;
  return "(absent)";
}

}  // namespace prayog::test
