// "It learns" tests for the engine (fixed seeds, stated step budgets, native only: tag [learn]).
// Each model is built the way the labs build theirs: one Params buffer, flat layer calls, an
// Optimizer over the whole buffer.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "base/rng.hpp"
#include "nn/activation.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "nn/params.hpp"
#include "nn/pool.hpp"

using namespace prayog;
using namespace prayog::nn;

namespace {
int argmax(const float* v, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}
}  // namespace

TEST_CASE("a tiny MLP learns XOR within 300 Adam steps", "[learn]") {
  // 2 -> 8 (tanh) -> 2, softmax cross-entropy, the four points as one batch.
  const float x[] = {0, 0, 0, 1, 1, 0, 1, 1};
  const int labels[] = {0, 1, 1, 0};
  const int batch = 4, in = 2, hidden = 8, out = 2;

  Params<float> p;
  const int w1 = p.add("fc1.w", {in, hidden}, 0), b1 = p.add("fc1.b", {hidden}, 0, false);
  const int w2 = p.add("fc2.w", {hidden, out}, 1), b2 = p.add("fc2.b", {out}, 1, false);
  p.finalize();
  Rng rng(42);
  p.init_normal(w1, rng, 1.0);
  p.init_normal(w2, rng, 1.0 / std::sqrt(hidden));

  OptimConfig oc;
  oc.lr = 0.05;
  Optimizer<float> opt(oc, p);
  std::vector<float> h(batch * hidden), z(batch * out), probs(batch * out);
  std::vector<float> dz(batch * out), dh(batch * hidden), dpre(batch * hidden);
  double loss = 0.0, first = 0.0;
  for (int step = 0; step < 300; ++step) {
    dense_forward(h.data(), x, p.value(w1), p.value(b1), batch, in, hidden);
    activation_forward(Activation::kTanh, h.data(), h.data(), h.size());
    dense_forward(z.data(), h.data(), p.value(w2), p.value(b2), batch, hidden, out);
    loss = softmax_cross_entropy_forward(probs.data(), z.data(), labels, batch, out);
    if (step == 0) first = loss;
    p.zero_grads();
    std::fill(dz.begin(), dz.end(), 0.0f);
    std::fill(dh.begin(), dh.end(), 0.0f);
    std::fill(dpre.begin(), dpre.end(), 0.0f);
    softmax_cross_entropy_backward(dz.data(), probs.data(), labels, batch, out);
    dense_backward(dh.data(), p.grad(w2), p.grad(b2), dz.data(), h.data(), p.value(w2), batch,
                   hidden, out);
    activation_backward(Activation::kTanh, dpre.data(), dh.data(), h.data(), dh.size());
    dense_backward<float>(nullptr, p.grad(w1), p.grad(b1), dpre.data(), x, p.value(w1), batch, in,
                          hidden);
    REQUIRE(p.grads_finite());
    opt.step(p);
  }
  INFO("loss " << first << " -> " << loss);
  CHECK(loss < 0.05);
  for (int b = 0; b < batch; ++b) CHECK(argmax(&probs[b * out], out) == labels[b]);
}

namespace {
// 8x8 one-channel images: class 0 a horizontal bar, class 1 a vertical bar, at a random row or
// column, on noise. Only the arrangement differs between classes: mean brightness is equal.
void make_bars(Rng& rng, int count, std::vector<float>& images, std::vector<int>& labels) {
  images.assign(static_cast<std::size_t>(count) * 64, 0.0f);
  labels.resize(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const int label = static_cast<int>(rng.below(2));
    const int line = static_cast<int>(rng.below(8));
    float* img = &images[static_cast<std::size_t>(i) * 64];
    for (int y = 0; y < 8; ++y)
      for (int xx = 0; xx < 8; ++xx) {
        const bool on = label == 0 ? y == line : xx == line;
        img[y * 8 + xx] = (on ? 1.0f : 0.0f) + 0.3f * rng.normal();
      }
    labels[static_cast<std::size_t>(i)] = label;
  }
}
}  // namespace

TEST_CASE("a tiny CNN learns bars: horizontal vs vertical within 300 steps", "[learn]") {
  // conv3x3 1->4 (pad 1) relu -> maxpool 2 -> conv3x3 4->8 (pad 1) relu -> global avg -> dense 8->2
  const int batch = 16;
  Conv2DDims c1{batch, 8, 8, 1, 4, 3, 1, 1};
  PoolDims pd{batch, 8, 8, 4, 2, 2};
  Conv2DDims c2{batch, 4, 4, 4, 8, 3, 1, 1};
  REQUIRE(c1.valid());
  REQUIRE(c2.valid());

  Params<float> p;
  const int w1 = p.add("conv1.w", {9, 4}, 0), b1 = p.add("conv1.b", {4}, 0, false);
  const int w2 = p.add("conv2.w", {36, 8}, 1), b2 = p.add("conv2.b", {8}, 1, false);
  const int w3 = p.add("fc.w", {8, 2}, 2), b3 = p.add("fc.b", {2}, 2, false);
  p.finalize();
  Rng rng(7);
  p.init_normal(w1, rng, std::sqrt(2.0 / 9));
  p.init_normal(w2, rng, std::sqrt(2.0 / 36));
  p.init_normal(w3, rng, std::sqrt(1.0 / 8));

  Rng data_rng(11);
  std::vector<float> train_x, test_x;
  std::vector<int> train_y, test_y;
  make_bars(data_rng, 1024, train_x, train_y);
  make_bars(data_rng, 256, test_x, test_y);

  std::vector<float> cols1(c1.cols_size()), a1(c1.out_pixels() * 4), p1(batch * 16 * 4);
  std::vector<int> arg(p1.size());
  std::vector<float> cols2(c2.cols_size()), a2(c2.out_pixels() * 8), g(batch * 8), z(batch * 2),
      probs(batch * 2);
  std::vector<float> dz(z.size()), dg(g.size()), da2(a2.size()), dz2(a2.size()), dp1(p1.size()),
      da1(a1.size()), dz1(a1.size()), dcols(std::max(c1.cols_size(), c2.cols_size()));

  auto forward = [&](const float* x) {
    conv2d_forward(a1.data(), cols1.data(), x, p.value(w1), p.value(b1), c1);
    activation_forward(Activation::kRelu, a1.data(), a1.data(), a1.size());
    maxpool_forward(p1.data(), arg.data(), a1.data(), pd);
    conv2d_forward(a2.data(), cols2.data(), p1.data(), p.value(w2), p.value(b2), c2);
    activation_forward(Activation::kRelu, a2.data(), a2.data(), a2.size());
    global_avgpool_forward(g.data(), a2.data(), batch, 4, 4, 8);
    dense_forward(z.data(), g.data(), p.value(w3), p.value(b3), batch, 8, 2);
  };
  auto accuracy = [&](const std::vector<float>& xs, const std::vector<int>& ys) {
    int correct = 0, total = 0;
    for (std::size_t i = 0; i + batch <= ys.size(); i += batch) {
      forward(&xs[i * 64]);
      for (int b = 0; b < batch; ++b, ++total) correct += argmax(&z[b * 2], 2) == ys[i + b];
    }
    return static_cast<double>(correct) / total;
  };

  OptimConfig oc;
  oc.lr = 0.01;
  Optimizer<float> opt(oc, p);
  const double before = accuracy(test_x, test_y);
  for (int step = 0; step < 300; ++step) {
    const std::size_t at = static_cast<std::size_t>(step * batch) % train_y.size();
    forward(&train_x[at * 64]);
    softmax_cross_entropy_forward(probs.data(), z.data(), &train_y[at], batch, 2);
    p.zero_grads();
    for (auto* v : {&dz, &dg, &da2, &dz2, &dp1, &da1, &dz1}) std::fill(v->begin(), v->end(), 0.0f);
    softmax_cross_entropy_backward(dz.data(), probs.data(), &train_y[at], batch, 2);
    dense_backward(dg.data(), p.grad(w3), p.grad(b3), dz.data(), g.data(), p.value(w3), batch, 8,
                   2);
    global_avgpool_backward(da2.data(), dg.data(), batch, 4, 4, 8);
    activation_backward(Activation::kRelu, dz2.data(), da2.data(), a2.data(), a2.size());
    conv2d_backward(dp1.data(), p.grad(w2), p.grad(b2), dcols.data(), dz2.data(), p1.data(),
                    cols2.data(), p.value(w2), c2);
    maxpool_backward(da1.data(), dp1.data(), arg.data(), pd);
    activation_backward(Activation::kRelu, dz1.data(), da1.data(), a1.data(), a1.size());
    conv2d_backward<float>(nullptr, p.grad(w1), p.grad(b1), dcols.data(), dz1.data(),
                           &train_x[at * 64], cols1.data(), p.value(w1), c1);
    REQUIRE(p.grads_finite());
    opt.step(p);
  }
  const double after = accuracy(test_x, test_y);
  INFO("held-out accuracy " << before << " -> " << after);
  CHECK(after >= 0.95);
}
