#include "schema/schema.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace prayog::schema {

const Field* LabSchema::field(const std::string& key) const {
  for (const Field& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

Values::Values(const LabSchema& schema) : schema_(&schema) {
  for (const Field& f : schema.fields) numbers_[f.key] = f.def;
}

double Values::number(const std::string& key) const {
  const auto it = numbers_.find(key);
  return it == numbers_.end() ? 0.0 : it->second;
}

const std::string& Values::choice(const std::string& key) const {
  static const std::string kNone;
  const Field* f = schema_ ? schema_->field(key) : nullptr;
  if (!f || f->type != Type::kChoice) return kNone;
  const int i = integer(key);
  return i >= 0 && i < static_cast<int>(f->choices.size()) ? f->choices[static_cast<std::size_t>(i)]
                                                           : kNone;
}

std::string format_number(double value) {
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

std::string to_flag(const std::string& key) {
  std::string s = key;
  for (char& c : s)
    if (c == '_') c = '-';
  return s;
}

std::string from_flag(const std::string& flag) {
  std::string s = flag;
  for (char& c : s)
    if (c == '-') c = '_';
  return s;
}

namespace {

Status out_of_range(const Field& f, double value) {
  const std::string lo = format_number(f.min), hi = format_number(f.max);
  return Status::Error(
      StatusCode::kInvalidArgument, "error.out_of_range",
      f.key + " = " + format_number(value) + " is outside " + lo + ".." + hi,
      {{"field", f.key}, {"value", format_number(value)}, {"min", lo}, {"max", hi}});
}

Status check_field(const Field& f, double v) {
  if (!std::isfinite(v)) {
    return Status::Error(StatusCode::kInvalidArgument, "error.not_finite",
                         f.key + " must be a finite number", {{"field", f.key}});
  }
  switch (f.type) {
    case Type::kInt:
      if (v != std::floor(v)) {
        return Status::Error(StatusCode::kInvalidArgument, "error.not_integer",
                             f.key + " must be a whole number", {{"field", f.key}});
      }
      [[fallthrough]];
    case Type::kFloat:
      if (v < f.min || v > f.max) return out_of_range(f, v);
      return Status::Ok();
    case Type::kBool:
      if (v != 0.0 && v != 1.0) {
        return Status::Error(StatusCode::kInvalidArgument, "error.not_bool",
                             f.key + " must be true or false", {{"field", f.key}});
      }
      return Status::Ok();
    case Type::kChoice:
      if (v != std::floor(v) || v < 0 || v >= static_cast<double>(f.choices.size())) {
        std::string list;
        for (const auto& c : f.choices) list += (list.empty() ? "" : ", ") + c;
        return Status::Error(StatusCode::kInvalidArgument, "error.bad_choice",
                             f.key + " must be one of " + list,
                             {{"field", f.key}, {"choices", list}});
      }
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

Status set_from_text(const LabSchema& schema, Values& values, const std::string& key,
                     const std::string& text) {
  const Field* f = schema.field(key);
  if (!f) {
    return Status::Error(StatusCode::kUnknownKey, "error.unknown_key",
                         "the " + schema.lab + " lab has no setting '" + key + "'",
                         {{"field", key}, {"lab", schema.lab}});
  }
  double v = 0.0;
  if (f->type == Type::kChoice) {
    v = -1;
    for (std::size_t i = 0; i < f->choices.size(); ++i)
      if (f->choices[i] == text) v = static_cast<double>(i);
  } else if (f->type == Type::kBool && (text == "true" || text == "false")) {
    v = text == "true" ? 1.0 : 0.0;
  } else {
    // strtod (not from_chars: Emscripten 3.1.6's libc++ lacks it for floats), whole string only.
    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    v = std::strtod(begin, &end);
    const bool parsed = !text.empty() && end == begin + text.size() && errno != ERANGE &&
                        text.find_first_of(" \t\n") == std::string::npos;
    if (!parsed) {
      return Status::Error(StatusCode::kInvalidArgument, "error.not_a_number",
                           f->key + " = '" + text + "' is not a number",
                           {{"field", f->key}, {"value", text}});
    }
  }
  Status s = check_field(*f, v);
  if (s.ok()) values.set(key, v);
  return s;
}

Status validate(const LabSchema& schema, const Values& values, std::size_t budget_bytes) {
  for (const Field& f : schema.fields) {
    Status s = check_field(f, values.number(f.key));
    if (!s.ok()) return s;
  }
  if (schema.check) {
    Status s = schema.check(values);
    if (!s.ok()) return s;
  }
  if (schema.estimate_bytes) {
    const std::size_t bytes = schema.estimate_bytes(values);
    if (bytes > budget_bytes) {
      const std::string need = std::to_string((bytes + (1u << 20) - 1) >> 20);
      const std::string have = std::to_string(budget_bytes >> 20);
      return Status::Error(
          StatusCode::kTooLarge, "error.too_large",
          "this configuration needs about " + need + " MB, more than the " + have + " MB budget",
          {{"need_mb", need}, {"budget_mb", have}});
    }
  }
  return Status::Ok();
}

const LabSchema* find_lab(const std::string& name) {
  for (const LabSchema& s : labs())
    if (s.lab == name) return &s;
  return nullptr;
}

}  // namespace prayog::schema
