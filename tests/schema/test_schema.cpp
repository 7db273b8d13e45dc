// The lab schemas: defaults valid, and every validation rule refuses a bad value with its status
// and message key (and placeholder values the page's translated sentence needs).
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "schema/schema.hpp"

using prayog::Status;
using prayog::StatusCode;
using namespace prayog::schema;

namespace {
const LabSchema& lab(const char* name) {
  const LabSchema* s = find_lab(name);
  REQUIRE(s != nullptr);
  return *s;
}

// Sets key=text on the lab's defaults; returns the first failing status (parse or validate).
Status try_value(const char* name, const std::string& key, const std::string& text,
                 std::size_t budget = kDefaultBudgetBytes) {
  const LabSchema& s = lab(name);
  Values v(s);
  Status st = set_from_text(s, v, key, text);
  return st.ok() ? validate(s, v, budget) : st;
}

std::string param(const Status& s, const std::string& name) {
  for (const auto& [k, v] : s.params)
    if (k == name) return v;
  return "<missing>";
}
}  // namespace

TEST_CASE("every lab's defaults are valid and every key is unique", "[schema]") {
  REQUIRE(labs().size() == 3);
  for (const LabSchema& s : labs()) {
    INFO(s.lab);
    Values v(s);
    CHECK(validate(s, v).ok());
    std::set<std::string> keys;
    for (const Field& f : s.fields) {
      CHECK(keys.insert(f.key).second);
      CHECK(f.key.find('-') == std::string::npos);
      CHECK(from_flag(to_flag(f.key)) == f.key);
      for (char c : f.key) CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'));
    }
    for (const char* shared : {"seed", "lr", "optimizer", "batch_size"}) CHECK(s.field(shared));
  }
  CHECK(find_lab("nope") == nullptr);
}

TEST_CASE("values parse strictly from text", "[schema]") {
  const LabSchema& s = lab("attention");
  Values v(s);
  REQUIRE(set_from_text(s, v, "lr", "0.01").ok());
  CHECK(v.number("lr") == 0.01);
  REQUIRE(set_from_text(s, v, "lr", "1e-4").ok());
  REQUIRE(set_from_text(s, v, "task", "sort").ok());
  CHECK(v.choice("task") == "sort");
  REQUIRE(set_from_text(s, v, "scale", "false").ok());
  CHECK(!v.flag("scale"));
  REQUIRE(set_from_text(s, v, "scale", "1").ok());
  CHECK(v.flag("scale"));
  for (const char* bad : {"", "abc", "0.01x", " 0.01", "0.01 ", "1e999", "--1", "0x"}) {
    INFO("'" << bad << "'");
    const Status st = set_from_text(s, v, "lr", bad);
    CHECK(st.key == "error.not_a_number");
    CHECK(param(st, "field") == "lr");
  }
  CHECK(v.number("lr") == 1e-4);  // a refused value leaves the last good one
}

TEST_CASE("per-field rules: range, integer, finite, bool, choice, unknown key", "[schema]") {
  Status st = try_value("attention", "length", "13");
  CHECK(st.code == StatusCode::kInvalidArgument);
  CHECK(st.key == "error.out_of_range");
  CHECK(param(st, "min") == "4");
  CHECK(param(st, "max") == "12");
  CHECK(param(st, "value") == "13");
  CHECK(try_value("attention", "length", "3").key == "error.out_of_range");
  CHECK(try_value("attention", "lr", "0").key == "error.out_of_range");
  CHECK(try_value("attention", "lr", "-0.1").key == "error.out_of_range");
  CHECK(try_value("attention", "lr", "2").key == "error.out_of_range");
  CHECK(try_value("attention", "length", "8.5").key == "error.not_integer");
  CHECK(try_value("attention", "lr", "nan").key == "error.not_finite");
  CHECK(try_value("attention", "lr", "inf").key == "error.not_finite");
  CHECK(try_value("attention", "scale", "2").key == "error.not_bool");
  st = try_value("attention", "task", "translate");
  CHECK(st.key == "error.bad_choice");
  CHECK(param(st, "choices") == "copy, reverse, sort");
  st = try_value("attention", "colour", "1");
  CHECK(st.code == StatusCode::kUnknownKey);
  CHECK(st.key == "error.unknown_key");
  CHECK(try_value("conv1x1", "dropout", "0.95").key == "error.out_of_range");
  CHECK(try_value("pretrain", "labelled", "0").key == "error.out_of_range");
  CHECK(try_value("pretrain", "seed", "-1").key == "error.out_of_range");
}

TEST_CASE("cross-field rules of each lab", "[schema]") {
  {
    const LabSchema& s = lab("attention");
    Values v(s);
    v.set("heads", 3);
    CHECK(validate(s, v).key == "error.heads_choice");
    v.set("heads", 4);
    v.set("d_model", 30);
    const Status st = validate(s, v);
    CHECK(st.key == "error.heads_divide");
    CHECK(param(st, "d_model") == "30");
    v.set("d_model", 32);
    CHECK(validate(s, v).ok());
  }
  {
    const LabSchema& s = lab("conv1x1");
    Values v(s);
    v.set("k", 4);
    CHECK(validate(s, v).key == "error.kernel_odd");
    v.set("k", 3);
    v.set("bottleneck", 65);
    CHECK(validate(s, v).key == "error.bottleneck_too_wide");
  }
  {
    const LabSchema& s = lab("pretrain");
    Values v(s);
    v.set("width", 8);
    v.set("depth", 4);  // 8, 4, 2, 1 units
    CHECK(validate(s, v).key == "error.too_narrow");
    v.set("depth", 3);
    CHECK(validate(s, v).ok());
  }
}

TEST_CASE("memory estimate is refused above the budget, before allocating", "[schema]") {
  for (const LabSchema& s : labs()) {
    INFO(s.lab);
    Values v(s);
    const std::size_t bytes = s.estimate_bytes(v);
    CHECK(bytes > 0);
    const Status st = validate(s, v, bytes - 1);
    CHECK(st.code == StatusCode::kTooLarge);
    CHECK(st.key == "error.too_large");
    CHECK(validate(s, v, bytes).ok());
    // Defaults leave room; the largest values either fit or are refused with the size message.
    CHECK(bytes <= kDefaultBudgetBytes / 3);
    Values big(s);
    for (const Field& f : s.fields)
      if (f.type == Type::kInt || f.type == Type::kFloat) big.set(f.key, f.max);
    const Status at_max = validate(s, big);
    CHECK((at_max.ok() || at_max.key == "error.too_large" ||
           at_max.code == StatusCode::kInvalidArgument));
  }
}

TEST_CASE("flags and numbers print the way the CLI shows them", "[schema]") {
  CHECK(to_flag("batch_size") == "batch-size");
  CHECK(from_flag("steps-per-stage") == "steps_per_stage");
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(1e-5) == "1e-05");
  CHECK(format_number(2147483647) == "2147483647");
}
