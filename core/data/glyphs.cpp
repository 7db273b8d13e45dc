#include "data/glyphs.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "nn/positional.hpp"

namespace prayog::data {

namespace {

// Our own 5x7 font (in the spirit of the classic LCD/terminal digits, drawn for this lab).
constexpr const char* kFont[kGlyphClasses][kFontRows] = {
    {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},  // 0
    {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."},  // 1
    {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"},  // 2
    {"#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."},  // 3
    {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."},  // 4
    {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."},  // 5
    {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."},  // 6
    {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."},  // 7
    {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."},  // 8
    {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."},  // 9
};

constexpr double kPi = 3.14159265358979323846;

struct Segment {
  float x0, y0, x1, y1;  // font cell centres: x = column, y = row
};

bool on(int digit, int row, int col) {
  return row >= 0 && row < kFontRows && col >= 0 && col < kFontCols &&
         kFont[digit][row][col] == '#';
}

// The pen skeleton of a digit: on cells joined to their on neighbours right, down, down-right and
// down-left; a diagonal only when neither cell beside it is on (else the corner is already drawn
// and the diagonal would thicken it); a lone cell is a dot.
std::vector<Segment> skeleton(int digit) {
  std::vector<Segment> out;
  for (int r = 0; r < kFontRows; ++r)
    for (int c = 0; c < kFontCols; ++c) {
      if (!on(digit, r, c)) continue;
      const auto fx = static_cast<float>(c), fy = static_cast<float>(r);
      bool joined = false;
      for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc)
          joined |= (dr != 0 || dc != 0) && on(digit, r + dr, c + dc);
      if (on(digit, r, c + 1)) out.push_back({fx, fy, fx + 1, fy});
      if (on(digit, r + 1, c)) out.push_back({fx, fy, fx, fy + 1});
      if (on(digit, r + 1, c + 1) && !on(digit, r, c + 1) && !on(digit, r + 1, c))
        out.push_back({fx, fy, fx + 1, fy + 1});
      if (on(digit, r + 1, c - 1) && !on(digit, r, c - 1) && !on(digit, r + 1, c))
        out.push_back({fx, fy, fx - 1, fy + 1});
      if (!joined) out.push_back({fx, fy, fx, fy});
    }
  return out;
}

const std::vector<Segment>& skeleton_of(int digit) {
  static const std::array<std::vector<Segment>, kGlyphClasses> all = [] {
    std::array<std::vector<Segment>, kGlyphClasses> a;
    for (int d = 0; d < kGlyphClasses; ++d) a[static_cast<std::size_t>(d)] = skeleton(d);
    return a;
  }();
  return all[static_cast<std::size_t>(digit)];
}

// Squared distance from (x, y) to a segment.
float dist2(const Segment& s, float x, float y) {
  const float dx = s.x1 - s.x0, dy = s.y1 - s.y0;
  const float len2 = dx * dx + dy * dy;
  float t = 0.0f;
  if (len2 > 0.0f) t = std::clamp(((x - s.x0) * dx + (y - s.y0) * dy) / len2, 0.0f, 1.0f);
  const float ex = x - (s.x0 + t * dx), ey = y - (s.y0 + t * dy);
  return ex * ex + ey * ey;
}

float clamp01(float v) {
  return v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
}

void render_set(Rng& rng, const GlyphConfig& config, int count, GlyphSet& set) {
  set.count = count;
  set.pixels.assign(static_cast<std::size_t>(count) * kGlyphPixels, 0.0f);
  set.labels.assign(static_cast<std::size_t>(count), 0);
  for (int i = 0; i < count; ++i) {
    const int digit = i % kGlyphClasses;
    set.labels[static_cast<std::size_t>(i)] = digit;
    draw_glyph(rng, config, digit,
               set.pixels.data() + static_cast<std::ptrdiff_t>(i) * kGlyphPixels);
  }
}

}  // namespace

const char* glyph_bitmap(int digit, int row) {
  if (digit < 0 || digit >= kGlyphClasses || row < 0 || row >= kFontRows) return nullptr;
  return kFont[digit][row];
}

void render_glyph(int digit, const GlyphPose& pose, float* out) {
  const std::vector<Segment>& segs = skeleton_of(digit);
  const double angle = static_cast<double>(pose.rotation) * kPi / 180.0;
  const auto sn = static_cast<float>(nn::det_sin(angle)),
             cs = static_cast<float>(nn::det_cos(angle));
  const float centre = 0.5f * kGlyphSize;
  const float fcx = 0.5f * (kFontCols - 1), fcy = 0.5f * (kFontRows - 1);  // the font's centre
  const float inv_scale = 1.0f / pose.scale, half_pen = 0.5f * pose.stroke;
  const float reach = (half_pen + 0.5f) * inv_scale;  // ink vanishes beyond, in font units
  for (int py = 0; py < kGlyphSize; ++py)
    for (int px = 0; px < kGlyphSize; ++px) {
      // Pixel centre back into font coordinates: undo shift, rotation, scale, then the slant.
      const float dx = static_cast<float>(px) + 0.5f - centre - pose.shift_x;
      const float dy = static_cast<float>(py) + 0.5f - centre - pose.shift_y;
      const float qx = (cs * dx + sn * dy) * inv_scale, qy = (cs * dy - sn * dx) * inv_scale;
      const float fy = qy + fcy, fx = qx + pose.slant * qy + fcx;
      // Farther than `reach` from the font's box is farther from every segment: no ink (the
      // same 0 the loop would give, without it).
      if (fx < -reach || fx > kFontCols - 1 + reach || fy < -reach || fy > kFontRows - 1 + reach) {
        out[py * kGlyphSize + px] = 0.0f;
        continue;
      }
      float best = 1e30f;
      for (const Segment& s : segs) best = std::min(best, dist2(s, fx, fy));
      const float dist_px = std::sqrt(best) * pose.scale;
      // A 1-px soft edge around the pen: anti-aliasing, so small shifts change pixels smoothly.
      out[py * kGlyphSize + px] = pose.ink * clamp01(half_pen - dist_px + 0.5f);
    }
}

void draw_glyph(Rng& rng, const GlyphConfig& c, int digit, float* out, GlyphPose* pose_out) {
  GlyphPose p;
  p.shift_x = rng.uniform(-c.max_shift, c.max_shift);
  p.shift_y = rng.uniform(-c.max_shift, c.max_shift);
  p.scale = rng.uniform(c.min_scale, c.max_scale);
  p.slant = rng.uniform(-c.max_slant, c.max_slant);
  p.rotation = rng.uniform(-c.max_rotation, c.max_rotation);
  p.stroke = rng.uniform(c.min_stroke, c.max_stroke);
  p.ink = rng.uniform(c.min_ink, 1.0f);
  render_glyph(digit, p, out);
  for (int i = 0; i < kGlyphPixels; ++i) {
    const float v = clamp01(out[i] + c.noise * rng.normal());
    out[i] = static_cast<float>(static_cast<int>(v * 255.0f + 0.5f)) / 255.0f;
  }
  if (pose_out) *pose_out = p;
}

Glyphs::Glyphs(const GlyphConfig& config, std::uint64_t seed) : config_(config) {
  Rng root(seed, 0x61797068ULL);  // the glyphs' own stream of the seed
  Rng train_rng = root.split();
  Rng test_rng = root.split();
  render_set(train_rng, config_, config_.train_size, train_);
  render_set(test_rng, config_, config_.test_size, test_);
}

std::size_t Glyphs::bytes(const GlyphConfig& config) {
  return static_cast<std::size_t>(config.train_size + config.test_size) *
         (kGlyphPixels * sizeof(float) + sizeof(int));
}

}  // namespace prayog::data
