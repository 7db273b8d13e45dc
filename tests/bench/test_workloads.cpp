#include <catch2/catch.hpp>

#include "bench/workloads.hpp"

using prayog::bench::make_workload;
using prayog::bench::validate;
using prayog::bench::WorkloadSpec;

namespace {
WorkloadSpec pretrain(int depth, int width) {
  WorkloadSpec s;
  s.kind = "pretrain_step";
  s.a = depth;
  s.b = width;
  return s;
}
}  // namespace

TEST_CASE("pretrain_step takes the lab default or a depth and width its schema accepts",
          "[schema]") {
  for (const WorkloadSpec& s : {pretrain(0, 0), pretrain(3, 128)}) {
    auto w = make_workload(s);
    REQUIRE(w);
    // The constructor runs the greedy arm's pretraining and head stages (10 steps each).
    const double warm = w->checksum();
    CHECK(warm == 10.0 * (s.a == 0 ? 5 : 4));
    w->run(2);
    CHECK(w->checksum() == warm + 2);
  }
  CHECK(validate(pretrain(7, 0)).key == "error.out_of_range");
  CHECK(validate(pretrain(6, 32)).key == "error.too_narrow");
  CHECK_FALSE(make_workload(pretrain(6, 32)));
}

TEST_CASE("workloads refuse unknown kinds and sizes out of range", "[schema]") {
  WorkloadSpec s;
  s.kind = "nope";
  CHECK(validate(s).key == "error.unknown_key");
  s.kind = "gemm";
  s.a = 0;
  CHECK(validate(s).key == "error.out_of_range");
  s.a = 4;
  CHECK(validate(s).ok());
}
