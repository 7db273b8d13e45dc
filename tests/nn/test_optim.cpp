// Optimizers: each update rule against its formula, L2 only on decay tensors, clipping, frozen
// groups bit-identical, validation with message keys, and Adam/momentum/SGD minimise a quadratic.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "nn/optim.hpp"
#include "nn/params.hpp"

using prayog::StatusCode;
using prayog::nn::OptimConfig;
using prayog::nn::Optimizer;
using prayog::nn::OptimizerKind;
using prayog::nn::Params;

namespace {
// Two groups: layer 0 has w (decay) and b (no decay); layer 1 has u (decay).
struct Fixture {
  Params<double> p;
  int w, b, u;
  Fixture() {
    w = p.add("l0.w", {2, 2}, 0);
    b = p.add("l0.b", {2}, 0, false);
    u = p.add("l1.u", {3}, 1);
    p.finalize();
    const double wv[] = {1, -2, 3, -4}, bv[] = {0.5, -0.5}, uv[] = {1, 2, 3};
    for (int i = 0; i < 4; ++i) p.value(w)[i] = wv[i];
    for (int i = 0; i < 2; ++i) p.value(b)[i] = bv[i];
    for (int i = 0; i < 3; ++i) p.value(u)[i] = uv[i];
  }
  void set_grads(double scale) {
    for (int id = 0; id < p.count(); ++id)
      for (std::size_t i = 0; i < p.info(id).size; ++i) p.grad(id)[i] = scale * (1.0 + i);
  }
};
}  // namespace

TEST_CASE("SGD and momentum follow their update rules", "[optim]") {
  Fixture f;
  OptimConfig c;
  c.kind = OptimizerKind::kSgd;
  c.lr = 0.1;
  Optimizer<double> sgd(c, f.p);
  f.set_grads(1.0);
  sgd.step(f.p);
  CHECK(f.p.value(f.w)[0] == Approx(1 - 0.1 * 1));
  CHECK(f.p.value(f.w)[3] == Approx(-4 - 0.1 * 4));

  Fixture g;
  c.kind = OptimizerKind::kMomentum;
  c.momentum = 0.5;
  Optimizer<double> mom(c, g.p);
  g.set_grads(1.0);
  mom.step(g.p);  // m = g,           w -= lr * g
  mom.step(g.p);  // m = 0.5 g + g,   w -= lr * 1.5 g
  CHECK(g.p.value(g.u)[2] == Approx(3 - 0.1 * 3 * (1 + 1.5)));
}

TEST_CASE("Adam matches the bias-corrected formula over three steps", "[optim]") {
  Fixture f;
  OptimConfig c;
  c.kind = OptimizerKind::kAdam;
  c.lr = 0.01;
  Optimizer<double> adam(c, f.p);
  double w = f.p.value(f.u)[1], m = 0, v = 0;
  for (int t = 1; t <= 3; ++t) {
    const double gt = 2.0 * t;  // u[1]'s gradient is scale * 2
    f.set_grads(t);
    adam.step(f.p);
    m = 0.9 * m + 0.1 * gt;
    v = 0.999 * v + 0.001 * gt * gt;
    const double mh = m / (1 - std::pow(0.9, t)), vh = v / (1 - std::pow(0.999, t));
    w -= 0.01 * mh / (std::sqrt(vh) + 1e-8);
    CHECK(f.p.value(f.u)[1] == Approx(w).epsilon(1e-12));
  }
  CHECK(adam.steps() == 3);
}

TEST_CASE("L2 decays only decay tensors; clipping bounds the applied gradient", "[optim]") {
  Fixture f;
  OptimConfig c;
  c.kind = OptimizerKind::kSgd;
  c.lr = 1.0;
  c.weight_decay = 0.1;
  Optimizer<double> opt(c, f.p);
  f.set_grads(0.0);
  opt.step(f.p);
  CHECK(f.p.value(f.w)[0] == Approx(1 - 0.1 * 1));  // decayed
  CHECK(f.p.value(f.b)[0] == 0.5);                  // bias: not decayed

  Fixture g;
  OptimConfig k;
  k.kind = OptimizerKind::kSgd;
  k.lr = 1.0;
  k.clip_norm = 1.0;
  Optimizer<double> clip(k, g.p);
  g.set_grads(10.0);
  const double before = g.p.grad_norm();
  const double w0 = g.p.value(g.w)[1];
  const double reported = clip.step(g.p);
  CHECK(reported == Approx(before));
  // Applied gradient has norm 1: this element moved by 1 * (20 / before).
  CHECK(w0 - g.p.value(g.w)[1] == Approx(20.0 / before));
}

TEST_CASE("a frozen group stays bit-identical while others train", "[optim]") {
  Params<float> p;
  const int a = p.add("a", {5}, 0), b = p.add("b", {5}, 1);
  p.finalize();
  prayog::Rng rng(3);
  p.init_normal(a, rng, 1.0);
  p.init_normal(b, rng, 1.0);
  OptimConfig c;  // Adam, with decay and clipping on: nothing may leak into the frozen group
  c.weight_decay = 0.01;
  c.clip_norm = 0.5;
  Optimizer<float> opt(c, p);
  opt.set_frozen(0, true);
  std::vector<float> before(p.value(a), p.value(a) + 5), b_before(p.value(b), p.value(b) + 5);
  for (int step = 0; step < 10; ++step) {
    for (int i = 0; i < 5; ++i) p.grad(a)[i] = p.grad(b)[i] = 1.0f + i;
    opt.step(p);
  }
  for (int i = 0; i < 5; ++i) {
    CHECK(p.value(a)[i] == before[i]);
    CHECK(p.value(b)[i] != b_before[i]);
  }
  opt.set_frozen(0, false);
  opt.step(p);
  CHECK(p.value(a)[0] != before[0]);
}

TEST_CASE("every optimizer minimises a quadratic", "[optim]") {
  for (auto kind : {OptimizerKind::kSgd, OptimizerKind::kMomentum, OptimizerKind::kAdam}) {
    Params<float> p;
    const int x = p.add("x", {8}, 0);
    p.finalize();
    for (int i = 0; i < 8; ++i) p.value(x)[i] = static_cast<float>(i - 4);
    OptimConfig c;
    c.kind = kind;
    c.lr = kind == OptimizerKind::kAdam ? 0.1 : 0.05;
    Optimizer<float> opt(c, p);
    for (int step = 0; step < 300; ++step) {
      for (int i = 0; i < 8; ++i) p.grad(x)[i] = 2.0f * (p.value(x)[i] - 1.0f);  // (x - 1)^2
      opt.step(p);
    }
    for (int i = 0; i < 8; ++i) CHECK(p.value(x)[i] == Approx(1.0f).margin(0.02));
  }
}

TEST_CASE("optimizer settings are validated with message keys", "[optim]") {
  OptimConfig c;
  CHECK(prayog::nn::validate(c).ok());
  c.lr = -1;
  CHECK(prayog::nn::validate(c).key == "error.out_of_range");
  c.lr = std::numeric_limits<double>::quiet_NaN();
  CHECK(prayog::nn::validate(c).key == "error.not_finite");
  c = OptimConfig{};
  c.beta2 = 1.0;
  CHECK(prayog::nn::validate(c).code == StatusCode::kInvalidArgument);
  c = OptimConfig{};
  c.weight_decay = -0.1;
  CHECK(!prayog::nn::validate(c).ok());
}

TEST_CASE("a step given each group's squared norms equals a plain step (clipping, frozen)",
          "[optim]") {
  for (const OptimizerKind kind :
       {OptimizerKind::kSgd, OptimizerKind::kMomentum, OptimizerKind::kAdam}) {
    OptimConfig c;
    c.kind = kind;
    c.lr = 0.1;
    c.clip_norm = 2.0;  // the gradients below have norm > 2: the clip factor matters
    Fixture plain, given;
    Optimizer<double> a(c, plain.p), b(c, given.p);
    a.set_frozen(1, true);
    b.set_frozen(1, true);
    for (int step = 0; step < 3; ++step) {
      plain.set_grads(1.5);
      given.set_grads(1.5);
      std::vector<double> sq;
      for (int g = 0; g < given.p.groups(); ++g) sq.push_back(std::pow(given.p.grad_norm(g), 2));
      const double na = a.step(plain.p);
      const double nb = b.step(given.p, sq);
      CHECK(nb == Approx(na).epsilon(1e-12));
      for (std::size_t i = 0; i < plain.p.buffer_size(); ++i)
        CHECK(given.p.values()[i] == Approx(plain.p.values()[i]).epsilon(1e-12));
    }
  }
  // With weight decay the gradient changes first: the overload falls back to the plain step.
  OptimConfig c;
  c.weight_decay = 0.01;
  Fixture plain, given;
  Optimizer<double> a(c, plain.p), b(c, given.p);
  plain.set_grads(1.0);
  given.set_grads(1.0);
  a.step(plain.p);
  b.step(given.p, std::vector<double>(static_cast<std::size_t>(given.p.groups()), 123.0));
  for (std::size_t i = 0; i < plain.p.buffer_size(); ++i)
    CHECK(given.p.values()[i] == plain.p.values()[i]);
}
