// One place that decides which xsimd architecture the kernels use.
//
// Natively this is the best architecture the compiler flags allow (SSE2 on plain x86-64). Under
// Emscripten Debian's xsimd 8.1 has no wasm architecture: we compile with -msimd128 -msse2 so
// xsimd picks SSE2 and Emscripten lowers the SSE intrinsics to WASM SIMD128 (f32x4).
#pragma once

#include <xsimd/xsimd.hpp>

namespace prayog::simd {

using arch = xsimd::default_arch;
using fbatch = xsimd::batch<float, arch>;

}  // namespace prayog::simd
