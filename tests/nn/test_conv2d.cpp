// Conv2D: finite-difference gradient checks over kernel size, stride and padding (odd sizes),
// the im2col path against a naive convolution loop, 1x1 = per-pixel matmul, the parameter and
// MAC counts of the 1x1 lab's seed example, float vs double, and use through a Params buffer.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "base/rng.hpp"
#include "kernels/elementwise.hpp"
#include "nn/activation.hpp"
#include "nn/conv2d.hpp"
#include "nn/gradcheck.hpp"
#include "nn/loss.hpp"
#include "nn/params.hpp"
#include "nn/pool.hpp"

using prayog::nn::conv2d_backward;
using prayog::nn::conv2d_forward;
using prayog::nn::conv2d_macs;
using prayog::nn::conv2d_param_count;
using prayog::nn::Conv2DDims;
using prayog::test::grad_check;
using prayog::test::kPrefill;
using prayog::test::random_vector;
using prayog::test::remove_prefill;

namespace {

Conv2DDims dims(int n, int h, int w, int cin, int cout, int k, int stride, int pad) {
  Conv2DDims d;
  d.n = n, d.h = h, d.w = w, d.cin = cin, d.cout = cout, d.k = k, d.stride = stride, d.pad = pad;
  return d;
}

std::size_t in_size(const Conv2DDims& d) {
  return static_cast<std::size_t>(d.n) * d.h * d.w * d.cin;
}
std::size_t out_size(const Conv2DDims& d) {
  return static_cast<std::size_t>(d.out_pixels()) * d.cout;
}

// The definition, written independently of im2col: y[n,oy,ox,co] = b[co] +
// Σ_{ky,kx,ci} x[n, oy*s+ky-p, ox*s+kx-p, ci] * W[(ky*k+kx)*Cin+ci, co], outside taps are 0.
std::vector<double> naive_conv(const std::vector<double>& x, const std::vector<double>& w,
                               const std::vector<double>& b, const Conv2DDims& d) {
  const int oh = d.out_h(), ow = d.out_w();
  std::vector<double> y(out_size(d));
  for (int n = 0; n < d.n; ++n)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox)
        for (int co = 0; co < d.cout; ++co) {
          double s = b[co];
          for (int ky = 0; ky < d.k; ++ky)
            for (int kx = 0; kx < d.k; ++kx) {
              const int iy = oy * d.stride + ky - d.pad, ix = ox * d.stride + kx - d.pad;
              if (iy < 0 || iy >= d.h || ix < 0 || ix >= d.w) continue;
              for (int ci = 0; ci < d.cin; ++ci)
                s += x[((n * d.h + iy) * d.w + ix) * d.cin + ci] *
                     w[((ky * d.k + kx) * d.cin + ci) * d.cout + co];
            }
          y[((n * oh + oy) * ow + ox) * d.cout + co] = s;
        }
  return y;
}

const Conv2DDims kCases[] = {
    dims(2, 5, 7, 3, 4, 1, 1, 0),  // the direct 1x1 path (no im2col)
    dims(2, 5, 7, 3, 4, 1, 2, 0),  // 1x1 with stride: im2col
    dims(1, 5, 7, 3, 4, 1, 1, 1),  // 1x1 with padding: a zero border
    dims(2, 5, 7, 3, 4, 3, 1, 1),  // "same" 3x3
    dims(2, 5, 7, 3, 4, 3, 2, 1), dims(2, 5, 7, 3, 4, 3, 2, 0), dims(1, 7, 5, 2, 3, 3, 1, 0),
    dims(1, 6, 6, 2, 3, 2, 2, 0),  // even kernel, windows tile exactly
};

}  // namespace

TEST_CASE("conv2d: finite-difference gradient check (double), k 1/3, stride 1/2, pad 0/1", "[nn]") {
  for (const Conv2DDims& d : kCases) {
    INFO("k" << d.k << " stride " << d.stride << " pad " << d.pad << " h" << d.h << " w" << d.w);
    auto x = random_vector(in_size(d), 1), w = random_vector(d.patch() * d.cout, 2),
         b = random_vector(d.cout, 3);
    std::vector<double> cols(d.cols_size()), dcols(d.cols_size()), dx, dw, db;
    const auto report = grad_check(
        {{"x", &x, &dx}, {"w", &w, &dw}, {"b", &b, &db}},
        [&] {
          std::vector<double> y(out_size(d));
          conv2d_forward(y.data(), cols.data(), x.data(), w.data(), b.data(), d);
          return y;
        },
        [&](const std::vector<double>& dy) {
          dx.assign(x.size(), kPrefill);
          dw.assign(w.size(), kPrefill);
          db.assign(b.size(), kPrefill);
          conv2d_backward(dx.data(), dw.data(), db.data(), dcols.data(), dy.data(), x.data(),
                          cols.data(), w.data(), d);
          for (auto* g : {&dx, &dw, &db}) remove_prefill(*g);
        });
    INFO(report.where);
    CHECK(report.ok());
  }
}

TEST_CASE("conv2d: im2col + GEMM equals the naive convolution loop (double)", "[nn]") {
  for (const Conv2DDims& d : kCases) {
    INFO("k" << d.k << " stride " << d.stride << " pad " << d.pad);
    const auto x = random_vector(in_size(d), 4), w = random_vector(d.patch() * d.cout, 5),
               b = random_vector(d.cout, 6);
    std::vector<double> cols(d.cols_size()), y(out_size(d));
    conv2d_forward(y.data(), cols.data(), x.data(), w.data(), b.data(), d);
    const auto expect = naive_conv(x, w, b, d);
    for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(y[i] == Approx(expect[i]).margin(1e-12));
  }
}

TEST_CASE("conv2d: 1x1 convolution is the same matmul at every pixel", "[nn]") {
  // O[p, co] = Σ_ci I[p, ci] W[ci, co] + b[co] at each pixel p, the formula the 1x1 lab shows.
  const Conv2DDims d = dims(2, 4, 3, 5, 6, 1, 1, 0);
  REQUIRE(d.direct());
  REQUIRE(d.cols_size() == 0);
  const auto xd = random_vector(in_size(d), 7), wd = random_vector(d.cin * d.cout, 8),
             bd = random_vector(d.cout, 9);
  std::vector<float> x(xd.begin(), xd.end()), w(wd.begin(), wd.end()), b(bd.begin(), bd.end());
  std::vector<float> y(out_size(d));
  conv2d_forward<float>(y.data(), nullptr, x.data(), w.data(), b.data(), d);  // no scratch
  for (int p = 0; p < d.n * d.h * d.w; ++p)
    for (int co = 0; co < d.cout; ++co) {
      double s = b[co];
      for (int ci = 0; ci < d.cin; ++ci)
        s += static_cast<double>(x[p * d.cin + ci]) * w[ci * d.cout + co];
      REQUIRE(y[p * d.cout + co] == Approx(s).margin(1e-5));
    }
  // And a 3x3 "same" convolution whose only non-zero tap is the centre is that 1x1 convolution.
  const Conv2DDims d3 = dims(2, 4, 3, 5, 6, 3, 1, 1);
  std::vector<float> w3(d3.patch() * d3.cout, 0.0f), y3(out_size(d3)), cols(d3.cols_size());
  for (int i = 0; i < d.cin * d.cout; ++i) w3[4 * d.cin * d.cout + i] = w[i];  // tap (1,1)
  conv2d_forward(y3.data(), cols.data(), x.data(), w3.data(), b.data(), d3);
  for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(y3[i] == Approx(y[i]).margin(1e-6));
}

TEST_CASE("conv2d: parameter and MAC counts of the 1x1 lab's seed example", "[nn]") {
  const Conv2DDims one = dims(1, 32, 32, 64, 32, 1, 1, 0);
  CHECK(conv2d_param_count(one) == 2080);  // 64*32 + 32
  CHECK(conv2d_param_count(1, 64, 32) == 64 * 32 + 32);
  CHECK(conv2d_param_count(1, 64, 32, false) == 2048);
  CHECK(conv2d_macs(one) == 32LL * 32 * 64 * 32);  // 2,097,152
  const Conv2DDims three = dims(1, 32, 32, 64, 32, 3, 1, 1);
  CHECK(conv2d_param_count(three) == 18464);  // 9*64*32 + 32
  CHECK(conv2d_macs(three) == 32LL * 32 * 9 * 64 * 32);
  CHECK(conv2d_macs(dims(2, 32, 32, 64, 32, 3, 2, 1)) == 2LL * 16 * 16 * 9 * 64 * 32);
  CHECK(one.valid());
  CHECK_FALSE(dims(1, 2, 2, 1, 1, 3, 1, 0).valid());  // 3x3 window on a 2x2 image, no padding
}

TEST_CASE("conv2d: float forward matches the double reference", "[nn]") {
  // Tolerance: each output is a float sum of P = k*k*Cin products plus a bias, in whatever order
  // the GEMM picks; the standard bound for any order is (P+1) u Σ|terms| (u = 2^-24), so we check
  //   |float - double| <= (P + 2) * FLT_EPSILON * Σ|terms|     (FLT_EPSILON = 2u)
  // per element, with Σ|terms| computed exactly as the same convolution of |x|, |W|, |b| in
  // double. Both runs see the same (float-representable) inputs.
  for (const Conv2DDims& d :
       {dims(2, 9, 7, 5, 8, 3, 1, 1), dims(2, 9, 7, 5, 8, 1, 1, 0), dims(1, 9, 7, 5, 8, 3, 2, 0)}) {
    INFO("k" << d.k << " stride " << d.stride << " pad " << d.pad);
    const auto x0 = random_vector(in_size(d), 10), w0 = random_vector(d.patch() * d.cout, 11),
               b0 = random_vector(d.cout, 12);
    std::vector<float> x(x0.begin(), x0.end()), w(w0.begin(), w0.end()), b(b0.begin(), b0.end());
    std::vector<double> xd(x.begin(), x.end()), wd(w.begin(), w.end()), bd(b.begin(), b.end());
    std::vector<float> y(out_size(d)), cols(d.cols_size());
    std::vector<double> yd(out_size(d)), colsd(d.cols_size());
    conv2d_forward(y.data(), cols.data(), x.data(), w.data(), b.data(), d);
    conv2d_forward(yd.data(), colsd.data(), xd.data(), wd.data(), bd.data(), d);
    for (auto* v : {&xd, &wd, &bd})
      for (double& e : *v) e = std::fabs(e);
    std::vector<double> mag(out_size(d));
    conv2d_forward(mag.data(), colsd.data(), xd.data(), wd.data(), bd.data(), d);
    const double eps = std::numeric_limits<float>::epsilon();
    int outside = 0;
    for (std::size_t i = 0; i < y.size(); ++i)
      if (!(std::fabs(y[i] - yd[i]) <= (d.patch() + 2) * eps * mag[i])) ++outside;
    CHECK(outside == 0);
  }
}

// How a model uses these layers: every parameter lives in one Params buffer (named tensors, one
// group per layer), layers get raw pointers into it, backward accumulates into params.grads(),
// and an optimizer sweeps the whole buffer. Here: conv3x3(3->8) + ReLU -> conv1x1(8->4) -> global
// average pool -> softmax cross-entropy over 4 classes, trained by plain SGD on one fixed batch.
TEST_CASE("conv2d: example, a tiny CNN whose parameters live in one Params buffer", "[nn]") {
  using namespace prayog::nn;
  const int n = 4, hw = 6, classes = 4;
  const Conv2DDims c1 = dims(n, hw, hw, 3, 8, 3, 1, 1), c2 = dims(n, hw, hw, 8, classes, 1, 1, 0);

  Params<float> params;
  const int w1 = params.add("conv1.w", {c1.patch(), c1.cout}, 0);
  const int b1 = params.add("conv1.b", {c1.cout}, 0, false);
  const int w2 = params.add("mix.w", {c2.patch(), c2.cout}, 1);
  const int b2 = params.add("mix.b", {c2.cout}, 1, false);
  params.finalize();
  CHECK(params.parameter_count() ==
        static_cast<std::size_t>(conv2d_param_count(c1) + conv2d_param_count(c2)));
  prayog::Rng rng(42);
  params.init_normal(w1, rng, std::sqrt(2.0 / c1.patch()));  // He init for ReLU
  params.init_normal(w2, rng, std::sqrt(1.0 / c2.patch()));

  const auto xd = random_vector(in_size(c1), 13);
  const std::vector<float> x(xd.begin(), xd.end());
  const int labels[n] = {0, 1, 2, 3};

  // Activations and scratch: owned by the model, sized once from the dims.
  std::vector<float> cols1(c1.cols_size()), dcols1(c1.cols_size());
  std::vector<float> h1(out_size(c1)), h2(out_size(c2)), logits(n * classes), probs(n * classes);
  std::vector<float> dh1(h1.size()), dh2(h2.size()), dlogits(logits.size()), dz1(h1.size());

  auto step = [&](float lr) {
    conv2d_forward(h1.data(), cols1.data(), x.data(), params.value(w1), params.value(b1), c1);
    activation_forward(Activation::kRelu, h1.data(), h1.data(), h1.size());
    conv2d_forward<float>(h2.data(), nullptr, h1.data(), params.value(w2), params.value(b2), c2);
    global_avgpool_forward(logits.data(), h2.data(), n, hw, hw, classes);
    const double loss =
        softmax_cross_entropy_forward(probs.data(), logits.data(), labels, n, classes);

    params.zero_grads();  // backward accumulates: zero the whole buffer once per step
    for (auto* v : {&dlogits, &dh2, &dh1, &dz1}) v->assign(v->size(), 0.0f);
    softmax_cross_entropy_backward(dlogits.data(), probs.data(), labels, n, classes);
    global_avgpool_backward(dh2.data(), dlogits.data(), n, hw, hw, classes);
    conv2d_backward<float>(dh1.data(), params.grad(w2), params.grad(b2), nullptr, dh2.data(),
                           h1.data(), nullptr, params.value(w2), c2);
    activation_backward(Activation::kRelu, dz1.data(), dh1.data(), h1.data(), h1.size());
    conv2d_backward<float>(nullptr, params.grad(w1), params.grad(b1), dcols1.data(), dz1.data(),
                           x.data(), cols1.data(), params.value(w1), c1);  // no dx for the input
    REQUIRE(params.grads_finite());
    prayog::kernels::axpy(params.values(), -lr, params.grads(), params.buffer_size());  // SGD
    return loss;
  };
  const float kLr = 1.0f;
  const double first = step(kLr);  // ~ln 4 at initialisation
  CHECK(first == Approx(std::log(4.0)).margin(0.5));
  double last = first;
  for (int i = 0; i < 30; ++i) last = step(kLr);
  CHECK(last < 0.5 * first);  // 1.41 -> 0.46 natively
  CHECK(params.grad_norm(0) > 0.0);
  CHECK(params.grad_norm(1) > 0.0);
}
