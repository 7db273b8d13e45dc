// prayog: the native front of the core (like wasm/ is the browser's). It only parses, validates
// through the schema and prints; the core does the work.
//
//   prayog --help
//   prayog info  --lab <name> [--key value ...]
//   prayog train --lab <name> [--key value ...] [--steps N] [--seed S] [--csv FILE]
//   prayog bench-kernels
//
// Exit codes: 0 ok, 2 bad command line (unknown flag, bad value: the schema's message), 3 a lab
// whose runner has not landed yet, 4 training diverged (NaN/Inf; the rows so far are written).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "args.hpp"
#include "base/version.hpp"
#include "kernels/bench.hpp"
#include "kernels/gemm.hpp"
#include "labs/conv1x1_lab.hpp"
#include "labs/registry.hpp"
#include "schema/schema.hpp"

namespace {

using prayog::Status;
namespace schema = prayog::schema;

const char* type_name(const schema::Field& f) {
  switch (f.type) {
    case schema::Type::kInt:
      return "integer";
    case schema::Type::kFloat:
      return "number";
    case schema::Type::kBool:
      return "true|false";
    case schema::Type::kChoice:
      return "choice";
  }
  return "";
}

std::string describe(const schema::Field& f) {
  using schema::format_number;
  switch (f.type) {
    case schema::Type::kInt:
    case schema::Type::kFloat:
      return std::string(type_name(f)) + " in " + format_number(f.min) + ".." +
             format_number(f.max) + ", default " + format_number(f.def) +
             (f.log_scale ? " (log scale)" : "");
    case schema::Type::kBool:
      return std::string("true|false, default ") + (f.def != 0.0 ? "true" : "false");
    case schema::Type::kChoice: {
      std::string s;
      for (const auto& c : f.choices) s += (s.empty() ? "" : "|") + c;
      return s + ", default " + f.choices[static_cast<std::size_t>(f.def)];
    }
  }
  return "";
}

void print_help() {
  std::printf(
      "prayog %s: train tiny networks from the command line, with the same core as the page.\n\n"
      "usage:\n"
      "  prayog train --lab <name> [--key value ...] [--steps N] [--csv FILE]\n"
      "  prayog info  --lab <name> [--key value ...]\n"
      "  prayog bench-kernels\n"
      "  prayog --help\n\n"
      "Every --key is a setting of the lab (the same keys as the page's URL, with '-' for '_').\n"
      "A bad flag or value prints the reason and exits with status 2.\n",
      prayog::kVersion);
  for (const schema::LabSchema& lab : schema::labs()) {
    std::printf("\nlab %s (schema v%d):\n", lab.lab.c_str(), lab.version);
    for (const schema::Field& f : lab.fields)
      std::printf("  --%-18s %s\n", schema::to_flag(f.key).c_str(), describe(f).c_str());
  }
  std::printf(
      "\nprayog train --lab pretrain writes step,stage,loss,accuracy,test_accuracy and\n"
      "grad_norm_l1..grad_norm_lN (N = depth + 1: l1 nearest the input, lN the softmax head) for\n"
      "the arm --arm picks (both: the greedy one). stage indexes that arm's timeline: greedy\n"
      "0..depth-1 pretrain layer 1..depth, depth the head, depth+1 fine-tuning; random 0 (end to\n"
      "end). loss is what the stage trains: reconstruction MSE while pretraining, cross-entropy\n"
      "otherwise. Without --steps: (depth + 3) x steps_per_stage updates.\n");
}

int usage_error(const std::string& what) {
  std::fputs(prayog::cli::usage_message(what).c_str(), stderr);
  return 2;
}

using prayog::cli::Parsed;

int parse_lab_args(const std::vector<std::string>& args, bool allow_training_flags, Parsed& out) {
  std::string error;
  const int rc = prayog::cli::parse_lab_args(args, allow_training_flags, out, error);
  if (rc) std::fputs(error.c_str(), stderr);
  return rc;
}

// The seed's arithmetic (labs/conv1x1_lab.hpp owns it): a 1x1 layer, a plain kxk layer, the
// 1x1-reduction + kxk bottleneck and an NiN mlpconv block; then the training CNN's variants.
void print_conv1x1_facts(const schema::Values& v) {
  namespace labs = prayog::labs;
  const labs::Conv1x1Costs c = labs::conv1x1_costs(v);
  auto row = [](const char* name, const labs::LayerCost& l) {
    std::printf("  %-34s %12lld parameters %16lld MACs   -> %dx%dx%d\n", name, l.params, l.macs,
                l.out_h, l.out_w, l.out_c);
  };
  std::printf("1x1 convolution: %dx%dx%d -> %dx%dx%d (\"same\" padding keeps H x W)\n", c.h, c.w,
              c.cin, c.pointwise.out_h, c.pointwise.out_w, c.pointwise.out_c);
  row("1x1 conv", c.pointwise);
  char name[64];
  std::snprintf(name, sizeof name, "plain %dx%d conv", c.k, c.k);
  row(name, c.plain);
  std::snprintf(name, sizeof name, "1x1 to %d, then %dx%d (bottleneck)", c.r, c.k, c.k);
  row(name, c.bottleneck);
  std::snprintf(name, sizeof name, "%dx%d, then 1x1, 1x1 (NiN mlpconv)", c.k, c.k);
  row(name, c.nin);
  std::printf("  bottleneck / plain: %.2fx the MACs\n", c.bottleneck_ratio);
  const labs::Conv1x1Options o = labs::conv1x1_options(v);
  std::printf("training CNN on 16x16x3 images (train_bottleneck r = %d%s), one image:\n",
              o.bottleneck, o.batchnorm ? ", BatchNorm" : "");
  for (int i = 0; i < labs::kConv1x1Variants; ++i) {
    const auto variant = static_cast<labs::Conv1x1Variant>(i);
    const labs::LayerCost l = labs::conv1x1_variant_cost(variant, o);
    std::printf("  %-34s %12lld parameters %16lld MACs\n", labs::conv1x1_variant_name(variant),
                l.params, l.macs);
  }
}

int cmd_info(const std::vector<std::string>& args) {
  Parsed p;
  if (int rc = parse_lab_args(args, false, p)) return rc;
  std::printf("lab %s: configuration valid\n", p.lab->lab.c_str());
  for (const schema::Field& f : p.lab->fields) {
    const std::string v = f.type == schema::Type::kChoice ? p.values.choice(f.key)
                          : f.type == schema::Type::kBool
                              ? (p.values.flag(f.key) ? "true" : "false")
                              : schema::format_number(p.values.number(f.key));
    std::printf("  %-18s %s\n", f.key.c_str(), v.c_str());
  }
  if (p.lab->lab == "conv1x1") print_conv1x1_facts(p.values);
  const double mb = static_cast<double>(p.lab->estimate_bytes(p.values)) / (1 << 20);
  std::printf("estimated memory: %.1f MB (budget %zu MB)\n", mb, schema::kDefaultBudgetBytes >> 20);
  return 0;
}

int cmd_train(const std::vector<std::string>& args) {
  Parsed p;
  if (int rc = parse_lab_args(args, true, p)) return rc;
  std::unique_ptr<prayog::labs::Lab> lab = prayog::labs::make_lab(p.lab->lab, p.values);
  if (!lab) {
    std::fprintf(stderr,
                 "prayog: the configuration is valid, but the %s lab's training runner has not "
                 "landed yet (see its issue); nothing was trained.\n",
                 p.lab->lab.c_str());
    return 3;
  }
  std::FILE* out = stdout;
  if (!p.csv.empty()) {
    out = std::fopen(p.csv.c_str(), "w");
    if (!out) return usage_error("cannot write " + p.csv);
  }
  std::fprintf(out, "step");
  for (const std::string& name : lab->metric_names()) std::fprintf(out, ",%s", name.c_str());
  std::fprintf(out, "\n");
  const long total = p.steps > 0 ? p.steps : lab->default_steps();
  const int every = std::max(1, lab->log_every());
  int rc = 0;
  while (lab->steps_done() < total) {
    const int n = static_cast<int>(std::min<long>(every, total - lab->steps_done()));
    const Status s = lab->step(n);
    if (!s.ok()) {
      std::fprintf(stderr, "prayog: step %ld: %s (%s)\n", lab->steps_done(), s.detail.c_str(),
                   s.key.c_str());
      rc = 4;
      break;
    }
    std::fprintf(out, "%ld", lab->steps_done());
    for (double m : lab->metrics()) std::fprintf(out, ",%s", schema::format_number(m).c_str());
    std::fprintf(out, "\n");
  }
  if (out != stdout) std::fclose(out);
  return rc;
}

int cmd_bench_kernels() {
  using clock = std::chrono::steady_clock;
  const auto tile = prayog::kernels::gemm_tile();
  std::printf("prayog %s, SIMD %s, GEMM tile %dx%d\n", prayog::kVersion,
              prayog::kernels::simd_arch_name(), tile.mr, tile.nr);
  auto seconds = [](clock::time_point t0) {
    return std::chrono::duration<double>(clock::now() - t0).count();
  };
  // Same workloads as the page and `npm run bench`; median of 5 timings of >= 50 ms each.
  auto time_gflops = [&](auto run, double flops_per_run) {
    long iters = 1;
    for (;;) {
      const auto t0 = clock::now();
      run(iters);
      if (seconds(t0) > 0.05) break;
      iters *= 2;
    }
    std::vector<double> g;
    for (int r = 0; r < 5; ++r) {
      const auto t0 = clock::now();
      run(iters);
      g.push_back(iters * flops_per_run / seconds(t0) / 1e9);
    }
    std::sort(g.begin(), g.end());
    return g[2];
  };
  float sink = 0.0f;
  const double peak_flops = prayog::kernels::simd_peak_loop(1, &sink);
  const double peak = time_gflops([&](long n) { prayog::kernels::simd_peak_loop(n * 4096, &sink); },
                                  peak_flops * 4096);
  std::printf("%-28s %8.1f GFLOP/s\n", "SIMD peak loop", peak);
  const int shapes[][3] = {{32, 64, 64},    {64, 64, 64},   {128, 128, 128},
                           {256, 256, 256}, {1024, 64, 32}, {128, 784, 256}};
  for (const auto& s : shapes) {
    for (int t = 0; t < 3; ++t) {
      prayog::kernels::GemmBench bench(s[0], s[1], s[2], t == 1, t == 2);
      const double g =
          time_gflops([&](long n) { bench.run(static_cast<int>(n)); }, bench.flops_per_run());
      char name[64];
      std::snprintf(name, sizeof name, "gemm %s %dx%dx%d",
                    t == 0   ? "A.B  "
                    : t == 1 ? "At.B "
                             : "A.Bt ",
                    s[0], s[1], s[2]);
      std::printf("%-28s %8.1f GFLOP/s  (%.2f of peak)\n", name, g, g / peak);
    }
  }
  return sink == sink ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? 2 : 0;
  }
  const std::string cmd = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "info") return cmd_info(rest);
  if (cmd == "train") return cmd_train(rest);
  if (cmd == "bench-kernels") return cmd_bench_kernels();
  return usage_error("unknown command '" + cmd + "'");
}
