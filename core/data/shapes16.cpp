#include "data/shapes16.hpp"

#include <algorithm>

namespace prayog::data {

namespace {

constexpr float kNoise = 0.03f;                // per-pixel noise σ, clipped at 3σ
constexpr float kMixMargin = 0.12f;            // colour task: |u|, |v| at least this far from 0
constexpr float kBright = 0.6f;                // object / bar: brightest channel at least this
constexpr float kBackgroundLo = 0.05f;         // background channels in [lo, hi): darker than any
constexpr float kBackgroundHi = 0.35f;         // object (whose brightest channel is >= kBright)
constexpr int kMinObject = 4, kMaxObject = 7;  // colour task: object box side
constexpr int kMinBar = 5, kMaxBar = 7;        // spatial task: bar length

float clamp01(float v) {
  return v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
}

float brightest(const float* c) {
  return std::max(c[0], std::max(c[1], c[2]));
}

// A bright colour of any hue (spatial task): uniform in the unit cube, rejected until bright.
void bright_colour(Rng& rng, float* c) {
  do {
    for (int k = 0; k < 3; ++k) c[k] = rng.uniform();
  } while (brightest(c) < kBright);
}

// A bright colour of class `label` with both mixes clear of the class boundaries (colour task).
void class_colour(Rng& rng, int label, float* c) {
  for (;;) {
    bright_colour(rng, c);
    const float u = colour_mix_u(c), v = colour_mix_v(c);
    if (u > -kMixMargin && u < kMixMargin) continue;
    if (v > -kMixMargin && v < kMixMargin) continue;
    if (colour_class(c) == label) return;
  }
}

// Object masks in a size x size box, from the pixel centre in odd-integer box coordinates
// U = 2·col + 1 − size, V = 2·row + 1 − size (integer tests, exactly symmetric).
bool object_covers(int shape, int size, int row, int col) {
  const int u = 2 * col + 1 - size, v = 2 * row + 1 - size;
  const int au = u < 0 ? -u : u, av = v < 0 ? -v : v;
  switch (shape) {
    case 0:  // filled square
      return true;
    case 1:  // disc
      return u * u + v * v <= size * size;
    case 2:  // plus: two bars through the centre, about 0.4 of the side thick
      return 10 * au < 4 * size || 10 * av < 4 * size;
    case 3:  // diamond
      return au + av <= size;
  }
  return false;
}

void paint(float* rgb, std::uint8_t* mask, int y, int x, const float* colour) {
  float* px = rgb + (y * kShapesSize + x) * kShapesChannels;
  for (int c = 0; c < 3; ++c) px[c] = colour[c];
  if (mask) mask[y * kShapesSize + x] = 1;
}

void build_set(Rng& rng, ShapesTask task, int count, ShapesSet& set) {
  set.count = count;
  const std::size_t n = static_cast<std::size_t>(count);
  set.pixels.assign(n * kShapesValues, 0);
  set.labels.assign(n, 0);
  set.info.assign(n, ShapesInfo{});
  float rgb[kShapesValues];
  for (int i = 0; i < count; ++i) {
    const int label = i % kShapesClasses;
    render_shape_image(rng, task, label, rgb, nullptr, &set.info[static_cast<std::size_t>(i)]);
    std::uint8_t* bytes = set.pixels.data() + static_cast<std::ptrdiff_t>(i) * kShapesValues;
    for (int v = 0; v < kShapesValues; ++v)
      bytes[v] = static_cast<std::uint8_t>(rgb[v] * 255.0f + 0.5f);
    set.labels[static_cast<std::size_t>(i)] = label;
  }
}

}  // namespace

const char* shapes_class_name(ShapesTask task, int cls) {
  static const char* const kColour[] = {"blue", "green", "magenta", "red"};
  static const char* const kSpatial[] = {"horizontal", "vertical", "diagonal", "antidiagonal"};
  if (cls < 0 || cls >= kShapesClasses) return "";
  return task == ShapesTask::kColour ? kColour[cls] : kSpatial[cls];
}

int colour_class(const float* rgb) {
  return 2 * (colour_mix_u(rgb) > 0.0f ? 1 : 0) + (colour_mix_v(rgb) > 0.0f ? 1 : 0);
}

void render_shape_image(Rng& rng, ShapesTask task, int label, float* rgb, std::uint8_t* mask,
                        ShapesInfo* info) {
  ShapesInfo in;
  in.label = label;
  for (float& b : in.background) b = rng.uniform(kBackgroundLo, kBackgroundHi);
  for (int p = 0; p < kShapesPixels; ++p)
    for (int c = 0; c < 3; ++c) rgb[p * kShapesChannels + c] = in.background[c];
  if (mask) std::fill(mask, mask + kShapesPixels, std::uint8_t{0});

  if (task == ShapesTask::kColour) {
    in.shape = static_cast<int>(rng.below(4));
    in.size = kMinObject + static_cast<int>(rng.below(kMaxObject - kMinObject + 1));
    in.row = static_cast<int>(rng.below(static_cast<std::uint32_t>(kShapesSize - in.size + 1)));
    in.col = static_cast<int>(rng.below(static_cast<std::uint32_t>(kShapesSize - in.size + 1)));
    class_colour(rng, label, in.colour);
    for (int y = 0; y < in.size; ++y)
      for (int x = 0; x < in.size; ++x)
        if (object_covers(in.shape, in.size, y, x)) {
          paint(rgb, mask, in.row + y, in.col + x, in.colour);
          ++in.object_pixels;
        }
  } else {
    // The bar: `size` pixels whatever the orientation (the class), so the pixel-colour multiset
    // does not depend on the class.
    in.size = kMinBar + static_cast<int>(rng.below(kMaxBar - kMinBar + 1));
    const int len = in.size;
    const int rows = label == 0 ? kShapesSize : kShapesSize - len + 1;  // top-left choices
    const int cols = label == 1 ? kShapesSize : kShapesSize - len + 1;
    // Colour and length are drawn before the class-dependent position: from the same generator
    // state every class gets the same background, colour and length (tested).
    bright_colour(rng, in.colour);
    in.row = static_cast<int>(rng.below(static_cast<std::uint32_t>(rows)));
    in.col = static_cast<int>(rng.below(static_cast<std::uint32_t>(cols)));
    for (int i = 0; i < len; ++i) {
      const int y = label == 0 ? in.row : in.row + i;
      const int x = label == 0   ? in.col + i
                    : label == 1 ? in.col
                    : label == 2 ? in.col + i
                                 : in.col + len - 1 - i;
      paint(rgb, mask, y, x, in.colour);
      ++in.object_pixels;
    }
  }

  for (int i = 0; i < kShapesValues; ++i) {
    float z = rng.normal();
    z = z < -3.0f ? -3.0f : (z > 3.0f ? 3.0f : z);
    // 8-bit levels: what the set stores, so a rendered image equals its stored bytes / 255.
    const float v = clamp01(rgb[i] + kNoise * z);
    rgb[i] = static_cast<float>(static_cast<int>(v * 255.0f + 0.5f)) / 255.0f;
  }
  if (info) *info = in;
}

void ShapesSet::image(int i, float* out) const {
  const std::uint8_t* b = image_bytes(i);
  for (int v = 0; v < kShapesValues; ++v) out[v] = static_cast<float>(b[v]) / 255.0f;
}

Shapes::Shapes(const ShapesConfig& config, std::uint64_t seed) : config_(config) {
  Rng root(seed, 0x16a9e5c01015ULL);  // a stream of its own: the images never share draws
  Rng train_rng = root.split(), heldout_rng = root.split();
  build_set(train_rng, config_.task, config_.train_size, train_);
  build_set(heldout_rng, config_.task, config_.heldout_size, heldout_);
}

std::size_t Shapes::bytes(const ShapesConfig& config) {
  const std::size_t per_image = kShapesValues + sizeof(int) + sizeof(ShapesInfo);
  return per_image * static_cast<std::size_t>(config.train_size + config.heldout_size);
}

}  // namespace prayog::data
