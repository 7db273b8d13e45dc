// The CLI's argument parsing (cli/args.hpp, the code `prayog info|train` runs on argv) and what
// `prayog info` computes from an accepted command line (estimate, the conv1x1 cost tables).
//
// Input (text): one argv word per line, the command first (info, train, anything else).
#include <string>
#include <vector>

#include "args.hpp"
#include "fuzz_common.hpp"
#include "labs/conv1x1_lab.hpp"
#include "schema/schema.hpp"

namespace schema = prayog::schema;
namespace lb = prayog::labs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;
  const std::vector<std::string> argv = prayog::fuzz::lines(data, size);
  if (argv.empty()) return 0;
  const bool train = argv[0] == "train";
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());

  prayog::cli::Parsed p;
  std::string error;
  const int rc = prayog::cli::parse_lab_args(rest, train, p, error);
  FUZZ_CHECK(rc == 0 || rc == 2, std::to_string(rc));
  if (rc != 0) {
    FUZZ_CHECK(error.rfind("prayog: ", 0) == 0 && error.back() == '\n', error);
    // A refused setting names its message key in parentheses at the end of the line.
    const std::size_t open = error.rfind(" (error.");
    if (open != std::string::npos && error.size() >= 2 && error[error.size() - 2] == ')') {
      const std::string key = error.substr(open + 2, error.size() - open - 4);
      FUZZ_CHECK(std::binary_search(prayog::fuzz::catalog_keys().begin(),
                                    prayog::fuzz::catalog_keys().end(), key),
                 "CLI message key '" + key + "' is not in the en catalog");
    }
    return 0;
  }
  FUZZ_CHECK(error.empty(), error);
  FUZZ_CHECK(p.lab != nullptr, "accepted without a lab");
  FUZZ_CHECK(schema::validate(*p.lab, p.values).ok(), "accepted an invalid config");
  FUZZ_CHECK(p.steps == -1 || (p.steps >= 1 && p.steps <= 100000000), std::to_string(p.steps));
  if (!train) FUZZ_CHECK(p.steps == -1 && p.csv.empty(), "info took a training flag");

  // What cmd_info prints.
  for (const schema::Field& f : p.lab->fields) {
    if (f.type == schema::Type::kChoice)
      FUZZ_CHECK(!p.values.choice(f.key).empty(), f.key);
    else
      FUZZ_CHECK(!schema::format_number(p.values.number(f.key)).empty(), f.key);
  }
  FUZZ_CHECK(p.lab->estimate_bytes(p.values) <= schema::kDefaultBudgetBytes, p.lab->lab);
  if (p.lab->lab == "conv1x1") {
    const lb::Conv1x1Costs c = lb::conv1x1_costs(p.values);
    for (const lb::LayerCost* l : {&c.pointwise, &c.plain, &c.bottleneck, &c.nin})
      FUZZ_CHECK(l->params > 0 && l->macs > 0 && l->out_h == c.h && l->out_w == c.w, "conv1x1");
    FUZZ_CHECK(c.bottleneck_ratio > 0.0, "bottleneck ratio");
    const lb::Conv1x1Options o = lb::conv1x1_options(p.values);
    for (int i = 0; i < lb::kConv1x1Variants; ++i) {
      const lb::LayerCost l = lb::conv1x1_variant_cost(static_cast<lb::Conv1x1Variant>(i), o);
      FUZZ_CHECK(l.params > 0 && l.macs > 0,
                 lb::conv1x1_variant_name(static_cast<lb::Conv1x1Variant>(i)));
    }
  }
  return 0;
}
