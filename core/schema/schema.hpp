// One config schema per lab, declared once (schema/labs.cpp): every control's key, type, range,
// default. The CLI parses `--key value` flags from it (snake_case key -> --kebab-case flag), the
// bindings export it, the page builds its controls and URL state from it, so a URL key, a CLI flag
// and a page control cannot drift apart. Labels and help are message keys derived from the key:
// "field.<lab>.<key>" and "field.<lab>.<key>.help" in the hi/en catalogs.
//
// Validation runs from the schema before anything is allocated: every value in range, the lab's
// cross-field rules (heads divide d_model, ...), and the estimated bytes within the budget. It
// returns a Status with a message key and placeholder values, never aborts.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.hpp"

namespace prayog::schema {

enum class Type { kInt, kFloat, kBool, kChoice };

struct Field {
  std::string key;  // snake_case
  Type type = Type::kInt;
  double min = 0.0, max = 0.0;       // inclusive (kInt, kFloat)
  double def = 0.0;                  // default: number, 0/1 for kBool, choice index for kChoice
  std::vector<std::string> choices;  // kChoice
  bool log_scale = false;            // page hint: a logarithmic slider (learning rates)
};

class Values;

struct LabSchema {
  std::string lab;  // "attention", "conv1x1", "pretrain"
  int version = 1;  // URL state carries v=<version>
  std::vector<Field> fields;
  // Cross-field rules, run after every field passed its own range check.
  std::function<Status(const Values&)> check;
  // Bytes the lab would allocate for these values (parameters, gradients, optimizer state,
  // activations of one batch, datasets): refused above the budget before allocating.
  std::function<std::size_t(const Values&)> estimate_bytes;

  const Field* field(const std::string& key) const;
};

// A complete set of values for one schema (every key present: starts from the defaults).
class Values {
 public:
  Values() = default;
  explicit Values(const LabSchema& schema);

  double number(const std::string& key) const;  // kInt, kFloat, kBool (0/1), kChoice (index)
  int integer(const std::string& key) const { return static_cast<int>(number(key)); }
  bool flag(const std::string& key) const { return number(key) != 0.0; }
  const std::string& choice(const std::string& key) const;

  // Unchecked setter (validate() checks later); the choice string must be valid.
  void set(const std::string& key, double value) { numbers_[key] = value; }
  const std::map<std::string, double>& all() const { return numbers_; }

 private:
  const LabSchema* schema_ = nullptr;
  std::map<std::string, double> numbers_;
};

constexpr std::size_t kDefaultBudgetBytes = 192u * 1024u * 1024u;

// The registry of lab schemas.
const std::vector<LabSchema>& labs();
const LabSchema* find_lab(const std::string& name);

// Parses `text` for `key` strictly (whole string, finite, integral for kInt, one of the choices or
// true/false/1/0) and range-checks it; on success stores it in `values`.
Status set_from_text(const LabSchema& schema, Values& values, const std::string& key,
                     const std::string& text);

// Every field in range, the lab's rules, estimated bytes <= budget.
Status validate(const LabSchema& schema, const Values& values,
                std::size_t budget_bytes = kDefaultBudgetBytes);

// "d_model" -> "d-model" (CLI flags) and back.
std::string to_flag(const std::string& key);
std::string from_flag(const std::string& flag);

// A number as the CLI and the messages print it (shortest round-trip form).
std::string format_number(double value);

}  // namespace prayog::schema
