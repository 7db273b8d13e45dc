#include "args.hpp"

#include <cstdlib>

namespace prayog::cli {

std::string usage_message(const std::string& what) {
  return "prayog: " + what + "\nRun 'prayog --help' for the commands and every lab's settings.\n";
}

std::string status_message(const Status& s) {
  return "prayog: " + s.detail + " (" + s.key + ")\n";
}

int parse_lab_args(const std::vector<std::string>& args, bool allow_training_flags, Parsed& out,
                   std::string& error) {
  auto usage_error = [&error](const std::string& what) {
    error = usage_message(what);
    return 2;
  };
  auto fail = [&error](const Status& s) {
    error = status_message(s);
    return 2;
  };
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--lab") out.lab = schema::find_lab(args[i + 1]);
  if (!out.lab) {
    std::string names;
    for (const auto& l : schema::labs()) names += (names.empty() ? "" : ", ") + l.lab;
    return usage_error("--lab <name> is required; labs: " + names);
  }
  out.values = schema::Values(*out.lab);
  for (std::size_t i = 0; i < args.size(); i += 2) {
    const std::string& flag = args[i];
    if (flag.rfind("--", 0) != 0) return usage_error("unexpected argument '" + flag + "'");
    if (i + 1 >= args.size()) return usage_error(flag + " needs a value");
    const std::string& value = args[i + 1];
    if (flag == "--lab") continue;
    if (allow_training_flags && flag == "--steps") {
      char* end = nullptr;
      const long steps = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || steps < 1 || steps > 100000000)
        return usage_error("--steps must be a whole number in 1..100000000");
      out.steps = steps;
      continue;
    }
    if (allow_training_flags && flag == "--csv") {
      out.csv = value;
      continue;
    }
    const Status s =
        schema::set_from_text(*out.lab, out.values, schema::from_flag(flag.substr(2)), value);
    if (!s.ok()) return fail(s);
  }
  const Status s = schema::validate(*out.lab, out.values);
  if (!s.ok()) return fail(s);
  return 0;
}

}  // namespace prayog::cli
