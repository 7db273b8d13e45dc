// Where a divergence is reported (labs/guard.hpp, nn::Params' non-finite searches): the weight
// tensor holding a NaN/Inf first, else the gradient nearest the loss, else the loss.
#include <catch2/catch.hpp>
#include <limits>

#include "labs/guard.hpp"
#include "labs/status_params.hpp"
#include "nn/params.hpp"

using namespace prayog;
using prayog::test::status_param;

namespace {
nn::Params<float> three_layers() {
  nn::Params<float> p;
  p.add("l1.w", {3, 5}, 0);
  p.add("l2.w", {5, 4}, 1);
  p.add("head.w", {4, 2}, 2);
  p.finalize();
  return p;
}
}  // namespace

TEST_CASE("guard: the divergence site is a bad weight, else the gradient nearest the loss",
          "[nn]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  nn::Params<float> p = three_layers();
  CHECK(p.first_nonfinite_value() == -1);
  CHECK(p.first_nonfinite_grad() == -1);
  CHECK(labs::divergence_site(p) == "loss");

  // Gradients: backprop order, head first. The last element of a tensor counts (no off-by-one at
  // the padding).
  p.grad(0)[14] = nan;
  CHECK(p.first_nonfinite_grad() == 0);
  CHECK(labs::divergence_site(p) == "l1.w");
  p.grad(1)[0] = -inf;
  CHECK(p.first_nonfinite_grad() == 1);
  CHECK(labs::divergence_site(p) == "l2.w");
  p.grad(2)[7] = inf;
  CHECK(labs::divergence_site(p) == "head.w");

  // A bad weight wins over every gradient: forward order, the first layer first.
  p.value(2)[0] = nan;
  CHECK(p.first_nonfinite_value() == 2);
  CHECK(labs::divergence_site(p) == "head.w");
  p.value(1)[19] = inf;
  CHECK(p.first_nonfinite_value() == 1);
  CHECK(labs::divergence_site(p) == "l2.w");
}

TEST_CASE("guard: error.diverged carries the step, the restored step and the layer", "[nn]") {
  const Status s = labs::diverged_status(14, 10, "conv1.w");
  CHECK(s.code == StatusCode::kDiverged);
  CHECK(s.key == "error.diverged");
  CHECK(status_param(s, "step") == "14");
  CHECK(status_param(s, "good") == "10");
  CHECK(status_param(s, "layer") == "conv1.w");
  CHECK(s.detail.find("conv1.w") != std::string::npos);
  CHECK(status_param(labs::diverged_status(3, 0, "loss"), "layer") == "loss");
}
