// The embind layer: the only C++ that knows about JavaScript. It converts, validates through the
// core, and reports failures as status objects; nothing throws across the boundary. JS-facing
// names are camelCase; wasm/api.js wraps these into a typed surface with named errors.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/status.hpp"
#include "base/version.hpp"
#include "bench/workloads.hpp"
#include "kernels/bench.hpp"
#include "kernels/gemm.hpp"
#include "kernels/gemm_checked.hpp"
#include "labs/attention_images.hpp"
#include "labs/attention_lab.hpp"
#include "labs/conv1x1_lab.hpp"
#include "labs/pretrain_lab.hpp"
#include "labs/registry.hpp"
#include "labs/tours.hpp"
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

namespace tours = prayog::labs::tours;

// {attention: [{id, settings: {key: 'value'}, steps}], conv1x1: [...], pretrain: [...]}: the guided
// tours (labs/tours.hpp), steps in order.
val tours_js() {
  val out = val::object();
  for (const std::string& lab : tours::tour_labs()) {
    val steps = val::array();
    for (const tours::TourStep& s : tours::tour(lab)) {
      val settings = val::object();
      for (const auto& [key, text] : s.settings) settings.set(key, text);
      val step = val::object();
      step.set("id", s.id);
      step.set("settings", settings);
      step.set("steps", static_cast<double>(s.steps));
      steps.call<void>("push", step);
    }
    out.set(lab, steps);
  }
  return out;
}

val numbers_object(const tours::Numbers& numbers) {
  val out = val::object();
  for (const auto& [name, v] : numbers) out.set(name, v);
  return out;
}

// A JS object {name: number} into Numbers (in its key order); error.not_finite for a value that is
// not a finite number (api.js checks the same first, with the same key).
prayog::Status numbers_from_js(const char* which, const val& object, tours::Numbers& out) {
  out.clear();
  if (object.isUndefined() || object.isNull()) return prayog::Status::Ok();
  const val keys = val::global("Object").call<val>("keys", object);
  const int n = keys["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    const std::string key = keys[i].as<std::string>();
    const val v = object[key];
    const double d = v.isNumber() ? v.as<double>() : 0.0;
    if (!v.isNumber() || !(d == d) || d - d != 0.0) {
      return prayog::Status::Error(prayog::StatusCode::kInvalidArgument, "error.not_finite",
                                   std::string(which) + "." + key + " is not a finite number",
                                   {{"field", key}});
    }
    out.push_back({key, d});
  }
  return prayog::Status::Ok();
}

// {status, shown, numbers: {name: value}}: whether the step's claim held on these numbers
// (before/after: what measureClaim returned around the step's training).
val judge_claim_js(const std::string& lab, const std::string& step, const val& before,
                   const val& after) {
  tours::Numbers b, a;
  val out = val::object();
  for (const prayog::Status& s :
       {numbers_from_js("before", before, b), numbers_from_js("after", after, a)}) {
    if (!s.ok()) {
      out.set("status", status_object(s));
      return out;
    }
  }
  const tours::Verdict v = tours::judge(lab, step, b, a);
  out.set("status", status_object(prayog::Status::Ok()));
  out.set("shown", v.shown);
  out.set("numbers", numbers_object(v.numbers));
  return out;
}

// Copies a span of the heap into a fresh typed array (a view would go stale when memory grows).
template <typename T>
val copy_out(const T* data, std::size_t n) {
  if (!data) n = 0;
  return val(emscripten::typed_memory_view(n, data)).call<val>("slice");
}

val matrix_object(const prayog::labs::MatrixView& m) {
  val out = val::object();
  out.set("rows", m.rows);
  out.set("cols", m.cols);
  out.set("data", copy_out(m.data, m.size()));
  return out;
}

prayog::Status index_check(const char* field, int value, int count) {
  if (value >= 0 && value < count) return prayog::Status::Ok();
  return prayog::Status::Error(prayog::StatusCode::kInvalidArgument, "error.out_of_range",
                               std::string(field) + " " + std::to_string(value) +
                                   " is outside 0.." + std::to_string(count - 1),
                               {{"field", field},
                                {"value", std::to_string(value)},
                                {"min", "0"},
                                {"max", std::to_string(count - 1)}});
}

// {status} plus nothing else: the shape every failed view call returns.
val status_only(const prayog::Status& s) {
  val out = val::object();
  out.set("status", status_object(s));
  return out;
}

// With memory growth a failed operator new aborts the module (no exceptions, toolchain.md #12),
// and the schema's budget does not cover what is already allocated: configure() keeps the old lab
// alive while it builds the new one, and an article's other sessions share the heap. So before
// building, malloc the estimate plus a margin for the allocator's overhead and the construction's
// temporaries; malloc returns NULL on failure (-sABORTING_MALLOC=0, wasm/CMakeLists.txt), the
// config is then refused with error.out_of_memory. Freed at once: the lab's own allocations reuse
// the space (dlmalloc merges it back into the top of the heap).
prayog::Status reserve_for(std::size_t estimate) {
  const std::size_t margin = estimate / 8 + (2u << 20);
  const std::size_t bytes = estimate + margin;
  // volatile: the compiler may otherwise drop an unused malloc/free pair and fold the check.
  void* volatile probe = std::malloc(bytes);
  if (probe) {
    std::free(probe);
    return prayog::Status::Ok();
  }
  const std::string mb = std::to_string((bytes + (1u << 20) - 1) >> 20);
  return prayog::Status::Error(prayog::StatusCode::kTooLarge, "error.out_of_memory",
                               "the engine could not reserve the " + mb +
                                   " MB these settings need (memory already in use counts too): "
                                   "nothing changed",
                               {{"mb", mb}});
}

// GEMM's packing workspace (kernels/gemm.cpp) grows once, to about 2 MB, on the first wide
// multiply, and then stays for the module's life. Grown during a lab's first step it would sit
// above that lab in the heap, and once the lab is replaced it splits the free space: reserve_for's
// single block would then not fit even in an otherwise empty heap (seen in tests/js). Grown here,
// at load, it sits at the bottom. n = 2048 is the workspace's widest panel.
const bool kGemmWorkspaceAtLoad = [] {
  std::vector<float> a(1, 0.0f), b(2048, 0.0f), c(2048, 0.0f);
  k::gemm(k::gemm_args(false, false, 1, 2048, 1, 1.0f, a.data(), b.data(), 0.0f, c.data()));
  return true;
}();

constexpr double kMaxStepsPerCall = 100000;

// A number from JS against its range: NaN/Inf get error.not_finite, the rest error.out_of_range
// with the range to show.
prayog::Status range_check(const std::string& field, double v, double lo, double hi) {
  if (!(v == v) || v - v != 0.0) {
    return prayog::Status::Error(prayog::StatusCode::kInvalidArgument, "error.not_finite",
                                 field + " is not finite", {{"field", field}});
  }
  if (v < lo || v > hi) {
    return prayog::Status::Error(prayog::StatusCode::kInvalidArgument, "error.out_of_range",
                                 field + " " + schema::format_number(v) + " is outside its range",
                                 {{"field", field},
                                  {"value", schema::format_number(v)},
                                  {"min", schema::format_number(lo)},
                                  {"max", schema::format_number(hi)}});
  }
  return prayog::Status::Ok();
}

// One lab being trained (labs/lab.hpp). configure() validates before anything is allocated and
// keeps the last good lab when a new config is refused (by the schema or by reserve_for).
class LabSessionJs {
 public:
  explicit LabSessionJs(const std::string& lab) : name_(lab) {}

  val configure(const val& object) {
    const schema::LabSchema* lab = schema::find_lab(name_);
    if (!lab) return validate_config_js(name_, object);
    schema::Values values;
    const prayog::Status s = values_from_js(*lab, object, values);
    if (!s.ok()) return status_object(s);
    if (lab->estimate_bytes) {
      const prayog::Status room = reserve_for(lab->estimate_bytes(values));
      if (!room.ok()) return status_object(room);
    }
    std::unique_ptr<prayog::labs::Lab> made = prayog::labs::make_lab(name_, values);
    if (!made) {
      return status_object(prayog::Status::Error(
          prayog::StatusCode::kUnknownKey, "error.lab_not_ready",
          "the " + name_ + " lab has no training runner yet", {{"lab", name_}}));
    }
    lab_ = std::move(made);
    values_ = values;
    // The 1x1 lab's explorer lives beside its training lab, built from the same (valid) config.
    conv1x1_explorer_.reset();
    if (name_ == "conv1x1") {
      conv1x1_explorer_ = std::make_unique<prayog::labs::Conv1x1Explorer>(
          prayog::labs::conv1x1_explorer_options(values));
      conv1x1_k_ = values.integer("k");
      conv1x1_r_ = values.integer("bottleneck");
    }
    return status_object(prayog::Status::Ok());
  }
  // Settings that change only a lab's views (the conv1x1 explorer's sizes), applied without
  // rebuilding the lab: training goes on. The whole config is validated first (the schema's
  // checks, e.g. error.kernel_odd); refused, nothing changes. error.not_ready for a lab without
  // such settings.
  val configureViews(const val& object) {
    if (!lab_) return not_configured();
    const schema::LabSchema* lab = schema::find_lab(name_);
    if (!lab || name_ != "conv1x1") return status_object(not_conv1x1());
    schema::Values values;
    const prayog::Status s = values_from_js(*lab, object, values);
    if (!s.ok()) return status_object(s);
    // The new explorer is built while the old one and the lab are alive (refused: all stay).
    const prayog::labs::Conv1x1ExplorerOptions options =
        prayog::labs::conv1x1_explorer_options(values);
    const prayog::Status room = reserve_for(prayog::labs::conv1x1_explorer_bytes(options));
    if (!room.ok()) return status_object(room);
    conv1x1_explorer_ = std::make_unique<prayog::labs::Conv1x1Explorer>(options);
    conv1x1_k_ = values.integer("k");
    conv1x1_r_ = values.integer("bottleneck");
    values_ = values;  // what the views are built from now (measureClaim reads the explorer's)
    return status_object(prayog::Status::Ok());
  }
  // {status, numbers: {name: value}}: a guided-tour step's numbers of this lab as it is now
  // (labs/tours.hpp: the conv1x1 explorer's steps read the config the views were built from).
  val measureClaim(const std::string& step) {
    if (!lab_) return status_only(not_ready_status());
    tours::Numbers numbers;
    const prayog::Status s = tours::measure(*lab_, name_, step, numbers, &values_);
    val out = status_only(s);
    if (s.ok()) out.set("numbers", numbers_object(numbers));
    return out;
  }
  // One call blocks the worker until it returns: the page asks for at most a few hundred steps
  // a frame, so a bound far above that only refuses a call that would hang the tab.
  val step(double n) {
    if (!lab_) return not_configured();
    const prayog::Status s = range_check("steps", n, 0, kMaxStepsPerCall);
    if (!s.ok()) return status_object(s);
    return status_object(lab_->step(n < 1 ? 1 : static_cast<int>(n)));
  }
  // The seed field's range, as on a page load (a double beyond uint64 would be UB to convert).
  val reset(double seed) {
    if (!lab_) return not_configured();
    const prayog::Status s = field_check("seed", seed, 0.0, 2147483647.0);
    if (!s.ok()) return status_object(s);
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

  // --- Attention lab views (an error.not_ready status for any other lab). Everything is copied
  // out; no view of the heap outlives the call.

  // Arm names, arm 0 (the primary arm) first: "soft" / "hard" in the attention lab, the variants
  // or arms of the other labs, "main" for a one-model lab; empty before configure().
  val arms() const {
    val out = val::array();
    if (lab_) {
      for (int i = 0; i < lab_->arm_count(); ++i) out.call<void>("push", lab_->arm_label(i));
    }
    return out;
  }
  // {names: string[], values: Float64Array} of one arm (metric_names() order); held-out metrics
  // are evaluated (a pass over the held-out set when stale).
  val armValues(int arm) {
    val out = val::object();
    val names = val::array();
    std::vector<double> v;
    if (lab_ && arm >= 0 && arm < lab_->arm_count()) {
      for (const auto& n : lab_->metric_names()) names.call<void>("push", n);
      v = lab_->arm_metric_values(arm);
    }
    out.set("names", names);
    out.set("values", copy_out(v.data(), v.size()));
    return out;
  }
  // {loss: Float64Array, gradNorm: Float64Array}: every arm's last training step (cheap).
  val trainMetrics() const {
    std::vector<double> loss, grad;
    if (lab_) {
      for (int a = 0; a < lab_->arm_count(); ++a) {
        loss.push_back(lab_->train_loss(a));
        grad.push_back(lab_->train_grad_norm(a));
      }
    }
    val out = val::object();
    out.set("loss", copy_out(loss.data(), loss.size()));
    out.set("gradNorm", copy_out(grad.data(), grad.size()));
    return out;
  }
  // {status, arms: [{name, tensors: [{name, shape: number[], values: Float32Array}]}]}: every
  // arm's parameters by tensor (the page's JSON export), copied out.
  val weights() const {
    if (!lab_) return status_only(not_ready_status());
    val arms = val::array();
    for (int a = 0; a < lab_->arm_count(); ++a) {
      const prayog::nn::Params<float>& p = lab_->arm_params(a);
      val tensors = val::array();
      for (int id = 0; id < p.count(); ++id) {
        const prayog::nn::ParamInfo& info = p.info(id);
        val t = val::object();
        t.set("name", info.name);
        val shape = val::array();
        for (int d : info.shape) shape.call<void>("push", d);
        t.set("shape", shape);
        t.set("values", copy_out(p.value(id), info.size));
        tensors.call<void>("push", t);
      }
      val arm = val::object();
      arm.set("name", lab_->arm_label(a));
      arm.set("tensors", tensors);
      arms.call<void>("push", arm);
    }
    val out = status_only(prayog::Status::Ok());
    out.set("arms", arms);
    return out;
  }
  // Every arm's learning rate from the next step on, checked against the schema's "lr" range.
  val setLearningRate(double lr) {
    if (!lab_) return not_configured();
    const prayog::Status s = field_check("lr", lr, 0.0, 1.0);
    if (!s.ok()) return status_object(s);
    lab_->set_learning_rate(lr);
    return status_object(prayog::Status::Ok());
  }

  // {status, loss, accuracy, entropy, gradNorm, heldoutLoss} of one arm.
  val armMetrics(int arm) {
    prayog::labs::AttentionLab* lab = attention_lab();
    if (!lab) return status_only(not_attention());
    const prayog::Status s = index_check("arm", arm, lab->arm_count());
    if (!s.ok()) return status_only(s);
    const prayog::labs::ArmMetrics m = lab->arm_metrics(arm);
    val out = status_only(s);
    out.set("loss", m.loss);
    out.set("accuracy", m.accuracy);
    out.set("entropy", m.entropy);
    out.set("gradNorm", m.grad_norm);
    out.set("heldoutLoss", m.heldout_loss);
    return out;
  }
  val selectExample(int index) {
    prayog::labs::AttentionLab* lab = attention_lab();
    if (!lab) return status_object(not_attention());
    return status_object(lab->set_example(index));
  }
  // {status, index, count, input, target: Int32Array, predicted: Int32Array[] (one per arm),
  //  symbols: string[] (display text of each token id)}.
  val example() {
    prayog::labs::AttentionLab* lab = attention_lab();
    if (!lab) return status_only(not_attention());
    val out = status_only(prayog::Status::Ok());
    out.set("index", lab->example());
    out.set("count", lab->heldout_count());
    const prayog::labs::TokenView in = lab->view_input();
    out.set("input", copy_out(in.data, static_cast<std::size_t>(in.size)));
    const prayog::labs::TokenView target = lab->view_target();
    out.set("target", copy_out(target.data, static_cast<std::size_t>(target.size)));
    val predicted = val::array();
    for (int a = 0; a < lab->arm_count(); ++a) {
      const prayog::labs::TokenView p = lab->view_predicted(a);
      predicted.call<void>("push", copy_out(p.data, static_cast<std::size_t>(p.size)));
    }
    out.set("predicted", predicted);
    val symbols = val::array();
    for (int id = 0; id < prayog::data::kSeqSymbols; ++id)
      symbols.call<void>("push", std::string(lab->symbol(id)));
    out.set("symbols", symbols);
    return out;
  }
  // {status, rows, cols, scale, scores (raw QKᵀ), weights (softmax rows), picks (hard arm's
  //  one-hot rows, else empty), q, k, v: {rows, cols, data}} of one arm / layer / head.
  val attention(int arm, int layer, int head) {
    prayog::labs::AttentionLab* lab = attention_lab();
    if (!lab) return status_only(not_attention());
    for (const prayog::Status& s : {index_check("arm", arm, lab->arm_count()),
                                    index_check("layer", layer, lab->config().layers),
                                    index_check("head", head, lab->config().heads)}) {
      if (!s.ok()) return status_only(s);
    }
    const prayog::labs::MatrixView scores = lab->view_scores(arm, layer, head);
    val out = status_only(prayog::Status::Ok());
    out.set("rows", scores.rows);
    out.set("cols", scores.cols);
    out.set("scale", static_cast<double>(lab->score_scale()));
    out.set("scores", copy_out(scores.data, scores.size()));
    const prayog::labs::MatrixView weights = lab->view_attention(arm, layer, head);
    out.set("weights", copy_out(weights.data, weights.size()));
    const prayog::labs::MatrixView picks = lab->view_picks(arm, layer, head);
    out.set("picks", copy_out(picks.data, picks.size()));
    out.set("q", matrix_object(lab->view_q(arm, layer, head)));
    out.set("k", matrix_object(lab->view_k(arm, layer, head)));
    out.set("v", matrix_object(lab->view_v(arm, layer, head)));
    return out;
  }
  // --- Attention over images (mode "images"); error.not_ready for any other lab.

  // {status, loss, accuracy, objectAttention, entropy, gradNorm, heldoutLoss, count (held-out
  //  images), classes: string[], regions: {mass, cells, perCell: [background, object,
  //  distractor]}} with the current weights (held-out means).
  val imageMetrics() {
    prayog::labs::AttentionImagesLab* lab = images_lab();
    if (!lab) return status_only(not_images());
    const prayog::labs::ImageEval& e = lab->evaluate();
    val out = status_only(prayog::Status::Ok());
    out.set("loss", lab->last_loss());
    out.set("accuracy", e.accuracy);
    out.set("objectAttention", e.object_attention);
    out.set("entropy", e.entropy);
    out.set("gradNorm", lab->last_grad_norm());
    out.set("heldoutLoss", e.loss);
    out.set("count", lab->scenes().heldout().count);
    out.set("grid", lab->grid());
    val classes = val::array();
    for (int c = 0; c < 4; ++c)
      classes.call<void>("push", std::string(prayog::data::shape_name(c)));
    out.set("classes", classes);
    out.set("regions", region_object(e.regions));
    return out;
  }
  // The seed's four steps for held-out image `index`: {status, index, label, predicted, grid,
  //  channels, pixels (24·24·3 in [0, 1]), regions (grid·grid Region ids), featureMean,
  //  scores (raw k_i·q), scale, attention (grid·grid, sums to 1), context (C), logits, probs (4),
  //  entropy, table: {mass, cells, perCell}}.
  val imageView(int index) {
    prayog::labs::AttentionImagesLab* lab = images_lab();
    if (!lab) return status_only(not_images());
    const prayog::Status s = lab->select_image(index);
    if (!s.ok()) return status_only(s);
    const prayog::labs::ImageView& v = lab->image_view();
    val out = status_only(s);
    out.set("index", v.index);
    out.set("label", v.label);
    out.set("predicted", v.predicted);
    out.set("grid", v.grid);
    out.set("channels", v.channels);
    out.set("pixels", copy_out(v.pixels.data(), v.pixels.size()));
    out.set("regions", copy_out(v.regions.data(), v.regions.size()));
    out.set("featureMean", copy_out(v.feature_mean.data(), v.feature_mean.size()));
    out.set("scores", copy_out(v.scores.data(), v.scores.size()));
    out.set("scale", static_cast<double>(v.score_scale));
    out.set("attention", copy_out(v.attention.data(), v.attention.size()));
    out.set("context", copy_out(v.context.data(), v.context.size()));
    out.set("logits", copy_out(v.logits.data(), v.logits.size()));
    out.set("probs", copy_out(v.probs.data(), v.probs.size()));
    out.set("entropy", v.entropy);
    out.set("table", region_object(v.regions_table));
    return out;
  }

  // {status, points: [{dModel, headDim, entropyUnscaled, entropyScaled, gradNormUnscaled,
  //  gradNormScaled, qkGradNormUnscaled, qkGradNormScaled, scoreGradNormUnscaled,
  //  scoreGradNormScaled, maxEntropy}]} at initialisation.
  val scalingDemo() {
    prayog::labs::AttentionLab* lab = attention_lab();
    if (!lab) return status_only(not_attention());
    val points = val::array();
    for (const prayog::labs::ScalingPoint& p :
         prayog::labs::attention_scaling_demo(lab->config())) {
      val o = val::object();
      o.set("dModel", p.d_model);
      o.set("headDim", p.head_dim);
      o.set("entropyUnscaled", p.entropy_unscaled);
      o.set("entropyScaled", p.entropy_scaled);
      o.set("gradNormUnscaled", p.grad_norm_unscaled);
      o.set("gradNormScaled", p.grad_norm_scaled);
      o.set("qkGradNormUnscaled", p.qk_grad_norm_unscaled);
      o.set("qkGradNormScaled", p.qk_grad_norm_scaled);
      o.set("scoreGradNormUnscaled", p.score_grad_norm_unscaled);
      o.set("scoreGradNormScaled", p.score_grad_norm_scaled);
      o.set("maxEntropy", p.max_entropy);
      points.call<void>("push", o);
    }
    val out = status_only(prayog::Status::Ok());
    out.set("points", points);
    return out;
  }
  // {status, points: [{length, ms (-1: skipped), bytes, attentionBytes, macs}]}; `lengths` is a
  // JS array of integers (empty or undefined: the default sweep 8 .. 256).
  val costDemo(const val& lengths) {
    prayog::labs::AttentionLab* lab = attention_lab();
    if (!lab) return status_only(not_attention());
    std::vector<int> ts = {8, 16, 32, 64, 128, 256};
    const std::size_t n = js_length(lengths);
    if (n > 0) {
      if (n > static_cast<std::size_t>(kMaxCostLengths)) {
        return status_only(index_check("lengths", static_cast<int>(n), kMaxCostLengths + 1));
      }
      ts.clear();
      for (std::size_t i = 0; i < n; ++i) {
        const val v = lengths[static_cast<int>(i)];
        const double d = v.isNumber() ? v.as<double>() : -1.0;
        const int t = d >= 1.0 && d <= kMaxCostLength ? static_cast<int>(d) : -1;
        if (t < 1 || static_cast<double>(t) != d) {
          const std::string shown = v.isNumber() ? schema::format_number(d) : std::string("?");
          return status_only(
              prayog::Status::Error(prayog::StatusCode::kInvalidArgument, "error.out_of_range",
                                    "cost demo length " + shown + " is not an integer in 1.." +
                                        std::to_string(kMaxCostLength),
                                    {{"field", "length"},
                                     {"value", shown},
                                     {"min", "1"},
                                     {"max", std::to_string(kMaxCostLength)}}));
        }
        ts.push_back(t);
      }
    }
    val points = val::array();
    for (const prayog::labs::CostPoint& p : prayog::labs::attention_cost_demo(lab->config(), ts)) {
      val o = val::object();
      o.set("length", p.length);
      o.set("ms", p.ms);
      o.set("bytes", static_cast<double>(p.bytes));
      o.set("attentionBytes", static_cast<double>(p.attention_bytes));
      o.set("macs", static_cast<double>(p.macs));
      points.call<void>("push", o);
    }
    val out = status_only(prayog::Status::Ok());
    out.set("points", points);
    return out;
  }

  // --- Pretrain lab views (labs/pretrain_lab.hpp; error.not_ready for any other lab). Everything
  // is copied out; arm, layer, unit and example are checked before the core sees them.

  // {status, current, dims: number[] (256, the hidden widths, 10), testCount, stages: [{kind
  //  ("pretrain" | "head" | "finetune" | "end_to_end"), layer (0-based, -1 if none), begin, end,
  //  frozen: Uint8Array (D + 1: the hidden layers, then the head), reconBefore, reconAfter}]}.
  val pretrainTimeline(int arm) {
    prayog::labs::PretrainLab* lab = pretrain_lab();
    if (!lab) return status_only(not_pretrain());
    const prayog::Status s = index_check("arm", arm, lab->arm_count());
    if (!s.ok()) return status_only(s);
    val stages = val::array();
    for (const prayog::labs::Stage& st : lab->stage_timeline(arm)) {
      val o = val::object();
      o.set("kind", std::string(prayog::labs::stage_kind_name(st.kind)));
      o.set("layer", st.layer);
      o.set("begin", static_cast<double>(st.begin));
      o.set("end", static_cast<double>(st.end));
      o.set("frozen",
            copy_out(reinterpret_cast<const std::uint8_t*>(st.frozen.data()), st.frozen.size()));
      o.set("reconBefore", st.recon_before);
      o.set("reconAfter", st.recon_after);
      stages.call<void>("push", o);
    }
    val dims = val::array();
    dims.call<void>("push", 256);
    for (int w : lab->config().widths()) dims.call<void>("push", w);
    dims.call<void>("push", 10);
    val out = status_only(s);
    out.set("current", lab->current_stage(arm));
    out.set("dims", dims);
    out.set("testCount", lab->data().test().count);
    out.set("stages", stages);
    return out;
  }
  // {status, stage, loss, supervisedLoss, reconError, gradNorms: Float64Array (D + 1, l1 first,
  //  the head last)} of one arm's last step: no held-out pass.
  val pretrainStep(int arm) {
    prayog::labs::PretrainLab* lab = pretrain_lab();
    if (!lab) return status_only(not_pretrain());
    const prayog::Status s = index_check("arm", arm, lab->arm_count());
    if (!s.ok()) return status_only(s);
    const prayog::labs::PretrainArmMetrics m = lab->step_metrics(arm);
    val out = status_only(s);
    out.set("stage", m.stage);
    out.set("loss", m.loss);
    out.set("supervisedLoss", m.supervised_loss);
    out.set("reconError", m.recon_error);
    out.set("gradNorms", copy_out(m.grad_norms.data(), m.grad_norms.size()));
    return out;
  }
  // {status, target, rows: [{arm, steps, stepsToTarget (-1: not yet), testAccuracy, testLoss,
  //  accuracy, ms, msPerStep}]}: the final comparison table (evaluates when the weights changed).
  val pretrainComparison() {
    prayog::labs::PretrainLab* lab = pretrain_lab();
    if (!lab) return status_only(not_pretrain());
    val rows = val::array();
    for (const prayog::labs::ComparisonRow& r : lab->comparison()) {
      val o = val::object();
      o.set("arm", r.arm);
      o.set("steps", static_cast<double>(r.steps));
      o.set("stepsToTarget", static_cast<double>(r.steps_to_target));
      o.set("testAccuracy", r.test_accuracy);
      o.set("testLoss", r.test_loss);
      o.set("accuracy", r.accuracy);
      o.set("ms", r.ms);
      o.set("msPerStep", r.ms_per_step);
      rows.call<void>("push", o);
    }
    val out = status_only(prayog::Status::Ok());
    out.set("target", lab->target_loss());
    out.set("rows", rows);
    return out;
  }
  // {status, inputs, reconstructions: {rows, cols (256), data}}: held-out glyphs and what the arm's
  // pretrained stack rebuilds from them (rows 0 for the random arm and before pretraining began).
  val pretrainRecon(int arm) {
    prayog::labs::PretrainLab* lab = pretrain_lab();
    if (!lab) return status_only(not_pretrain());
    const prayog::Status s = index_check("arm", arm, lab->arm_count());
    if (!s.ok()) return status_only(s);
    val out = status_only(s);
    out.set("inputs", grid_object(lab->view_recon_inputs()));
    out.set("reconstructions", grid_object(lab->view_reconstructions(arm)));
    return out;
  }
  // {status, rows, cols (256), data}: layer 1's weights of `count` (1 .. width) hidden units.
  val pretrainFeatures(int arm, int count) {
    prayog::labs::PretrainLab* lab = pretrain_lab();
    if (!lab) return status_only(not_pretrain());
    const prayog::Status s = index_check("arm", arm, lab->arm_count());
    if (!s.ok()) return status_only(s);
    const int width = lab->config().width;
    if (count < 1 || count > width) {
      return status_only(prayog::Status::Error(
          prayog::StatusCode::kInvalidArgument, "error.out_of_range",
          "count " + std::to_string(count) + " is outside 1.." + std::to_string(width),
          {{"field", "count"},
           {"value", std::to_string(count)},
           {"min", "1"},
           {"max", std::to_string(width)}}));
    }
    val out = grid_object(lab->view_features(arm, count));
    out.set("status", status_object(s));
    return out;
  }
  // h = f(z), z = W[:, unit]·h_{i-1} + b[unit] for one unit of layer `layer` (0-based; D is the
  // head) and held-out example `example`: {status, fanIn, inputs, weights (Float32Array fanIn),
  //  bias, preActivation, output}.
  val pretrainUnit(int arm, int layer, int unit, int example) {
    prayog::labs::PretrainLab* lab = pretrain_lab();
    if (!lab) return status_only(not_pretrain());
    const std::vector<int> widths = lab->config().widths();
    const int fan_out = layer >= 0 && layer < static_cast<int>(widths.size())
                            ? widths[static_cast<std::size_t>(layer)]
                            : 10;
    for (const prayog::Status& s :
         {index_check("arm", arm, lab->arm_count()), index_check("layer", layer, lab->layers()),
          index_check("unit", unit, fan_out),
          index_check("example", example, lab->data().test().count)}) {
      if (!s.ok()) return status_only(s);
    }
    const prayog::labs::UnitView u = lab->view_unit(arm, layer, unit, example);
    val out = status_only(prayog::Status::Ok());
    out.set("fanIn", u.fan_in);
    out.set("inputs", copy_out(u.inputs, static_cast<std::size_t>(u.fan_in)));
    out.set("weights", copy_out(u.weights, static_cast<std::size_t>(u.fan_in)));
    out.set("bias", u.bias);
    out.set("preActivation", u.pre_activation);
    out.set("output", u.output);
    return out;
  }
  // --- end of the pretrain lab views

  // --- Conv1x1 lab views (labs/conv1x1_lab.hpp; error.not_ready for any other lab). Everything is
  // copied out; pixel, arm, layer and image are checked before the core sees them.

  // The explorer at pixel (y, x): {status, h, w, cin, cout, k, r, y, x, input (C_in), output
  //  (C_out), bias (C_out), params, macs, costs: {pointwise, plain, reduce, spatial, bottleneck,
  //  nin: {outH, outW, outC, params, macs}, bottleneckRatio}}; with `full` also inputMean (H·W: the
  //  mean over channels), weights (C_out x C_in, the seed's W(j, i)) and the first `tiles` (0 ..
  //  64) channels of the input and of the output as channel-major (tiles, H, W) maps.
  val conv1x1Explorer(int y, int x, bool full, int tiles) {
    prayog::labs::Conv1x1Explorer* ex = conv1x1_explorer_.get();
    if (!ex) return status_only(not_conv1x1());
    const prayog::labs::Conv1x1ExplorerOptions& o = ex->options();
    for (const prayog::Status& s :
         {index_check("y", y, o.h), index_check("x", x, o.w), index_check("tiles", tiles, 65)}) {
      if (!s.ok()) return status_only(s);
    }
    const prayog::Status s = ex->select_pixel(y, x);
    if (!s.ok()) return status_only(s);
    const prayog::labs::PixelView p = ex->pixel();
    const prayog::labs::WeightMatrix wm = ex->weights();
    val out = status_only(s);
    out.set("h", o.h);
    out.set("w", o.w);
    out.set("cin", o.cin);
    out.set("cout", o.cout);
    out.set("k", conv1x1_k_);
    out.set("r", conv1x1_r_);
    out.set("y", p.y);
    out.set("x", p.x);
    out.set("input", copy_out(p.input, static_cast<std::size_t>(p.cin)));
    out.set("output", copy_out(p.output, static_cast<std::size_t>(p.cout)));
    out.set("bias", copy_out(wm.bias, static_cast<std::size_t>(wm.rows)));
    out.set("params", static_cast<double>(ex->params()));
    out.set("macs", static_cast<double>(ex->macs()));
    const prayog::labs::Conv1x1Costs c = ex->costs(conv1x1_k_, conv1x1_r_);
    val costs = val::object();
    costs.set("pointwise", cost_object(c.pointwise));
    costs.set("plain", cost_object(c.plain));
    costs.set("reduce", cost_object(c.reduce));
    costs.set("spatial", cost_object(c.spatial));
    costs.set("bottleneck", cost_object(c.bottleneck));
    costs.set("nin", cost_object(c.nin));
    costs.set("bottleneckRatio", c.bottleneck_ratio);
    out.set("costs", costs);
    if (full) {
      const prayog::labs::FeatureMap in = ex->input(), yo = ex->output();
      const std::size_t hw = static_cast<std::size_t>(o.h) * static_cast<std::size_t>(o.w);
      std::vector<float> mean(hw, 0.0f);
      for (std::size_t i = 0; i < hw; ++i) {
        double sum = 0.0;
        for (int ch = 0; ch < in.c; ++ch) sum += in.data[i * static_cast<std::size_t>(in.c) + ch];
        mean[i] = static_cast<float>(sum / in.c);
      }
      out.set("inputMean", copy_out(mean.data(), mean.size()));
      out.set("weights", copy_out(wm.data, wm.size()));
      out.set("inputTiles", channel_tiles(in, tiles));
      out.set("outputTiles", channel_tiles(yo, tiles));
    }
    return out;
  }
  // {status, arms: [{name, params, macs, layers (its 1x1 layers)}]}: cheap, no held-out pass.
  val conv1x1Arms() {
    prayog::labs::Conv1x1Lab* lab = conv1x1_lab();
    if (!lab) return status_only(not_conv1x1());
    val arms = val::array();
    for (int a = 0; a < lab->arm_count(); ++a) {
      val o = val::object();
      o.set("name", lab->arm_label(a));
      o.set("params", static_cast<double>(lab->arm_param_count(a)));
      o.set("macs", static_cast<double>(lab->arm_macs(a)));
      o.set("layers", lab->pointwise_layers(a));
      arms.call<void>("push", o);
    }
    val out = status_only(prayog::Status::Ok());
    out.set("arms", arms);
    return out;
  }
  // 1x1 layer `layer` of an arm as W(j, i): {status, rows (C_out), cols (C_in), data, bias
  //  (C_out; empty with BatchNorm on)}. An arm without 1x1 layers (plain) reports rows = cols = 0.
  val conv1x1Weights(int arm, int layer) {
    prayog::labs::Conv1x1Lab* lab = conv1x1_lab();
    if (!lab) return status_only(not_conv1x1());
    const prayog::Status s = index_check("arm", arm, lab->arm_count());
    if (!s.ok()) return status_only(s);
    const int layers = lab->pointwise_layers(arm);
    if (layers > 0) {
      const prayog::Status l = index_check("layer", layer, layers);
      if (!l.ok()) return status_only(l);
    }
    const prayog::labs::WeightMatrix m =
        layers > 0 ? lab->pointwise_weights(arm, layer) : prayog::labs::WeightMatrix{};
    val out = status_only(s);
    out.set("rows", m.rows);
    out.set("cols", m.cols);
    out.set("data", copy_out(m.data, m.size()));
    out.set("bias", copy_out(m.bias, m.bias ? static_cast<std::size_t>(m.rows) : 0));
    return out;
  }
  // Held-out image `index` through an arm: {status, index, count, label, predicted, classes,
  //  pixels (16·16·3), probs (4), before, after: {h, w, c, data (h·w·c, NHWC)}} — the arm's first
  //  1x1 layer's input and output (h = w = c = 0 for an arm without one).
  val conv1x1Image(int arm, int index) {
    prayog::labs::Conv1x1Lab* lab = conv1x1_lab();
    if (!lab) return status_only(not_conv1x1());
    for (const prayog::Status& s : {index_check("arm", arm, lab->arm_count()),
                                    index_check("image", index, lab->heldout_count())}) {
      if (!s.ok()) return status_only(s);
    }
    const prayog::Status s =
        index == lab->selected_image() ? prayog::Status::Ok() : lab->select_image(index);
    if (!s.ok()) return status_only(s);
    val classes = val::array();
    for (int c = 0; c < 4; ++c) classes.call<void>("push", std::string(lab->class_name(c)));
    val out = status_only(s);
    out.set("index", lab->selected_image());
    out.set("count", lab->heldout_count());
    out.set("label", lab->image_label());
    out.set("predicted", lab->image_predicted(arm));
    out.set("classes", classes);
    out.set("pixels", copy_out(lab->image_pixels(), 16 * 16 * 3));
    out.set("probs", copy_out(lab->image_probs(arm), 4));
    out.set("before", feature_object(lab->feature_before(arm)));
    out.set("after", feature_object(lab->feature_after(arm)));
    return out;
  }
  // --- end of the conv1x1 lab views

 private:
  static constexpr int kMaxCostLengths = 16;
  // A number for one of this lab's schema fields against that field's range (the fallback range
  // only if the schema lacks the field).
  prayog::Status field_check(const char* key, double v, double lo, double hi) const {
    const schema::LabSchema* lab = schema::find_lab(name_);
    const schema::Field* field = lab ? lab->field(key) : nullptr;
    return range_check(key, v, field ? field->min : lo, field ? field->max : hi);
  }
  // conv1x1 helpers
  static val cost_object(const prayog::labs::LayerCost& c) {
    val o = val::object();
    o.set("outH", c.out_h);
    o.set("outW", c.out_w);
    o.set("outC", c.out_c);
    o.set("params", static_cast<double>(c.params));
    o.set("macs", static_cast<double>(c.macs));
    return o;
  }
  static val feature_object(const prayog::labs::FeatureMap& f) {
    val o = val::object();
    o.set("h", f.h);
    o.set("w", f.w);
    o.set("c", f.c);
    o.set("data", copy_out(f.data, f.data ? f.size() : 0));
    return o;
  }
  // The first `count` channels of an NHWC map as (count, H, W).
  static val channel_tiles(const prayog::labs::FeatureMap& f, int count) {
    const int n = count < f.c ? count : f.c;
    const std::size_t hw = static_cast<std::size_t>(f.h) * static_cast<std::size_t>(f.w);
    std::vector<float> t(static_cast<std::size_t>(n) * hw);
    for (int ch = 0; ch < n; ++ch)
      for (std::size_t i = 0; i < hw; ++i)
        t[static_cast<std::size_t>(ch) * hw + i] = f.data[i * static_cast<std::size_t>(f.c) + ch];
    val o = val::object();
    o.set("count", n);
    o.set("h", f.h);
    o.set("w", f.w);
    o.set("data", copy_out(t.data(), t.size()));
    return o;
  }
  prayog::labs::Conv1x1Lab* conv1x1_lab() const {
    return dynamic_cast<prayog::labs::Conv1x1Lab*>(lab_.get());
  }
  prayog::Status not_conv1x1() const {
    return prayog::Status::Error(
        prayog::StatusCode::kInvalidArgument, "error.not_ready",
        lab_ ? "the " + name_ + " lab has no 1x1 convolution views" : "configure() first",
        {{"lab", name_}});
  }
  static constexpr int kMaxCostLength = 1024;

  static val region_object(const prayog::labs::RegionTable& t) {
    val mass = val::array(), cells = val::array(), per_cell = val::array();
    for (int r = 0; r < prayog::data::kRegions; ++r) {
      mass.call<void>("push", t.mass[r]);
      cells.call<void>("push", t.cells[r]);
      per_cell.call<void>("push", t.per_cell[r]);
    }
    val out = val::object();
    out.set("mass", mass);
    out.set("cells", cells);
    out.set("perCell", per_cell);
    return out;
  }
  prayog::labs::AttentionImagesLab* images_lab() const {
    return dynamic_cast<prayog::labs::AttentionImagesLab*>(lab_.get());
  }
  prayog::Status not_images() const {
    return prayog::Status::Error(
        prayog::StatusCode::kInvalidArgument, "error.not_ready",
        lab_ ? "the " + name_ + " lab has no image views" : "configure() first", {{"lab", name_}});
  }
  static prayog::Status not_ready_status() {
    return prayog::Status::Error(prayog::StatusCode::kInvalidArgument, "error.not_ready",
                                 "configure() first", {});
  }
  static val grid_object(const prayog::labs::GridView& g) {
    val out = val::object();
    out.set("rows", g.rows);
    out.set("cols", g.cols);
    out.set("data", copy_out(g.data, g.size()));
    return out;
  }
  prayog::labs::PretrainLab* pretrain_lab() const {
    return dynamic_cast<prayog::labs::PretrainLab*>(lab_.get());
  }
  prayog::Status not_pretrain() const {
    return prayog::Status::Error(
        prayog::StatusCode::kInvalidArgument, "error.not_ready",
        lab_ ? "the " + name_ + " lab has no pretraining views" : "configure() first",
        {{"lab", name_}});
  }
  prayog::labs::AttentionLab* attention_lab() const {
    return dynamic_cast<prayog::labs::AttentionLab*>(lab_.get());
  }
  prayog::Status not_attention() const {
    return prayog::Status::Error(
        prayog::StatusCode::kInvalidArgument, "error.not_ready",
        lab_ ? "the " + name_ + " lab has no attention views" : "configure() first",
        {{"lab", name_}});
  }
  val not_configured() const {
    return status_object(prayog::Status::Error(prayog::StatusCode::kInvalidArgument,
                                               "error.not_ready", "configure() first", {}));
  }
  std::string name_;
  std::unique_ptr<prayog::labs::Lab> lab_;
  schema::Values values_;  // the config lab_ (and the conv1x1 views) were built from
  // conv1x1 only: the explorer and the comparison's k and r (from the same config as lab_).
  std::unique_ptr<prayog::labs::Conv1x1Explorer> conv1x1_explorer_;
  int conv1x1_k_ = 3, conv1x1_r_ = 16;
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
  emscripten::function("tours", &tours_js);
  emscripten::function("judgeClaim", &judge_claim_js);
  emscripten::class_<LabSessionJs>("LabSession")
      .constructor<std::string>()
      .function("configure", &LabSessionJs::configure)
      .function("configureViews", &LabSessionJs::configureViews)
      .function("measureClaim", &LabSessionJs::measureClaim)
      .function("step", &LabSessionJs::step)
      .function("reset", &LabSessionJs::reset)
      .function("stepsDone", &LabSessionJs::stepsDone)
      .function("metrics", &LabSessionJs::metrics)
      .function("arms", &LabSessionJs::arms)
      .function("weights", &LabSessionJs::weights)
      .function("trainMetrics", &LabSessionJs::trainMetrics)
      .function("armValues", &LabSessionJs::armValues)
      .function("setLearningRate", &LabSessionJs::setLearningRate)
      .function("imageMetrics", &LabSessionJs::imageMetrics)
      .function("imageView", &LabSessionJs::imageView)
      .function("armMetrics", &LabSessionJs::armMetrics)
      .function("selectExample", &LabSessionJs::selectExample)
      .function("example", &LabSessionJs::example)
      .function("attention", &LabSessionJs::attention)
      .function("scalingDemo", &LabSessionJs::scalingDemo)
      .function("costDemo", &LabSessionJs::costDemo)
      .function("pretrainTimeline", &LabSessionJs::pretrainTimeline)
      .function("pretrainStep", &LabSessionJs::pretrainStep)
      .function("pretrainComparison", &LabSessionJs::pretrainComparison)
      .function("pretrainRecon", &LabSessionJs::pretrainRecon)
      .function("pretrainFeatures", &LabSessionJs::pretrainFeatures)
      .function("pretrainUnit", &LabSessionJs::pretrainUnit)
      .function("conv1x1Explorer", &LabSessionJs::conv1x1Explorer)
      .function("conv1x1Arms", &LabSessionJs::conv1x1Arms)
      .function("conv1x1Weights", &LabSessionJs::conv1x1Weights)
      .function("conv1x1Image", &LabSessionJs::conv1x1Image);
  emscripten::class_<WorkloadJs>("Workload")
      .constructor<std::string, int, int, int, int, bool, bool>()
      .function("status", &WorkloadJs::status)
      .function("run", &WorkloadJs::run)
      .function("workPerRun", &WorkloadJs::workPerRun)
      .function("checksum", &WorkloadJs::checksum);
}
