// Multi-head self-attention block: gradient check of x and all eight parameters, the buffer
// layout and bytes estimate, parameter declaration and init, float vs double, head views.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <vector>

#include "base/rng.hpp"
#include "nn/gradcheck.hpp"
#include "nn/mha.hpp"

using prayog::nn::MhaDims;
using prayog::test::grad_check;
using prayog::test::random_vector;

namespace {

MhaDims mha_dims(int batch, int seq, int model_dim, int heads, bool scaled, bool causal) {
  MhaDims d;
  d.batch = batch;
  d.seq = seq;
  d.model_dim = model_dim;
  d.heads = heads;
  d.scaled = scaled;
  d.causal = causal;
  return d;
}

// Parameters as separate arrays (the gradient check perturbs each in place).
template <typename T>
struct Tensors {
  std::vector<T> wq, bq, wk, bk, wv, bv, wo, bo;
  prayog::nn::MhaWeights<T> weights() const {
    return {wq.data(), bq.data(), wk.data(), bk.data(), wv.data(), bv.data(), wo.data(), bo.data()};
  }
};

Tensors<double> random_tensors(int dim, std::uint64_t seed) {
  const double ws = 1.0 / std::sqrt(static_cast<double>(dim));
  const std::size_t dd = static_cast<std::size_t>(dim) * dim;
  return {random_vector(dd, seed, ws),     random_vector(dim, seed + 1, 0.5),
          random_vector(dd, seed + 2, ws), random_vector(dim, seed + 3, 0.5),
          random_vector(dd, seed + 4, ws), random_vector(dim, seed + 5, 0.5),
          random_vector(dd, seed + 6, ws), random_vector(dim, seed + 7, 0.5)};
}

}  // namespace

TEST_CASE("mha: finite-difference gradient check (double) of x and every parameter", "[nn]") {
  struct Case {
    int seq, dim, heads;
    bool scaled, causal;
  };
  for (const Case c :
       {Case{5, 5, 1, true, false}, Case{3, 6, 2, true, true}, Case{5, 6, 2, false, false}}) {
    const MhaDims d = mha_dims(2, c.seq, c.dim, c.heads, c.scaled, c.causal);
    const auto layout = prayog::nn::mha_layout(d);
    std::vector<double> acts_buf(layout.acts_size()), scratch_buf(layout.scratch_size());
    const auto acts = prayog::nn::mha_bind_acts(acts_buf.data(), layout);
    const auto scratch = prayog::nn::mha_bind_scratch(scratch_buf.data(), layout);
    auto x = random_vector(static_cast<std::size_t>(d.tokens()) * d.model_dim, 71);
    Tensors<double> p = random_tensors(d.model_dim, 80), g;
    std::vector<double> dx;
    const auto report = grad_check(
        {{"x", &x, &dx},
         {"wq", &p.wq, &g.wq},
         {"bq", &p.bq, &g.bq},
         {"wk", &p.wk, &g.wk},
         {"bk", &p.bk, &g.bk},
         {"wv", &p.wv, &g.wv},
         {"bv", &p.bv, &g.bv},
         {"wo", &p.wo, &g.wo},
         {"bo", &p.bo, &g.bo}},
        [&] {
          std::vector<double> y(x.size());
          prayog::nn::mha_forward(y.data(), acts, x.data(), p.weights(), d);
          return y;
        },
        [&](const std::vector<double>& dy) {
          dx.assign(x.size(), 0.0);
          g = p;
          for (auto* t : {&g.wq, &g.bq, &g.wk, &g.bk, &g.wv, &g.bv, &g.wo, &g.bo})
            t->assign(t->size(), 0.0);
          const prayog::nn::MhaGrads<double> grads{g.wq.data(), g.bq.data(), g.wk.data(),
                                                   g.bk.data(), g.wv.data(), g.bv.data(),
                                                   g.wo.data(), g.bo.data()};
          prayog::nn::mha_backward(dx.data(), grads, scratch, dy.data(), x.data(), acts,
                                   p.weights(), d);
        });
    INFO("T " << c.seq << " D " << c.dim << " H " << c.heads << " scaled " << c.scaled << " causal "
              << c.causal << ": " << report.where);
    CHECK(report.ok());
  }
}

TEST_CASE("mha: layout buffers are disjoint and the bytes estimate matches", "[nn]") {
  const MhaDims d = mha_dims(3, 7, 12, 4, true, false);
  REQUIRE(d.valid());
  CHECK_FALSE(mha_dims(1, 4, 10, 4, true, false).valid());  // 4 heads do not split 10
  const auto l = prayog::nn::mha_layout(d);
  CHECK(l.tokens_x_dim >= 3u * 7 * 12);
  CHECK(l.attn >= 3u * 4 * 7 * 7);
  CHECK(l.work >= 2u * 7 * 7);
  std::vector<float> acts_buf(l.acts_size()), scratch_buf(l.scratch_size());
  const auto a = prayog::nn::mha_bind_acts(acts_buf.data(), l);
  const auto s = prayog::nn::mha_bind_scratch(scratch_buf.data(), l);
  // Each buffer [start, start + size) inside its block, none overlapping the next.
  const float* ab = acts_buf.data();
  CHECK(a.k - a.q >= 3 * 7 * 12);
  CHECK(a.v - a.k >= 3 * 7 * 12);
  CHECK(a.ctx - a.v >= 3 * 7 * 12);
  CHECK(a.scores - a.ctx >= 3 * 7 * 12);
  CHECK(a.attn - a.scores >= 3 * 4 * 7 * 7);
  CHECK(a.attn + 3 * 4 * 7 * 7 <= ab + acts_buf.size());
  CHECK(s.attn_work - s.dctx >= 3 * 7 * 12);
  CHECK(s.attn_work + 2 * 7 * 7 <= scratch_buf.data() + scratch_buf.size());

  prayog::nn::Params<float> params;
  prayog::nn::mha_declare(params, "enc0", d.model_dim, 0);
  params.finalize();
  CHECK(static_cast<long long>(params.parameter_count()) ==
        prayog::nn::mha_param_count(d.model_dim));
  CHECK(prayog::nn::mha_bytes(d) ==
        2 * params.buffer_size() * sizeof(float) + (l.acts_size() + l.scratch_size()) * 4);
  // The lab's largest config stays far below the 192 MB budget; the cost demo's T = 256 does too.
  CHECK(prayog::nn::mha_bytes(mha_dims(32, 12, 64, 4, true, false)) < (8u << 20));
  CHECK(prayog::nn::mha_bytes(mha_dims(32, 256, 64, 4, true, false)) < (192u << 20));
  CHECK(prayog::nn::mha_macs(d) == 4LL * 21 * 12 * 12 + 2LL * 3 * 4 * 7 * 7 * 3);
}

TEST_CASE("mha: declared names, deterministic init (weights N(0, 1/D), biases 0)", "[nn]") {
  const int dim = 32;
  auto make = [&](std::uint64_t seed) {
    prayog::nn::Params<float> p;
    const auto ids = prayog::nn::mha_declare(p, "attn", dim, 2);
    p.finalize();
    prayog::Rng rng(seed);
    prayog::nn::mha_init(p, ids, rng);
    return std::make_pair(std::move(p), ids);
  };
  auto [p1, ids] = make(9);
  auto [p2, ids2] = make(9);
  CHECK(p1.find("attn.wq") == ids.wq);
  CHECK(p1.find("attn.bo") == ids.bo);
  CHECK(p1.info(ids.wk).shape == std::vector<int>{dim, dim});
  CHECK_FALSE(p1.info(ids.bv).decay);
  CHECK(p1.info(ids.wv).group == 2);
  CHECK(prayog::checksum_bits(p1.values(), p1.buffer_size()) ==
        prayog::checksum_bits(p2.values(), p2.buffer_size()));
  double ss = 0.0;
  for (int id : {ids.wq, ids.wk, ids.wv, ids.wo}) {
    const float* w = p1.value(id);
    for (int i = 0; i < dim * dim; ++i) ss += static_cast<double>(w[i]) * w[i];
  }
  CHECK(ss / (4.0 * dim * dim) == Approx(1.0 / dim).epsilon(0.1));
  for (int id : {ids.bq, ids.bk, ids.bv, ids.bo})
    for (int i = 0; i < dim; ++i) CHECK(p1.value(id)[i] == 0.0f);
}

TEST_CASE("mha: float forward and backward match the double reference; head views", "[nn]") {
  // D 34 = 2 heads of 17, T 9: sizes off the SIMD width and GEMM tile. Weights ~ N(0, 1/D)-sized,
  // x in [-1, 1]: activations O(1). Four chained GEMMs in float accumulate ~1e-6 relative each;
  // stated tolerance 5e-5 absolute on y and every gradient (measured natively: 5e-7).
  const MhaDims d = mha_dims(3, 9, 34, 2, true, false);
  const auto l = prayog::nn::mha_layout(d);
  const auto xd = random_vector(static_cast<std::size_t>(d.tokens()) * d.model_dim, 91);
  const auto dyd = random_vector(xd.size(), 92);
  const Tensors<double> pd = random_tensors(d.model_dim, 100);
  auto to_float = [](const std::vector<double>& v) {
    return std::vector<float>(v.begin(), v.end());
  };
  const Tensors<float> pf{to_float(pd.wq), to_float(pd.bq), to_float(pd.wk), to_float(pd.bk),
                          to_float(pd.wv), to_float(pd.bv), to_float(pd.wo), to_float(pd.bo)};

  auto run = [&](auto zero, const auto& x, const auto& dy, const auto& p, auto& y, auto& dx,
                 auto& gw, auto& acts_buf) {
    using T = decltype(zero);
    std::vector<T> scratch_buf(l.scratch_size());
    acts_buf.assign(l.acts_size(), T(0));
    const auto acts = prayog::nn::mha_bind_acts(acts_buf.data(), l);
    y.assign(x.size(), T(0));
    dx.assign(x.size(), T(0));
    gw.assign(static_cast<std::size_t>(d.model_dim) * d.model_dim * 4, T(0));
    const std::size_t dd = static_cast<std::size_t>(d.model_dim) * d.model_dim;
    const prayog::nn::MhaGrads<T> g{gw.data(),          nullptr, gw.data() + dd,     nullptr,
                                    gw.data() + 2 * dd, nullptr, gw.data() + 3 * dd, nullptr};
    prayog::nn::mha_forward(y.data(), acts, x.data(), p.weights(), d);
    prayog::nn::mha_backward(dx.data(), g, prayog::nn::mha_bind_scratch(scratch_buf.data(), l),
                             dy.data(), x.data(), acts, p.weights(), d);
  };
  std::vector<double> y_d, dx_d, gw_d, acts_d;
  std::vector<float> y_f, dx_f, gw_f, acts_f;
  run(0.0, xd, dyd, pd, y_d, dx_d, gw_d, acts_d);
  run(0.0f, to_float(xd), to_float(dyd), pf, y_f, dx_f, gw_f, acts_f);
  double worst = 0.0;
  for (std::size_t i = 0; i < y_f.size(); ++i) worst = std::max(worst, std::fabs(y_f[i] - y_d[i]));
  for (std::size_t i = 0; i < dx_f.size(); ++i)
    worst = std::max(worst, std::fabs(dx_f[i] - dx_d[i]));
  for (std::size_t i = 0; i < gw_f.size(); ++i)
    worst = std::max(worst, std::fabs(gw_f[i] - gw_d[i]));
  INFO("worst |float - double| " << worst);
  CHECK(worst <= 5e-5);

  // Attention rows of every head sum to 1.
  const auto acts = prayog::nn::mha_bind_acts(acts_f.data(), l);
  for (int r = 0; r < d.batch * d.heads * d.seq; ++r) {
    double sum = 0.0;
    for (int j = 0; j < d.seq; ++j) sum += acts.attn[r * d.seq + j];
    CHECK(sum == Approx(1.0).margin(1e-6));
  }
  // Head 1 of example 2, as (T, dk): columns 17..33 of that example's rows of q.
  std::vector<float> head(static_cast<std::size_t>(d.seq) * d.head_dim());
  prayog::nn::mha_copy_head(head.data(), acts.q, 2, 1, d);
  for (int t = 0; t < d.seq; ++t)
    for (int c = 0; c < d.head_dim(); ++c)
      CHECK(head[t * d.head_dim() + c] == acts.q[(2 * d.seq + t) * d.model_dim + 17 + c]);
}
