#include "kernels/gemm.hpp"

#include <algorithm>
#include <vector>

#include "kernels/simd.hpp"

namespace prayog::kernels {

// ---------------------------------------------------------------------------------------------
// Scalar reference
// ---------------------------------------------------------------------------------------------

void gemm_ref(const GemmArgs& g) {
  for (int i = 0; i < g.m; ++i) {
    for (int j = 0; j < g.n; ++j) {
      float* cij = g.c + static_cast<std::ptrdiff_t>(i) * g.ldc + j;
      if (g.alpha == 0.0f) {
        *cij = g.beta == 0.0f ? 0.0f : g.beta * *cij;
        continue;
      }
      float sum = 0.0f;
      for (int p = 0; p < g.k; ++p) {
        const float aip = g.trans_a ? g.a[static_cast<std::ptrdiff_t>(p) * g.lda + i]
                                    : g.a[static_cast<std::ptrdiff_t>(i) * g.lda + p];
        const float bpj = g.trans_b ? g.b[static_cast<std::ptrdiff_t>(j) * g.ldb + p]
                                    : g.b[static_cast<std::ptrdiff_t>(p) * g.ldb + j];
        sum += aip * bpj;
      }
      *cij = g.beta == 0.0f ? g.alpha * sum : g.alpha * sum + g.beta * *cij;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Packed kernel (BLIS-style loop nest around one register-blocked micro-kernel)
//
// Why packing: it turns every transpose case into the same contiguous, aligned stream for the
// micro-kernel, so Aᵀ·B and A·Bᵀ (backprop) run as fast as A·B, and it pads edges with zeros so
// the micro-kernel never branches.
// ---------------------------------------------------------------------------------------------

namespace {

using batch = simd::fbatch;
constexpr int kW = static_cast<int>(batch::size);

// Tile of C held in registers: kMr rows x (kNv SIMD vectors). 2 x 16 floats measured fastest
// through Emscripten's SSE -> WASM SIMD lowering on V8 (8 accumulators + 4 B vectors + 1 broadcast
// fit the 16 x64 vector registers V8 allocates; taller tiles spill).
#ifndef PRAYOG_GEMM_MR
#define PRAYOG_GEMM_MR 2
#endif
#ifndef PRAYOG_GEMM_NV
#define PRAYOG_GEMM_NV 4
#endif
constexpr int kMr = PRAYOG_GEMM_MR;
constexpr int kNv = PRAYOG_GEMM_NV;
constexpr int kNr = kNv * kW;

// Cache blocking: a kc x nr sliver of packed B (16 KB at kc=256, nr=16) stays in L1 while the
// micro-kernel sweeps every row of A; the kc x nc panel of B stays in L2.
#ifndef PRAYOG_GEMM_KC
#define PRAYOG_GEMM_KC 256
#endif
constexpr int kKc = PRAYOG_GEMM_KC;
constexpr int kNc = 2048 / kNr * kNr;

static_assert(kNc % kNr == 0, "nc must be a multiple of nr");

using aligned_vector = std::vector<float, xsimd::aligned_allocator<float, 64>>;

struct PackBuffers {
  aligned_vector b;
};

PackBuffers& pack_buffers() {
  // One workspace per thread, grown to the largest B panel seen; no allocation in steady state.
  thread_local PackBuffers buffers;
  return buffers;
}

// B block (kc, nc) -> slivers of kNr columns: dst[s][p][c], zero columns past nc.
void pack_b(const GemmArgs& g, int p0, int kc, int j0, int nc, float* dst) {
  for (int js = 0; js < nc; js += kNr) {
    const int cols = std::min(kNr, nc - js);
    if (!g.trans_b && cols == kNr) {
      // Contiguous rows of B: copy whole vectors.
      const float* src = g.b + static_cast<std::ptrdiff_t>(p0) * g.ldb + j0 + js;
      for (int p = 0; p < kc; ++p, src += g.ldb, dst += kNr) {
        for (int v = 0; v < kNv; ++v)
          batch::load_unaligned(src + v * kW).store_aligned(dst + v * kW);
      }
      continue;
    }
    for (int p = 0; p < kc; ++p) {
      int c = 0;
      if (g.trans_b) {
        const float* src = g.b + static_cast<std::ptrdiff_t>(j0 + js) * g.ldb + p0 + p;
        for (; c < cols; ++c) dst[c] = src[static_cast<std::ptrdiff_t>(c) * g.ldb];
      } else {
        const float* src = g.b + static_cast<std::ptrdiff_t>(p0 + p) * g.ldb + j0 + js;
        for (; c < cols; ++c) dst[c] = src[c];
      }
      for (; c < kNr; ++c) dst[c] = 0.0f;
      dst += kNr;
    }
  }
}

// C tile (rows x cols, at most kMr x kNr) = alpha * op(A)[rows, kc] · Bp[kc, kNr] + beta * C.
// A is read in place: every micro-kernel step broadcasts single elements of A, so a packed copy
// would buy no vector loads, only a pass over memory. Both layouts stream forward in memory:
//   !trans_a: kMr row pointers advancing by 1;   trans_a: one pointer advancing by lda.
template <bool kTransA>
void micro_kernel(int kc, const float* a, int lda, const float* bp, float alpha, float beta,
                  float* c, int ldc, int rows, int cols) {
  batch acc[kMr][kNv];
  for (int r = 0; r < kMr; ++r)
    for (int v = 0; v < kNv; ++v) acc[r][v] = batch(0.0f);

  // Rows past the edge read row 0 again (always valid) and are never stored. Pointers advance by
  // increments rather than being recomputed from p: Emscripten disables LLVM's loop strength
  // reduction, and V8 would otherwise rebuild every address from the counter each step.
  const float* arow[kMr];
  for (int r = 0; r < kMr; ++r) {
    const int row = r < rows ? r : 0;
    arow[r] = kTransA ? a + row : a + static_cast<std::ptrdiff_t>(row) * lda;
  }
  const std::ptrdiff_t a_step = kTransA ? lda : 1;
  for (int p = 0; p < kc; ++p) {
    batch b[kNv];
    for (int v = 0; v < kNv; ++v) b[v] = batch::load_aligned(bp + v * kW);
    bp += kNr;
    for (int r = 0; r < kMr; ++r) {
      const batch av(*arow[r]);
      arow[r] += a_step;
      for (int v = 0; v < kNv; ++v) acc[r][v] = acc[r][v] + av * b[v];
    }
  }

  const batch va(alpha);
  if (rows == kMr && cols == kNr) {
    if (beta == 0.0f) {
      for (int r = 0; r < kMr; ++r)
        for (int v = 0; v < kNv; ++v) (va * acc[r][v]).store_unaligned(c + r * ldc + v * kW);
    } else {
      const batch vb(beta);
      for (int r = 0; r < kMr; ++r) {
        for (int v = 0; v < kNv; ++v) {
          float* dst = c + r * ldc + v * kW;
          (va * acc[r][v] + vb * batch::load_unaligned(dst)).store_unaligned(dst);
        }
      }
    }
    return;
  }

  alignas(64) float tile[kMr * kNr];
  for (int r = 0; r < kMr; ++r)
    for (int v = 0; v < kNv; ++v) (va * acc[r][v]).store_aligned(tile + r * kNr + v * kW);
  for (int r = 0; r < rows; ++r) {
    float* dst = c + r * ldc;
    const float* src = tile + r * kNr;
    if (beta == 0.0f) {
      for (int j = 0; j < cols; ++j) dst[j] = src[j];
    } else {
      for (int j = 0; j < cols; ++j) dst[j] = src[j] + beta * dst[j];
    }
  }
}

template <bool kTransA>
void macro_kernel(const GemmArgs& g, const float* packed_b, int jc, int nc, int pc, int kc,
                  float beta) {
  for (int jr = 0; jr < nc; jr += kNr) {
    const float* bp = packed_b + static_cast<std::ptrdiff_t>(jr) * kc;
    const int cols = std::min(kNr, nc - jr);
    for (int ir = 0; ir < g.m; ir += kMr) {
      const float* a = kTransA ? g.a + static_cast<std::ptrdiff_t>(pc) * g.lda + ir
                               : g.a + static_cast<std::ptrdiff_t>(ir) * g.lda + pc;
      float* c = g.c + static_cast<std::ptrdiff_t>(ir) * g.ldc + jc + jr;
      micro_kernel<kTransA>(kc, a, g.lda, bp, g.alpha, beta, c, g.ldc, std::min(kMr, g.m - ir),
                            cols);
    }
  }
}

void scale_c(const GemmArgs& g) {
  for (int i = 0; i < g.m; ++i) {
    float* row = g.c + static_cast<std::ptrdiff_t>(i) * g.ldc;
    for (int j = 0; j < g.n; ++j) row[j] = g.beta == 0.0f ? 0.0f : g.beta * row[j];
  }
}

}  // namespace

void gemm(const GemmArgs& g) {
  if (g.m <= 0 || g.n <= 0) return;
  if (g.alpha == 0.0f || g.k <= 0) {
    scale_c(g);
    return;
  }
  PackBuffers& buf = pack_buffers();
  const int nc_max = std::min(kNc, (g.n + kNr - 1) / kNr * kNr);
  const std::size_t b_size = static_cast<std::size_t>(kKc) * nc_max;
  if (buf.b.size() < b_size) buf.b.resize(b_size);

  for (int jc = 0; jc < g.n; jc += kNc) {
    const int nc = std::min(kNc, g.n - jc);
    for (int pc = 0; pc < g.k; pc += kKc) {
      const int kc = std::min(kKc, g.k - pc);
      // Later k-blocks add onto what the first one wrote.
      const float beta = pc == 0 ? g.beta : 1.0f;
      pack_b(g, pc, kc, jc, nc, buf.b.data());
      if (g.trans_a) {
        macro_kernel<true>(g, buf.b.data(), jc, nc, pc, kc, beta);
      } else {
        macro_kernel<false>(g, buf.b.data(), jc, nc, pc, kc, beta);
      }
    }
  }
}

GemmTile gemm_tile() {
  return {kMr, kNr, kW};
}

const char* simd_arch_name() {
  return simd::arch::name();
}

}  // namespace prayog::kernels
