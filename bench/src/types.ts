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

export interface BenchReport {
  where: 'worker' | 'main';
  options: Omit<RunnerOptions, 'now'>;
  engine: SystemReport;
  tfjs: TfInfo;
  page: { userAgent: string; hardwareConcurrency: number; crossOriginIsolated: boolean };
  results: ResultRow[];
  details: RowDetails[];
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
