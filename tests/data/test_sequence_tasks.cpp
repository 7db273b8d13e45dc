// Sequence tasks of the attention lab: the task definitions, the display strings, the held-out /
// training split, fresh batches, and determinism (a golden checksum the wasm run must match).
#include <catch2/catch.hpp>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "base/rng.hpp"
#include "data/sequence_tasks.hpp"

using prayog::Rng;
using namespace prayog::data;

namespace {

std::vector<int> run_task(SeqTask task, const std::vector<int>& x) {
  std::vector<int> y(x.size(), -1);
  apply_task(task, x.data(), y.data(), static_cast<int>(x.size()));
  return y;
}

SeqTaskConfig config(SeqTask task, int length, int train = 2048, int heldout = 512) {
  SeqTaskConfig c;
  c.task = task;
  c.length = length;
  c.train_size = train;
  c.heldout_size = heldout;
  return c;
}

// Every id of a set in range, every target the task of its input.
void check_set(const SeqSet& s, SeqTask task) {
  std::vector<int> y(static_cast<std::size_t>(s.length));
  for (int i = 0; i < s.count; ++i) {
    for (int t = 0; t < s.length; ++t) {
      REQUIRE(s.input(i)[t] >= 0);
      REQUIRE(s.input(i)[t] < kSeqSymbols);
    }
    apply_task(task, s.input(i), y.data(), s.length);
    REQUIRE(std::equal(y.begin(), y.end(), s.target(i)));
  }
}

}  // namespace

TEST_CASE("sequence tasks: copy, reverse and sort by hand", "[nn]") {
  const std::vector<int> x = {3, 1, 4, 1, 5, 9, 2, 6};
  CHECK(run_task(SeqTask::kCopy, x) == x);
  CHECK(run_task(SeqTask::kReverse, x) == std::vector<int>{6, 2, 9, 5, 1, 4, 1, 3});
  CHECK(run_task(SeqTask::kSort, x) == std::vector<int>{1, 1, 2, 3, 4, 5, 6, 9});  // repeats kept
  CHECK(run_task(SeqTask::kSort, {9, 9, 0, 0}) == std::vector<int>{0, 0, 9, 9});
  CHECK(run_task(SeqTask::kReverse, {7}) == std::vector<int>{7});
  CHECK(std::string(task_name(SeqTask::kSort)) == "sort");
  CHECK(std::string(vocab_name(SeqVocab::kDevanagari)) == "devanagari");
  CHECK(sequence_key(x.data(), 8) == 31415926u);
}

TEST_CASE("sequence tasks: display strings are UTF-8 digits and Devanagari letters", "[nn]") {
  std::set<std::string> seen;
  for (int id = 0; id < kSeqSymbols; ++id) {
    const std::string d = symbol_utf8(SeqVocab::kDigits, id);
    CHECK(d == std::string(1, static_cast<char>('0' + id)));
    const std::string h = symbol_utf8(SeqVocab::kDevanagari, id);
    REQUIRE(h.size() == 3);  // U+0900..U+097F: three bytes, E0 A4 xx
    CHECK(static_cast<unsigned char>(h[0]) == 0xE0);
    CHECK(static_cast<unsigned char>(h[1]) == 0xA4);
    seen.insert(h);
  }
  CHECK(seen.size() == 10);
  CHECK(std::string(symbol_utf8(SeqVocab::kDevanagari, 0)) == "\xE0\xA4\x95");  // क U+0915
  CHECK(std::string(symbol_utf8(SeqVocab::kDevanagari, 9)) == "\xE0\xA4\xA0");  // ठ U+0920
  CHECK(std::string(symbol_utf8(SeqVocab::kDigits, 10)).empty());
  CHECK(std::string(symbol_utf8(SeqVocab::kDevanagari, -1)).empty());
  const int ids[] = {0, 1, 2};
  CHECK(sequence_utf8(SeqVocab::kDevanagari, ids, 3) == "\xE0\xA4\x95\xE0\xA4\x96\xE0\xA4\x97");
  CHECK(sequence_utf8(SeqVocab::kDigits, ids, 3) == "012");
}

TEST_CASE("sequence tasks: held-out distinct and disjoint from train; batches avoid it", "[nn]") {
  for (SeqTask task : {SeqTask::kCopy, SeqTask::kReverse, SeqTask::kSort})
    for (int length : {4, 8, 12}) {
      INFO(task_name(task) << " length " << length);
      const SequenceTasks data(config(task, length), 5);
      const SeqSet& held = data.heldout();
      const SeqSet& train = data.train();
      REQUIRE(held.count == 512);
      REQUIRE(train.count == 2048);
      check_set(held, task);
      check_set(train, task);
      std::set<std::uint64_t> held_keys, train_keys;
      for (int i = 0; i < held.count; ++i) held_keys.insert(sequence_key(held.input(i), length));
      for (int i = 0; i < train.count; ++i) train_keys.insert(sequence_key(train.input(i), length));
      CHECK(held_keys.size() == 512u);
      CHECK(train_keys.size() == 2048u);
      for (std::uint64_t k : train_keys) REQUIRE(held_keys.count(k) == 0);
      for (int i = 0; i < held.count; ++i) REQUIRE(data.in_heldout(held.input(i)));

      // Fresh batches: valid, never held out (length 4: 512 of 10^4 sequences are held out, so
      // a plain draw would hit one about every 20 sequences).
      Rng rng(9);
      std::vector<int> x(64 * static_cast<std::size_t>(length)), y(x.size());
      for (int rep = 0; rep < 20; ++rep) {
        data.sample_batch(rng, 64, x.data(), y.data());
        SeqSet batch;
        batch.count = 64;
        batch.length = length;
        batch.inputs = x;
        batch.targets = y;
        check_set(batch, task);
        for (int b = 0; b < 64; ++b) REQUIRE_FALSE(data.in_heldout(batch.input(b)));
      }
    }
}

TEST_CASE("sequence tasks: a space too small for distinct sets falls back to plain draws", "[nn]") {
  // Length 2: 100 sequences, fewer than 2 x (train + held-out); must still terminate and be valid.
  const SequenceTasks data(config(SeqTask::kReverse, 2, 300, 100), 1);
  CHECK(data.train().count == 300);
  CHECK(data.heldout().count == 100);
  check_set(data.train(), SeqTask::kReverse);
  Rng rng(2);
  std::vector<int> x(2 * 8), y(x.size());
  data.sample_batch(rng, 8, x.data(), y.data());
  CHECK(y[0] == x[1]);
}

namespace {
// FNV-1a over everything one seed produces: both sets and three fresh batches.
std::uint64_t data_checksum(SeqTask task, int length, std::uint64_t seed) {
  const SequenceTasks data(config(task, length), seed);
  std::vector<float> all;
  for (const SeqSet* s : {&data.heldout(), &data.train()}) {
    all.insert(all.end(), s->inputs.begin(), s->inputs.end());
    all.insert(all.end(), s->targets.begin(), s->targets.end());
  }
  Rng rng(seed, 77);
  std::vector<int> x(32 * static_cast<std::size_t>(length)), y(x.size());
  for (int rep = 0; rep < 3; ++rep) {
    data.sample_batch(rng, 32, x.data(), y.data());
    all.insert(all.end(), x.begin(), x.end());
    all.insert(all.end(), y.begin(), y.end());
  }
  return prayog::checksum_bits(all.data(), all.size());
}
}  // namespace

TEST_CASE("sequence tasks: same seed, same data; another seed, other data", "[nn]") {
  CHECK(data_checksum(SeqTask::kSort, 6, 3) == data_checksum(SeqTask::kSort, 6, 3));
  CHECK(data_checksum(SeqTask::kSort, 6, 3) != data_checksum(SeqTask::kSort, 6, 4));
  const SequenceTasks a(config(SeqTask::kCopy, 5), 11), b(config(SeqTask::kCopy, 5), 11);
  CHECK(a.heldout().inputs == b.heldout().inputs);
  CHECK(a.train().inputs == b.train().inputs);
}

TEST_CASE("sequence tasks: golden checksum (identical natively and in wasm)", "[golden]") {
  // Regenerate only when the generator changes on purpose: print data_checksum(...) natively and
  // paste it here; the wasm run must then agree bit for bit.
  CHECK(data_checksum(SeqTask::kReverse, 8, 1) == 0x24e7f73525fb9943ULL);
  CHECK(data_checksum(SeqTask::kSort, 12, 2024) == 0x42f6bcf451de0783ULL);
}
