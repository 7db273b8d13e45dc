// Autoencoder pair: gradient checks tied (W used twice: both gradients must add up) and untied,
// over sigmoid and other activations; masking noise; float vs double; and one greedy
// pretraining layer whose parameters live in a Params buffer.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "base/rng.hpp"
#include "kernels/elementwise.hpp"
#include "nn/autoencoder.hpp"
#include "nn/gradcheck.hpp"
#include "nn/loss.hpp"
#include "nn/params.hpp"

using prayog::nn::Activation;
using prayog::nn::autoencoder_backward;
using prayog::nn::autoencoder_forward;
using prayog::nn::AutoencoderDims;
using prayog::test::grad_check;
using prayog::test::kPrefill;
using prayog::test::random_vector;
using prayog::test::remove_prefill;

namespace {

AutoencoderDims ae(int batch, int in, int hidden, bool tied, Activation enc = Activation::kSigmoid,
                   Activation dec = Activation::kSigmoid) {
  AutoencoderDims d;
  d.batch = batch, d.in = in, d.hidden = hidden, d.tied = tied, d.enc = enc, d.dec = dec;
  return d;
}

void check_gradients(const AutoencoderDims& d) {
  const std::size_t nx = static_cast<std::size_t>(d.batch) * d.in;
  const std::size_t nh = static_cast<std::size_t>(d.batch) * d.hidden;
  auto x = random_vector(nx, 1), w = random_vector(static_cast<std::size_t>(d.in) * d.hidden, 2),
       b = random_vector(d.hidden, 3), c = random_vector(d.in, 4),
       v = random_vector(d.tied ? 0 : static_cast<std::size_t>(d.hidden) * d.in, 5);
  std::vector<double> h(nh), xrec(nx), work(d.workspace_size()), dx, dw, db, dc, dv;
  std::vector<prayog::test::GradInput> inputs = {
      {"x", &x, &dx}, {"w", &w, &dw}, {"b", &b, &db}, {"c", &c, &dc}};
  if (!d.tied) inputs.push_back({"v", &v, &dv});
  const auto report = grad_check(
      inputs,
      [&] {
        autoencoder_forward(xrec.data(), h.data(), x.data(), w.data(), b.data(),
                            d.tied ? nullptr : v.data(), c.data(), d);
        return xrec;
      },
      [&](const std::vector<double>& dxrec) {
        autoencoder_forward(xrec.data(), h.data(), x.data(), w.data(), b.data(),
                            d.tied ? nullptr : v.data(), c.data(), d);
        dx.assign(x.size(), kPrefill);
        dw.assign(w.size(), kPrefill);
        db.assign(b.size(), kPrefill);
        dc.assign(c.size(), kPrefill);
        dv.assign(v.size(), kPrefill);
        autoencoder_backward(dx.data(), dw.data(), db.data(), d.tied ? nullptr : dv.data(),
                             dc.data(), work.data(), dxrec.data(), x.data(), h.data(), xrec.data(),
                             w.data(), d.tied ? nullptr : v.data(), d);
        for (auto* g : {&dx, &dw, &db, &dc, &dv}) remove_prefill(*g);
      });
  INFO(report.where);
  CHECK(report.ok());
}

}  // namespace

TEST_CASE("autoencoder: finite-difference gradient check, tied weights (double)", "[nn]") {
  check_gradients(ae(3, 7, 4, true));
  check_gradients(ae(2, 5, 6, true, Activation::kTanh, Activation::kIdentity));
}

TEST_CASE("autoencoder: finite-difference gradient check, untied weights (double)", "[nn]") {
  check_gradients(ae(3, 7, 4, false));
  check_gradients(ae(2, 5, 6, false, Activation::kTanh, Activation::kSigmoid));
}

TEST_CASE("autoencoder: sizes, and the tied decoder is the transpose of the encoder", "[nn]") {
  CHECK(ae(1, 784, 100, true).param_count() == 784 * 100 + 100 + 784);
  CHECK(ae(1, 784, 100, false).param_count() == 2 * 784 * 100 + 100 + 784);
  // Tied == untied with V = Wᵀ (same forward, and the untied dV is the transpose of the tied
  // decoder's share of dW).
  const AutoencoderDims t = ae(2, 5, 3, true, Activation::kSigmoid, Activation::kIdentity);
  AutoencoderDims u = t;
  u.tied = false;
  const auto x = random_vector(10, 6), w = random_vector(15, 7), b = random_vector(3, 8),
             c = random_vector(5, 9);
  std::vector<double> v(15);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j) v[j * 5 + i] = w[i * 3 + j];
  std::vector<double> ht(6), hu(6), xt(10), xu(10);
  autoencoder_forward<double>(xt.data(), ht.data(), x.data(), w.data(), b.data(), nullptr, c.data(),
                              t);
  autoencoder_forward(xu.data(), hu.data(), x.data(), w.data(), b.data(), v.data(), c.data(), u);
  for (int i = 0; i < 10; ++i) CHECK(xt[i] == Approx(xu[i]).epsilon(1e-14));
  const auto dxrec = random_vector(10, 10);
  std::vector<double> work(t.workspace_size()), dw_t(15, 0.0), dw_u(15, 0.0), dv(15, 0.0);
  autoencoder_backward<double>(nullptr, dw_t.data(), nullptr, nullptr, nullptr, work.data(),
                               dxrec.data(), x.data(), ht.data(), xt.data(), w.data(), nullptr, t);
  autoencoder_backward<double>(nullptr, dw_u.data(), nullptr, dv.data(), nullptr, work.data(),
                               dxrec.data(), x.data(), hu.data(), xu.data(), w.data(), v.data(), u);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j)  // dW_tied = dW_encoder + dVᵀ
      CHECK(dw_t[i * 3 + j] == Approx(dw_u[i * 3 + j] + dv[j * 5 + i]).epsilon(1e-13));
}

TEST_CASE("autoencoder: masking noise zeroes about p of the inputs, reproducibly", "[nn]") {
  const std::size_t n = 10000;
  const std::vector<float> x(n, 0.75f);
  std::vector<float> a(n), b(n);
  prayog::Rng r1(21), r2(21);
  prayog::nn::corrupt_masking(a.data(), x.data(), n, 0.25f, r1);
  prayog::nn::corrupt_masking(b.data(), x.data(), n, 0.25f, r2);
  CHECK(a == b);
  std::size_t zeros = 0;
  for (float v : a) {
    REQUIRE((v == 0.0f || v == 0.75f));  // masked or untouched, never rescaled
    zeros += v == 0.0f;
  }
  CHECK(static_cast<double>(zeros) / n == Approx(0.25).margin(0.02));  // σ = 0.0043
}

TEST_CASE("autoencoder: float forward matches the double reference", "[nn]") {
  // Two GEMMs of length <= 24 and sigmoids, values O(1): |float - double| <= 1e-5 (bound
  // ~(24 + 2) * 2^-23 * Σ|terms| ~ 3e-6 * 24 through a sigmoid of slope <= 1/4, plus exp's ulps).
  for (bool tied : {true, false}) {
    INFO("tied " << tied);
    const AutoencoderDims d = ae(5, 24, 9, tied);
    const auto x0 = random_vector(5 * 24, 11), w0 = random_vector(24 * 9, 12),
               b0 = random_vector(9, 13), c0 = random_vector(24, 14),
               v0 = random_vector(9 * 24, 15);
    const std::vector<float> x(x0.begin(), x0.end()), w(w0.begin(), w0.end()),
        b(b0.begin(), b0.end()), c(c0.begin(), c0.end()), v(v0.begin(), v0.end());
    const std::vector<double> xd(x.begin(), x.end()), wd(w.begin(), w.end()),
        bd(b.begin(), b.end()), cd(c.begin(), c.end()), vd(v.begin(), v.end());
    std::vector<float> h(5 * 9), xr(5 * 24);
    std::vector<double> hd(5 * 9), xrd(5 * 24);
    autoencoder_forward(xr.data(), h.data(), x.data(), w.data(), b.data(), v.data(), c.data(), d);
    autoencoder_forward(xrd.data(), hd.data(), xd.data(), wd.data(), bd.data(), vd.data(),
                        cd.data(), d);
    for (std::size_t i = 0; i < h.size(); ++i) REQUIRE(std::fabs(h[i] - hd[i]) <= 1e-5);
    for (std::size_t i = 0; i < xr.size(); ++i) REQUIRE(std::fabs(xr[i] - xrd[i]) <= 1e-5);
  }
}

// How greedy pretraining uses it: one layer's autoencoder (tied, denoising) with its parameters
// in a Params buffer, trained by SGD on the reconstruction MSE against the clean input. After it,
// only ae1.w and ae1.b would be kept (frozen) and autoencoder_encode() feeds the next layer.
TEST_CASE("autoencoder: example, one denoising layer trained through a Params buffer", "[nn]") {
  using namespace prayog::nn;
  const AutoencoderDims d = ae(8, 16, 6, true);
  Params<float> params;
  const int w = params.add("ae1.w", {d.in, d.hidden}, 0);
  const int b = params.add("ae1.b", {d.hidden}, 0, false);
  const int c = params.add("ae1.c", {d.in}, 0, false);
  params.finalize();
  CHECK(params.parameter_count() == static_cast<std::size_t>(d.param_count()));
  prayog::Rng rng(7);
  params.init_uniform(w, rng, 4.0 * std::sqrt(6.0 / (d.in + d.hidden)));  // Glorot, for sigmoid

  // Data: 8 binary patterns, each 4 of 16 pixels lit.
  std::vector<float> x(static_cast<std::size_t>(d.batch) * d.in, 0.0f);
  for (int r = 0; r < d.batch; ++r)
    for (int j = 0; j < 4; ++j) x[r * d.in + (r * 2 + j * 3) % d.in] = 1.0f;

  std::vector<float> xc(x.size()), h(static_cast<std::size_t>(d.batch) * d.hidden), xrec(x.size()),
      dxrec(x.size()), work(d.workspace_size());
  auto step = [&](float lr) {
    corrupt_masking(xc.data(), x.data(), x.size(), 0.1f, rng);  // a fresh corruption each step
    autoencoder_forward<float>(xrec.data(), h.data(), xc.data(), params.value(w), params.value(b),
                               nullptr, params.value(c), d);
    const double loss = mse_forward(xrec.data(), x.data(), x.size());  // against the clean x
    params.zero_grads();
    dxrec.assign(dxrec.size(), 0.0f);
    mse_backward(dxrec.data(), xrec.data(), x.data(), x.size());
    autoencoder_backward<float>(nullptr, params.grad(w), params.grad(b), nullptr, params.grad(c),
                                work.data(), dxrec.data(), xc.data(), h.data(), xrec.data(),
                                params.value(w), nullptr, d);
    prayog::kernels::axpy(params.values(), -lr, params.grads(), params.buffer_size());
    return loss;
  };
  const double first = step(20.0f);  // MSE's 1/n makes per-element gradients small: a large lr
  double last = first;
  for (int i = 0; i < 200; ++i) last = step(20.0f);
  CHECK(last < 0.5 * first);
}
