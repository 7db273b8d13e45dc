// The page-reachable kernel entry points: gemm(transA, transB, m, n, k, alpha, A, B, beta, C) on
// JS arrays (wasm/bindings.cpp gemm_js: gemm_validate on the arrays' lengths, then the kernel) and
// new Workload(kind, a, b, c, d, transA, transB) (bench::validate, make_workload, run).
//
// Input (text), one call per line:
//   gemm ta tb m n k alpha beta alen blen clen   (ints wrap like embind's; lengths up to 65536)
//   work kind a b c d ta tb
#include <cmath>
#include <string>
#include <vector>

#include "bench/workloads.hpp"
#include "fuzz_common.hpp"
#include "kernels/gemm.hpp"
#include "kernels/gemm_checked.hpp"

namespace k = prayog::kernels;
using prayog::Status;
using prayog::fuzz::check_status;
using prayog::fuzz::to_int32;

namespace {

constexpr std::size_t kMaxLen = 1u << 16;      // the harness's arrays (the page's can be larger)
constexpr double kMaxWorkElements = 1u << 20;  // runs bigger workloads only through validate

std::size_t length(const std::string& w) {
  const unsigned long long v = std::strtoull(w.c_str(), nullptr, 10);
  return static_cast<std::size_t>(v % (kMaxLen + 1));
}

void call_gemm(const std::vector<std::string>& w) {
  if (w.size() < 12) return;
  const bool ta = w[1] == "1", tb = w[2] == "1";
  const int m = to_int32(w[3]), n = to_int32(w[4]), kk = to_int32(w[5]);
  // embind passes a JS number to a float parameter by rounding to float.
  const float alpha = static_cast<float>(std::strtod(w[6].c_str(), nullptr));
  const float beta = static_cast<float>(std::strtod(w[7].c_str(), nullptr));
  const std::size_t al = length(w[8]), bl = length(w[9]), cl = length(w[10]);
  const Status s = k::gemm_validate(m, n, kk, alpha, beta, al, bl, cl);
  check_status(s, "gemm_validate");
  if (!s.ok()) return;
  FUZZ_CHECK(al == static_cast<std::size_t>(m) * kk && bl == static_cast<std::size_t>(kk) * n &&
                 cl == static_cast<std::size_t>(m) * n,
             "gemm_validate accepted lengths that do not fit the shapes");
  // Exactly-sized heap buffers, so ASan sees a read or write past any of them.
  std::vector<float> a(al, 0.5f), b(bl, -0.25f), c(cl, 1.0f);
  const Status t =
      k::gemm_checked(ta, tb, m, n, kk, alpha, a.data(), al, b.data(), bl, beta, c.data(), cl);
  FUZZ_CHECK(t.ok(), t.key);
  const float expect = alpha * 0.5f * -0.25f * static_cast<float>(kk) + beta * 1.0f;
  if (std::isfinite(expect) && std::fabs(expect) < 1e6f)
    FUZZ_CHECK(std::fabs(c[0] - expect) <= 1e-3f * (1.0f + std::fabs(expect)),
               "gemm c[0] = " + std::to_string(c[0]) + ", expected " + std::to_string(expect));
}

void call_workload(const std::vector<std::string>& w) {
  if (w.size() < 8) return;
  const prayog::bench::WorkloadSpec spec{w[1],           to_int32(w[2]), to_int32(w[3]),
                                         to_int32(w[4]), to_int32(w[5]), w[6] == "1",
                                         w[7] == "1"};
  const Status s = prayog::bench::validate(spec);
  check_status(s, "bench::validate(" + spec.kind + ")");
  if (!s.ok()) return;
  // The *_step kinds build a whole lab (fuzz_lab covers those): validation only here.
  if (spec.kind != "gemm" && spec.kind != "softmax" && spec.kind != "conv1x1") return;
  const double a = spec.a, b = spec.b, c = spec.c, d = spec.d;
  const double work = spec.kind == "gemm"      ? a * b * c
                      : spec.kind == "softmax" ? a * b
                                               : a * b * (c + d) + c * d;
  if (work > kMaxWorkElements) return;
  std::unique_ptr<prayog::bench::Workload> load = prayog::bench::make_workload(spec);
  FUZZ_CHECK(load != nullptr, "make_workload refused a validated " + spec.kind);
  load->run(1);
  FUZZ_CHECK(load->work_per_run() > 0.0, spec.kind);
  FUZZ_CHECK(std::isfinite(load->checksum()), spec.kind + " checksum");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;
  int calls = 0;
  for (const std::string& line : prayog::fuzz::lines(data, size)) {
    if (++calls > 8) break;
    const std::vector<std::string> w = prayog::fuzz::words(line);
    if (w.empty()) continue;
    if (w[0] == "gemm") call_gemm(w);
    if (w[0] == "work") call_workload(w);
  }
  return 0;
}
