// Token embedding: a lookup table, one learned row per vocabulary entry.
// Follows dense.hpp: flat templated forward/backward, backward accumulates, null gradient = skip.
//
//   ids: (B, T) integers in [0, V)   table: (V, D)   y: (B, T, D)
//
// Lookup is a gather, so its backward is a scatter-add: a token that occurs several times in the
// batch adds every occurrence's gradient into the same table row (this is why backward must +=).
#pragma once

#include <cstddef>

namespace prayog::nn {

// True when every id is in [0, vocab). The data generators only produce valid ids; this is for
// the callers that take ids from outside (tests, the CLI) to refuse bad input with a status.
inline bool embedding_ids_valid(const int* ids, int tokens, int vocab) {
  for (int i = 0; i < tokens; ++i)
    if (ids[i] < 0 || ids[i] >= vocab) return false;
  return true;
}

// y[i, :] = table[ids[i], :]          tokens = B·T
// An out-of-range id yields a zero row instead of reading outside the table (never expected:
// validate with embedding_ids_valid first); its backward contribution is dropped likewise.
template <typename T>
void embedding_forward(T* y, const int* ids, const T* table, int tokens, int vocab, int dim) {
  for (int i = 0; i < tokens; ++i) {
    T* yi = y + static_cast<std::ptrdiff_t>(i) * dim;
    const int id = ids[i];
    if (id < 0 || id >= vocab) {
      for (int c = 0; c < dim; ++c) yi[c] = T(0);
      continue;
    }
    const T* row = table + static_cast<std::ptrdiff_t>(id) * dim;
    for (int c = 0; c < dim; ++c) yi[c] = row[c];
  }
}

// dtable[ids[i], :] += dy[i, :]       dy: (B, T, D)   dtable: (V, D)
// No input gradient: ids are integers.
template <typename T>
void embedding_backward(T* dtable, const T* dy, const int* ids, int tokens, int vocab, int dim) {
  if (!dtable) return;
  for (int i = 0; i < tokens; ++i) {
    const int id = ids[i];
    if (id < 0 || id >= vocab) continue;
    const T* dyi = dy + static_cast<std::ptrdiff_t>(i) * dim;
    T* row = dtable + static_cast<std::ptrdiff_t>(id) * dim;
    for (int c = 0; c < dim; ++c) row[c] += dyi[c];
  }
}

inline long long embedding_param_count(int vocab, int dim) {
  return static_cast<long long>(vocab) * dim;
}

}  // namespace prayog::nn
