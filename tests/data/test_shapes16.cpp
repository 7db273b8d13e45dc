// The 1x1 lab's 16x16 images: determinism and a golden checksum (native and wasm match bit for
// bit), the colour task's labels follow its channel mixes, and the spatial task's classes differ
// only in where the bar's pixels are (same background, colour and pixel count for every class).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "base/rng.hpp"
#include "data/shapes16.hpp"

using namespace prayog;
using namespace prayog::data;

namespace {

ShapesConfig small_config(ShapesTask task, int train, int heldout) {
  ShapesConfig c;
  c.task = task;
  c.train_size = train;
  c.heldout_size = heldout;
  return c;
}

std::vector<float> flatten(const ShapesSet& s, int n) {
  std::vector<float> out, img(kShapesValues);
  for (int i = 0; i < n; ++i) {
    s.image(i, img.data());
    out.insert(out.end(), img.begin(), img.end());
    const ShapesInfo& in = s.info[static_cast<std::size_t>(i)];
    for (int v : {s.labels[static_cast<std::size_t>(i)], in.shape, in.row, in.col, in.size})
      out.push_back(static_cast<float>(v));
  }
  return out;
}

}  // namespace

TEST_CASE("shapes16: same seed same bytes, golden checksums of the first images", "[golden]") {
  for (ShapesTask task : {ShapesTask::kColour, ShapesTask::kSpatial}) {
    const ShapesConfig config = small_config(task, 8, 4);
    const Shapes a(config, 2026), b(config, 2026), other(config, 2027);
    CHECK(a.train().pixels == b.train().pixels);
    CHECK(a.heldout().pixels == b.heldout().pixels);
    CHECK(a.train().pixels != other.train().pixels);
    CHECK(a.train().pixels != a.heldout().pixels);
    // The held-out set has a stream of its own: it does not depend on the training set's size.
    const Shapes bigger(small_config(task, 16, 4), 2026);
    CHECK(bigger.heldout().pixels == a.heldout().pixels);
    const auto train = flatten(a.train(), 8), held = flatten(a.heldout(), 4);
    const std::uint64_t ct = checksum_bits(train.data(), train.size()),
                        ch = checksum_bits(held.data(), held.size());
    INFO("task " << static_cast<int>(task) << ": checksums " << ct << " " << ch);
    if (task == ShapesTask::kColour) {
      CHECK(ct == 1581874760448873744ULL);
      CHECK(ch == 1336284705288457567ULL);
    } else {
      CHECK(ct == 8766413030396053413ULL);
      CHECK(ch == 10744161693101982947ULL);
    }
  }
}

TEST_CASE("shapes16: colour labels follow the two channel mixes of the object colour", "[nn]") {
  const Shapes s(small_config(ShapesTask::kColour, 400, 40), 5);
  const ShapesSet& t = s.train();
  int per_class[4] = {0, 0, 0, 0}, shapes[4] = {0, 0, 0, 0};
  std::vector<float> img(kShapesValues);
  for (int i = 0; i < t.count; ++i) {
    const ShapesInfo& in = t.info[static_cast<std::size_t>(i)];
    INFO("image " << i);
    REQUIRE(t.labels[static_cast<std::size_t>(i)] == i % 4);  // balanced, cycling
    CHECK(colour_class(in.colour) == in.label);
    CHECK(std::fabs(colour_mix_u(in.colour)) >= 0.12f);
    CHECK(std::fabs(colour_mix_v(in.colour)) >= 0.12f);
    CHECK(std::max(in.colour[0], std::max(in.colour[1], in.colour[2])) >= 0.6f);
    for (float b : in.background) CHECK((b >= 0.05f && b < 0.35f));
    CHECK(in.object_pixels >= 6);
    CHECK(in.row + in.size <= kShapesSize);
    CHECK(in.col + in.size <= kShapesSize);
    ++per_class[in.label];
    ++shapes[in.shape];
    // The stored image is the rendering: the object's pixels near its colour (noise ≤ 3σ = 0.09,
    // 8-bit rounding), every value on the 8-bit levels.
    t.image(i, img.data());
    for (float v : img) CHECK(std::fabs(v * 255.0f - std::round(v * 255.0f)) < 1e-3f);
    const int centre = (in.row + in.size / 2) * kShapesSize + in.col + in.size / 2;
    for (int c = 0; c < 3; ++c)
      CHECK(std::fabs(img[static_cast<std::size_t>(centre * 3 + c)] - in.colour[c]) <= 0.095f);
  }
  for (int k = 0; k < 4; ++k) {
    CHECK(per_class[k] == 100);
    CHECK(shapes[k] > 60);  // every shape, drawn independently of the class
  }
}

TEST_CASE("shapes16: render_shape_image paints its mask in the object's colour", "[nn]") {
  for (ShapesTask task : {ShapesTask::kColour, ShapesTask::kSpatial})
    for (int label = 0; label < 4; ++label) {
      Rng rng(77 + static_cast<std::uint64_t>(label));
      float rgb[kShapesValues];
      std::uint8_t mask[kShapesPixels];
      ShapesInfo in;
      render_shape_image(rng, task, label, rgb, mask, &in);
      int painted = 0;
      for (int p = 0; p < kShapesPixels; ++p) {
        const float* ref = mask[p] ? in.colour : in.background;
        painted += mask[p];
        for (int c = 0; c < 3; ++c) CHECK(std::fabs(rgb[p * 3 + c] - ref[c]) <= 0.095f);
      }
      CHECK(painted == in.object_pixels);
    }
}

TEST_CASE("shapes16: spatial classes differ only in the bar's orientation", "[nn]") {
  // From the same generator state every class draws the same background, bar colour and length:
  // only the positions of the `length` painted pixels depend on the class.
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    ShapesInfo infos[4];
    std::uint8_t masks[4][kShapesPixels];
    float rgb[kShapesValues];
    for (int label = 0; label < 4; ++label) {
      Rng rng(seed);
      render_shape_image(rng, ShapesTask::kSpatial, label, rgb, masks[label], &infos[label]);
    }
    for (int label = 0; label < 4; ++label) {
      const ShapesInfo& in = infos[label];
      INFO("seed " << seed << " label " << label);
      CHECK(in.object_pixels == in.size);
      CHECK(in.size == infos[0].size);
      for (int c = 0; c < 3; ++c) {
        CHECK(in.colour[c] == infos[0].colour[c]);
        CHECK(in.background[c] == infos[0].background[c]);
      }
      // The painted pixels form a straight line of the class's direction.
      int first = -1, count = 0, dy = 0, dx = 0;
      for (int p = 0; p < kShapesPixels; ++p) {
        if (!masks[label][p]) continue;
        if (first < 0) first = p;
        ++count;
      }
      REQUIRE(first >= 0);
      const int fy = first / kShapesSize, fx = first % kShapesSize;
      const int dirs[4][2] = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
      dy = dirs[label][0];
      dx = dirs[label][1];
      CHECK(count == in.size);
      for (int i = 0; i < in.size; ++i) {
        const int y = fy + dy * i, x = fx + dx * i;
        REQUIRE((y >= 0 && y < kShapesSize && x >= 0 && x < kShapesSize));
        CHECK(masks[label][y * kShapesSize + x] == 1);
      }
    }
  }
  // Over a set, the class-wise mean image colour agrees (what a per-pixel model sees).
  const Shapes s(small_config(ShapesTask::kSpatial, 800, 8), 3);
  double mean[4][3] = {};
  std::vector<float> img(kShapesValues);
  for (int i = 0; i < s.train().count; ++i) {
    s.train().image(i, img.data());
    for (int p = 0; p < kShapesPixels; ++p)
      for (int c = 0; c < 3; ++c) mean[i % 4][c] += img[static_cast<std::size_t>(p * 3 + c)];
  }
  for (int k = 1; k < 4; ++k)
    for (int c = 0; c < 3; ++c)
      CHECK(mean[k][c] / (200.0 * kShapesPixels) ==
            Approx(mean[0][c] / (200.0 * kShapesPixels)).margin(0.02));
}
