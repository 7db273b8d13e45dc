// Fixed amounts of kernel work for timing (the page's self-benchmark, `npm run bench`, the CLI).
// Timing is the caller's business; a workload only repeats the same work on data filled once.
#pragma once

#include <memory>
#include <string>

#include "base/status.hpp"

namespace prayog::bench {

class Workload {
 public:
  virtual ~Workload() = default;
  virtual void run(int iterations) = 0;
  // Work of one run: floating-point operations (gemm, conv1x1: 2 x MACs), elements (softmax) or
  // training steps (attention_step).
  virtual double work_per_run() const = 0;
  // Sum of the outputs: keeps the work observable so no optimiser can drop it.
  virtual double checksum() const = 0;
};

struct WorkloadSpec {
  // "gemm" (a=m, b=k, c=n, flags), "softmax" (a=rows, b=cols), "conv1x1" (a=h, b=w, c=cin,
  // d=cout; batch 1, NHWC, with bias), "attention_step" (one training step of the attention lab's
  // default model; work is counted in steps), "pretrain_step" (one fine-tuning step of the pretrain
  // lab's deep MLP, a=depth b=width, 0 = the default; steps), "conv1x1_step" (one training step of
  // the 1x1 lab's default CNN, its default variant alone; steps)
  std::string kind;
  int a = 1, b = 1, c = 1, d = 1;
  bool trans_a = false, trans_b = false;
};

// Validates the spec (known kind, sizes in 1..4096, total elements bounded) before allocating.
Status validate(const WorkloadSpec& spec);
// Null when validate() fails.
std::unique_ptr<Workload> make_workload(const WorkloadSpec& spec);

}  // namespace prayog::bench
