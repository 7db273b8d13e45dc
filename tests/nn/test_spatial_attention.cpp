// Spatial attention pooling: gradient check of features, query and both optional projections,
// the attention map (rows sum to 1, one map per image), a naive reference, float vs double.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "nn/gradcheck.hpp"
#include "nn/spatial_attention.hpp"

using prayog::nn::SpatialAttentionDims;
using prayog::test::grad_check;
using prayog::test::random_vector;

namespace {

SpatialAttentionDims sdims(int batch, int cells, int channels, bool scaled, bool key_proj,
                           bool value_proj) {
  SpatialAttentionDims d;
  d.batch = batch;
  d.cells = cells;
  d.channels = channels;
  d.scaled = scaled;
  d.key_proj = key_proj;
  d.value_proj = value_proj;
  return d;
}

}  // namespace

TEST_CASE("spatial attention: finite-difference gradient check (double), every option", "[nn]") {
  // 3x5 feature map (N 15), C 5, B 2.
  for (const bool key_proj : {false, true})
    for (const bool value_proj : {false, true})
      for (const bool scaled : {true, false}) {
        const SpatialAttentionDims d = sdims(2, 15, 5, scaled, key_proj, value_proj);
        auto f = random_vector(d.features_size(), 111), q = random_vector(d.channels, 112),
             wk = random_vector(25, 113, 0.5), wv = random_vector(25, 114, 0.5);
        std::vector<double> df, dq, dwk, dwv;
        std::vector<double> acts_buf(d.acts_size()), scratch_buf(d.scratch_size());
        const auto acts = prayog::nn::spatial_attention_bind_acts(acts_buf.data(), d);
        const auto scratch = prayog::nn::spatial_attention_bind_scratch(scratch_buf.data(), d);
        std::vector<prayog::test::GradInput> inputs = {{"f", &f, &df}, {"q", &q, &dq}};
        if (key_proj) inputs.push_back({"wk", &wk, &dwk});
        if (value_proj) inputs.push_back({"wv", &wv, &dwv});
        const auto report = grad_check(
            inputs,
            [&] {
              std::vector<double> pooled(d.batch * d.channels);
              prayog::nn::spatial_attention_forward(pooled.data(), acts, f.data(),
                                                    {q.data(), wk.data(), wv.data()}, d);
              return pooled;
            },
            [&](const std::vector<double>& dpooled) {
              df.assign(f.size(), 0.0);
              dq.assign(q.size(), 0.0);
              dwk.assign(wk.size(), 0.0);
              dwv.assign(wv.size(), 0.0);
              prayog::nn::spatial_attention_backward<double>(
                  df.data(), {dq.data(), dwk.data(), dwv.data()}, scratch, dpooled.data(), f.data(),
                  acts, {q.data(), wk.data(), wv.data()}, d);
            });
        INFO("key_proj " << key_proj << " value_proj " << value_proj << " scaled " << scaled << ": "
                         << report.where);
        CHECK(report.ok());
      }
}

TEST_CASE("spatial attention: map sums to 1 per image and matches naive loops", "[nn]") {
  const SpatialAttentionDims d = sdims(3, 12, 7, true, true, false);
  const int B = d.batch, N = d.cells, C = d.channels;
  const auto f = random_vector(d.features_size(), 121), q = random_vector(C, 122),
             wk = random_vector(C * C, 123);
  std::vector<double> acts_buf(d.acts_size()), pooled(B * C);
  const auto acts = prayog::nn::spatial_attention_bind_acts(acts_buf.data(), d);
  prayog::nn::spatial_attention_forward(pooled.data(), acts, f.data(),
                                        {q.data(), wk.data(), nullptr}, d);
  for (int b = 0; b < B; ++b) {
    std::vector<double> s(N), a(N);
    double mx = -1e300, sum = 0.0;
    for (int i = 0; i < N; ++i) {
      for (int c = 0; c < C; ++c) {
        double kc = 0.0;
        for (int e = 0; e < C; ++e) kc += f[(b * N + i) * C + e] * wk[e * C + c];
        s[i] += kc * q[c];
      }
      mx = std::max(mx, s[i] / std::sqrt(7.0));
    }
    for (int i = 0; i < N; ++i) sum += a[i] = std::exp(s[i] / std::sqrt(7.0) - mx);
    double map_sum = 0.0;
    for (int i = 0; i < N; ++i) {
      a[i] /= sum;
      CHECK(acts.scores[b * N + i] == Approx(s[i]).margin(1e-13));
      CHECK(acts.attn[b * N + i] == Approx(a[i]).margin(1e-13));
      map_sum += acts.attn[b * N + i];
    }
    CHECK(map_sum == Approx(1.0).margin(1e-14));
    for (int c = 0; c < C; ++c) {
      double p = 0.0;
      for (int i = 0; i < N; ++i) p += a[i] * f[(b * N + i) * C + c];  // no value projection
      CHECK(pooled[b * C + c] == Approx(p).margin(1e-13));
    }
  }
}

TEST_CASE("spatial attention: float matches the double reference", "[nn]") {
  // 6x6 map of 17 channels (off the SIMD width), both projections. Values O(1); stated tolerance
  // 3e-5 absolute on pooled, the map and every gradient (measured natively: 1e-7).
  const SpatialAttentionDims d = sdims(3, 36, 17, true, true, true);
  const double ws = 1.0 / std::sqrt(17.0);
  const auto fd = random_vector(d.features_size(), 131), qd = random_vector(d.channels, 132),
             wkd = random_vector(17 * 17, 133, ws), wvd = random_vector(17 * 17, 134, ws),
             dpd = random_vector(d.batch * d.channels, 135);
  auto run = [&](auto zero, std::vector<double>& result) {
    using T = decltype(zero);
    const std::vector<T> f(fd.begin(), fd.end()), q(qd.begin(), qd.end()),
        wk(wkd.begin(), wkd.end()), wv(wvd.begin(), wvd.end()), dp(dpd.begin(), dpd.end());
    std::vector<T> acts_buf(d.acts_size()), scratch_buf(d.scratch_size()),
        pooled(d.batch * d.channels), df(f.size()), dq(q.size()), dwk(wk.size()), dwv(wv.size());
    const auto acts = prayog::nn::spatial_attention_bind_acts(acts_buf.data(), d);
    prayog::nn::spatial_attention_forward(pooled.data(), acts, f.data(),
                                          {q.data(), wk.data(), wv.data()}, d);
    prayog::nn::spatial_attention_backward<T>(
        df.data(), {dq.data(), dwk.data(), dwv.data()},
        prayog::nn::spatial_attention_bind_scratch(scratch_buf.data(), d), dp.data(), f.data(),
        acts, {q.data(), wk.data(), wv.data()}, d);
    result.clear();
    for (const auto* v : {&pooled, &df, &dq, &dwk, &dwv})
      result.insert(result.end(), v->begin(), v->end());
    result.insert(result.end(), acts.attn, acts.attn + d.map_size());
  };
  std::vector<double> rf, rd;
  run(0.0f, rf);
  run(0.0, rd);
  REQUIRE(rf.size() == rd.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < rf.size(); ++i) worst = std::max(worst, std::fabs(rf[i] - rd[i]));
  INFO("worst |float - double| " << worst);
  CHECK(worst <= 3e-5);
}
