// im2col / col2im_add: im2col against a direct loop written from the definition, and col2im_add
// as its exact adjoint. Pure data movement, so im2col must match bit for bit; the adjoint identity
// holds up to the rounding of two double dot products (tolerance 1e-12 relative).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "base/rng.hpp"
#include "kernels/conv.hpp"

using prayog::kernels::col2im_add;
using prayog::kernels::conv_out_size;
using prayog::kernels::im2col;

namespace {

struct Geometry {
  int n, h, w, c, k, stride, pad;
};

// Shapes with odd sizes, k > H (padding-only taps), stride > k (skipped pixels), k = 1.
const Geometry kGeometries[] = {
    {2, 5, 7, 3, 3, 1, 1}, {1, 6, 5, 2, 3, 2, 1}, {2, 7, 7, 1, 2, 3, 0},
    {1, 4, 3, 5, 1, 1, 0}, {1, 5, 5, 2, 1, 2, 1}, {1, 3, 4, 2, 5, 1, 2},
};

std::vector<double> random_doubles(std::size_t n, std::uint64_t seed) {
  prayog::Rng rng(seed);
  std::vector<double> v(n);
  for (double& x : v) x = 2.0 * rng.uniform_double() - 1.0;
  return v;
}

}  // namespace

TEST_CASE("conv: conv_out_size", "[kernels]") {
  CHECK(conv_out_size(32, 1, 1, 0) == 32);
  CHECK(conv_out_size(32, 3, 1, 1) == 32);  // "same" padding
  CHECK(conv_out_size(32, 3, 2, 1) == 16);
  CHECK(conv_out_size(7, 3, 2, 0) == 3);  // floor: the last column is not covered
  CHECK(conv_out_size(7, 2, 2, 0) == 3);
  CHECK(conv_out_size(2, 3, 1, 0) == 0);  // the window does not fit
}

TEST_CASE("conv: im2col equals a direct loop over the definition", "[kernels]") {
  for (const Geometry& g : kGeometries) {
    INFO("n" << g.n << " h" << g.h << " w" << g.w << " c" << g.c << " k" << g.k << " s" << g.stride
             << " p" << g.pad);
    const int oh = conv_out_size(g.h, g.k, g.stride, g.pad);
    const int ow = conv_out_size(g.w, g.k, g.stride, g.pad);
    const int patch = g.k * g.k * g.c;
    const auto xd = random_doubles(static_cast<std::size_t>(g.n) * g.h * g.w * g.c, 11);
    std::vector<float> x(xd.begin(), xd.end());
    // NaN-filled: im2col must write every element, padding included.
    std::vector<float> cols(static_cast<std::size_t>(g.n) * oh * ow * patch, std::nanf(""));
    im2col(cols.data(), x.data(), g.n, g.h, g.w, g.c, g.k, g.stride, g.pad);
    int wrong = 0;
    for (int b = 0; b < g.n; ++b)
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox)
          for (int ky = 0; ky < g.k; ++ky)
            for (int kx = 0; kx < g.k; ++kx)
              for (int ch = 0; ch < g.c; ++ch) {
                const int iy = oy * g.stride + ky - g.pad, ix = ox * g.stride + kx - g.pad;
                const bool inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
                const float expect = inside ? x[((b * g.h + iy) * g.w + ix) * g.c + ch] : 0.0f;
                const int row = (b * oh + oy) * ow + ox, col = (ky * g.k + kx) * g.c + ch;
                if (!(cols[static_cast<std::size_t>(row) * patch + col] == expect)) ++wrong;
              }
    CHECK(wrong == 0);
  }
}

TEST_CASE("conv: col2im_add is the adjoint of im2col and accumulates", "[kernels]") {
  for (const Geometry& g : kGeometries) {
    INFO("n" << g.n << " h" << g.h << " w" << g.w << " c" << g.c << " k" << g.k << " s" << g.stride
             << " p" << g.pad);
    const int oh = conv_out_size(g.h, g.k, g.stride, g.pad);
    const int ow = conv_out_size(g.w, g.k, g.stride, g.pad);
    const std::size_t nx = static_cast<std::size_t>(g.n) * g.h * g.w * g.c;
    const std::size_t ncols = static_cast<std::size_t>(g.n) * oh * ow * g.k * g.k * g.c;
    const auto x = random_doubles(nx, 21), y = random_doubles(ncols, 22);
    const auto base = random_doubles(nx, 23);

    std::vector<double> cols(ncols);
    im2col(cols.data(), x.data(), g.n, g.h, g.w, g.c, g.k, g.stride, g.pad);
    std::vector<double> back = base;  // col2im_add must add onto what is there
    col2im_add(back.data(), y.data(), g.n, g.h, g.w, g.c, g.k, g.stride, g.pad);

    double lhs = 0.0, rhs = 0.0, scale = 0.0;  // <im2col(x), y> and <x, col2im(y)>
    for (std::size_t i = 0; i < ncols; ++i) {
      lhs += cols[i] * y[i];
      scale += std::fabs(cols[i] * y[i]);
    }
    for (std::size_t i = 0; i < nx; ++i) rhs += x[i] * (back[i] - base[i]);
    CHECK(std::fabs(lhs - rhs) <= 1e-12 * (1.0 + scale));
  }
}
