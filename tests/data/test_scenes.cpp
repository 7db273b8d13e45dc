// Synthetic scenes of the attention lab's image part: determinism and a golden checksum (native and
// wasm must match bit for bit), the object's size in feature-map cells, and region labels that
// agree with the drawn pixels.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "base/rng.hpp"
#include "data/scenes.hpp"

using namespace prayog;
using namespace prayog::data;

namespace {

// Every byte of a set's first `n` scenes (pixels as the lab reads them, owners, cells, labels and
// the object's box) as one float sequence for checksum_bits.
std::vector<float> flatten(const SceneSet& s, int n) {
  std::vector<float> out, img(kSceneValues);
  for (int i = 0; i < n; ++i) {
    s.image(i, img.data());
    out.insert(out.end(), img.begin(), img.end());
    for (int p = 0; p < kScenePixels; ++p) out.push_back(s.pixel_owners(i)[p]);
    for (int c = 0; c < s.grid * s.grid; ++c) out.push_back(s.cell_labels(i)[c]);
    const SceneInfo& in = s.info[static_cast<std::size_t>(i)];
    for (int v : {s.labels[static_cast<std::size_t>(i)], in.row, in.col, in.size, in.distractors})
      out.push_back(static_cast<float>(v));
  }
  return out;
}

SceneConfig small_config(int train, int heldout) {
  SceneConfig c;
  c.train_size = train;
  c.heldout_size = heldout;
  return c;
}

}  // namespace

TEST_CASE("scenes: same seed same bytes, golden checksum of the first scenes", "[golden]") {
  const SceneConfig config = small_config(8, 4);
  const Scenes a(config, 2026), b(config, 2026), other(config, 2027);
  CHECK(a.train().pixels == b.train().pixels);
  CHECK(a.train().owners == b.train().owners);
  CHECK(a.heldout().pixels == b.heldout().pixels);
  CHECK(a.train().pixels != other.train().pixels);
  CHECK(a.train().pixels != a.heldout().pixels);
  // The held-out set comes from its own stream: it does not depend on the training set's size.
  const Scenes bigger(small_config(16, 4), 2026);
  CHECK(bigger.heldout().pixels == a.heldout().pixels);

  const auto train = flatten(a.train(), 8), held = flatten(a.heldout(), 4);
  CHECK(checksum_bits(train.data(), train.size()) == 794560822549984114ULL);
  CHECK(checksum_bits(held.data(), held.size()) == 15317975447871454483ULL);
}

TEST_CASE("scenes: the object covers fewer than 25% of the 12x12 feature-map cells", "[nn]") {
  const Scenes scenes(small_config(1024, 256), 11);
  for (const SceneSet* set : {&scenes.train(), &scenes.heldout()}) {
    REQUIRE(set->grid == 12);
    const int n_cells = set->grid * set->grid;
    int most = 0, fewest = n_cells, per_class[kSceneClasses] = {0, 0, 0, 0};
    for (int i = 0; i < set->count; ++i) {
      int object = 0;
      for (int c = 0; c < n_cells; ++c)
        object += set->cell_labels(i)[c] == static_cast<std::uint8_t>(Region::kObject);
      most = std::max(most, object);
      fewest = std::min(fewest, object);
      const SceneInfo& in = set->info[static_cast<std::size_t>(i)];
      CHECK(in.size >= 6);
      CHECK(in.size <= 8);
      CHECK(in.distractors >= 1);
      CHECK(in.distractors <= 3);
      ++per_class[set->labels[static_cast<std::size_t>(i)]];
    }
    INFO("object cells: fewest " << fewest << ", most " << most << " of " << n_cells);
    CHECK(4 * most < n_cells);  // < 25%
    CHECK(fewest >= 4);         // at least 6 px wide: never a speck
    for (int k : per_class) CHECK(k == set->count / kSceneClasses);  // balanced classes
  }
}

TEST_CASE("scenes: region labels agree with the drawn pixels", "[nn]") {
  const SceneConfig config = small_config(256, 0);
  const Scenes scenes(config, 5);
  const SceneSet& s = scenes.train();
  // Per-pixel noise is clipped at 3σ = 0.09; 8-bit levels add at most half a level.
  const float tolerance = 0.09f + 0.5f / 255.0f + 1e-6f;
  std::vector<float> img(kSceneValues);
  // Mismatches per rule, over every pixel and cell of every scene (one CHECK each at the end).
  long wrong_owner = 0, wrong_colour = 0, touching = 0, wrong_cell = 0, few_distractor_px = 0;
  long object_px = 0, painted_px = 0;
  for (int i = 0; i < s.count; ++i) {
    s.image(i, img.data());
    const SceneInfo& in = s.info[static_cast<std::size_t>(i)];
    const auto shape = static_cast<SceneShape>(s.labels[static_cast<std::size_t>(i)]);
    const std::uint8_t* owners = s.pixel_owners(i);
    int distractor_pixels = 0;
    for (int y = 0; y < kSceneSize; ++y)
      for (int x = 0; x < kSceneSize; ++x) {
        const int by = y - in.row, bx = x - in.col;
        const auto owner = static_cast<Region>(owners[y * kSceneSize + x]);
        // Object pixels are exactly the shape's silhouette at the recorded box...
        wrong_owner += (owner == Region::kObject) != shape_silhouette(shape, in.size, by, bx);
        object_px += owner == Region::kObject;
        // ... and wherever the shape is painted, the pixel has the object's colour.
        if (shape_covers(shape, in.size, by, bx)) {
          ++painted_px;
          for (int c = 0; c < 3; ++c)
            wrong_colour += std::fabs(img[static_cast<std::size_t>((y * kSceneSize + x) * 3 + c)] -
                                      in.colour[c]) > tolerance;
        }
        // Distractors never touch the object: at least one pixel of gap around its box.
        if (owner == Region::kDistractor) {
          ++distractor_pixels;
          touching += by >= -1 && by <= in.size && bx >= -1 && bx <= in.size;
        }
      }
    // A dot has 4 px, a bar 3 or more, a stroke 4 or more.
    few_distractor_px += distractor_pixels < 3 * in.distractors;
    // Cell labels: object if any object pixel in the 2x2 block, else distractor if any, else
    // background (recomputed here by hand).
    for (int cy = 0; cy < s.grid; ++cy)
      for (int cx = 0; cx < s.grid; ++cx) {
        bool object = false, distractor = false;
        for (int dy = 0; dy < 2; ++dy)
          for (int dx = 0; dx < 2; ++dx) {
            const auto o = static_cast<Region>(owners[(2 * cy + dy) * kSceneSize + 2 * cx + dx]);
            object = object || o == Region::kObject;
            distractor = distractor || o == Region::kDistractor;
          }
        const Region want =
            object ? Region::kObject : (distractor ? Region::kDistractor : Region::kBackground);
        wrong_cell += static_cast<Region>(s.cell_labels(i)[cy * s.grid + cx]) != want;
      }
  }
  CHECK(object_px > 256 * 20);
  CHECK(painted_px > 256 * 20);
  CHECK(wrong_owner == 0);
  CHECK(wrong_colour == 0);
  CHECK(touching == 0);
  CHECK(few_distractor_px == 0);
  CHECK(wrong_cell == 0);
}

TEST_CASE("scenes: the four shapes are distinct masks at every size", "[nn]") {
  for (int size = 6; size <= 8; ++size) {
    std::vector<std::vector<bool>> masks;
    for (int k = 0; k < kSceneClasses; ++k) {
      std::vector<bool> m;
      int on = 0;
      for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
          const bool v = shape_covers(static_cast<SceneShape>(k), size, y, x);
          m.push_back(v);
          on += v;
          // Every shape is symmetric left-right: the lab's flip augmentation keeps the class.
          CHECK(v == shape_covers(static_cast<SceneShape>(k), size, y, size - 1 - x));
        }
      INFO(shape_name(k) << " size " << size);
      CHECK(on >= size * 2);
      masks.push_back(m);
    }
    for (int a = 0; a < kSceneClasses; ++a)
      for (int b = a + 1; b < kSceneClasses; ++b) CHECK(masks[a] != masks[b]);
  }
  CHECK(std::string(shape_name(1)) == "ring");
  CHECK(std::string(region_name(Region::kDistractor)) == "distractor");
}
