// Golden checksums of freshly initialised models: the same seed must give bit-identical initial
// weights natively and in the browser (design.md, Determinism). Committed constants; the native
// and the wasm test runs must both reproduce them. Never update them without knowing why.
#include <catch2/catch.hpp>
#include <cmath>

#include "base/rng.hpp"
#include "nn/mha.hpp"
#include "nn/params.hpp"

using prayog::checksum_bits;
using prayog::Rng;
using prayog::nn::Params;

TEST_CASE("golden checksums of freshly initialised models", "[golden]") {
  SECTION("an MLP 256-128-64-10 (normal, He-style scale; uniform, Xavier-style limit)") {
    Params<float> p;
    const int sizes[] = {256, 128, 64, 10};
    int ids[3];
    for (int l = 0; l < 3; ++l) {
      ids[l] = p.add("fc" + std::to_string(l) + ".w", {sizes[l], sizes[l + 1]}, l);
      p.add("fc" + std::to_string(l) + ".b", {sizes[l + 1]}, l, false);
    }
    p.finalize();
    Rng rng(2026);
    p.init_normal(ids[0], rng, std::sqrt(2.0 / 256));
    p.init_uniform(ids[1], rng, std::sqrt(6.0 / (128 + 64)));
    p.init_normal(ids[2], rng, 0.01);
    CHECK(p.parameter_count() == 256 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
    CHECK(checksum_bits(p.values(), p.buffer_size()) == 0xb3ebf23848894a37ULL);
  }
  SECTION("a multi-head self-attention block, d_model 32") {
    Params<float> p;
    const auto ids = prayog::nn::mha_declare(p, "enc", 32, 0);
    p.finalize();
    Rng rng(2026);
    prayog::nn::mha_init(p, ids, rng);
    CHECK(checksum_bits(p.values(), p.buffer_size()) == 0x28164e369ad60d54ULL);
  }
}
