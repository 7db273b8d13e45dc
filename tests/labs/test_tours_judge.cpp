// Regression from fuzz/fuzz_tours.cpp: judgeClaim hands judge() numbers from the page, so a count
// among them can be any finite double.
#include <catch2/catch.hpp>

#include "labs/tours.hpp"

namespace tours = prayog::labs::tours;

TEST_CASE("tours: judge takes an absurd pretrain stage count without overflow or a long loop",
          "[schema]") {
  // Found: stages = 1.1e70 made static_cast<int> undefined (UBSan); 1e9 would loop a billion times.
  for (double stages : {1.11111e70, 1e9, 2.5, -3.0, 65.0}) {
    INFO(stages);
    const tours::Numbers after = {{"stages", stages},      {"stages_done", stages},
                                  {"frozen_ok", 1},        {"recon_before_1", 0.2},
                                  {"recon_after_1", 0.01}, {"worst_drop", 0.9}};
    const tours::Verdict v = tours::judge("pretrain", "stages", {}, after);
    CHECK_FALSE(v.shown);
    CHECK(v.numbers.size() <= 2 * 64 + 2);
  }
  // A real count still judges.
  const tours::Numbers ok = {{"stages", 1},           {"stages_done", 1},      {"frozen_ok", 1},
                             {"recon_before_1", 0.2}, {"recon_after_1", 0.01}, {"worst_drop", 0.9}};
  CHECK(tours::judge("pretrain", "stages", {}, ok).shown);
}
