// The embind layer: the only C++ that knows about JavaScript. It converts, validates through the
// core, and reports failures as status objects; nothing throws across the boundary. JS-facing
// names are camelCase; wasm/api.js wraps these into a typed surface with named errors.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.hpp"
#include "base/version.hpp"
#include "bench/workloads.hpp"
#include "kernels/bench.hpp"
#include "kernels/gemm.hpp"
#include "kernels/gemm_checked.hpp"
#include "labs/registry.hpp"
#include "schema/schema.hpp"

#ifndef PRAYOG_BUILD_FLAGS
#define PRAYOG_BUILD_FLAGS "unknown"
#endif

using emscripten::val;
namespace k = prayog::kernels;
namespace schema = prayog::schema;

namespace {

struct SystemReport {
  std::string version;
  bool simd;  // compiled with WASM SIMD128 (the module would not have loaded otherwise)
  std::string simdArch;
  int simdWidth;
  int gemmMr;
  int gemmNr;
  std::string compiler;
  std::string flags;
};

SystemReport system_report() {
  const k::GemmTile t = k::gemm_tile();
#ifdef __wasm_simd128__
  constexpr bool simd = true;
#else
  constexpr bool simd = false;
#endif
  return {prayog::kVersion,
          simd,
          std::string(k::simd_arch_name()) + " -> wasm simd128",
          t.simd_width,
          t.mr,
          t.nr,
          "clang " __clang_version__,
          PRAYOG_BUILD_FLAGS};
}

val status_object(const prayog::Status& s) {
  val out = val::object();
  out.set("code", static_cast<int>(s.code));
  out.set("key", s.key);
  out.set("detail", s.detail);
  val params = val::object();
  for (const auto& [name, value] : s.params) params.set(name, value);
  out.set("params", params);
  return out;
}

std::size_t js_length(const val& v) {
  // Anything without a numeric length (undefined, a number) counts as empty: the core then reports
  // the size mismatch.
  const val len = v["length"];
  return len.isNumber() ? len.as<std::size_t>() : 0;
}

// C = alpha * op(A) * op(B) + beta * C on JS arrays. Returns {status, c}: c is a fresh
// Float32Array (copied out: a view of the heap would go stale when memory grows).
val gemm_js(bool trans_a, bool trans_b, int m, int n, int k_, float alpha, const val& a,
            const val& b, float beta, const val& c) {
  val out = val::object();
  const prayog::Status check =
      k::gemm_validate(m, n, k_, alpha, beta, js_length(a), js_length(b), js_length(c));
  out.set("status", status_object(check));
  if (!check.ok()) return out;
  const auto va = emscripten::convertJSArrayToNumberVector<float>(a);
  const auto vb = emscripten::convertJSArrayToNumberVector<float>(b);
  auto vc = emscripten::convertJSArrayToNumberVector<float>(c);
  k::gemm(k::gemm_args(trans_a, trans_b, m, n, k_, alpha, va.data(), vb.data(), beta, vc.data()));
  out.set("c", val(emscripten::typed_memory_view(vc.size(), vc.data())).call<val>("slice"));
  return out;
}

// Fixed kernel work for timing from JS (bench/workloads.hpp). An invalid spec allocates nothing
// and reports a status. One class for every kind keeps the number of exported objects small.
class WorkloadJs {
 public:
  WorkloadJs(const std::string& kind, int a, int b, int c, int d, bool trans_a, bool trans_b) {
    const prayog::bench::WorkloadSpec spec{kind, a, b, c, d, trans_a, trans_b};
    status_ = prayog::bench::validate(spec);
    if (status_.ok()) workload_ = prayog::bench::make_workload(spec);
  }
  val status() const { return status_object(status_); }
  void run(int iterations) {
    if (workload_) workload_->run(iterations);
  }
  double workPerRun() const { return workload_ ? workload_->work_per_run() : 0.0; }
  double checksum() const { return workload_ ? workload_->checksum() : 0.0; }

 private:
  prayog::Status status_;
  std::unique_ptr<prayog::bench::Workload> workload_;
};

// Every lab's schema, for the page to build its controls and URL state (schema/schema.hpp).
val schemas_js() {
  val labs = val::array();
  for (const schema::LabSchema& lab : schema::labs()) {
    val fields = val::array();
    for (const schema::Field& f : lab.fields) {
      val field = val::object();
      field.set("key", f.key);
      const char* type = f.type == schema::Type::kInt     ? "int"
                         : f.type == schema::Type::kFloat ? "float"
                         : f.type == schema::Type::kBool  ? "bool"
                                                          : "choice";
      field.set("type", std::string(type));
      field.set("min", f.min);
      field.set("max", f.max);
      if (f.type == schema::Type::kChoice) {
        val choices = val::array();
        for (const auto& c : f.choices) choices.call<void>("push", c);
        field.set("choices", choices);
        field.set("default", f.choices[static_cast<std::size_t>(f.def)]);
      } else if (f.type == schema::Type::kBool) {
        field.set("default", f.def != 0.0);
      } else {
        field.set("default", f.def);
      }
      field.set("logScale", f.log_scale);
      fields.call<void>("push", field);
    }
    val entry = val::object();
    entry.set("lab", lab.lab);
    entry.set("version", lab.version);
    entry.set("fields", fields);
    labs.call<void>("push", entry);
  }
  return labs;
}

// Fills `values` from a JS object {key: string | number | boolean} through the schema's strict
// text parser (so the page, the URL and the CLI accept exactly the same things), then validates
// the whole config. Keys the object lacks keep their defaults.
prayog::Status values_from_js(const schema::LabSchema& lab, const val& object,
                              schema::Values& values) {
  values = schema::Values(lab);
  if (!object.isUndefined() && !object.isNull()) {
    const val keys = val::global("Object").call<val>("keys", object);
    const int n = keys["length"].as<int>();
    for (int i = 0; i < n; ++i) {
      const std::string key = keys[i].as<std::string>();
      const val v = object[key];
      std::string text;
      if (v.isNumber()) {
        text = schema::format_number(v.as<double>());
      } else if (v.isTrue() || v.isFalse()) {
        text = v.isTrue() ? "true" : "false";
      } else if (v.isString()) {
        text = v.as<std::string>();
      } else {
        text = "?";
      }
      const prayog::Status s = schema::set_from_text(lab, values, key, text);
      if (!s.ok()) return s;
    }
  }
  return schema::validate(lab, values);
}

val validate_config_js(const std::string& lab_name, const val& object) {
  const schema::LabSchema* lab = schema::find_lab(lab_name);
  if (!lab) {
    return status_object(prayog::Status::Error(prayog::StatusCode::kUnknownKey, "error.unknown_key",
                                               "no lab named '" + lab_name + "'",
                                               {{"field", lab_name}, {"lab", lab_name}}));
  }
  schema::Values values;
  return status_object(values_from_js(*lab, object, values));
}

// One lab being trained (labs/lab.hpp). configure() validates before anything is allocated and
// keeps the last good lab when a new config is refused.
class LabSessionJs {
 public:
  explicit LabSessionJs(const std::string& lab) : name_(lab) {}

  val configure(const val& object) {
    const schema::LabSchema* lab = schema::find_lab(name_);
    if (!lab) return validate_config_js(name_, object);
    schema::Values values;
    const prayog::Status s = values_from_js(*lab, object, values);
    if (!s.ok()) return status_object(s);
    std::unique_ptr<prayog::labs::Lab> made = prayog::labs::make_lab(name_, values);
    if (!made) {
      return status_object(prayog::Status::Error(
          prayog::StatusCode::kUnknownKey, "error.lab_not_ready",
          "the " + name_ + " lab has no training runner yet", {{"lab", name_}}));
    }
    lab_ = std::move(made);
    return status_object(prayog::Status::Ok());
  }
  val step(int n) {
    if (!lab_) return not_configured();
    return status_object(lab_->step(n < 1 ? 1 : n));
  }
  val reset(double seed) {
    if (!lab_) return not_configured();
    lab_->reset(static_cast<std::uint64_t>(seed));
    return status_object(prayog::Status::Ok());
  }
  double stepsDone() const { return lab_ ? static_cast<double>(lab_->steps_done()) : 0.0; }
  // {names: string[], values: Float64Array} for the primary arm.
  val metrics() {
    val out = val::object();
    val names = val::array();
    std::vector<double> v;
    if (lab_) {
      for (const auto& n : lab_->metric_names()) names.call<void>("push", n);
      v = lab_->metrics();
    }
    out.set("names", names);
    out.set("values", val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice"));
    return out;
  }

 private:
  val not_configured() const {
    return status_object(prayog::Status::Error(prayog::StatusCode::kInvalidArgument,
                                               "error.not_ready", "configure() first", {}));
  }
  std::string name_;
  std::unique_ptr<prayog::labs::Lab> lab_;
};

// The same-run ceiling; returns floating-point operations done.
double simd_peak(double iterations) {
  float sink = 0.0f;
  const double flops = k::simd_peak_loop(static_cast<std::int64_t>(iterations), &sink);
  return sink == sink ? flops : -1.0;  // sink is never NaN; reading it keeps the loop alive
}

}  // namespace

EMSCRIPTEN_BINDINGS(prayog) {
  emscripten::value_object<SystemReport>("SystemReport")
      .field("version", &SystemReport::version)
      .field("simd", &SystemReport::simd)
      .field("simdArch", &SystemReport::simdArch)
      .field("simdWidth", &SystemReport::simdWidth)
      .field("gemmMr", &SystemReport::gemmMr)
      .field("gemmNr", &SystemReport::gemmNr)
      .field("compiler", &SystemReport::compiler)
      .field("flags", &SystemReport::flags);
  emscripten::function("system", &system_report);
  emscripten::function("gemm", &gemm_js);
  emscripten::function("simdPeak", &simd_peak);
  emscripten::function("schemas", &schemas_js);
  emscripten::function("validateConfig", &validate_config_js);
  emscripten::class_<LabSessionJs>("LabSession")
      .constructor<std::string>()
      .function("configure", &LabSessionJs::configure)
      .function("step", &LabSessionJs::step)
      .function("reset", &LabSessionJs::reset)
      .function("stepsDone", &LabSessionJs::stepsDone)
      .function("metrics", &LabSessionJs::metrics);
  emscripten::class_<WorkloadJs>("Workload")
      .constructor<std::string, int, int, int, int, bool, bool>()
      .function("status", &WorkloadJs::status)
      .function("run", &WorkloadJs::run)
      .function("workPerRun", &WorkloadJs::workPerRun)
      .function("checksum", &WorkloadJs::checksum);
}
