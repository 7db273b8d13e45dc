#include "kernels/gemm.hpp"

#include <algorithm>
#include <vector>

#include "kernels/simd.hpp"

namespace prayog::kernels {

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
// Rows of C per pass over a packed B panel; a packed Aᵀ block (kMc x kKc, 128 KB) stays in L2.
constexpr int kMc = 128;
static_assert(kMc % kMr == 0, "mc must be a multiple of mr");

static_assert(kNc % kNr == 0, "nc must be a multiple of nr");

using aligned_vector = std::vector<float, xsimd::aligned_allocator<float, 64>>;

struct PackBuffers {
  aligned_vector a = aligned_vector(static_cast<std::size_t>(kMc) * kKc);  // trans_a only
  aligned_vector b;
};

PackBuffers& pack_buffers() {
  // One workspace per thread, grown to the largest B panel seen; no allocation in steady state.
  thread_local PackBuffers buffers;
  return buffers;
}

// Transposes a 4x4 block: rows r0..r3 in, columns out (r0[i], r1[i], r2[i], r3[i]) as c[i].
inline void transpose4(batch& r0, batch& r1, batch& r2, batch& r3) {
  using dbatch = xsimd::batch<double, simd::arch>;
  const batch t0 = xsimd::zip_lo(r0, r1), t1 = xsimd::zip_hi(r0, r1);
  const batch t2 = xsimd::zip_lo(r2, r3), t3 = xsimd::zip_hi(r2, r3);
  const auto d0 = xsimd::bitwise_cast<dbatch>(t0), d1 = xsimd::bitwise_cast<dbatch>(t1);
  const auto d2 = xsimd::bitwise_cast<dbatch>(t2), d3 = xsimd::bitwise_cast<dbatch>(t3);
  r0 = xsimd::bitwise_cast<batch>(xsimd::zip_lo(d0, d2));
  r1 = xsimd::bitwise_cast<batch>(xsimd::zip_hi(d0, d2));
  r2 = xsimd::bitwise_cast<batch>(xsimd::zip_lo(d1, d3));
  r3 = xsimd::bitwise_cast<batch>(xsimd::zip_hi(d1, d3));
}

// Sliver of kNr columns of op(B) = Bᵀ, with B stored (N, K): dst[p][c] = b[(j0 + c) * ldb + p0 +
// p]. Reads run along the stored rows; 4x4 register transposes write whole vectors.
void pack_bt_sliver(const GemmArgs& g, int p0, int kc, int j0, int cols, float* dst) {
  const auto src = [&](int c, int p) {
    return g.b + static_cast<std::ptrdiff_t>(j0 + c) * g.ldb + p0 + p;
  };
  int c = 0;
  if constexpr (kW == 4) {
    for (; c + 4 <= cols; c += 4) {
      int p = 0;
      for (; p + 4 <= kc; p += 4) {
        batch r0 = batch::load_unaligned(src(c, p)), r1 = batch::load_unaligned(src(c + 1, p));
        batch r2 = batch::load_unaligned(src(c + 2, p)), r3 = batch::load_unaligned(src(c + 3, p));
        transpose4(r0, r1, r2, r3);
        r0.store_aligned(dst + (p + 0) * kNr + c);
        r1.store_aligned(dst + (p + 1) * kNr + c);
        r2.store_aligned(dst + (p + 2) * kNr + c);
        r3.store_aligned(dst + (p + 3) * kNr + c);
      }
      for (; p < kc; ++p)
        for (int q = 0; q < 4; ++q) dst[p * kNr + c + q] = *src(c + q, p);
    }
  }
  for (; c < cols; ++c) {
    const float* s = src(c, 0);
    for (int p = 0; p < kc; ++p) dst[p * kNr + c] = s[p];
  }
  for (int p = 0; p < kc; ++p)
    for (int z = cols; z < kNr; ++z) dst[p * kNr + z] = 0.0f;
}

// B block (kc, nc) -> slivers of kNr columns: dst[s][p][c], zero columns past nc.
void pack_b(const GemmArgs& g, int p0, int kc, int j0, int nc, float* dst) {
  for (int js = 0; js < nc; js += kNr, dst += static_cast<std::ptrdiff_t>(kc) * kNr) {
    const int cols = std::min(kNr, nc - js);
    if (g.trans_b) {
      pack_bt_sliver(g, p0, kc, j0 + js, cols, dst);
      continue;
    }
    const float* src = g.b + static_cast<std::ptrdiff_t>(p0) * g.ldb + j0 + js;
    float* out = dst;
    for (int p = 0; p < kc; ++p, src += g.ldb, out += kNr) {
      if (cols == kNr) {
        for (int v = 0; v < kNv; ++v)
          batch::load_unaligned(src + v * kW).store_aligned(out + v * kW);
      } else {
        int c = 0;
        for (; c < cols; ++c) out[c] = src[c];
        for (; c < kNr; ++c) out[c] = 0.0f;
      }
    }
  }
}

// Aᵀ stored (K, M): rows ic..ic+mc of op(A), columns p0..p0+kc -> slivers of kMr rows,
// dst[s][p][r]. Read in place, op(A) would step through memory by lda per k, and at power-of-two
// lda (256, 1024 floats) every step lands in the same L1 set; the packed sliver streams
// contiguously.
void pack_at(const GemmArgs& g, int ic, int mc, int p0, int kc, float* dst) {
  const std::ptrdiff_t sliver = static_cast<std::ptrdiff_t>(kc) * kMr;
  for (int p = 0; p < kc; ++p) {
    const float* src = g.a + static_cast<std::ptrdiff_t>(p0 + p) * g.lda + ic;
    float* out = dst + p * kMr;
    int i = 0;
    for (; i + kMr <= mc; i += kMr, out += sliver)
      for (int r = 0; r < kMr; ++r) out[r] = src[i + r];
    for (int r = 0; i + r < mc; ++r) out[r] = src[i + r];
  }
}

// Whether to pack Aᵀ: only when walking it in place would touch more distinct cache lines per
// k-block (one per k step, lda floats apart) than fit beside the B sliver in L1; below that the
// packing pass costs more than it saves (measured: 64x64x64 Aᵀ·B 0.80 of peak in place, 0.65
// packed).
bool pack_at_pays(const GemmArgs& g, int kc) {
  return static_cast<std::ptrdiff_t>(g.lda) * kc >= 32768;
}

// C tile (rows x cols, at most kMr x kNr) = alpha * op(A)[rows, kc] · Bp[kc, kNr] + beta * C.
// Every step broadcasts single elements of A, so a plain A is read in place (kMr row pointers
// advancing by 1); kTransA reads a column-major sliver (one pointer advancing by lda), which is how
// a packed Aᵀ block is laid out (lda = kMr).
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

// How the micro-kernel finds op(A): in place row-major (A), in place column-major (Aᵀ), or a
// packed block of column-major kMr-row slivers (Aᵀ, lda = kMr within a sliver).
enum ALayout { kInPlaceA, kInPlaceAt, kPackedAt };

// Rows ic..ic+mc of C, columns jc..jc+nc, one k-block; `a` points at op(A)[ic, pc].
template <ALayout kLayout>
void macro_kernel(const GemmArgs& g, const float* a, int lda, const float* packed_b, int ic, int mc,
                  int jc, int nc, int kc, float beta) {
  for (int jr = 0; jr < nc; jr += kNr) {
    const float* bp = packed_b + static_cast<std::ptrdiff_t>(jr) * kc;
    const int cols = std::min(kNr, nc - jr);
    for (int ir = 0; ir < mc; ir += kMr) {
      float* c = g.c + static_cast<std::ptrdiff_t>(ic + ir) * g.ldc + jc + jr;
      const int rows = std::min(kMr, mc - ir);
      const std::ptrdiff_t offset = kLayout == kInPlaceA    ? static_cast<std::ptrdiff_t>(ir) * lda
                                    : kLayout == kInPlaceAt ? ir
                                                            : static_cast<std::ptrdiff_t>(ir) * kc;
      micro_kernel<kLayout != kInPlaceA>(kc, a + offset, lda, bp, g.alpha, beta, c, g.ldc, rows,
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
      for (int ic = 0; ic < g.m; ic += kMc) {
        const int mc = std::min(kMc, g.m - ic);
        if (g.trans_a && pack_at_pays(g, kc)) {
          pack_at(g, ic, mc, pc, kc, buf.a.data());
          macro_kernel<kPackedAt>(g, buf.a.data(), kMr, buf.b.data(), ic, mc, jc, nc, kc, beta);
        } else if (g.trans_a) {
          const float* a = g.a + static_cast<std::ptrdiff_t>(pc) * g.lda + ic;
          macro_kernel<kInPlaceAt>(g, a, g.lda, buf.b.data(), ic, mc, jc, nc, kc, beta);
        } else {
          const float* a = g.a + static_cast<std::ptrdiff_t>(ic) * g.lda + pc;
          macro_kernel<kInPlaceA>(g, a, g.lda, buf.b.data(), ic, mc, jc, nc, kc, beta);
        }
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
