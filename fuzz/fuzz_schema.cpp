// Schema text parsing and validation for every lab, the way URL and page values reach the core:
// wasm/bindings.cpp values_from_js turns each {key: value} into text (a JS number through
// format_number, a boolean as "true"/"false", a string as is, anything else "?") and calls
// set_from_text, stopping at the first refusal, then validate. Accepted configs that are small
// are built and trained a step, so ASan sees real use of what validation lets through.
//
// Input (text): line 1 the lab name; then one setting per line:
//   key=text     a string value (the URL's text)
//   key~number   a JS number: strtod, then format_number (what values_from_js does)
//   key?         a value of another JS type (values_from_js sends "?")
//   %hex16       a double by its bits: format_number must round-trip it
#include <cmath>
#include <cstring>
#include <string>

#include "fuzz_common.hpp"
#include "labs/registry.hpp"
#include "schema/schema.hpp"

namespace schema = prayog::schema;
using prayog::Status;
using prayog::StatusCode;
using prayog::fuzz::check_status;

namespace {

constexpr std::size_t kBuildBelowBytes = 4u << 20;  // keeps this target fast; fuzz_lab goes big

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void check_round_trip(double v) {
  const std::string text = schema::format_number(v);
  if (std::isnan(v)) {
    FUZZ_CHECK(std::isnan(std::strtod(text.c_str(), nullptr)), text);
    return;
  }
  FUZZ_CHECK(same_bits(std::strtod(text.c_str(), nullptr), v) || (v == 0.0 && text == "0") ||
                 (v == 0.0 && text == "-0"),
             "format_number(" + text + ") does not read back");
}

// A field accepted `v`: it is in range, and its printed form reads back to the same value.
void check_accepted(const schema::LabSchema& lab, const schema::Values& values,
                    const schema::Field& f) {
  const double v = values.number(f.key);
  FUZZ_CHECK(std::isfinite(v), f.key);
  switch (f.type) {
    case schema::Type::kInt:
      FUZZ_CHECK(v == std::floor(v), f.key);
      [[fallthrough]];
    case schema::Type::kFloat: {
      FUZZ_CHECK(v >= f.min && v <= f.max, f.key + " = " + schema::format_number(v));
      schema::Values again = values;
      const std::string text = schema::format_number(v);
      const Status s = schema::set_from_text(lab, again, f.key, text);
      FUZZ_CHECK(s.ok(), f.key + ": its own printed value '" + text + "' is refused: " + s.detail);
      FUZZ_CHECK(same_bits(again.number(f.key), v) || (v == 0.0 && again.number(f.key) == 0.0),
                 f.key + ": '" + text + "' reads back as another number");
      break;
    }
    case schema::Type::kBool:
      FUZZ_CHECK(v == 0.0 || v == 1.0, f.key);
      break;
    case schema::Type::kChoice:
      FUZZ_CHECK(!values.choice(f.key).empty(), f.key);
      break;
  }
}

void exercise_lab(const std::string& name, const schema::Values& values, unsigned extra) {
  std::unique_ptr<prayog::labs::Lab> lab = prayog::labs::make_lab(name, values);
  FUZZ_CHECK(lab != nullptr, "make_lab refused a validated " + name + " config");
  const Status s = lab->step(1 + static_cast<int>(extra % 2));
  check_status(s, "step");
  FUZZ_CHECK(s.ok() || s.code == StatusCode::kDiverged, s.key);
  const std::vector<std::string> names = lab->metric_names();
  FUZZ_CHECK(!names.empty() && names[0] == "loss", name);
  FUZZ_CHECK(lab->metrics().size() == names.size(), name);
  FUZZ_CHECK(lab->arm_count() >= 1, name);
  for (int a = 0; a < lab->arm_count(); ++a) {
    FUZZ_CHECK(!lab->arm_label(a).empty(), name);
    FUZZ_CHECK(lab->arm_metric_values(a).size() == names.size(), name);
    const prayog::nn::Params<float>& p = lab->arm_params(a);
    for (int id = 0; id < p.count(); ++id) {
      const prayog::nn::ParamInfo& info = p.info(id);
      std::size_t n = 1;
      for (int d : info.shape) n *= static_cast<std::size_t>(d);
      FUZZ_CHECK(n == info.size, info.name);
      volatile float sink = info.size ? p.value(id)[info.size - 1] : 0.0f;  // ASan: in bounds
      (void)sink;
    }
    (void)lab->train_loss(a);
    (void)lab->train_grad_norm(a);
  }
  lab->reset(extra);
  FUZZ_CHECK(lab->steps_done() == 0, name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;
  const std::vector<std::string> in = prayog::fuzz::lines(data, size);
  if (in.empty()) return 0;

  for (const schema::LabSchema& l : schema::labs())
    for (const schema::Field& f : l.fields)
      FUZZ_CHECK(schema::from_flag(schema::to_flag(f.key)) == f.key, f.key);

  const schema::LabSchema* lab = schema::find_lab(in[0]);
  // Lines that are not settings still exercise the printers.
  for (std::size_t i = 1; i < in.size(); ++i) {
    const std::string& line = in[i];
    if (line.size() == 17 && line[0] == '%') {
      std::uint64_t bits = std::strtoull(line.c_str() + 1, nullptr, 16);
      double v;
      std::memcpy(&v, &bits, sizeof v);
      check_round_trip(v);
    }
    FUZZ_CHECK(schema::to_flag(schema::from_flag(line)) == schema::to_flag(line), line);
  }
  if (!lab) return 0;  // validateConfig reports error.unknown_key for the lab name itself

  schema::Values values(*lab);
  Status first = Status::Ok();
  unsigned extra = 0;
  for (std::size_t i = 1; i < in.size() && first.ok(); ++i) {
    const std::string& line = in[i];
    const std::size_t at = line.find_first_of("=~?");
    if (at == std::string::npos || line[0] == '%') continue;
    const std::string key = line.substr(0, at);
    std::string text = line.substr(at + 1);
    if (line[at] == '~') {
      const double v = std::strtod(text.c_str(), nullptr);
      text = schema::format_number(v);
      check_round_trip(v);
    } else if (line[at] == '?') {
      text = "?";
    }
    extra = extra * 31 + static_cast<unsigned>(line.size());
    const double before = values.number(key);
    const Status s = schema::set_from_text(*lab, values, key, text);
    check_status(s, "set_from_text(" + key + ", '" + text + "')");
    const schema::Field* f = lab->field(key);
    if (!f) {
      FUZZ_CHECK(!s.ok() && s.code == StatusCode::kUnknownKey && s.key == "error.unknown_key", key);
    } else if (s.ok()) {
      check_accepted(*lab, values, *f);
    } else {
      FUZZ_CHECK(same_bits(values.number(key), before), key + ": a refused value was stored");
    }
    first = s;
  }
  if (!first.ok()) return 0;

  const Status v = schema::validate(*lab, values);
  check_status(v, "validate");
  if (!v.ok()) {
    FUZZ_CHECK(v.code != StatusCode::kOk, v.key);
    return 0;
  }
  for (const schema::Field& f : lab->fields) check_accepted(*lab, values, f);
  const std::size_t bytes = lab->estimate_bytes(values);
  FUZZ_CHECK(bytes <= schema::kDefaultBudgetBytes, std::to_string(bytes));
  FUZZ_CHECK(bytes > 0, lab->lab + ": a config that allocates nothing");
  // The budget is the only thing between the estimate and the refusal.
  FUZZ_CHECK(schema::validate(*lab, values, bytes).ok(), std::to_string(bytes));
  const Status tight = schema::validate(*lab, values, bytes - 1);
  check_status(tight, "validate(tight budget)");
  FUZZ_CHECK(tight.key == "error.too_large", tight.key);

  if (bytes < kBuildBelowBytes) exercise_lab(lab->lab, values, extra);
  return 0;
}
