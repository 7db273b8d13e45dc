// The embind layer: the only C++ that knows about JavaScript. It converts, validates through the
// core, and reports failures as status objects; nothing throws across the boundary. JS-facing
// names are camelCase; wasm/api.js wraps these into a typed surface with named errors.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.hpp"
#include "base/version.hpp"
#include "bench/workloads.hpp"
#include "kernels/bench.hpp"
#include "kernels/gemm.hpp"
#include "kernels/gemm_checked.hpp"

#ifndef PRAYOG_BUILD_FLAGS
#define PRAYOG_BUILD_FLAGS "unknown"
#endif

using emscripten::val;
namespace k = prayog::kernels;

namespace {

struct SystemReport {
  std::string version;
  bool simd;  // compiled with WASM SIMD128 (the module would not have loaded otherwise)
  std::string simdArch;
  int simdWidth;
  int gemmMr;
  int gemmNr;
  std::string compiler;
  std::string flags;
};

SystemReport system_report() {
  const k::GemmTile t = k::gemm_tile();
#ifdef __wasm_simd128__
  constexpr bool simd = true;
#else
  constexpr bool simd = false;
#endif
  return {prayog::kVersion,
          simd,
          std::string(k::simd_arch_name()) + " -> wasm simd128",
          t.simd_width,
          t.mr,
          t.nr,
          "clang " __clang_version__,
          PRAYOG_BUILD_FLAGS};
}

val status_object(const prayog::Status& s) {
  val out = val::object();
  out.set("code", static_cast<int>(s.code));
  out.set("key", s.key);
  out.set("detail", s.detail);
  val params = val::object();
  for (const auto& [name, value] : s.params) params.set(name, value);
  out.set("params", params);
  return out;
}

std::size_t js_length(const val& v) {
  // Anything without a numeric length (undefined, a number) counts as empty: the core then reports
  // the size mismatch.
  const val len = v["length"];
  return len.isNumber() ? len.as<std::size_t>() : 0;
}

// C = alpha * op(A) * op(B) + beta * C on JS arrays. Returns {status, c}: c is a fresh
// Float32Array (copied out: a view of the heap would go stale when memory grows).
val gemm_js(bool trans_a, bool trans_b, int m, int n, int k_, float alpha, const val& a,
            const val& b, float beta, const val& c) {
  val out = val::object();
  const prayog::Status check =
      k::gemm_validate(m, n, k_, alpha, beta, js_length(a), js_length(b), js_length(c));
  out.set("status", status_object(check));
  if (!check.ok()) return out;
  const auto va = emscripten::convertJSArrayToNumberVector<float>(a);
  const auto vb = emscripten::convertJSArrayToNumberVector<float>(b);
  auto vc = emscripten::convertJSArrayToNumberVector<float>(c);
  k::gemm(k::gemm_args(trans_a, trans_b, m, n, k_, alpha, va.data(), vb.data(), beta, vc.data()));
  out.set("c", val(emscripten::typed_memory_view(vc.size(), vc.data())).call<val>("slice"));
  return out;
}

// Fixed kernel work for timing from JS (bench/workloads.hpp). An invalid spec allocates nothing
// and reports a status. One class for every kind keeps the number of exported objects small.
class WorkloadJs {
 public:
  WorkloadJs(const std::string& kind, int a, int b, int c, int d, bool trans_a, bool trans_b) {
    const prayog::bench::WorkloadSpec spec{kind, a, b, c, d, trans_a, trans_b};
    status_ = prayog::bench::validate(spec);
    if (status_.ok()) workload_ = prayog::bench::make_workload(spec);
  }
  val status() const { return status_object(status_); }
  void run(int iterations) {
    if (workload_) workload_->run(iterations);
  }
  double workPerRun() const { return workload_ ? workload_->work_per_run() : 0.0; }
  double checksum() const { return workload_ ? workload_->checksum() : 0.0; }

 private:
  prayog::Status status_;
  std::unique_ptr<prayog::bench::Workload> workload_;
};

// The same-run ceiling; returns floating-point operations done.
double simd_peak(double iterations) {
  float sink = 0.0f;
  const double flops = k::simd_peak_loop(static_cast<std::int64_t>(iterations), &sink);
  return sink == sink ? flops : -1.0;  // sink is never NaN; reading it keeps the loop alive
}

}  // namespace

EMSCRIPTEN_BINDINGS(prayog) {
  emscripten::value_object<SystemReport>("SystemReport")
      .field("version", &SystemReport::version)
      .field("simd", &SystemReport::simd)
      .field("simdArch", &SystemReport::simdArch)
      .field("simdWidth", &SystemReport::simdWidth)
      .field("gemmMr", &SystemReport::gemmMr)
      .field("gemmNr", &SystemReport::gemmNr)
      .field("compiler", &SystemReport::compiler)
      .field("flags", &SystemReport::flags);
  emscripten::function("system", &system_report);
  emscripten::function("gemm", &gemm_js);
  emscripten::function("simdPeak", &simd_peak);
  emscripten::class_<WorkloadJs>("Workload")
      .constructor<std::string, int, int, int, int, bool, bool>()
      .function("status", &WorkloadJs::status)
      .function("run", &WorkloadJs::run)
      .function("workPerRun", &WorkloadJs::workPerRun)
      .function("checksum", &WorkloadJs::checksum);
}
