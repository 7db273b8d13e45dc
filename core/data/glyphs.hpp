// Synthetic handwritten-like digit glyphs for the greedy layer-wise pretraining lab (seed 002):
// 16x16 grey images of the digits 0-9, rendered from a 5x7 bitmap font of our own.
//
//   font      every digit a 5x7 bitmap (glyph_bitmap); its "on" cells are joined to their on
//             8-neighbours by line segments (a diagonal only where no orthogonal neighbour
//             already turns the corner), so a bitmap becomes a pen skeleton
//   pose      per glyph: shift (±max_shift px), scale (pixels per font cell), slant (a shear, like
//             italic handwriting), rotation (±max_rotation degrees, det_sin/det_cos)
//   pen       stroke width (px) and ink darkness drawn per glyph; a pixel's ink is an anti-aliased
//             function of its distance to the nearest skeleton segment (1-px soft edge)
//   noise     per-pixel N(0, noise²) on every pixel, then clipped to [0, 1] and put on the 8-bit
//             levels k/255 (so the sets store bytes and a value reads back exactly)
//
// Ink is 1, paper 0 (MNIST's convention, and what a sigmoid decoder reconstructs).
//
// Determinism: draws only from our Rng; rendering uses + - * / sqrt and comparisons, and the
// rotation det_sin/det_cos (nn/positional.hpp), so a seed gives the same bytes natively and in
// wasm (golden checksum in tests/data/test_glyphs.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/rng.hpp"

namespace prayog::data {

constexpr int kGlyphSize = 16;  // H = W
constexpr int kGlyphPixels = kGlyphSize * kGlyphSize;
constexpr int kGlyphClasses = 10;
constexpr int kFontCols = 5, kFontRows = 7;

// Row r of digit d's bitmap: kFontCols characters, '#' on and '.' off. d in 0..9, r in 0..6.
const char* glyph_bitmap(int digit, int row);

struct GlyphConfig {
  int train_size = 10000, test_size = 2000;
  float max_shift = 2.0f;   // px, each axis, uniform
  float min_scale = 1.55f;  // pixels per font cell (7 rows x 1.8 px ~ a 12-px tall digit)
  float max_scale = 2.05f;
  float max_slant = 0.25f;                     // horizontal shear per unit of height, uniform ±
  float max_rotation = 15.0f;                  // degrees, uniform ±
  float min_stroke = 1.2f, max_stroke = 2.6f;  // pen width in px
  float min_ink = 0.75f;                       // darkest ink is 1
  float noise = 0.08f;                         // per-pixel σ
};

struct GlyphPose {
  float shift_x = 0, shift_y = 0, scale = 1, slant = 0, rotation = 0;  // rotation in degrees
  float stroke = 1, ink = 1;
};

// Renders digit `digit` with `pose` (no noise): out (16, 16) in [0, 1], not yet quantised.
void render_glyph(int digit, const GlyphPose& pose, float* out);

// Draws a pose, renders, adds noise, clips and quantises: out (16, 16) on the levels k/255.
// Draws only from rng; `pose` (optional) receives what was drawn.
void draw_glyph(Rng& rng, const GlyphConfig& config, int digit, float* out,
                GlyphPose* pose = nullptr);

struct GlyphSet {
  int count = 0;
  std::vector<float> pixels;  // (count, 16, 16), k/255
  std::vector<int> labels;    // (count), 0..9

  const float* image(int i) const {
    return pixels.data() + static_cast<std::ptrdiff_t>(i) * kGlyphPixels;
  }
};

// The lab's two fixed sets. Labels cycle 0, 1, ..., 9, 0, ... (any prefix of the train set is
// class-balanced: the lab's labelled subset is the first `labelled` fraction); poses and noise are
// drawn, train from one stream of the seed, test from another.
class Glyphs {
 public:
  Glyphs(const GlyphConfig& config, std::uint64_t seed);

  const GlyphConfig& config() const { return config_; }
  const GlyphSet& train() const { return train_; }
  const GlyphSet& test() const { return test_; }

  // Bytes the two sets hold (for the memory estimate before allocating).
  static std::size_t bytes(const GlyphConfig& config);

 private:
  GlyphConfig config_;
  GlyphSet train_, test_;
};

}  // namespace prayog::data
