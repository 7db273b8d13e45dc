// Sequence tasks of the attention lab, encoder style: an input of T symbols, one output symbol per
// position, fixed T per run.
//
//   copy:     y = x                    y[i] = x[i]
//   reverse:  y = x reversed           y[i] = x[T-1-i]
//   sort:     y = x sorted ascending   y[i] = i-th smallest of x (repeats kept)
//
// Ten symbols, ids 0..9 in both vocabularies: the digits 0-9, or ten Devanagari consonants
// क ख ग घ च छ ज झ ट ठ (in varnamala order, so "ascending" reads naturally in both). Only the
// display strings differ; the model sees ids.
//
// Data: a fixed held-out set of distinct sequences, a fixed training set disjoint from it and
// distinct within itself (whenever the 10^T possible sequences are at least twice the sets' total:
// always for T >= 4 with the default sizes), and fresh random training batches that never contain
// a held-out sequence (the lab trains on those). Every draw comes from our Rng, so one
// seed gives the same sets and batches natively and in wasm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/rng.hpp"

namespace prayog::data {

enum class SeqTask { kCopy, kReverse, kSort };
enum class SeqVocab { kDigits, kDevanagari };

constexpr int kSeqSymbols = 10;
constexpr int kSeqMinLength = 1;
constexpr int kSeqMaxLength = 12;  // 10^12 < 2^40: a sequence's key fits a uint64

// "copy", "reverse", "sort" / "digits", "devanagari" (the schema's choice strings).
const char* task_name(SeqTask task);
const char* vocab_name(SeqVocab vocab);

// UTF-8 display string of symbol id (0..9): "0".."9" or "क".."ठ". Empty for an invalid id.
const char* symbol_utf8(SeqVocab vocab, int id);
// The symbols of a sequence joined without separators ("3170" or "घखकछ"), for CSV and logs.
std::string sequence_utf8(SeqVocab vocab, const int* ids, int length);

// y = task(x). x, y: (length); y must not alias x.
void apply_task(SeqTask task, const int* x, int* y, int length);

// Base-10 number of a sequence (first symbol most significant): a unique key per sequence.
std::uint64_t sequence_key(const int* x, int length);

struct SeqSet {
  int count = 0;
  int length = 0;
  std::vector<int> inputs;   // (count, length)
  std::vector<int> targets;  // (count, length)
  const int* input(int i) const { return inputs.data() + static_cast<std::ptrdiff_t>(i) * length; }
  const int* target(int i) const {
    return targets.data() + static_cast<std::ptrdiff_t>(i) * length;
  }
};

struct SeqTaskConfig {
  SeqTask task = SeqTask::kReverse;
  int length = 8;
  int train_size = 2048;
  int heldout_size = 512;
};

class SequenceTasks {
 public:
  // Builds both fixed sets from `seed`. length must be in [kSeqMinLength, kSeqMaxLength]; sizes
  // >= 0 (the lab passes validated values).
  SequenceTasks(const SeqTaskConfig& config, std::uint64_t seed);

  const SeqTaskConfig& config() const { return config_; }
  int length() const { return config_.length; }
  const SeqSet& train() const { return train_; }
  const SeqSet& heldout() const { return heldout_; }

  // True when x (length()) is a held-out sequence (binary search: no allocation).
  bool in_heldout(const int* x) const;

  // A fresh random batch: `batch` uniform sequences that are not held out, and their targets.
  // inputs, targets: (batch, length()). Draws only from `rng`; no allocation.
  void sample_batch(Rng& rng, int batch, int* inputs, int* targets) const;

 private:
  void draw(Rng& rng, int* x) const;

  SeqTaskConfig config_;
  SeqSet train_, heldout_;
  std::vector<std::uint64_t> heldout_keys_;  // sorted
};

}  // namespace prayog::data
