#include "data/sequence_tasks.hpp"

#include <algorithm>
#include <unordered_set>

namespace prayog::data {

namespace {

const char* const kDigits[kSeqSymbols] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
// क ख ग घ च छ ज झ ट ठ
const char* const kDevanagari[kSeqSymbols] = {
    "\xE0\xA4\x95", "\xE0\xA4\x96", "\xE0\xA4\x97", "\xE0\xA4\x98", "\xE0\xA4\x9A",
    "\xE0\xA4\x9B", "\xE0\xA4\x9C", "\xE0\xA4\x9D", "\xE0\xA4\x9F", "\xE0\xA4\xA0"};

// 10^length, the number of distinct sequences.
std::uint64_t space_size(int length) {
  std::uint64_t n = 1;
  for (int i = 0; i < length; ++i) n *= kSeqSymbols;
  return n;
}

}  // namespace

const char* task_name(SeqTask task) {
  switch (task) {
    case SeqTask::kCopy:
      return "copy";
    case SeqTask::kReverse:
      return "reverse";
    case SeqTask::kSort:
      return "sort";
  }
  return "";
}

const char* vocab_name(SeqVocab vocab) {
  return vocab == SeqVocab::kDigits ? "digits" : "devanagari";
}

const char* symbol_utf8(SeqVocab vocab, int id) {
  if (id < 0 || id >= kSeqSymbols) return "";
  return vocab == SeqVocab::kDigits ? kDigits[id] : kDevanagari[id];
}

std::string sequence_utf8(SeqVocab vocab, const int* ids, int length) {
  std::string s;
  for (int i = 0; i < length; ++i) s += symbol_utf8(vocab, ids[i]);
  return s;
}

void apply_task(SeqTask task, const int* x, int* y, int length) {
  switch (task) {
    case SeqTask::kCopy:
      std::copy(x, x + length, y);
      return;
    case SeqTask::kReverse:
      for (int i = 0; i < length; ++i) y[i] = x[length - 1 - i];
      return;
    case SeqTask::kSort: {
      // Counting sort: ten symbols, no allocation.
      int counts[kSeqSymbols] = {};
      for (int i = 0; i < length; ++i) ++counts[x[i]];
      int at = 0;
      for (int s = 0; s < kSeqSymbols; ++s)
        for (int c = 0; c < counts[s]; ++c) y[at++] = s;
      return;
    }
  }
}

std::uint64_t sequence_key(const int* x, int length) {
  std::uint64_t key = 0;
  for (int i = 0; i < length; ++i) key = key * kSeqSymbols + static_cast<std::uint64_t>(x[i]);
  return key;
}

SequenceTasks::SequenceTasks(const SeqTaskConfig& config, std::uint64_t seed) : config_(config) {
  const int t = config_.length;
  const int n_train = std::max(0, config_.train_size), n_held = std::max(0, config_.heldout_size);
  // Distinct held-out sequences and a disjoint, distinct training set need room: with at least
  // twice as many possible sequences as drawn ones, rejection sampling stays cheap (< 2 draws per
  // sequence on average; T >= 4 always qualifies with the default sizes). Smaller spaces fall
  // back to plain draws.
  const bool distinct =
      space_size(t) >= 2 * static_cast<std::uint64_t>(n_train + n_held) && n_train + n_held > 0;

  Rng rng(seed, 0x5e9a11ce5ULL);  // a stream of its own: the data never shares draws with weights
  std::unordered_set<std::uint64_t> seen;
  auto fill = [&](SeqSet& set, int count) {
    set.count = count;
    set.length = t;
    set.inputs.resize(static_cast<std::size_t>(count) * t);
    set.targets.resize(set.inputs.size());
    for (int i = 0; i < count; ++i) {
      int* x = set.inputs.data() + static_cast<std::ptrdiff_t>(i) * t;
      do {
        draw(rng, x);
      } while (distinct && !seen.insert(sequence_key(x, t)).second);
      apply_task(config_.task, x, set.targets.data() + static_cast<std::ptrdiff_t>(i) * t, t);
    }
  };
  fill(heldout_, n_held);  // first, so the training set can avoid it
  if (distinct) {
    heldout_keys_.reserve(static_cast<std::size_t>(n_held));
    for (int i = 0; i < n_held; ++i) heldout_keys_.push_back(sequence_key(heldout_.input(i), t));
    std::sort(heldout_keys_.begin(), heldout_keys_.end());
  }
  fill(train_, n_train);
}

void SequenceTasks::draw(Rng& rng, int* x) const {
  for (int i = 0; i < config_.length; ++i) x[i] = static_cast<int>(rng.below(kSeqSymbols));
}

bool SequenceTasks::in_heldout(const int* x) const {
  return std::binary_search(heldout_keys_.begin(), heldout_keys_.end(),
                            sequence_key(x, config_.length));
}

void SequenceTasks::sample_batch(Rng& rng, int batch, int* inputs, int* targets) const {
  const int t = config_.length;
  for (int b = 0; b < batch; ++b) {
    int* x = inputs + static_cast<std::ptrdiff_t>(b) * t;
    do {
      draw(rng, x);
    } while (!heldout_keys_.empty() && in_heldout(x));
    apply_task(config_.task, x, targets + static_cast<std::ptrdiff_t>(b) * t, t);
  }
}

}  // namespace prayog::data
