// Pooling kernels: the float xsimd kernels (vectorised across channels) against the kernels::ref
// references, at channel counts 1, N-1, N, N+1, 2N-1, 2N, 2N+1 (N = xsimd batch width: the main
// loop, the scalar channel tail, and both together), odd spatial sizes, and k/stride 2/2, 3/1
// (overlapping), 3/2 (overlapping), 2/3 (inputs in no window), with trailing rows/columns that do
// not fill a window.
//
// Tolerance: none. Every kernel does per element the reference's operations in the reference's
// order (max: strict > in row-major window order; averages: the same sum from 0 in the same order,
// then the same multiply), so values and argmax must match bit for bit, ties included (first index
// wins), -0/+0 and NaN included. The only exception is a NaN produced by an average, checked as
// NaN (its payload is the hardware's business).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "bits.hpp"
#include "kernels/pool.hpp"
#include "kernels/simd.hpp"

namespace k = prayog::kernels;
namespace ref = prayog::kernels::ref;
using prayog::testing::same_bits;
using prayog::testing::same_or_both_nan;

namespace {

constexpr int kN = static_cast<int>(prayog::simd::fbatch::size);
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct Shape {
  int n, h, w, k, stride;
};

std::vector<int> channel_counts() {
  return {1, kN - 1, kN, kN + 1, 2 * kN - 1, 2 * kN, 2 * kN + 1};
}

// Odd spatial sizes; with these k/stride some trailing rows/columns fit no window.
const Shape kShapes[] = {
    {2, 7, 5, 2, 2},  {1, 9, 7, 2, 2}, {2, 5, 7, 3, 1},  {1, 7, 9, 3, 1}, {2, 7, 5, 3, 2},
    {1, 9, 11, 3, 2}, {2, 7, 9, 2, 3}, {1, 11, 5, 2, 3}, {1, 3, 3, 3, 1},
};

int out_dim(int in, int kk, int stride) {
  return k::conv_out_size(in, kk, stride, 0);
}

std::size_t in_size(const Shape& s, int c) {
  return static_cast<std::size_t>(s.n) * s.h * s.w * c;
}
std::size_t out_size(const Shape& s, int c) {
  return static_cast<std::size_t>(s.n) * out_dim(s.h, s.k, s.stride) * out_dim(s.w, s.k, s.stride) *
         c;
}

// Uniform in [-1, 1), deterministic.
std::vector<float> random_values(std::size_t n, std::uint32_t seed) {
  std::vector<float> v(n);
  std::uint32_t s = seed * 2654435761u + 1u;
  for (float& x : v) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    x = -1.0f + 2.0f * (static_cast<float>(s >> 8) / 16777216.0f);
  }
  return v;
}

// Few distinct values (-1, -0.5, 0, 0.5, 1 and -0): most max windows have ties.
std::vector<float> tied_values(std::size_t n, std::uint32_t seed) {
  auto v = random_values(n, seed);
  for (float& x : v) x = std::round(x * 2.0f) / 2.0f;
  return v;
}

// The three inputs each max/avg case runs on: random, tied, and random with NaNs and -0 sprinkled.
std::vector<std::vector<float>> inputs(std::size_t n, std::uint32_t seed) {
  auto special = random_values(n, seed + 2);
  for (std::size_t i = 0; i < n; i += 7) special[i] = kNaN;
  for (std::size_t i = 3; i < n; i += 11) special[i] = -0.0f;
  for (std::size_t i = 5; i < n; i += 13) special[i] = 0.0f;
  return {random_values(n, seed), tied_values(n, seed + 1), special};
}

}  // namespace

TEST_CASE("maxpool forward (values and argmax) and backward match the reference bit for bit",
          "[kernels]") {
  for (const Shape& s : kShapes)
    for (int c : channel_counts()) {
      CAPTURE(s.n, s.h, s.w, s.k, s.stride, c);
      const std::size_t ni = in_size(s, c), no = out_size(s, c);
      REQUIRE(no > 0);
      int which = 0;
      for (const auto& x : inputs(ni, 100 + c * 7 + s.h)) {
        CAPTURE(which++);
        std::vector<float> y(no, 9.0f), y_ref(no, 9.0f);
        std::vector<int> arg(no, -1), arg_ref(no, -1);
        k::maxpool_forward(y.data(), arg.data(), x.data(), s.n, s.h, s.w, c, s.k, s.stride);
        ref::maxpool_forward(y_ref.data(), arg_ref.data(), x.data(), s.n, s.h, s.w, c, s.k,
                             s.stride);
        CHECK(same_bits(y, y_ref));
        CHECK(arg == arg_ref);

        const auto dy = random_values(no, 7 + c);
        auto dx = random_values(ni, 9 + c), dx_ref = dx;  // accumulates onto what is there
        k::maxpool_backward(dx.data(), dy.data(), arg.data(), no);
        ref::maxpool_backward(dx_ref.data(), dy.data(), arg_ref.data(), no);
        CHECK(same_bits(dx, dx_ref));
      }
    }
}

TEST_CASE("maxpool forward: ties go to the window's first element, in every lane", "[kernels]") {
  // All equal: every window's winner is its first (top-left) tap.
  for (int c : channel_counts()) {
    const Shape s{1, 7, 7, 3, 2};
    CAPTURE(c);
    const std::vector<float> x(in_size(s, c), 0.25f);
    const int oh = out_dim(s.h, s.k, s.stride), ow = out_dim(s.w, s.k, s.stride);
    std::vector<float> y(out_size(s, c));
    std::vector<int> arg(out_size(s, c));
    k::maxpool_forward(y.data(), arg.data(), x.data(), s.n, s.h, s.w, c, s.k, s.stride);
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox)
        for (int ch = 0; ch < c; ++ch) {
          const int o = (oy * ow + ox) * c + ch;
          REQUIRE(y[o] == 0.25f);
          REQUIRE(arg[o] == ((oy * s.stride) * s.w + ox * s.stride) * c + ch);
        }
  }
  // A window whose maximum appears twice: the first one (row-major) wins, lane by lane.
  const int c = 2 * kN + 1;
  std::vector<float> x(static_cast<std::size_t>(2) * 2 * c, 0.0f);  // one 2x2 window
  for (int ch = 0; ch < c; ++ch) {
    const int a = ch % 4, b = (ch + 1 + ch / 4) % 4;  // two taps (maybe the same) get the max
    x[a * c + ch] = 1.0f;
    x[b * c + ch] = 1.0f;
  }
  std::vector<float> y(c), y_ref(c);
  std::vector<int> arg(c), arg_ref(c);
  k::maxpool_forward(y.data(), arg.data(), x.data(), 1, 2, 2, c, 2, 2);
  ref::maxpool_forward(y_ref.data(), arg_ref.data(), x.data(), 1, 2, 2, c, 2, 2);
  CHECK(arg == arg_ref);
  for (int ch = 0; ch < c; ++ch) {
    const int a = ch % 4, b = (ch + 1 + ch / 4) % 4;
    CHECK(arg[ch] == (a < b ? a : b) * c + ch);
  }
}

TEST_CASE("avgpool forward and backward match the reference bit for bit", "[kernels]") {
  for (const Shape& s : kShapes)
    for (int c : channel_counts()) {
      CAPTURE(s.n, s.h, s.w, s.k, s.stride, c);
      const std::size_t ni = in_size(s, c), no = out_size(s, c);
      int which = 0;
      for (const auto& x : inputs(ni, 300 + c * 5 + s.w)) {
        CAPTURE(which++);
        std::vector<float> y(no, 9.0f), y_ref(no, 9.0f);
        k::avgpool_forward(y.data(), x.data(), s.n, s.h, s.w, c, s.k, s.stride);
        ref::avgpool_forward(y_ref.data(), x.data(), s.n, s.h, s.w, c, s.k, s.stride);
        CHECK(same_or_both_nan(y, y_ref));

        // dy with the same specials as x (first no elements): NaNs spread into dx.
        const std::vector<float> dy(x.begin(), x.begin() + no);
        auto dx = random_values(ni, 11 + c), dx_ref = dx;
        k::avgpool_backward(dx.data(), dy.data(), s.n, s.h, s.w, c, s.k, s.stride);
        ref::avgpool_backward(dx_ref.data(), dy.data(), s.n, s.h, s.w, c, s.k, s.stride);
        CHECK(same_or_both_nan(dx, dx_ref));
      }
    }
}

TEST_CASE("global average pool forward and backward match the reference bit for bit", "[kernels]") {
  const int hws[][2] = {{1, 1}, {3, 5}, {7, 7}, {9, 3}};
  for (const auto& hw : hws)
    for (int c : channel_counts())
      for (int n : {1, 3}) {
        const int h = hw[0], w = hw[1];
        CAPTURE(n, h, w, c);
        const std::size_t ni = static_cast<std::size_t>(n) * h * w * c, no = n * c;
        int which = 0;
        for (const auto& x : inputs(ni, 500 + c * 3 + h)) {
          CAPTURE(which++);
          std::vector<float> y(no, 9.0f), y_ref(no, 9.0f);
          k::global_avgpool_forward(y.data(), x.data(), n, h, w, c);
          ref::global_avgpool_forward(y_ref.data(), x.data(), n, h, w, c);
          CHECK(same_or_both_nan(y, y_ref));

          const std::vector<float> dy(x.begin(), x.begin() + no);
          auto dx = random_values(ni, 13 + c), dx_ref = dx;
          k::global_avgpool_backward(dx.data(), dy.data(), n, h, w, c);
          ref::global_avgpool_backward(dx_ref.data(), dy.data(), n, h, w, c);
          CHECK(same_or_both_nan(dx, dx_ref));
        }
      }
}

TEST_CASE("pool kernels: the double overloads are the references", "[kernels]") {
  const Shape s{2, 7, 5, 3, 2};
  const int c = kN + 1;
  const auto xf = random_values(in_size(s, c), 77);
  const std::vector<double> x(xf.begin(), xf.end());
  const std::size_t no = out_size(s, c);
  std::vector<double> y(no), y_ref(no);
  std::vector<int> arg(no), arg_ref(no);
  k::maxpool_forward(y.data(), arg.data(), x.data(), s.n, s.h, s.w, c, s.k, s.stride);
  ref::maxpool_forward(y_ref.data(), arg_ref.data(), x.data(), s.n, s.h, s.w, c, s.k, s.stride);
  CHECK(y == y_ref);
  CHECK(arg == arg_ref);
  k::avgpool_forward(y.data(), x.data(), s.n, s.h, s.w, c, s.k, s.stride);
  ref::avgpool_forward(y_ref.data(), x.data(), s.n, s.h, s.w, c, s.k, s.stride);
  CHECK(y == y_ref);
}
