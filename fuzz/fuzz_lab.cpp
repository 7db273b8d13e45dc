// A lab session as the page drives it (wasm/bindings.cpp LabSessionJs): configure with URL/page
// values, then a script of calls with page-supplied numbers (arm, layer, head, example, image,
// pixel, unit, counts, learning rate, seed, tour step names). The harness repeats each binding's
// own checks (index_check, the lr range, the cost-demo lengths) and then calls the core exactly as
// the binding does, copying every view out element by element (copy_out), so ASan checks the
// sizes a view claims against the memory behind it. It also meters the heap: what make_lab and a
// first step allocate must stay within the schema's estimate (the budget is refused on it).
//
// Input (text): line 1 the lab; `key=text` lines (set_from_text, values_from_js order) up to a
// line `--`; then one call per line, e.g. `step 2`, `attn 0 0 1`, `unit 0 1 3 7`, `measure pixel`.
#include <cmath>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "labs/attention_images.hpp"
#include "labs/attention_lab.hpp"
#include "labs/conv1x1_lab.hpp"
#include "labs/pretrain_lab.hpp"
#include "labs/registry.hpp"
#include "labs/tours.hpp"
#include "schema/schema.hpp"

namespace schema = prayog::schema;
namespace lb = prayog::labs;
using prayog::Status;
using prayog::StatusCode;
using prayog::fuzz::AllocMeter;
using prayog::fuzz::check_status;
using prayog::fuzz::to_int32;

namespace {

// Keeps one input well under libFuzzer's timeout under ASan; the schema's budget is 192 MB.
constexpr std::size_t kMaxEstimate = 48u << 20;
constexpr int kMaxCalls = 12;

volatile double g_sink = 0.0;

// copy_out: the binding reads n elements from data (n = 0 when data is null).
template <typename T>
void copy_out(const T* data, std::size_t n) {
  if (!data) return;
  double s = 0.0;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(data[i]);
  g_sink = g_sink + s;
}

Status index_check(const char* field, int value, int count) {
  if (value >= 0 && value < count) return Status::Ok();
  return Status::Error(StatusCode::kInvalidArgument, "error.out_of_range", field, {});
}

bool all_ok(std::initializer_list<Status> checks) {
  for (const Status& s : checks)
    if (!s.ok()) return false;
  return true;
}

struct Session {
  std::string name;
  schema::Values values;
  std::unique_ptr<lb::Lab> lab;
  std::unique_ptr<lb::Conv1x1Explorer> explorer;
  int k = 3, r = 16;
};

int arg(const std::vector<std::string>& w, std::size_t i) {
  return i < w.size() ? to_int32(w[i]) : 0;
}

void attention_calls(lb::AttentionLab& lab, const std::vector<std::string>& w) {
  const std::string& c = w[0];
  if (c == "armmetrics") {
    if (index_check("arm", arg(w, 1), lab.arm_count()).ok()) (void)lab.arm_metrics(arg(w, 1));
  } else if (c == "example") {
    const Status s = lab.set_example(arg(w, 1));  // the binding passes the index straight in
    check_status(s, "set_example");
    FUZZ_CHECK(lab.example() >= 0 && lab.example() < lab.heldout_count(), "example index");
  } else if (c == "view") {
    const lb::TokenView in = lab.view_input(), t = lab.view_target();
    copy_out(in.data, static_cast<std::size_t>(in.size));
    copy_out(t.data, static_cast<std::size_t>(t.size));
    for (int a = 0; a < lab.arm_count(); ++a) {
      const lb::TokenView p = lab.view_predicted(a);
      copy_out(p.data, static_cast<std::size_t>(p.size));
    }
    for (int id = 0; id < prayog::data::kSeqSymbols; ++id) FUZZ_CHECK(lab.symbol(id), "symbol");
  } else if (c == "attn") {
    const int a = arg(w, 1), l = arg(w, 2), h = arg(w, 3);
    if (!all_ok({index_check("arm", a, lab.arm_count()),
                 index_check("layer", l, lab.config().layers),
                 index_check("head", h, lab.config().heads)}))
      return;
    for (const lb::MatrixView& m :
         {lab.view_scores(a, l, h), lab.view_attention(a, l, h), lab.view_picks(a, l, h),
          lab.view_q(a, l, h), lab.view_k(a, l, h), lab.view_v(a, l, h)})
      copy_out(m.data, m.size());
  } else if (c == "scaling") {
    FUZZ_CHECK(!lb::attention_scaling_demo(lab.config()).empty(), "scaling demo");
  } else if (c == "cost") {
    // costDemo: up to 16 integer lengths in 1..1024; the harness keeps to 1..64 for speed.
    std::vector<int> ts;
    for (std::size_t i = 1; i < w.size() && ts.size() < 4; ++i) {
      const int t = arg(w, i);
      if (t < 1 || t > 64) return;
      ts.push_back(t);
    }
    if (ts.empty()) return;
    const std::vector<lb::CostPoint> pts = lb::attention_cost_demo(lab.config(), ts);
    FUZZ_CHECK(pts.size() == ts.size(), "cost demo points");
  }
}

void images_calls(lb::AttentionImagesLab& lab, const std::vector<std::string>& w) {
  const std::string& c = w[0];
  if (c == "imagemetrics") {
    const lb::ImageEval& e = lab.evaluate();
    FUZZ_CHECK(e.accuracy >= 0.0 && e.accuracy <= 1.0, "accuracy");
  } else if (c == "image") {
    const Status s = lab.select_image(arg(w, 1));  // imageView passes the index straight in
    check_status(s, "select_image");
    if (!s.ok()) return;
    const lb::ImageView& v = lab.image_view();
    FUZZ_CHECK(v.index == arg(w, 1), "image index");
    FUZZ_CHECK(v.pixels.size() == 24u * 24u * 3u, "pixels");
    FUZZ_CHECK(v.attention.size() == static_cast<std::size_t>(v.grid * v.grid), "attention");
    double sum = 0.0;
    for (float a : v.attention) sum += a;
    FUZZ_CHECK(!(std::fabs(sum - 1.0) > 1e-3), "attention sums to " + std::to_string(sum));
  }
}

void pretrain_calls(lb::PretrainLab& lab, const std::vector<std::string>& w) {
  const std::string& c = w[0];
  const int a = arg(w, 1);
  const bool arm_ok = index_check("arm", a, lab.arm_count()).ok();
  if (c == "timeline" && arm_ok) {
    for (const lb::Stage& st : lab.stage_timeline(a)) {
      copy_out(st.frozen.data(), st.frozen.size());
      FUZZ_CHECK(st.frozen.size() == static_cast<std::size_t>(lab.layers()), "frozen size");
    }
    const int cur = lab.current_stage(a);
    FUZZ_CHECK(cur >= 0 && cur < static_cast<int>(lab.stage_timeline(a).size()), "stage");
  } else if (c == "pstep" && arm_ok) {
    const lb::PretrainArmMetrics m = lab.step_metrics(a);
    copy_out(m.grad_norms.data(), m.grad_norms.size());
  } else if (c == "comparison") {
    (void)lab.comparison();
  } else if (c == "recon" && arm_ok) {
    const lb::GridView in = lab.view_recon_inputs(), out = lab.view_reconstructions(a);
    copy_out(in.data, in.size());
    copy_out(out.data, out.size());
  } else if (c == "features" && arm_ok) {
    const int count = arg(w, 2);
    if (count < 1 || count > lab.config().width) return;
    const lb::GridView g = lab.view_features(a, count);
    copy_out(g.data, g.size());
  } else if (c == "unit") {
    const int layer = arg(w, 2), unit = arg(w, 3), example = arg(w, 4);
    const std::vector<int> widths = lab.config().widths();
    const int fan_out = layer >= 0 && layer < static_cast<int>(widths.size())
                            ? widths[static_cast<std::size_t>(layer)]
                            : 10;
    if (!all_ok({index_check("arm", a, lab.arm_count()), index_check("layer", layer, lab.layers()),
                 index_check("unit", unit, fan_out),
                 index_check("example", example, lab.data().test().count)}))
      return;
    const lb::UnitView u = lab.view_unit(a, layer, unit, example);
    copy_out(u.inputs, static_cast<std::size_t>(u.fan_in));
    copy_out(u.weights, static_cast<std::size_t>(u.fan_in));
  }
}

void conv1x1_calls(Session& s, lb::Conv1x1Lab& lab, const std::vector<std::string>& w) {
  const std::string& c = w[0];
  if (c == "explorer" && s.explorer) {
    lb::Conv1x1Explorer& ex = *s.explorer;
    const lb::Conv1x1ExplorerOptions& o = ex.options();
    const int y = arg(w, 1), x = arg(w, 2), tiles = arg(w, 4);
    const bool full = arg(w, 3) != 0;
    if (!all_ok(
            {index_check("y", y, o.h), index_check("x", x, o.w), index_check("tiles", tiles, 65)}))
      return;
    const Status st = ex.select_pixel(y, x);
    check_status(st, "select_pixel");
    if (!st.ok()) return;
    const lb::PixelView p = ex.pixel();
    const lb::WeightMatrix wm = ex.weights();
    copy_out(p.input, static_cast<std::size_t>(p.cin));
    copy_out(p.output, static_cast<std::size_t>(p.cout));
    copy_out(wm.bias, static_cast<std::size_t>(wm.rows));
    (void)ex.costs(s.k, s.r);
    if (full) {
      const lb::FeatureMap in = ex.input(), yo = ex.output();
      copy_out(in.data, in.size());
      copy_out(yo.data, yo.size());
      copy_out(wm.data, wm.size());
    }
  } else if (c == "arms1x1") {
    for (int a = 0; a < lab.arm_count(); ++a) FUZZ_CHECK(lab.pointwise_layers(a) >= 0, "layers");
  } else if (c == "weights1x1") {
    const int a = arg(w, 1), l = arg(w, 2);
    if (!index_check("arm", a, lab.arm_count()).ok()) return;
    const int layers = lab.pointwise_layers(a);
    if (layers > 0 && !index_check("layer", l, layers).ok()) return;
    const lb::WeightMatrix m = layers > 0 ? lab.pointwise_weights(a, l) : lb::WeightMatrix{};
    copy_out(m.data, m.size());
    copy_out(m.bias, m.bias ? static_cast<std::size_t>(m.rows) : 0);
  } else if (c == "image1x1") {
    const int a = arg(w, 1), index = arg(w, 2);
    if (!all_ok({index_check("arm", a, lab.arm_count()),
                 index_check("image", index, lab.heldout_count())}))
      return;
    const Status st = index == lab.selected_image() ? Status::Ok() : lab.select_image(index);
    check_status(st, "select_image");
    if (!st.ok()) return;
    FUZZ_CHECK(lab.selected_image() == index, "selected image");
    for (int cl = 0; cl < 4; ++cl) FUZZ_CHECK(lab.class_name(cl), "class name");
    (void)lab.image_label();
    (void)lab.image_predicted(a);
    copy_out(lab.image_pixels(), 16 * 16 * 3);
    copy_out(lab.image_probs(a), 4);
    for (const lb::FeatureMap& f : {lab.feature_before(a), lab.feature_after(a)})
      copy_out(f.data, f.data ? f.size() : 0);
  }
}

// configureViews: the whole config again (values_from_js), the explorer rebuilt, the lab kept.
void configure_views(Session& s, const std::vector<std::string>& w) {
  if (s.name != "conv1x1") return;
  const schema::LabSchema& sc = *schema::find_lab("conv1x1");
  schema::Values v(sc);
  for (std::size_t i = 1; i < w.size(); ++i) {
    const std::size_t eq = w[i].find('=');
    if (eq == std::string::npos) continue;
    const Status st = schema::set_from_text(sc, v, w[i].substr(0, eq), w[i].substr(eq + 1));
    check_status(st, "configureViews");
    if (!st.ok()) return;
  }
  const Status st = schema::validate(sc, v);
  check_status(st, "configureViews validate");
  if (!st.ok()) return;
  s.explorer = std::make_unique<lb::Conv1x1Explorer>(lb::conv1x1_explorer_options(v));
  s.k = v.integer("k");
  s.r = v.integer("bottleneck");
  s.values = v;
}

void call(Session& s, const std::vector<std::string>& w) {
  lb::Lab& lab = *s.lab;
  const std::string& c = w[0];
  if (c == "step") {
    const int n = arg(w, 1);
    const Status st = lab.step(n < 1 ? 1 : std::min(n, 3));
    check_status(st, "step");
  } else if (c == "reset") {
    lab.reset(w.size() > 1 ? std::strtoull(w[1].c_str(), nullptr, 10) : 0);
  } else if (c == "lr") {
    const double lr = w.size() > 1 ? std::strtod(w[1].c_str(), nullptr) : 0.0;
    const schema::Field* f = schema::find_lab(s.name)->field("lr");
    if (!std::isfinite(lr) || lr < f->min || lr > f->max) return;
    lab.set_learning_rate(lr);
  } else if (c == "metrics") {
    FUZZ_CHECK(lab.metrics().size() == lab.metric_names().size(), "metrics");
  } else if (c == "armvalues") {
    const int a = arg(w, 1);
    if (a >= 0 && a < lab.arm_count())
      FUZZ_CHECK(lab.arm_metric_values(a).size() == lab.metric_names().size(), "arm values");
  } else if (c == "train") {
    for (int a = 0; a < lab.arm_count(); ++a) {
      (void)lab.train_loss(a);
      (void)lab.train_grad_norm(a);
    }
  } else if (c == "weights") {
    for (int a = 0; a < lab.arm_count(); ++a) {
      const prayog::nn::Params<float>& p = lab.arm_params(a);
      for (int id = 0; id < p.count(); ++id) copy_out(p.value(id), p.info(id).size);
    }
  } else if (c == "measure" && w.size() > 1 && w[1] != "cost") {
    // measureClaim(step); `cost` is a timing sweep to T = 256 (tours.hpp), too slow here.
    lb::tours::Numbers numbers;
    const Status st = lb::tours::measure(lab, s.name, w[1], numbers, &s.values);
    check_status(st, "measure(" + w[1] + ")");
    for (const auto& [name, v] : numbers)
      FUZZ_CHECK(std::isfinite(v), "measure(" + w[1] + ")." + name + " is not finite");
  } else if (c == "views") {
    configure_views(s, w);
  } else if (auto* a = dynamic_cast<lb::AttentionLab*>(&lab)) {
    attention_calls(*a, w);
  } else if (auto* im = dynamic_cast<lb::AttentionImagesLab*>(&lab)) {
    images_calls(*im, w);
  } else if (auto* p = dynamic_cast<lb::PretrainLab*>(&lab)) {
    pretrain_calls(*p, w);
  } else if (auto* cv = dynamic_cast<lb::Conv1x1Lab*>(&lab)) {
    conv1x1_calls(s, *cv, w);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;
  const std::vector<std::string> in = prayog::fuzz::lines(data, size);
  if (in.empty()) return 0;
  const schema::LabSchema* sc = schema::find_lab(in[0]);
  if (!sc) return 0;

  Session s;
  s.name = sc->lab;
  s.values = schema::Values(*sc);
  std::size_t i = 1;
  for (; i < in.size() && in[i] != "--"; ++i) {
    const std::size_t eq = in[i].find('=');
    if (eq == std::string::npos) continue;
    const Status st =
        schema::set_from_text(*sc, s.values, in[i].substr(0, eq), in[i].substr(eq + 1));
    if (!st.ok()) return 0;  // fuzz_schema covers refusals
  }
  if (!schema::validate(*sc, s.values).ok()) return 0;
  const std::size_t estimate = sc->estimate_bytes(s.values);
  if (estimate > kMaxEstimate) return 0;

  AllocMeter::install();
  AllocMeter::reset();
  AllocMeter::on = true;
  s.lab = lb::make_lab(s.name, s.values);
  FUZZ_CHECK(s.lab != nullptr, "make_lab refused a validated config");
  check_status(s.lab->step(1), "first step");
  AllocMeter::on = false;
  if (std::getenv("FUZZ_LAB_VERBOSE"))
    std::fprintf(stderr, "%s: estimate %zu KiB, heap peak %zu KiB\n", s.name.c_str(),
                 estimate >> 10, AllocMeter::peak >> 10);
  // The budget refuses configs on the estimate alone: the heap the lab really takes to build and
  // train must not be larger (a little slack for containers' rounding and small bookkeeping).
  FUZZ_CHECK(AllocMeter::peak <= estimate + estimate / 8 + (256u << 10),
             s.name + ": built and stepped with " + std::to_string(AllocMeter::peak >> 10) +
                 " KiB on the heap, estimate " + std::to_string(estimate >> 10) + " KiB");

  if (s.name == "conv1x1") {
    s.explorer = std::make_unique<lb::Conv1x1Explorer>(lb::conv1x1_explorer_options(s.values));
    s.k = s.values.integer("k");
    s.r = s.values.integer("bottleneck");
  }
  int calls = 0;
  for (++i; i < in.size() && calls < kMaxCalls; ++i) {
    const std::vector<std::string> w = prayog::fuzz::words(in[i]);
    if (w.empty()) continue;
    ++calls;
    call(s, w);
  }
  return 0;
}
