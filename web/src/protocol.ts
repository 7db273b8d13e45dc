// Messages between the page and the engine worker. The page sends commands; the worker answers
// with results. Every message is a plain structured-clonable object with a `type` tag.
import type { ConfigValues, LabSchema, SystemReport, Tours } from '../../wasm/api.js';
import type {
  Conv1x1Arm,
  Conv1x1Explorer,
  Conv1x1Image,
  Conv1x1WeightMatrix,
} from '../../wasm/api.js';

export type { ConfigValues, LabSchema, SystemReport };

/** Most steps one request may ask for (the speed control's top is far below). */
export const MAX_STEPS_PER_REQUEST = 1000;

/** What the lab view wants drawn with the next snapshot (the worker copies only that out). */
export type ViewRequest =
  | { kind: 'none' }
  | { kind: 'sequence'; example: number; arm: number; layer: number; head: number }
  | { kind: 'images'; image: number }
  /**
   * The pretrain lab: every arm's timeline and last step, the reconstructions, `features` layer-1
   * tiles per arm, the chosen unit (arm, layer, unit, held-out example) and, when `comparison`, the
   * final table (it evaluates the held-out set: asked for about once a second).
   */
  | {
      kind: 'pretrain';
      arm: number;
      layer: number;
      unit: number;
      example: number;
      features: number;
      comparison: boolean;
      /** The last step whose gradient norms the page has: the view sends the ones after it. */
      gradFrom: number;
    }
  /** The 1x1 lab: explorer pixel (full: also its maps and weights), arm / 1x1 layer, image. */
  | {
      kind: 'conv1x1';
      y: number;
      x: number;
      full: boolean;
      arm: number;
      layer: number;
      image: number;
    };

export interface Tensor2 {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** The attention lab's sequence views for the chosen example, arm, layer and head. */
export interface SequenceView {
  kind: 'sequence';
  example: number;
  count: number;
  /** Display text of each position's token: input, target, and per arm the prediction. */
  input: string[];
  target: string[];
  predicted: string[][];
  /** Every arm x head softmax of the chosen layer: heads[arm][head] is (T, T). */
  heads: Float32Array[][];
  arm: number;
  layer: number;
  head: number;
  scale: number;
  scores: Tensor2;
  weights: Tensor2;
  /** Hard arm only: the sampled one-hot rows (else empty). */
  picks: Float32Array;
  q: Tensor2;
  k: Tensor2;
  v: Tensor2;
}

export interface RegionShares {
  mass: number[];
  cells: number[];
  perCell: number[];
}

/** Attention over images: the seed's four steps for one held-out image. */
export interface ImagesView {
  kind: 'images';
  image: number;
  count: number;
  classes: string[];
  label: number;
  predicted: number;
  grid: number;
  pixels: Float32Array;
  regions: Uint8Array;
  featureMean: Float32Array;
  scores: Float32Array;
  scale: number;
  attention: Float32Array;
  context: Float32Array;
  probs: Float32Array;
  entropy: number;
  table: RegionShares;
  /** Held-out mean over all images. */
  heldoutTable: RegionShares;
}

export interface PretrainStageView {
  kind: 'pretrain' | 'head' | 'finetune' | 'end_to_end';
  layer: number;
  begin: number;
  end: number;
  /** (depth + 1): the hidden layers, then the head; 1 = locked in this stage. */
  frozen: number[];
  reconBefore: number;
  reconAfter: number;
}

export interface PretrainArmView {
  name: string;
  current: number;
  stages: PretrainStageView[];
  /** The stage's objective, the whole net's cross-entropy, held-out reconstruction error. */
  loss: number;
  supervisedLoss: number;
  reconError: number;
  /** (depth + 1), layer 1 first, the head last; 0 where the stage updates nothing. */
  gradNorms: number[];
  /** Layer-1 weights of the first units: (rows, 256). */
  features: Tensor2;
}

export interface PretrainComparisonView {
  target: number;
  rows: Array<{
    arm: string;
    steps: number;
    stepsToTarget: number;
    testAccuracy: number;
    testLoss: number;
    accuracy: number;
    ms: number;
    msPerStep: number;
  }>;
}

/** The pretrain lab's views (seed 002). */
export interface PretrainView {
  kind: 'pretrain';
  /** Layer sizes: 256, the hidden widths, 10. */
  dims: number[];
  testCount: number;
  arms: PretrainArmView[];
  /** Held-out glyphs and the first arm's reconstructions of them (0 rows: none yet). */
  recon: { arm: number; inputs: Tensor2; outputs: Tensor2 };
  unit: {
    arm: number;
    layer: number;
    unit: number;
    example: number;
    fanIn: number;
    inputs: Float32Array;
    weights: Float32Array;
    bias: number;
    preActivation: number;
    output: number;
  };
  /** The latest comparison table computed (fresh when the request asked for it). */
  comparison: PretrainComparisonView | null;
  /**
   * Every arm's per-layer gradient norms at each answered request after gradFrom: gradSteps[p]
   * and gradNorms[p][arm][layer], so curves miss no point when the page skips drawing a snapshot.
   */
  gradSteps: number[];
  gradNorms: number[][][];
}

/** The 1x1 lab: the explorer at the chosen pixel and the training views of the chosen arm. */
export interface Conv1x1View {
  kind: 'conv1x1';
  explorer: Conv1x1Explorer;
  arms: Conv1x1Arm[];
  arm: number;
  layer: number;
  weights: Conv1x1WeightMatrix;
  image: Conv1x1Image;
}

export type LabView = { kind: 'none' } | SequenceView | ImagesView | PretrainView | Conv1x1View;

export interface ArmSnapshot {
  name: string;
  /** Metric name -> value (loss, accuracy, ...); held-out ones refresh at most a few times/s. */
  metrics: Record<string, number>;
}

export interface EngineError {
  key: string;
  detail: string;
  params?: Record<string, string>;
}

export type DemoPoints = Array<Record<string, number>>;

/** Square GEMM sizes (n×n×n) of the self-benchmark. */
export const BENCH_SIZES: readonly number[] = [16, 32, 64, 128, 256];
export const BENCH_MAX_SIZE = 1024;

export type PageToWorker =
  /** Load the engine from `engineBase` (absolute URL ending in "/"). */
  | { type: 'init'; engineBase: string }
  /** Run the self-benchmark: the SIMD peak once, then one GEMM per size. */
  | { type: 'bench'; run: number; sizes: number[] }
  /** Build a lab from a config (validated first); the previous lab stays if it is refused. */
  | { type: 'lab-open'; id: number; lab: string; config: ConfigValues }
  /** Train `steps` (0: only refresh the views) and answer with one snapshot. */
  /**
   * Settings that change only the views (LabUi.viewKeys, e.g. the 1x1 explorer's sizes): applied to
   * the running session `id` without rebuilding its lab; answered with lab-reconfigured (`req`).
   */
  | { type: 'lab-reconfigure'; id: number; req: number; config: ConfigValues }
  | { type: 'lab-step'; id: number; steps: number; view: ViewRequest }
  | { type: 'lab-reset'; id: number; seed: number; view: ViewRequest }
  | { type: 'lab-lr'; id: number; lr: number }
  | { type: 'lab-weights'; id: number }
  | { type: 'lab-demo'; id: number; demo: 'scaling' | 'cost' }
  /** Guided step `step` of session `id`: its numbers now (kept in the worker as "before")... */
  | { type: 'tour-measure'; id: number; step: string }
  /** ...then, after the run, its numbers again and the engine's verdict on both. */
  | { type: 'tour-judge'; id: number; step: string }
  /** Are you alive? (the page's watchdog, after a quiet spell; answered with pong) */
  | { type: 'ping'; n: number };

/** The engine's guided tours: per lab, its steps (settings over the defaults, training budget). */
export type { Tours, TourStep as TourStepInfo } from '../../wasm/api.js';

export type WorkerToPage =
  | { type: 'ready'; system: SystemReport; schemas: LabSchema[]; tours: Tours }
  /** A guided step's numbers right after its session opened ("before"). */
  | { type: 'tour-measured'; id: number; step: string; numbers: Record<string, number> }
  /** The engine's verdict on a guided step, from its numbers before and after the run. */
  | {
      type: 'tour-verdict';
      id: number;
      step: string;
      shown: boolean;
      numbers: Record<string, number>;
    }
  | { type: 'lab-opened'; id: number; lab: string; arms: string[] }
  | { type: 'lab-reconfigured'; id: number; req: number }
  | {
      type: 'lab-snapshot';
      id: number;
      stepsDone: number;
      /** Wall time of the training steps of this request (ms). */
      trainMs: number;
      steps: number;
      arms: ArmSnapshot[];
      view: LabView;
      /** Set when the run diverged: the lab went back to its checkpoint (stepsDone). */
      diverged?: EngineError;
      /** The worker's wasm memory after this request (bytes). */
      wasmBytes: number;
    }
  | { type: 'lab-weights'; id: number; json: string }
  | { type: 'lab-demo'; id: number; demo: 'scaling' | 'cost'; points: DemoPoints }
  | { type: 'lab-lr'; id: number; lr: number }
  | { type: 'bench-peak'; run: number; gflops: number }
  | { type: 'bench-point'; run: number; size: number; gflops: number }
  | { type: 'bench-done'; run: number }
  | { type: 'pong'; n: number }
  /** `key` is a catalog key (error.*); `detail` is technical text, shown as such. */
  | {
      type: 'error';
      during: 'init' | 'bench' | 'lab';
      run?: number;
      /** The lab request that failed (during 'lab'). */
      id?: number;
      op?: 'open' | 'step' | 'reset' | 'lr' | 'weights' | 'demo' | 'reconfigure' | 'tour';
      /** op 'reconfigure': the request it answers. */
      req?: number;
      key: string;
      detail: string;
      /** Values for the message's placeholders ({field}, {min}, ...), from the engine's status. */
      params?: Record<string, string>;
    };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Structural check of a message from the worker (the page trusts nothing it did not check). */
export function isWorkerToPage(v: unknown): v is WorkerToPage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'ready':
      return isObject(v.system) && Array.isArray(v.schemas) && isObject(v.tours);
    case 'tour-measured':
      return finite(v.id) && typeof v.step === 'string' && isObject(v.numbers);
    case 'tour-verdict':
      return (
        finite(v.id) &&
        typeof v.step === 'string' &&
        typeof v.shown === 'boolean' &&
        isObject(v.numbers)
      );
    case 'lab-opened':
      return finite(v.id) && typeof v.lab === 'string' && Array.isArray(v.arms);
    case 'lab-reconfigured':
      return finite(v.id) && finite(v.req);
    case 'lab-snapshot':
      return (
        finite(v.id) &&
        finite(v.stepsDone) &&
        finite(v.trainMs) &&
        finite(v.wasmBytes) &&
        Array.isArray(v.arms) &&
        isObject(v.view) &&
        (v.diverged === undefined || isObject(v.diverged))
      );
    case 'lab-weights':
      return finite(v.id) && typeof v.json === 'string';
    case 'lab-demo':
      return finite(v.id) && (v.demo === 'scaling' || v.demo === 'cost') && Array.isArray(v.points);
    case 'lab-lr':
      return finite(v.id) && finite(v.lr);
    case 'bench-peak':
      return finite(v.run) && finite(v.gflops);
    case 'bench-point':
      return finite(v.run) && finite(v.size) && finite(v.gflops);
    case 'bench-done':
      return finite(v.run);
    case 'pong':
      return finite(v.n);
    case 'error':
      return (
        typeof v.key === 'string' &&
        typeof v.detail === 'string' &&
        (v.params === undefined ||
          (isObject(v.params) && Object.values(v.params).every((p) => typeof p === 'string')))
      );
    default:
      return false;
  }
}

function isView(v: unknown): v is ViewRequest {
  if (!isObject(v)) return false;
  const index = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  switch (v.kind) {
    case 'none':
      return true;
    case 'sequence':
      return index(v.example) && index(v.arm) && index(v.layer) && index(v.head);
    case 'images':
      return index(v.image);
    case 'pretrain':
      return (
        index(v.arm) &&
        index(v.layer) &&
        index(v.unit) &&
        index(v.example) &&
        index(v.features) &&
        (v.features as number) <= 512 &&
        typeof v.comparison === 'boolean' &&
        index(v.gradFrom)
      );
    case 'conv1x1':
      return (
        index(v.y) &&
        index(v.x) &&
        typeof v.full === 'boolean' &&
        index(v.arm) &&
        index(v.layer) &&
        index(v.image)
      );
    default:
      return false;
  }
}

const isConfig = (v: unknown): v is ConfigValues =>
  isObject(v) &&
  Object.values(v).every((x) => typeof x === 'string' || typeof x === 'boolean' || finite(x));

/** Structural check of a command from the page. */
export function isPageToWorker(v: unknown): v is PageToWorker {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'init':
      return typeof v.engineBase === 'string';
    case 'bench':
      return (
        finite(v.run) &&
        Array.isArray(v.sizes) &&
        v.sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= BENCH_MAX_SIZE)
      );
    case 'lab-open':
      return finite(v.id) && typeof v.lab === 'string' && isConfig(v.config);
    case 'lab-reconfigure':
      return finite(v.id) && finite(v.req) && isConfig(v.config);
    case 'lab-step':
      return (
        finite(v.id) &&
        Number.isInteger(v.steps) &&
        (v.steps as number) >= 0 &&
        (v.steps as number) <= MAX_STEPS_PER_REQUEST &&
        isView(v.view)
      );
    case 'lab-reset':
      return finite(v.id) && Number.isInteger(v.seed) && isView(v.view);
    case 'lab-lr':
      return finite(v.id) && typeof v.lr === 'number';
    case 'lab-weights':
      return finite(v.id);
    case 'lab-demo':
      return finite(v.id) && (v.demo === 'scaling' || v.demo === 'cost');
    case 'tour-measure':
    case 'tour-judge':
      return finite(v.id) && typeof v.step === 'string' && /^[a-z0-9_]{1,32}$/.test(v.step);
    case 'ping':
      return finite(v.n);
    default:
      return false;
  }
}
