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

/** One step of a guided tour (labs/tours.hpp). */
export interface TourStep {
  id: string;
  /** Schema key -> value as URL text, over the lab's defaults. */
  settings: Record<string, string>;
  /** Training steps of this step, from a freshly opened lab (0: none). */
  steps: number;
}

/** Every lab's tour, steps in order. */
export interface Tours {
  attention: TourStep[];
  conv1x1: TourStep[];
  pretrain: TourStep[];
}

/** A claim's numbers by name ([a-z0-9_]+, in the engine's order); always finite. */
export type ClaimNumbers = Record<string, number>;

export interface ClaimVerdict {
  /** The claim held on these numbers. */
  shown: boolean;
  /** What the sentence quotes (e.g. entropy_scaled, entropy_unscaled); empty when not judged. */
  numbers: ClaimNumbers;
}

export interface LabHandle {
  configure(values: ConfigValues): void;
  /**
   * A full config whose changes touch only the views (the conv1x1 explorer's h, w, cin, cout, k,
   * bottleneck): validated, applied without rebuilding the lab (training is kept). Other labs
   * throw error.not_ready.
   */
  configureViews(values: ConfigValues): void;
  /**
   * A tour step's numbers of this lab as it is now (cheap, except `cost`, which times the sweep,
   * and pretrain `stages` after training, which replays the greedy arm). Throws error.unknown_step
   * for a step the lab's tour lacks, error.not_ready when the lab is not of the step's kind.
   */
  measureClaim(step: string): ClaimNumbers;
  step(n?: number): void;
  reset(seed: number): void;
  stepsDone(): number;
  /** The primary arm's metrics by name (loss first). */
  metrics(): Record<string, number>;
  /** Arm names, primary first: ['soft'] or ['hard', 'soft'] (attention), 'main' (one model). */
  arms(): string[];
  /** One arm's metrics by name (metric_names() order), for any lab. */
  armValues(arm?: number | string): Record<string, number>;
  /** Every arm's last training loss and gradient norm, no held-out pass (NaN before step 1). */
  trainMetrics(): { loss: Float64Array; gradNorm: Float64Array };
  /** Every arm's parameters, copied out (the page's JSON export). */
  weights(): { arms: ArmWeights[] };
  /** Every arm's learning rate from the next step on (weights and moments kept). */
  setLearningRate(lr: number): void;
  // Attention over images (mode 'images') only; other labs throw error.not_ready.
  imageMetrics(): ImageMetrics;
  imageView(index: number): ImageView;
  // Attention lab, sequence mode only (other labs throw error.not_ready). `arm`: index or name.
  armMetrics(arm?: number | string): ArmMetrics;
  /** Chooses the held-out example the views show (0 .. count - 1). */
  selectExample(index: number): void;
  example(): AttentionExample;
  attention(which?: { arm?: number | string; layer?: number; head?: number }): AttentionHead;
  /** √d scaling off vs on at initialisation for growing d_model. */
  scalingDemo(): ScalingPoint[];
  /** Forward + backward cost per length (default 8 .. 256; integers 1 .. 1024, at most 16). */
  costDemo(lengths?: number[]): CostPoint[];
  // Pretrain lab only (other labs throw error.not_ready). `arm`: index or name.
  /** An arm's stage timeline, its current stage and the layer sizes. */
  pretrainTimeline(arm?: number | string): PretrainTimeline;
  /** An arm's last step (no held-out pass): stage, losses, per-layer gradient norms. */
  pretrainStep(arm?: number | string): PretrainStep;
  /** The final comparison table (steps to the target loss, accuracies, time), every arm. */
  pretrainComparison(): { target: number; rows: PretrainComparisonRow[] };
  /** Held-out glyphs and what the arm's pretrained stack rebuilds (0 rows for 'random'). */
  pretrainRecon(arm?: number | string): { inputs: Grid; reconstructions: Grid };
  /** Layer 1's weights of the first `count` (1 .. width) hidden units: (count, 256). */
  pretrainFeatures(arm?: number | string, count?: number): Grid;
  /** h = f(W[:, unit]·h_{i-1} + b) of one unit (layer 0-based, depth = the head). */
  pretrainUnit(which?: {
    arm?: number | string;
    layer?: number;
    unit?: number;
    example?: number;
  }): PretrainUnit;
  // Conv1x1 lab only (other labs throw error.not_ready). `arm`: index or name.
  /** The explorer at pixel (y, x); `full` adds the input map, weights and channel tiles. */
  conv1x1Explorer(which?: {
    y?: number;
    x?: number;
    full?: boolean;
    /** Channels per tile set, 0 .. 64 (default 16). */
    tiles?: number;
  }): Conv1x1Explorer;
  /** Every arm's parameters, forward MACs per image and number of 1x1 layers (cheap). */
  conv1x1Arms(): Conv1x1Arm[];
  /** 1x1 layer `layer` of an arm as W(j, i) (0 x 0 for an arm without 1x1 layers). */
  conv1x1Weights(arm?: number | string, layer?: number): Conv1x1WeightMatrix;
  /** Held-out image `index` through an arm: pixels, probabilities, the first 1x1 layer's maps. */
  conv1x1Image(arm?: number | string, index?: number): Conv1x1Image;
  dispose(): void;
}

export interface Conv1x1LayerCost {
  outH: number;
  outW: number;
  outC: number;
  params: number;
  /** Multiply-adds of one forward pass (FLOPs = 2 x MACs). */
  macs: number;
}

export interface Conv1x1Costs {
  pointwise: Conv1x1LayerCost;
  plain: Conv1x1LayerCost;
  reduce: Conv1x1LayerCost;
  spatial: Conv1x1LayerCost;
  bottleneck: Conv1x1LayerCost;
  nin: Conv1x1LayerCost;
  /** bottleneck.macs / plain.macs */
  bottleneckRatio: number;
}

export interface Conv1x1Tiles {
  count: number;
  h: number;
  w: number;
  /** (count, h, w), channel after channel. */
  data: Float32Array;
}

export interface Conv1x1Explorer {
  h: number;
  w: number;
  cin: number;
  cout: number;
  k: number;
  r: number;
  y: number;
  x: number;
  /** The pixel's C_in vector, its C_out output and the C_out biases. */
  input: Float32Array;
  output: Float32Array;
  bias: Float32Array;
  params: number;
  macs: number;
  costs: Conv1x1Costs;
  /** With full: (h, w) mean over channels, (cout, cin) weights, channel tiles. */
  inputMean?: Float32Array;
  weights?: Float32Array;
  inputTiles?: Conv1x1Tiles;
  outputTiles?: Conv1x1Tiles;
}

export interface Conv1x1Arm {
  name: string;
  params: number;
  macs: number;
  /** Number of 1x1 layers (0 for plain). */
  layers: number;
}

export interface Conv1x1WeightMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
  /** (rows), empty with BatchNorm on. */
  bias: Float32Array;
}

export interface Conv1x1FeatureMap {
  h: number;
  w: number;
  c: number;
  /** (h, w, c) NHWC. */
  data: Float32Array;
}

export interface Conv1x1Image {
  index: number;
  count: number;
  label: number;
  predicted: number;
  classes: string[];
  /** (16, 16, 3) in [0, 1]. */
  pixels: Float32Array;
  probs: Float32Array;
  before: Conv1x1FeatureMap;
  after: Conv1x1FeatureMap;
}

export interface Grid {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface PretrainStage {
  kind: 'pretrain' | 'head' | 'finetune' | 'end_to_end';
  /** The layer a pretraining stage trains (0-based), else -1. */
  layer: number;
  begin: number;
  end: number;
  /** (depth + 1) flags: the hidden layers, then the head; 1 = not updated in this stage. */
  frozen: Uint8Array;
  /** Held-out reconstruction error (MSE) when the stage began / ended (NaN outside pretraining). */
  reconBefore: number;
  reconAfter: number;
}

export interface PretrainTimeline {
  current: number;
  /** Layer sizes: 256, the hidden widths, 10. */
  dims: number[];
  testCount: number;
  stages: PretrainStage[];
}

export interface PretrainStep {
  stage: number;
  loss: number;
  supervisedLoss: number;
  reconError: number;
  /** (depth + 1): layer 1 first, the head last; 0 for layers the stage does not update. */
  gradNorms: Float64Array;
}

export interface PretrainComparisonRow {
  arm: string;
  steps: number;
  /** -1 while the smoothed supervised loss has not reached the target. */
  stepsToTarget: number;
  testAccuracy: number;
  testLoss: number;
  accuracy: number;
  ms: number;
  msPerStep: number;
}

export interface PretrainUnit {
  fanIn: number;
  inputs: Float32Array;
  weights: Float32Array;
  bias: number;
  preActivation: number;
  output: number;
}

export interface ArmWeights {
  name: string;
  tensors: Array<{ name: string; shape: number[]; values: Float32Array }>;
}

/** Share of attention per region, indexed background 0, object 1, distractor 2. */
export interface RegionTable {
  mass: number[];
  cells: number[];
  /** Mean cell weight relative to uniform attention (1 = 1/N). */
  perCell: number[];
}

export interface ImageMetrics {
  loss: number;
  accuracy: number;
  objectAttention: number;
  entropy: number;
  gradNorm: number;
  heldoutLoss: number;
  count: number;
  grid: number;
  classes: string[];
  regions: RegionTable;
}

export interface ImageView {
  index: number;
  label: number;
  predicted: number;
  grid: number;
  channels: number;
  /** (24, 24, 3) in [0, 1]. */
  pixels: Float32Array;
  /** (grid, grid) region ids. */
  regions: Uint8Array;
  featureMean: Float32Array;
  scores: Float32Array;
  scale: number;
  /** (grid, grid), sums to 1. */
  attention: Float32Array;
  context: Float32Array;
  logits: Float32Array;
  probs: Float32Array;
  entropy: number;
  table: RegionTable;
}

export interface ArmMetrics {
  loss: number;
  /** Held-out token accuracy in [0, 1]. */
  accuracy: number;
  /** Mean softmax-row entropy (nats). */
  entropy: number;
  gradNorm: number;
  heldoutLoss: number;
}

export interface AttentionExample {
  index: number;
  /** Number of held-out examples. */
  count: number;
  input: Int32Array;
  target: Int32Array;
  /** One prediction per arm, in arms() order. */
  predicted: Int32Array[];
  /** Display text (UTF-8) of each token id. */
  symbols: string[];
}

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major rows x cols. */
  data: Float32Array;
}

export interface AttentionHead {
  /** T (queries) and T (keys). */
  rows: number;
  cols: number;
  /** softmax sees scale x scores: 1/√dk, or 1 with scaling off. */
  scale: number;
  /** Raw QKᵀ, rows x cols. */
  scores: Float32Array;
  /** Softmax rows (each sums to 1), rows x cols. */
  weights: Float32Array;
  /** Hard arm: sampled one-hot rows; empty for a soft arm. */
  picks: Float32Array;
  /** (T, dk) each. */
  q: Matrix;
  k: Matrix;
  v: Matrix;
}

export interface ScalingPoint {
  dModel: number;
  headDim: number;
  entropyUnscaled: number;
  entropyScaled: number;
  gradNormUnscaled: number;
  gradNormScaled: number;
  qkGradNormUnscaled: number;
  qkGradNormScaled: number;
  /** ‖∂L/∂z‖, z the softmax's input (QKᵀ or QKᵀ/√dk): what saturation starves. */
  scoreGradNormUnscaled: number;
  scoreGradNormScaled: number;
  /** ln T: a uniform row. */
  maxEntropy: number;
}

export interface CostPoint {
  length: number;
  /** Mean wall time of one forward + backward; -1 when skipped (over the memory budget). */
  ms: number;
  bytes: number;
  attentionBytes: number;
  macs: number;
}

export class Engine {
  schemas(): LabSchema[];
  validateConfig(lab: string, values?: ConfigValues): void;
  createLab(lab: string, values?: ConfigValues): LabHandle;
  /** The guided tours of every lab. */
  tours(): Tours;
  /**
   * Whether a tour step's claim held, from measureClaim before and after its training. Throws
   * error.not_finite for a non-finite number, error.bad_type when before/after is not an object.
   */
  judgeClaim(lab: string, step: string, before: ClaimNumbers, after: ClaimNumbers): ClaimVerdict;
  system(): SystemReport;
  /** Bytes of the module's wasm memory now (it grows with the labs' buffers, never shrinks). */
  memoryBytes(): number;
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
  /**
   * One fine-tuning step of the pretrain lab's deep MLP per run (flopsPerRun = 1): the schema's
   * default, or another depth / first hidden width (0 = default).
   */
  pretrainStepBench(shape?: { depth?: number; width?: number }): GemmBenchHandle;
  /** One training step of the 1x1 lab's default CNN (default variant alone); flopsPerRun = 1. */
  conv1x1StepBench(): GemmBenchHandle;
  simdPeak(iterations: number): number;
}

export function median(values: number[]): number;
export function timeWorkload(workload: Workload, options?: TimingOptions): number[];
export function measureGemm(engine: Engine, shape: GemmShape, options?: TimingOptions): number;
export function measurePeak(engine: Engine, options?: TimingOptions): number;
