// Synthetic digit glyphs of the pretraining lab: the font, determinism and a golden checksum
// (native and wasm must match bit for bit), balanced labels, pixels on the 8-bit levels, and that
// the pose parameters do what they say.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <vector>

#include "base/rng.hpp"
#include "data/glyphs.hpp"

using namespace prayog;
using namespace prayog::data;

namespace {

GlyphConfig small_config(int train, int test) {
  GlyphConfig c;
  c.train_size = train;
  c.test_size = test;
  return c;
}

double ink(const float* img) {
  double s = 0.0;
  for (int i = 0; i < kGlyphPixels; ++i) s += img[i];
  return s;
}

// Centre of mass (x, y) of a glyph's ink.
void centroid(const float* img, double& cx, double& cy) {
  double s = 0.0;
  cx = cy = 0.0;
  for (int y = 0; y < kGlyphSize; ++y)
    for (int x = 0; x < kGlyphSize; ++x) {
      const double v = img[y * kGlyphSize + x];
      s += v;
      cx += v * x;
      cy += v * y;
    }
  cx /= s;
  cy /= s;
}

}  // namespace

TEST_CASE("glyphs: the font has ten distinct 5x7 digits", "[nn]") {
  for (int d = 0; d < kGlyphClasses; ++d) {
    int on = 0;
    for (int r = 0; r < kFontRows; ++r) {
      const char* row = glyph_bitmap(d, r);
      REQUIRE(row != nullptr);
      REQUIRE(std::strlen(row) == static_cast<std::size_t>(kFontCols));
      for (int c = 0; c < kFontCols; ++c) on += row[c] == '#';
    }
    CHECK(on >= 7);
    for (int e = 0; e < d; ++e) {
      bool same = true;
      for (int r = 0; r < kFontRows; ++r)
        same = same && std::strcmp(glyph_bitmap(d, r), glyph_bitmap(e, r)) == 0;
      CHECK_FALSE(same);
    }
  }
  CHECK(glyph_bitmap(10, 0) == nullptr);
  CHECK(glyph_bitmap(0, 7) == nullptr);
}

TEST_CASE("glyphs: a centred upright glyph draws its bitmap", "[nn]") {
  // Scale 2 px per font cell, centred, no slant or rotation: the font cell (r, c) centre lands on
  // pixel (8 + 2 (c - 2) - 0.5, 8 + 2 (r - 3) - 0.5), i.e. between pixels; its 2x2 block is inked
  // exactly where the bitmap is on and far from every on cell elsewhere.
  GlyphPose p;
  p.scale = 2.0f;
  p.stroke = 1.6f;
  p.ink = 1.0f;
  std::vector<float> img(kGlyphPixels);
  for (int d = 0; d < kGlyphClasses; ++d) {
    render_glyph(d, p, img.data());
    for (int r = 0; r < kFontRows; ++r)
      for (int c = 0; c < kFontCols; ++c) {
        const int y = 8 + 2 * (r - 3) - 1, x = 8 + 2 * (c - 2) - 1;  // top-left of the block
        float block = 0.0f;
        for (int dy = 0; dy < 2; ++dy)
          for (int dx = 0; dx < 2; ++dx) block += img[(y + dy) * kGlyphSize + x + dx];
        INFO("digit " << d << " cell (" << r << ", " << c << ")");
        if (glyph_bitmap(d, r)[c] == '#') CHECK(block > 2.0f);
      }
    for (float v : img) CHECK((v >= 0.0f && v <= 1.0f));
  }
}

TEST_CASE("glyphs: sets are deterministic, balanced, on 8-bit levels", "[nn]") {
  const GlyphConfig c = small_config(200, 50);
  const Glyphs a(c, 7), b(c, 7), other(c, 8);
  REQUIRE(a.train().count == 200);
  REQUIRE(a.test().count == 50);
  REQUIRE(a.train().pixels.size() == 200u * kGlyphPixels);
  CHECK(a.train().pixels == b.train().pixels);
  CHECK(a.test().pixels == b.test().pixels);
  CHECK(a.train().pixels != other.train().pixels);
  CHECK(a.train().pixels != a.test().pixels);  // train and test come from different streams
  int counts[kGlyphClasses] = {};
  for (int l : a.train().labels) ++counts[l];
  for (int n : counts) CHECK(n == 20);
  for (int i = 0; i < 100; ++i) CHECK(a.train().labels[static_cast<std::size_t>(i)] == i % 10);
  for (float v : a.train().pixels) {
    const float k = v * 255.0f;
    REQUIRE(k == std::floor(k));
    REQUIRE((v >= 0.0f && v <= 1.0f));
  }
  // Every glyph has ink, and not too much (a digit, not a blot).
  for (int i = 0; i < a.train().count; ++i) {
    const double s = ink(a.train().image(i));
    CHECK((s > 15.0 && s < 140.0));
  }
}

TEST_CASE("glyphs: same seed same bytes, golden checksum of a small set", "[golden]") {
  // Same bytes natively and in wasm: rendering is + - * / sqrt, det_sin/det_cos and our Rng.
  const Glyphs g(small_config(200, 50), 7);
  std::vector<float> all = g.train().pixels;
  all.insert(all.end(), g.test().pixels.begin(), g.test().pixels.end());
  const std::uint64_t sum = checksum_bits(all.data(), all.size());
  INFO("checksum 0x" << std::hex << sum);
  CHECK(sum == 0xc2026810436c6cd9ULL);
}

TEST_CASE("glyphs: shift moves the ink, stroke thickens it, rotation turns it", "[nn]") {
  GlyphPose p;
  p.scale = 1.8f;
  p.stroke = 1.4f;
  std::vector<float> base(kGlyphPixels), moved(kGlyphPixels), thick(kGlyphPixels),
      turned(kGlyphPixels);
  render_glyph(1, p, base.data());
  GlyphPose q = p;
  q.shift_x = 2.0f;
  q.shift_y = -1.0f;
  render_glyph(1, q, moved.data());
  double bx, by, mx, my;
  centroid(base.data(), bx, by);
  centroid(moved.data(), mx, my);
  CHECK(mx - bx == Approx(2.0).margin(0.2));
  CHECK(my - by == Approx(-1.0).margin(0.2));
  q = p;
  q.stroke = 2.6f;
  render_glyph(1, q, thick.data());
  CHECK(ink(thick.data()) > 1.4 * ink(base.data()));
  // The "1" is a vertical bar: rotated by 15 degrees its ink spreads sideways.
  q = p;
  q.rotation = 15.0f;
  render_glyph(7, p, base.data());
  render_glyph(7, q, turned.data());
  CHECK(base != turned);
  CHECK(ink(turned.data()) == Approx(ink(base.data())).epsilon(0.15));
}
