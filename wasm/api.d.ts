// Types of wasm/api.js (plain JS so node tests import it directly).

export interface SystemReport {
  version: string;
  simd: boolean;
  simdArch: string;
  simdWidth: number;
  gemmMr: number;
  gemmNr: number;
  compiler: string;
  flags: string;
}

export interface GemmShape {
  m: number;
  k: number;
  n: number;
  transA?: boolean;
  transB?: boolean;
}

export interface Workload {
  flopsPerRun: number;
  run(iterations: number): void;
}

export interface GemmBenchHandle extends Workload {
  checksum(): number;
  dispose(): void;
}

export interface TimingOptions {
  targetMs?: number;
  repeats?: number;
  now?: () => number;
}

/** The Emscripten MODULARIZE factory (global PrayogModule in a worker). */
export type PrayogFactory = (options?: Record<string, unknown>) => Promise<unknown>;

export class PrayogError extends Error {
  constructor(key: string, detail: string, code?: number, params?: Record<string, string>);
  readonly key: string;
  readonly detail: string;
  readonly code: number;
  /** Values for the translated message's placeholders ({field}, {min}, {max}, ...). */
  readonly params: Record<string, string>;
}

export function wasmSimdSupported(): boolean;
export function loadEngine(
  factory: PrayogFactory,
  moduleOptions?: Record<string, unknown>,
): Promise<Engine>;

export interface SchemaField {
  key: string;
  type: 'int' | 'float' | 'bool' | 'choice';
  min: number;
  max: number;
  default: number | boolean | string;
  choices?: string[];
  logScale: boolean;
}

export interface LabSchema {
  lab: string;
  version: number;
  fields: SchemaField[];
}

export type ConfigValues = Record<string, string | number | boolean>;

export interface LabHandle {
  configure(values: ConfigValues): void;
  step(n?: number): void;
  reset(seed: number): void;
  stepsDone(): number;
  /** The primary arm's metrics by name (loss first). */
  metrics(): Record<string, number>;
  dispose(): void;
}

export class Engine {
  schemas(): LabSchema[];
  validateConfig(lab: string, values?: ConfigValues): void;
  createLab(lab: string, values?: ConfigValues): LabHandle;
  system(): SystemReport;
  gemm(args: {
    transA?: boolean;
    transB?: boolean;
    m: number;
    n: number;
    k: number;
    alpha?: number;
    a: Float32Array;
    b: Float32Array;
    beta?: number;
    c?: Float32Array;
  }): Float32Array;
  gemmBench(shape: GemmShape): GemmBenchHandle;
  /** flopsPerRun counts elements (rows x cols) for softmax. */
  softmaxBench(shape: { rows: number; cols: number }): GemmBenchHandle;
  conv1x1Bench(shape: { h: number; w: number; cin: number; cout: number }): GemmBenchHandle;
  /** One training step of the attention lab's default model per run; flopsPerRun = 1 (steps). */
  attentionStepBench(): GemmBenchHandle;
  simdPeak(iterations: number): number;
}

export function median(values: number[]): number;
export function timeWorkload(workload: Workload, options?: TimingOptions): number[];
export function measureGemm(engine: Engine, shape: GemmShape, options?: TimingOptions): number;
export function measurePeak(engine: Engine, options?: TimingOptions): number;
