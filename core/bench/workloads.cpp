#include "bench/workloads.hpp"

#include <algorithm>
#include <vector>

#include "base/rng.hpp"
#include "kernels/bench.hpp"
#include "kernels/softmax.hpp"
#include "labs/attention_lab.hpp"
#include "labs/conv1x1_lab.hpp"
#include "labs/pretrain_lab.hpp"
#include "nn/conv2d.hpp"

namespace prayog::bench {

namespace {

constexpr int kMaxDim = kernels::kBenchMaxDim;
constexpr double kMaxElements = 64.0 * 1024 * 1024;  // per operand: 256 MB of floats at most

std::vector<float> filled(std::size_t n, std::uint64_t seed) {
  std::vector<float> v(n);
  Rng rng(seed);
  for (float& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

double sum(const std::vector<float>& v) {
  double s = 0.0;
  for (float x : v) s += x;
  return s;
}

class GemmWorkload : public Workload {
 public:
  explicit GemmWorkload(const WorkloadSpec& s) : bench_(s.a, s.b, s.c, s.trans_a, s.trans_b) {}
  void run(int iterations) override { bench_.run(iterations); }
  double work_per_run() const override { return bench_.flops_per_run(); }
  double checksum() const override { return bench_.checksum(); }

 private:
  kernels::GemmBench bench_;
};

// Row softmax of attention-like scores, with the 1/sqrt(d) scale applied.
class SoftmaxWorkload : public Workload {
 public:
  explicit SoftmaxWorkload(const WorkloadSpec& s)
      : rows_(s.a), cols_(s.b), x_(filled(static_cast<std::size_t>(s.a) * s.b, 3)), y_(x_.size()) {}
  void run(int iterations) override {
    for (int i = 0; i < iterations; ++i)
      kernels::softmax_rows(y_.data(), x_.data(), rows_, cols_, 0.125f, false);
  }
  double work_per_run() const override { return static_cast<double>(rows_) * cols_; }
  double checksum() const override { return sum(y_); }

 private:
  int rows_, cols_;
  std::vector<float> x_, y_;
};

// The 1x1 lab's layer: (1, H, W, Cin) -> (1, H, W, Cout), weights (Cin, Cout) and bias.
class Conv1x1Workload : public Workload {
 public:
  explicit Conv1x1Workload(const WorkloadSpec& s)
      : dims_{1, s.a, s.b, s.c, s.d, 1, 1, 0},
        x_(filled(static_cast<std::size_t>(s.a) * s.b * s.c, 4)),
        w_(filled(static_cast<std::size_t>(s.c) * s.d, 5)),
        bias_(filled(static_cast<std::size_t>(s.d), 6)),
        y_(static_cast<std::size_t>(s.a) * s.b * s.d) {}
  void run(int iterations) override {
    for (int i = 0; i < iterations; ++i)
      nn::conv2d_forward<float>(y_.data(), nullptr, x_.data(), w_.data(), bias_.data(), dims_);
  }
  double work_per_run() const override { return 2.0 * static_cast<double>(nn::conv2d_macs(dims_)); }
  double checksum() const override { return sum(y_); }

 private:
  nn::Conv2DDims dims_;
  std::vector<float> x_, w_, bias_, y_;
};

// One training step of the attention lab's default model (reverse, length 8, d_model 32, 2 heads,
// 1 layer, batch 32, Adam): forward, backward and update of the real lab.
class AttentionStepWorkload : public Workload {
 public:
  AttentionStepWorkload() : values_(*schema::find_lab("attention")) {
    lab_ = labs::make_attention_lab(values_);
  }
  void run(int iterations) override {
    if (lab_) lab_->step(iterations);
  }
  double work_per_run() const override { return 1.0; }  // steps
  double checksum() const override { return lab_ ? static_cast<double>(lab_->steps_done()) : 0.0; }

 private:
  schema::Values values_;
  std::unique_ptr<labs::AttentionLab> lab_;
};

// One fine-tuning step of the pretrain lab's deep MLP (sigmoid, batch 32, SGD 0.3, gradient clipped
// at norm 1; by default the schema's 256-256-128-64-32-10, or another depth / width): the greedy
// arm alone, its stages shortened to the schema's minimum (10 updates) and run through in the
// constructor, so every timed step is a step of its fine-tuning stage (forward, backward and update
// of every layer on a labelled batch).
schema::Values pretrain_step_values(const WorkloadSpec& s) {
  schema::Values v(*schema::find_lab("pretrain"));
  v.set("arm", 1.0);  // choice index: both, greedy, random
  v.set("steps_per_stage", 10.0);
  if (s.a > 0) v.set("depth", s.a);  // 0: the schema's default
  if (s.b > 0) v.set("width", s.b);
  return v;
}

class PretrainStepWorkload : public Workload {
 public:
  explicit PretrainStepWorkload(const WorkloadSpec& s) : values_(pretrain_step_values(s)) {
    lab_ = labs::make_pretrain_lab(values_);
    if (lab_) {
      const auto& stages = lab_->stage_timeline(0);
      lab_->step(static_cast<int>(stages.back().begin));  // into fine-tuning
    }
  }
  void run(int iterations) override {
    if (lab_) lab_->step(iterations);
  }
  double work_per_run() const override { return 1.0; }  // steps
  double checksum() const override { return lab_ ? static_cast<double>(lab_->steps_done()) : 0.0; }

 private:
  schema::Values values_;
  std::unique_ptr<labs::PretrainLab> lab_;
};

// One training step of the 1x1 lab's default CNN: the schema's default variant (bottleneck: conv3x3
// 3→16 ReLU, maxpool, 1x1 16→8, conv3x3 8→32 ReLU, maxpool, 1x1 32→8, conv3x3 8→32 ReLU, global
// average pool, dense 32→4), colour task, 16x16x3 images, batch 32, Adam 3e-3, no BatchNorm /
// dropout / L2 — that one arm alone (all_arms off): forward, backward and update.
class Conv1x1StepWorkload : public Workload {
 public:
  Conv1x1StepWorkload() : values_(*schema::find_lab("conv1x1")) {
    labs::Conv1x1Options options = labs::conv1x1_options(values_);
    options.all_arms = false;
    lab_ = labs::make_conv1x1_lab(options);
  }
  void run(int iterations) override {
    if (lab_) lab_->step(iterations);
  }
  double work_per_run() const override { return 1.0; }  // steps
  double checksum() const override { return lab_ ? static_cast<double>(lab_->steps_done()) : 0.0; }

 private:
  schema::Values values_;
  std::unique_ptr<labs::Conv1x1Lab> lab_;
};

}  // namespace

Status validate(const WorkloadSpec& s) {
  if (s.kind == "attention_step" || s.kind == "conv1x1_step") return Status::Ok();
  if (s.kind == "pretrain_step")  // a = depth, b = width (0: default), checked by the lab's schema
    return schema::validate(*schema::find_lab("pretrain"), pretrain_step_values(s));
  const int count = s.kind == "gemm" ? 3 : s.kind == "softmax" ? 2 : s.kind == "conv1x1" ? 4 : 0;
  if (count == 0) {
    return Status::Error(StatusCode::kUnknownKey, "error.unknown_key",
                         "no benchmark workload named '" + s.kind + "'",
                         {{"field", s.kind}, {"lab", "bench"}});
  }
  const int dims[] = {s.a, s.b, s.c, s.d};
  static const char* const kGemm[] = {"m", "k", "n", ""};
  static const char* const kSoftmax[] = {"rows", "cols", "", ""};
  static const char* const kConv[] = {"h", "w", "cin", "cout"};
  const char* const* names = s.kind == "gemm" ? kGemm : s.kind == "softmax" ? kSoftmax : kConv;
  for (int i = 0; i < count; ++i) {
    if (dims[i] < 1 || dims[i] > kMaxDim) {
      return Status::Error(StatusCode::kInvalidArgument, "error.out_of_range",
                           std::string(names[i]) + " = " + std::to_string(dims[i]) +
                               " is outside 1.." + std::to_string(kMaxDim),
                           {{"field", names[i]},
                            {"value", std::to_string(dims[i])},
                            {"min", "1"},
                            {"max", std::to_string(kMaxDim)}});
    }
  }
  const double a = s.a, b = s.b, c = s.c, d = s.d;
  const double largest = s.kind == "gemm"      ? std::max({a * b, b * c, a * c})
                         : s.kind == "softmax" ? a * b
                                               : a * b * std::max(c, d);
  if (largest > kMaxElements) {
    return Status::Error(
        StatusCode::kTooLarge, "error.too_large", "benchmark operands above 64 M elements",
        {{"need_mb", std::to_string(static_cast<long long>(largest * 4 / 1048576))},
         {"budget_mb", "256"}});
  }
  return Status::Ok();
}

std::unique_ptr<Workload> make_workload(const WorkloadSpec& s) {
  if (!validate(s).ok()) return nullptr;
  if (s.kind == "gemm") return std::make_unique<GemmWorkload>(s);
  if (s.kind == "softmax") return std::make_unique<SoftmaxWorkload>(s);
  if (s.kind == "attention_step") return std::make_unique<AttentionStepWorkload>();
  if (s.kind == "pretrain_step") return std::make_unique<PretrainStepWorkload>(s);
  if (s.kind == "conv1x1_step") return std::make_unique<Conv1x1StepWorkload>();
  return std::make_unique<Conv1x1Workload>(s);
}

}  // namespace prayog::bench
