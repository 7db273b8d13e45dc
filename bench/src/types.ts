// What the bench page hands to the node driver (bench/run.mjs) and what gemm.json holds.
import type { SystemReport } from '../../wasm/api.js';
import type { CaseKind } from './cases';
import type { ContenderId, TfInfo } from './contenders';
import type { RunnerOptions } from './runner';

/** One row of gemm.json "results": exactly the fields issue 2 asks for. */
export interface ResultRow {
  case: CaseKind;
  m: number;
  k: number;
  n: number;
  ours_gflops: number;
  tfjs_gflops: number;
  peak_gflops: number;
  ratio_tfjs: number;
  ratio_peak: number;
}

export interface TargetCheck {
  ratio: 'ratio_tfjs' | 'ratio_peak';
  min: number;
  value: number;
  pass: boolean;
}

/** Extras of the same row (gemm.json "details", same order as "results"). */
export interface RowDetails {
  case: CaseKind;
  m: number;
  k: number;
  n: number;
  tfjs_fresh_gflops: number;
  js_gflops: number;
  ratio_tfjs_fresh: number;
  /** Median over repeats of the per-repeat ratio (samples taken back to back): a drift check. */
  paired_ratio_tfjs: number;
  paired_ratio_peak: number;
  targets: TargetCheck[];
  /** Largest |C - C_js| / max |C_js| of one product through ours and through TF.js. */
  max_rel_err: { ours: number; tfjs: number };
  iterations: Record<ContenderId, number>;
  mad_pct: Record<ContenderId, number>;
  samples: Record<ContenderId, number[]>;
  seconds: number;
}

/** One section of the run (GEMM, softmax, 1x1 conv, attention step): its rows, their extras and its table. */
export interface Section<Row, Details> {
  results: Row[];
  details: Details[];
  table: string;
  seconds: number;
}

/** softmax.json "results": Melem/s (elements of the (rows, cols) matrix per microsecond). */
export interface SoftmaxRow {
  case: string;
  rows: number;
  cols: number;
  ours: number;
  tfjs: number;
  ratio_tfjs: number;
  /** GB/s at 8 bytes per element (4 read, 4 written). */
  ours_gbps: number;
  tfjs_gbps: number;
}

export interface SoftmaxCheck {
  /** Our workload's sum of all outputs: every softmax row sums to 1, so it should equal rows. */
  ours_sum: number;
  ours_rel_err: number;
  /** Largest |tf.softmax(x) - reference| over all outputs (same x as ours, rebuilt in JS). */
  tfjs_max_abs_err: number;
  ok: boolean;
}

export interface SoftmaxDetails {
  case: string;
  rows: number;
  cols: number;
  paired_ratio_tfjs: number;
  check: SoftmaxCheck;
  iterations: Partial<Record<ContenderId, number>>;
  mad_pct: Partial<Record<ContenderId, number>>;
  /** Melem/s of every repeat. */
  samples: Partial<Record<ContenderId, number[]>>;
  seconds: number;
}

/** conv1x1.json "results": GFLOP/s at 2 flops per multiply-add. */
export interface Conv1x1Row {
  case: string;
  h: number;
  w: number;
  cin: number;
  cout: number;
  macs: number;
  ours: number;
  tfjs: number;
  peak: number;
  ratio_tfjs: number;
  ratio_peak: number;
}

export interface Conv1x1Check {
  /** Sum of all outputs: ours (its workload's checksum), TF.js and a double-precision JS reference. */
  ours_sum: number;
  tfjs_sum: number;
  ref_sum: number;
  /** |ours_sum - ref_sum| / Σ|ref|. */
  ours_rel_err: number;
  /** max |tfjs - ref| / max |ref|, element by element. */
  tfjs_max_rel_err: number;
  ok: boolean;
}

export interface Conv1x1Details {
  case: string;
  h: number;
  w: number;
  cin: number;
  cout: number;
  seed_example: boolean;
  paired_ratio_tfjs: number;
  paired_ratio_peak: number;
  targets: TargetCheck[];
  check: Conv1x1Check;
  iterations: Partial<Record<ContenderId, number>>;
  mad_pct: Partial<Record<ContenderId, number>>;
  samples: Partial<Record<ContenderId, number[]>>;
  seconds: number;
}

/** attention_step.json "results": one row, the lab's default model. */
export interface AttentionRow {
  case: string;
  ours_steps_per_s: number;
  tfjs_steps_per_s: number;
  ours_ms_per_step: number;
  tfjs_ms_per_step: number;
  /** ours / tfjs steps per second (medians of the same run). */
  ratio_tfjs: number;
}

export interface AttentionCheck {
  /** Our workload's checksum (the lab's step count) after SANITY_STEPS steps: all taken. */
  ours_steps: number;
  ours_steps_ok: boolean;
  /** TF.js loss on its fixed batch at the first and last of the sanity steps. */
  tfjs_loss_first: number;
  tfjs_loss_last: number;
  tfjs_loss_steps: number;
  tfjs_loss_decreases: boolean;
  /** tf.memory().numTensors growth between the first and last sanity step (0: no leak). */
  tfjs_leaked_tensors: number;
  /** Ours from attention_lab.cpp's declarations (mirrored in attention.ts), TF.js from its variables. */
  ours_params: number;
  tfjs_params: number;
  params_match: boolean;
  ok: boolean;
}

export interface AttentionDetails {
  case: string;
  model: Record<string, unknown>;
  paired_ratio_tfjs: number;
  targets: TargetCheck[];
  /** The ratio issue 4 aims for (the target is targets[0].min). */
  aim: number;
  check: AttentionCheck;
  /** TF.js loss on its fixed batch after all timed steps (it overfits that batch). */
  tfjs_loss_after_timing: number;
  iterations: Partial<Record<ContenderId, number>>;
  mad_pct: Partial<Record<ContenderId, number>>;
  /** steps/s of every repeat. */
  samples: Partial<Record<ContenderId, number[]>>;
  seconds: number;
}

/** pretrain_step.json: the same shapes as the attention step's (one row, the lab's default MLP). */
export type PretrainRow = AttentionRow;
export type PretrainCheck = AttentionCheck;
export type PretrainDetails = Omit<AttentionDetails, 'tfjs_loss_after_timing'>;

export interface BenchReport {
  where: 'worker' | 'main';
  options: Omit<RunnerOptions, 'now'>;
  engine: SystemReport;
  tfjs: TfInfo;
  page: { userAgent: string; hardwareConcurrency: number; crossOriginIsolated: boolean };
  /** Absent when `only` left the section out. */
  gemm?: Section<ResultRow, RowDetails>;
  softmax?: Section<SoftmaxRow, SoftmaxDetails> & { tfjsOp: string };
  conv1x1?: Section<Conv1x1Row, Conv1x1Details> & { tfjsOp: string };
  attention?: Section<AttentionRow, AttentionDetails> & { tfjsOp: string };
  pretrain?: Section<PretrainRow, PretrainDetails> & { tfjsOp: string };
  /** The 1x1 lab's CNN training step vs TF.js's cpu backend (same row shape as attention). */
  conv1x1Train?: Section<AttentionRow, AttentionDetails> & { tfjsOp: string };
  /** Every section's table, in run order. */
  table: string;
  seconds: number;
}

export type WorkerRequest = {
  baseUrl: string;
  options: Omit<RunnerOptions, 'now'>;
  only: string | null;
};

export type WorkerMessage =
  | { type: 'log'; line: string }
  | { type: 'done'; report: BenchReport }
  | { type: 'error'; message: string };
