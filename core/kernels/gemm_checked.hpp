// GEMM on caller-owned buffers of known length: validates shapes before touching memory. The
// bindings and the CLI call this; internal code that built its own shapes calls gemm() directly.
#pragma once

#include <cstddef>

#include "base/status.hpp"
#include "kernels/gemm.hpp"

namespace prayog::kernels {

// Largest m, n or k accepted from outside; 2^14 keeps every index product inside 32 bits.
constexpr int kGemmMaxDim = 16384;

// Shape and value checks alone, so a caller can refuse a call before copying or allocating.
Status gemm_validate(int m, int n, int k, float alpha, float beta, std::size_t a_len,
                     std::size_t b_len, std::size_t c_len);

// Packed operands (lda/ldb/ldc implied by the shapes). a_len, b_len, c_len: floats available.
Status gemm_checked(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a,
                    std::size_t a_len, const float* b, std::size_t b_len, float beta, float* c,
                    std::size_t c_len);

}  // namespace prayog::kernels
