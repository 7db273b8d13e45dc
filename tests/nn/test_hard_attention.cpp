// Hard attention: sampled rows are one-hot, deterministic for a seed, follow the soft weights and
// never pick a masked key; the straight-through backward gives dV exactly (finite differences
// through the fixed one-hot) and dQ, dK equal to soft attention's.
#include <catch2/catch.hpp>
#include <vector>

#include "base/rng.hpp"
#include "nn/gradcheck.hpp"
#include "nn/hard_attention.hpp"

using prayog::Rng;
using prayog::nn::AttentionDims;
using prayog::test::grad_check;
using prayog::test::random_vector;

namespace {

AttentionDims hdims(bool causal) {
  AttentionDims d;
  d.batch = 2;
  d.heads = 2;
  d.seq = 5;
  d.head_dim = 3;
  d.scaled = true;
  d.causal = causal;
  return d;
}

}  // namespace

TEST_CASE("hard attention: rows are one-hot, deterministic, never masked", "[nn]") {
  const AttentionDims d = hdims(true);
  const auto qd = random_vector(d.qkv_size(), 141, 2.0), kd = random_vector(d.qkv_size(), 142, 2.0),
             vd = random_vector(d.qkv_size(), 143);
  const std::vector<float> q(qd.begin(), qd.end()), k(kd.begin(), kd.end()),
      v(vd.begin(), vd.end());
  auto run = [&](std::uint64_t seed, std::vector<float>& onehot, std::vector<float>& out) {
    std::vector<float> scores(d.attn_size()), soft(d.attn_size());
    onehot.assign(d.attn_size(), -1.0f);
    out.assign(d.qkv_size(), 0.0f);
    Rng rng(seed);
    prayog::nn::hard_attention_forward(out.data(), scores.data(), soft.data(), onehot.data(),
                                       q.data(), k.data(), v.data(), d, rng);
  };
  std::vector<float> h1, o1, h2, o2, h3, o3;
  run(7, h1, o1);
  run(7, h2, o2);
  run(8, h3, o3);
  CHECK(h1 == h2);
  CHECK(o1 == o2);
  CHECK(h1 != h3);  // 20 rows with 1..5 choices each: a different seed differs somewhere
  const int D = d.model_dim();
  for (int blk = 0; blk < d.batch * d.heads; ++blk)
    for (int i = 0; i < d.seq; ++i) {
      int ones = 0, pick = -1;
      for (int j = 0; j < d.seq; ++j) {
        const float x = h1[(blk * d.seq + i) * d.seq + j];
        CHECK((x == 0.0f || x == 1.0f));
        if (x == 1.0f) ++ones, pick = j;
      }
      CHECK(ones == 1);
      CHECK(pick <= i);  // causal: only keys 0..i
      // The output is exactly the picked value row of this head.
      const int b = blk / d.heads, h = blk % d.heads;
      for (int c = 0; c < d.head_dim; ++c)
        CHECK(o1[(b * d.seq + i) * D + h * d.head_dim + c] ==
              v[(b * d.seq + pick) * D + h * d.head_dim + c]);
    }
}

TEST_CASE("hard attention: sampling follows the soft weights", "[nn]") {
  // One row, sampled 40,000 times: each frequency within 0.01 of its probability (std of a
  // frequency is at most 0.0025), and the zero-probability column never.
  const std::vector<double> probs = {0.1, 0.0, 0.45, 0.05, 0.4};
  const int n = 40000;
  std::vector<double> rows(probs.size() * n), onehot(rows.size());
  for (int r = 0; r < n; ++r) std::copy(probs.begin(), probs.end(), rows.begin() + r * 5);
  std::vector<int> picks(n);
  Rng rng(3);
  prayog::nn::sample_one_hot_rows(onehot.data(), picks.data(), rows.data(), n, 5, rng);
  std::vector<int> count(5, 0);
  for (int p : picks) ++count[p];
  for (int c = 0; c < 5; ++c) CHECK(count[c] / double(n) == Approx(probs[c]).margin(0.01));
  CHECK(count[1] == 0);
  // Rounding guard: a row summing a hair below the draw still picks a nonzero column.
  const std::vector<float> low = {0.0f, 0.5f, 0.49999f, 0.0f};
  std::vector<float> out(4);
  int pick = -1;
  for (int i = 0; i < 1000; ++i) {
    prayog::nn::sample_one_hot_rows(out.data(), &pick, low.data(), 1, 4, rng);
    CHECK((pick == 1 || pick == 2));
  }
}

TEST_CASE("hard attention: straight-through backward (dV exact, dQ dK as soft)", "[nn]") {
  for (const bool causal : {false, true}) {
    const AttentionDims d = hdims(causal);
    auto q = random_vector(d.qkv_size(), 151), k = random_vector(d.qkv_size(), 152),
         v = random_vector(d.qkv_size(), 153);
    const auto dout = random_vector(d.qkv_size(), 154);
    std::vector<double> scores(d.attn_size()), soft(d.attn_size()), onehot(d.attn_size()),
        out(d.qkv_size()), work(d.work_size());
    Rng rng(11);
    prayog::nn::hard_attention_forward(out.data(), scores.data(), soft.data(), onehot.data(),
                                       q.data(), k.data(), v.data(), d, rng);

    // dV: out = onehot · V is linear in V with the selection held fixed, so finite differences
    // apply (re-sampling would make the forward piecewise constant).
    std::vector<double> dv;
    const auto report = grad_check(
        {{"v", &v, &dv}},
        [&] {
          std::vector<double> o(d.qkv_size());
          prayog::nn::attention_mix(o.data(), onehot.data(), v.data(), d);
          return o;
        },
        [&](const std::vector<double>& g) {
          dv.assign(v.size(), 0.0);
          prayog::nn::hard_attention_backward(
              static_cast<double*>(nullptr), static_cast<double*>(nullptr), dv.data(), work.data(),
              g.data(), q.data(), k.data(), v.data(), soft.data(), onehot.data(), d);
        });
    INFO("causal " << causal << ": " << report.where);
    CHECK(report.ok());

    // dQ, dK: dA = dout Vᵀ does not depend on A, so the straight-through gradients are exactly
    // soft attention's for the same dout; dV differs (it used the one-hot).
    std::vector<double> dq_h(q.size()), dk_h(q.size()), dv_h(q.size()), dq_s(q.size()),
        dk_s(q.size()), dv_s(q.size());
    prayog::nn::hard_attention_backward(dq_h.data(), dk_h.data(), dv_h.data(), work.data(),
                                        dout.data(), q.data(), k.data(), v.data(), soft.data(),
                                        onehot.data(), d);
    prayog::nn::attention_backward(dq_s.data(), dk_s.data(), dv_s.data(), work.data(), dout.data(),
                                   q.data(), k.data(), v.data(), soft.data(), d);
    CHECK(dq_h == dq_s);
    CHECK(dk_h == dk_s);
    CHECK(dv_h != dv_s);
    double nonzero = 0.0;
    for (double g : dq_h) nonzero += std::fabs(g);
    CHECK(nonzero > 0.0);
  }
}
