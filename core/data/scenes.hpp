// Synthetic scenes for "attention over images" (the attention lab, seed 000): a 24x24 RGB image
// with ONE object of one of four classes among clutter on a textured background. The class is
// told by the object's SHAPE only (its colour is drawn from the same palette as the clutter's), so
// a classifier has to find the object: what the learned query of spatial attention is for.
//
//   background  smooth colour field (a 5x5 grid of muted colours, bilinear) + a texture (stripes
//               in one of four directions or a checkerboard, small amplitude)
//   object      class 0 cross (plus), 1 ring, 2 triangle (filled, apex up), 3 square (filled),
//               size 6..8 px, anywhere in the image, a bright palette colour with jitter
//   clutter     1..3 distractors that are NOT class shapes: diagonal strokes, 1-px bars (3-5 px
//               long) and 2x2 dots, bright palette colours, never touching the object
//   noise       per-pixel N(0, 0.03²) clipped at 3σ on every pixel, then [0, 1] and 8-bit levels
//
// Region labels, per pixel (the object's silhouette, else who drew it) and per feature-map cell
// (the CNN's stride: cell = 2 px gives the lab's 12x12 map): a cell is "object" if any of its
// pixels is an object pixel, else "distractor" if any is a distractor pixel, else "background". An
// 8x8 object spans at most 5x5 of the 12x12 cells: at most 25/144 = 17% of the cells (< 25%,
// tested).
//
// Determinism: every draw comes from our Rng and the rendering uses only + - * / and comparisons,
// so a seed gives the same bytes natively and in wasm (golden checksum in tests/data).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/rng.hpp"

namespace prayog::data {

constexpr int kSceneSize = 24;  // H = W
constexpr int kSceneChannels = 3;
constexpr int kScenePixels = kSceneSize * kSceneSize;
constexpr int kSceneValues = kScenePixels * kSceneChannels;  // one image, (H, W, 3)
constexpr int kSceneClasses = 4;
constexpr int kSceneMaxObjectSize = 8;

enum class SceneShape : int { kCross = 0, kRing = 1, kTriangle = 2, kSquare = 3 };
enum class Region : std::uint8_t { kBackground = 0, kObject = 1, kDistractor = 2 };
constexpr int kRegions = 3;

// "cross", "ring", "triangle", "square" (class ids 0..3); "background", "object", "distractor".
const char* shape_name(int cls);
const char* region_name(Region region);

// True when pixel (row, col) of a size x size box is painted in the object's colour.
bool shape_covers(SceneShape shape, int size, int row, int col);
// True when the pixel lies within the object's outline: what the region labels call "object".
// The same as shape_covers except for the ring, whose hole belongs to the ring (a model that looks
// at the ring's centre is looking at the ring).
bool shape_silhouette(SceneShape shape, int size, int row, int col);

struct SceneConfig {
  int cell = 2;  // pixels per feature-map cell (the CNN's total stride); divides kSceneSize
  int min_size = 6, max_size = 8;  // object box, <= kSceneMaxObjectSize
  int min_distractors = 1, max_distractors = 3;
  int train_size = 2048, heldout_size = 512;

  int grid() const { return kSceneSize / cell; }  // feature map is grid x grid
  int cells() const { return grid() * grid(); }
};

struct SceneInfo {
  int label = 0;                   // class id = SceneShape
  int row = 0, col = 0, size = 0;  // the object's box: top-left pixel and side
  float colour[3] = {0, 0, 0};     // the object's colour before noise
  int distractors = 0;
};

// Renders one scene. rgb: (24, 24, 3) in [0, 1], already on the 8-bit levels k/255; owners:
// (24, 24) Region of each pixel. Draws only from rng.
void render_scene(Rng& rng, const SceneConfig& config, int label, float* rgb, std::uint8_t* owners,
                  SceneInfo* info);

// Per-cell regions from per-pixel owners (rule above). owners: (24, 24)   cells: (G, G), G =
// 24/cell
void cell_regions(const std::uint8_t* owners, int cell, std::uint8_t* cells);

struct SceneSet {
  int count = 0;
  int grid = 0;                      // G
  std::vector<std::uint8_t> pixels;  // (count, 24, 24, 3): value · 255, exact levels
  std::vector<std::uint8_t> owners;  // (count, 24, 24) Region
  std::vector<std::uint8_t> cells;   // (count, G, G) Region
  std::vector<int> labels;           // (count)
  std::vector<SceneInfo> info;       // (count)

  // Image i as floats in [0, 1]: out (24, 24, 3).
  void image(int i, float* out) const;
  const std::uint8_t* image_bytes(int i) const {
    return pixels.data() + static_cast<std::ptrdiff_t>(i) * kSceneValues;
  }
  const std::uint8_t* pixel_owners(int i) const {
    return owners.data() + static_cast<std::ptrdiff_t>(i) * kScenePixels;
  }
  const std::uint8_t* cell_labels(int i) const {
    return cells.data() + static_cast<std::ptrdiff_t>(i) * grid * grid;
  }
};

// The lab's two fixed sets. Classes cycle 0, 1, 2, 3, ... (balanced sets); everything else is
// drawn: train from one stream of the seed, held-out from another.
class Scenes {
 public:
  // config is valid (cell divides 24, 1 <= min_size <= max_size <= 8, 0 <= min_distractors <=
  // max_distractors, sizes >= 0): the lab passes validated values.
  Scenes(const SceneConfig& config, std::uint64_t seed);

  const SceneConfig& config() const { return config_; }
  const SceneSet& train() const { return train_; }
  const SceneSet& heldout() const { return heldout_; }

  // Bytes the two sets hold (for the memory estimate before allocating).
  static std::size_t bytes(const SceneConfig& config);

 private:
  SceneConfig config_;
  SceneSet train_, heldout_;
};

}  // namespace prayog::data
