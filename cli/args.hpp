// The CLI's command-line parsing, apart from main() so the fuzzer (fuzz/fuzz_cli.cpp) drives the
// exact code `prayog info|train` runs on argv.
#pragma once

#include <string>
#include <vector>

#include "schema/schema.hpp"

namespace prayog::cli {

struct Parsed {
  const schema::LabSchema* lab = nullptr;
  schema::Values values;
  long steps = -1;
  std::string csv;
};

// The stderr text of a usage error (a bad command line) and of a refused setting.
std::string usage_message(const std::string& what);
std::string status_message(const Status& s);

// Parses --lab first, then every other --key value against that lab's schema, then validates the
// whole config (cross-field rules and the memory budget) before anything is allocated. 0 on
// success; otherwise the exit status (2) with `error` set to what the CLI prints on stderr.
int parse_lab_args(const std::vector<std::string>& args, bool allow_training_flags, Parsed& out,
                   std::string& error);

}  // namespace prayog::cli
