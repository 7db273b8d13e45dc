// The guided tours' page-supplied input: judgeClaim(lab, step, before, after) hands the core two
// {name: number} objects that went through JSON on the page, and every tour step opens its lab
// from step_values(lab, step, seed) with the page's seed.
//
// Input (text): line 1 the lab, line 2 the step, line 3 the seed; then `name=number` lines of
// `before`, a line `--`, `name=number` lines of `after` (numbers through strtod: nan and inf too,
// which the bindings refuse with error.not_finite but judge() promises to take).
#include <cmath>
#include <string>

#include "fuzz_common.hpp"
#include "labs/tours.hpp"
#include "schema/schema.hpp"

namespace tours = prayog::labs::tours;
using prayog::Status;
using prayog::fuzz::check_status;

namespace {

bool good_name(const std::string& n) {
  if (n.empty()) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;
  const std::vector<std::string> in = prayog::fuzz::lines(data, size);
  if (in.size() < 2) return 0;
  const std::string& lab = in[0];
  const std::string& step = in[1];
  const std::uint64_t seed = in.size() > 2 ? std::strtoull(in[2].c_str(), nullptr, 10) : 1;

  tours::Numbers before, after;
  bool finite = true;
  tours::Numbers* cur = &before;
  for (std::size_t i = 3; i < in.size(); ++i) {
    if (in[i] == "--") {
      cur = &after;
      continue;
    }
    const std::size_t eq = in[i].find('=');
    if (eq == std::string::npos) continue;
    const double v = std::strtod(in[i].c_str() + eq + 1, nullptr);
    finite = finite && std::isfinite(v);
    cur->push_back({in[i].substr(0, eq), v});
  }

  const tours::TourStep* found = tours::find_step(lab, step);
  FUZZ_CHECK((found != nullptr) == (!tours::tour(lab).empty() && found && found->id == step),
             lab + "/" + step);

  const tours::Verdict v = tours::judge(lab, step, before, after);
  if (!found) FUZZ_CHECK(!v.shown && v.numbers.empty(), "a verdict for an unknown step");
  for (const auto& [name, value] : v.numbers) {
    FUZZ_CHECK(good_name(name), "verdict number name '" + name + "'");
    // The page prints these; bindings hand them to JSON (NaN would become null).
    FUZZ_CHECK(std::isfinite(value), name + " is not finite in the verdict of " + step);
  }
  if (finite && before.empty() && after.empty()) FUZZ_CHECK(!v.shown, "shown on no numbers");

  for (std::size_t i = 0; i < before.size(); ++i) {
    // number() is the first value of that name.
    std::size_t first = 0;
    while (before[first].first != before[i].first) ++first;
    const double got = tours::number(before, before[i].first), want = before[first].second;
    FUZZ_CHECK(got == want || (got != got && want != want), before[i].first);
  }
  FUZZ_CHECK(std::isnan(tours::number(before, "absent\nname")),
             "number() of an absent name");  // no input line holds a newline

  prayog::schema::Values values;
  const Status s = tours::step_values(lab, step, seed, values);
  check_status(s, "step_values");
  if (found && seed <= 2147483647u) {
    // Every step of every tour opens a valid config for any seed the schema takes.
    FUZZ_CHECK(s.ok(), lab + "/" + step + " seed " + std::to_string(seed) + ": " + s.detail);
    const prayog::schema::LabSchema* sc = prayog::schema::find_lab(lab);
    FUZZ_CHECK(sc && prayog::schema::validate(*sc, values).ok(), lab);
    FUZZ_CHECK(values.integer("seed") == static_cast<int>(seed), "seed not applied");
  }
  if (!found) FUZZ_CHECK(!s.ok(), "step_values accepted an unknown step");
  return 0;
}
