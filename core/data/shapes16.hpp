// Synthetic 16x16 RGB images for the 1x1 convolution lab (seed 001): two 4-class tasks built so
// that one needs channel mixing and the other needs spatial context, which a network of 1x1
// convolutions alone cannot have.
//
//   background  a dark random colour (each channel 0.05..0.35), the same for every class
//   noise       per-pixel N(0, 0.03²) clipped at 3σ on every pixel and channel, then [0, 1] and
//               8-bit levels
//   colour      ONE object (filled square, disc, plus or diamond, 3..7 px, anywhere) whose colour
//               gives the label through two channel mixes, u = R − G and v = (R + G)/2 − B:
//                 class 0  u < 0, v < 0   (blue / cyan)       1  u < 0, v > 0   (green / lime)
//                 class 2  u > 0, v < 0   (magenta / violet)  3  u > 0, v > 0   (red / orange)
//               with |u|, |v| >= 0.12 and the brightest channel >= 0.6 (it stands out from the
//               background). The shape is drawn independently of the class.
//   spatial     ONE bar, 1 px wide and 5..7 px long, whose ORIENTATION is the label:
//                 class 0 horizontal, 1 vertical, 2 diagonal (top-left to bottom-right),
//                 3 anti-diagonal (top-right to bottom-left)
//               Its colour (bright, any hue), length and the background are drawn independently of
//               the class, and every orientation covers exactly `length` pixels: the multiset of
//               pixel colours of an image has the same distribution in every class. So any
//               per-pixel function followed by global pooling (1x1 convolutions + global average
//               pooling) sees the same distribution for every class and cannot beat chance.
//
// Determinism: every draw comes from our Rng (uniform, below, normal: + − × ÷, sqrt, det_log) and
// the rendering uses only arithmetic and comparisons, so a seed gives the same bytes natively and
// in wasm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/rng.hpp"

namespace prayog::data {

constexpr int kShapesSize = 16;  // H = W
constexpr int kShapesChannels = 3;
constexpr int kShapesPixels = kShapesSize * kShapesSize;
constexpr int kShapesValues = kShapesPixels * kShapesChannels;  // one image, (H, W, 3)
constexpr int kShapesClasses = 4;

enum class ShapesTask : int { kColour = 0, kSpatial = 1 };

// Class names for legends: colour "blue", "green", "magenta", "red"; spatial "horizontal",
// "vertical", "diagonal", "antidiagonal".
const char* shapes_class_name(ShapesTask task, int cls);

// The colour task's two mixes of an RGB colour (what its label is defined by).
inline float colour_mix_u(const float* rgb) {
  return rgb[0] - rgb[1];
}
inline float colour_mix_v(const float* rgb) {
  return 0.5f * (rgb[0] + rgb[1]) - rgb[2];
}
// The colour task's class of an object colour: 2·[u > 0] + [v > 0].
int colour_class(const float* rgb);

struct ShapesConfig {
  ShapesTask task = ShapesTask::kColour;
  int train_size = 2400, heldout_size = 600;
};

// What render_shape_image drew (for tests and the page's captions).
struct ShapesInfo {
  int label = 0;
  int shape = 0;                   // colour task: 0 square, 1 disc, 2 plus, 3 diamond; spatial: 0
  int row = 0, col = 0, size = 0;  // the object's box (top-left pixel and side) or the bar's first
                                   // pixel and length
  float colour[3] = {0, 0, 0};     // object / bar colour before noise
  float background[3] = {0, 0, 0};
  int object_pixels = 0;  // pixels painted in the object's colour
};

// Renders one image of `task` with class `label`. rgb: (16, 16, 3) in [0, 1], on the 8-bit levels
// k/255. mask (optional): (16, 16), 1 where the object/bar was painted. Draws only from rng.
void render_shape_image(Rng& rng, ShapesTask task, int label, float* rgb, std::uint8_t* mask,
                        ShapesInfo* info);

struct ShapesSet {
  int count = 0;
  std::vector<std::uint8_t> pixels;  // (count, 16, 16, 3): value · 255, exact levels
  std::vector<int> labels;           // (count)
  std::vector<ShapesInfo> info;      // (count)

  // Image i as floats in [0, 1]: out (16, 16, 3).
  void image(int i, float* out) const;
  const std::uint8_t* image_bytes(int i) const {
    return pixels.data() + static_cast<std::ptrdiff_t>(i) * kShapesValues;
  }
};

// The lab's two fixed sets. Classes cycle 0, 1, 2, 3, ... (balanced sets); everything else is
// drawn: train from one stream of the seed, held-out from another.
class Shapes {
 public:
  // config sizes >= 0 (the lab passes validated values).
  Shapes(const ShapesConfig& config, std::uint64_t seed);

  const ShapesConfig& config() const { return config_; }
  const ShapesSet& train() const { return train_; }
  const ShapesSet& heldout() const { return heldout_; }

  // Bytes the two sets hold (for the memory estimate before allocating).
  static std::size_t bytes(const ShapesConfig& config);

 private:
  ShapesConfig config_;
  ShapesSet train_, heldout_;
};

}  // namespace prayog::data
