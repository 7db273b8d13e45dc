#include "data/scenes.hpp"

#include <algorithm>

namespace prayog::data {

namespace {

// Bright colours for the object and the clutter alike (so colour does not tell them apart).
constexpr float kPalette[][3] = {
    {0.95f, 0.20f, 0.15f},  // red
    {0.20f, 0.85f, 0.25f},  // green
    {0.25f, 0.45f, 1.00f},  // blue
    {0.95f, 0.90f, 0.20f},  // yellow
    {0.90f, 0.25f, 0.85f},  // magenta
    {0.20f, 0.90f, 0.90f},  // cyan
    {1.00f, 0.60f, 0.10f},  // orange
    {0.95f, 0.95f, 0.95f},  // white
};
constexpr int kPaletteSize = static_cast<int>(sizeof kPalette / sizeof kPalette[0]);
constexpr float kColourJitter = 0.08f;
constexpr float kNoise = 0.03f;  // per-pixel noise σ, clipped at 3σ
constexpr int kGridPoints = 5;   // background colour field: 5x5 control points, 6 px apart

float clamp01(float v) {
  return v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
}

void draw_colour(Rng& rng, float* colour) {
  const float* p = kPalette[rng.below(kPaletteSize)];
  for (int c = 0; c < 3; ++c)
    colour[c] = clamp01(p[c] + rng.uniform(-kColourJitter, kColourJitter));
}

void background(Rng& rng, float* rgb) {
  float base[3], ctrl[kGridPoints][kGridPoints][3];
  for (float& b : base) b = rng.uniform(0.12f, 0.45f);
  for (auto& row : ctrl)
    for (auto& point : row)
      for (int c = 0; c < 3; ++c) point[c] = base[c] + rng.uniform(-0.12f, 0.12f);
  // Texture: kinds 0-3 stripes (horizontal, vertical, two diagonals) as a triangle wave of period
  // 3..6 px, kind 4 a checkerboard of 2 or 3 px squares; grey, amplitude 0.04..0.10.
  const int kind = static_cast<int>(rng.below(5));
  const float amp = rng.uniform(0.04f, 0.10f);
  const int period = 3 + static_cast<int>(rng.below(4));
  const int phase = static_cast<int>(rng.below(static_cast<std::uint32_t>(period)));
  const int square = 2 + static_cast<int>(rng.below(2));
  const int dirs[4][2] = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};  // (dy, dx) weights
  const float spacing = static_cast<float>(kSceneSize) / (kGridPoints - 1);
  for (int y = 0; y < kSceneSize; ++y)
    for (int x = 0; x < kSceneSize; ++x) {
      const float gy = (static_cast<float>(y) + 0.5f) / spacing,
                  gx = (static_cast<float>(x) + 0.5f) / spacing;
      const int iy = static_cast<int>(gy), ix = static_cast<int>(gx);  // 0..3
      const float fy = gy - static_cast<float>(iy), fx = gx - static_cast<float>(ix);
      float tex;
      if (kind < 4) {
        const int t = dirs[kind][0] * y + dirs[kind][1] * x + phase + 2 * kSceneSize * period;
        const float saw = static_cast<float>(t % period) / static_cast<float>(period);
        tex = saw < 0.5f ? 2.0f * saw : 2.0f - 2.0f * saw;
      } else {
        tex = static_cast<float>((y / square + x / square) % 2);
      }
      float* px = rgb + (y * kSceneSize + x) * kSceneChannels;
      for (int c = 0; c < 3; ++c) {
        const float top = ctrl[iy][ix][c] + fx * (ctrl[iy][ix + 1][c] - ctrl[iy][ix][c]);
        const float bottom =
            ctrl[iy + 1][ix][c] + fx * (ctrl[iy + 1][ix + 1][c] - ctrl[iy + 1][ix][c]);
        px[c] = top + fy * (bottom - top) + amp * (tex - 0.5f);
      }
    }
}

struct Box {
  int row, col, h, w;
};
// At least one background pixel between the two boxes.
bool apart(const Box& a, const Box& b) {
  return a.row + a.h + 1 <= b.row || b.row + b.h + 1 <= a.row || a.col + a.w + 1 <= b.col ||
         b.col + b.w + 1 <= a.col;
}

void paint(float* rgb, std::uint8_t* owners, int y, int x, const float* colour, Region who) {
  if (colour) {
    float* px = rgb + (y * kSceneSize + x) * kSceneChannels;
    for (int c = 0; c < 3; ++c) px[c] = colour[c];
  }
  owners[y * kSceneSize + x] = static_cast<std::uint8_t>(who);
}

// One distractor: kind 0 a diagonal stroke (4..6 px, either diagonal), 1 a 1-px bar (3..5 px,
// horizontal or vertical), 2 a 2x2 dot. None of them is, or contains, a class shape. Placed apart
// from the object and from earlier distractors (20 tries, then skipped). Returns whether drawn.
bool distractor(Rng& rng, float* rgb, std::uint8_t* owners, Box* placed, int n_placed) {
  const int kind = static_cast<int>(rng.below(3));
  const int len = kind == 0 ? 4 + static_cast<int>(rng.below(3))
                            : (kind == 1 ? 3 + static_cast<int>(rng.below(3)) : 2);
  const int orient = static_cast<int>(rng.below(2));
  Box box{0, 0, len, len};
  if (kind == 1) (orient ? box.w : box.h) = 1;  // orient 1: vertical
  float colour[3];
  draw_colour(rng, colour);
  for (int attempt = 0; attempt < 20; ++attempt) {
    box.row = static_cast<int>(rng.below(static_cast<std::uint32_t>(kSceneSize - box.h + 1)));
    box.col = static_cast<int>(rng.below(static_cast<std::uint32_t>(kSceneSize - box.w + 1)));
    bool ok = true;
    for (int i = 0; i < n_placed && ok; ++i) ok = apart(box, placed[i]);
    if (!ok) continue;
    for (int i = 0; i < len; ++i) {
      if (kind == 0) {
        paint(rgb, owners, box.row + i, orient ? box.col + i : box.col + len - 1 - i, colour,
              Region::kDistractor);
      } else if (kind == 1) {
        paint(rgb, owners, box.row + (orient ? i : 0), box.col + (orient ? 0 : i), colour,
              Region::kDistractor);
      } else {
        for (int j = 0; j < len; ++j)
          paint(rgb, owners, box.row + i, box.col + j, colour, Region::kDistractor);
      }
    }
    placed[n_placed] = box;
    return true;
  }
  return false;
}

void build_set(Rng& rng, const SceneConfig& config, int count, SceneSet& set) {
  set.count = count;
  set.grid = config.grid();
  const std::size_t n = static_cast<std::size_t>(count);
  set.pixels.assign(n * kSceneValues, 0);
  set.owners.assign(n * kScenePixels, 0);
  set.cells.assign(n * static_cast<std::size_t>(config.cells()), 0);
  set.labels.assign(n, 0);
  set.info.assign(n, SceneInfo{});
  std::vector<float> rgb(kSceneValues);
  for (int i = 0; i < count; ++i) {
    const int label = i % kSceneClasses;
    std::uint8_t* owners = set.owners.data() + static_cast<std::ptrdiff_t>(i) * kScenePixels;
    render_scene(rng, config, label, rgb.data(), owners, &set.info[static_cast<std::size_t>(i)]);
    std::uint8_t* bytes = set.pixels.data() + static_cast<std::ptrdiff_t>(i) * kSceneValues;
    for (int v = 0; v < kSceneValues; ++v)
      bytes[v] = static_cast<std::uint8_t>(rgb[static_cast<std::size_t>(v)] * 255.0f + 0.5f);
    cell_regions(owners, config.cell,
                 set.cells.data() + static_cast<std::ptrdiff_t>(i) * config.cells());
    set.labels[static_cast<std::size_t>(i)] = label;
  }
}

}  // namespace

const char* shape_name(int cls) {
  static const char* const kNames[] = {"cross", "ring", "triangle", "square"};
  return cls >= 0 && cls < kSceneClasses ? kNames[cls] : "";
}

const char* region_name(Region region) {
  switch (region) {
    case Region::kBackground:
      return "background";
    case Region::kObject:
      return "object";
    case Region::kDistractor:
      return "distractor";
  }
  return "";
}

bool shape_covers(SceneShape shape, int size, int row, int col) {
  if (row < 0 || col < 0 || row >= size || col >= size) return false;
  // Pixel centre in box coordinates u (right), v (down) in (-1/2, 1/2), scaled by 2·size to the
  // odd integers U = 2·col + 1 - size, V = 2·row + 1 - size: integer tests, exactly symmetric.
  const int u = 2 * col + 1 - size, v = 2 * row + 1 - size;
  const int au = u < 0 ? -u : u, av = v < 0 ? -v : v, r2 = u * u + v * v;
  switch (shape) {
    case SceneShape::kCross:  // a plus: two bars through the centre, |u| < 0.17 (2-3 px thick)
      return 100 * au < 34 * size || 100 * av < 34 * size;
    case SceneShape::kRing:  // an annulus, radii 0.3 and 0.5 of the box
      return 100 * r2 >= 36 * size * size && r2 <= size * size;
    case SceneShape::kTriangle:  // apex at the top centre, base along the bottom row
      return au <= row + 1;
    case SceneShape::kSquare:
      return true;
  }
  return false;
}

bool shape_silhouette(SceneShape shape, int size, int row, int col) {
  if (shape != SceneShape::kRing) return shape_covers(shape, size, row, col);
  if (row < 0 || col < 0 || row >= size || col >= size) return false;
  const int u = 2 * col + 1 - size, v = 2 * row + 1 - size;
  return u * u + v * v <= size * size;  // the ring's disc, hole included
}

void render_scene(Rng& rng, const SceneConfig& config, int label, float* rgb, std::uint8_t* owners,
                  SceneInfo* info) {
  std::fill(owners, owners + kScenePixels, static_cast<std::uint8_t>(Region::kBackground));
  background(rng, rgb);

  SceneInfo in;
  in.label = label;
  in.size = config.min_size + static_cast<int>(rng.below(static_cast<std::uint32_t>(
                                  config.max_size - config.min_size + 1)));
  in.row = static_cast<int>(rng.below(static_cast<std::uint32_t>(kSceneSize - in.size + 1)));
  in.col = static_cast<int>(rng.below(static_cast<std::uint32_t>(kSceneSize - in.size + 1)));
  draw_colour(rng, in.colour);
  const auto shape = static_cast<SceneShape>(label);
  for (int y = 0; y < in.size; ++y)
    for (int x = 0; x < in.size; ++x)
      if (shape_silhouette(shape, in.size, y, x))
        paint(rgb, owners, in.row + y, in.col + x,
              shape_covers(shape, in.size, y, x) ? in.colour : nullptr, Region::kObject);

  Box placed[1 + 8];
  placed[0] = Box{in.row, in.col, in.size, in.size};
  int n_placed = 1;
  const int wanted =
      config.min_distractors + static_cast<int>(rng.below(static_cast<std::uint32_t>(
                                   config.max_distractors - config.min_distractors + 1)));
  for (int k = 0; k < wanted && n_placed < 9; ++k)
    if (distractor(rng, rgb, owners, placed, n_placed)) ++n_placed;
  in.distractors = n_placed - 1;

  for (int i = 0; i < kSceneValues; ++i) {
    float z = rng.normal();
    z = z < -3.0f ? -3.0f : (z > 3.0f ? 3.0f : z);
    // 8-bit levels: what the set stores, so a rendered image equals its stored bytes / 255.
    const float v = clamp01(rgb[i] + kNoise * z);
    rgb[i] = static_cast<float>(static_cast<int>(v * 255.0f + 0.5f)) / 255.0f;
  }
  if (info) *info = in;
}

void cell_regions(const std::uint8_t* owners, int cell, std::uint8_t* cells) {
  const int g = kSceneSize / cell;
  for (int cy = 0; cy < g; ++cy)
    for (int cx = 0; cx < g; ++cx) {
      bool object = false, distractor = false;
      for (int y = cy * cell; y < (cy + 1) * cell; ++y)
        for (int x = cx * cell; x < (cx + 1) * cell; ++x) {
          const auto r = static_cast<Region>(owners[y * kSceneSize + x]);
          object = object || r == Region::kObject;
          distractor = distractor || r == Region::kDistractor;
        }
      cells[cy * g + cx] = static_cast<std::uint8_t>(
          object ? Region::kObject : (distractor ? Region::kDistractor : Region::kBackground));
    }
}

void SceneSet::image(int i, float* out) const {
  const std::uint8_t* b = image_bytes(i);
  for (int v = 0; v < kSceneValues; ++v) out[v] = static_cast<float>(b[v]) / 255.0f;
}

Scenes::Scenes(const SceneConfig& config, std::uint64_t seed) : config_(config) {
  Rng root(seed, 0x5ce7e5da7a5e7ULL);  // a stream of its own: scenes never share draws
  Rng train_rng = root.split(), heldout_rng = root.split();
  build_set(train_rng, config_, config_.train_size, train_);
  build_set(heldout_rng, config_, config_.heldout_size, heldout_);
}

std::size_t Scenes::bytes(const SceneConfig& config) {
  const std::size_t per_image = kSceneValues + kScenePixels +
                                static_cast<std::size_t>(config.cells()) + sizeof(int) +
                                sizeof(SceneInfo);
  return per_image * static_cast<std::size_t>(config.train_size + config.heldout_size);
}

}  // namespace prayog::data
