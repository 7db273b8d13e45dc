// The JS face of the wasm module: JS-style names, argument checks, named errors, and the timing
// helpers that the page's self-benchmark and `npm run bench` share. Environment-free: the caller
// passes the Emscripten factory (importScripts in a worker, require in node), so the same file
// runs in the page's worker, in the bench page and in node tests.

/** Error raised for every refused call. `key` is a message key of the hi/en catalogs. */
export class PrayogError extends Error {
  /** params: values for the translated sentence's placeholders ({field}, {min}, ...). */
  constructor(key, detail, code = 1, params = {}) {
    super(`${key}: ${detail}`);
    this.name = 'PrayogError';
    this.key = key;
    this.detail = detail;
    this.code = code;
    this.params = params;
  }
}

// A minimal module using one v128 instruction (i8x16.popcnt): validate() tells whether this
// engine understands WASM SIMD128 without loading our module (same bytes as wasm-feature-detect).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
]);

/** True when the JS engine can run WASM SIMD128 (our module needs it). */
export function wasmSimdSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

function raiseIfError(status) {
  if (status && status.code !== 0) {
    throw new PrayogError(status.key, status.detail, status.code, { ...status.params });
  }
}

function requireFloat32Array(name, value) {
  if (!(value instanceof Float32Array)) {
    throw new PrayogError('error.bad_type', `${name} must be a Float32Array`, 1, { field: name });
  }
}

// A {name: number} object of a guided-tour claim (measureClaim's numbers): finite numbers only.
function requireClaimNumbers(name, value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PrayogError('error.bad_type', `${name} must be an object of numbers`, 1, {
      field: name,
    });
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new PrayogError('error.not_finite', `${name}.${key} is not a finite number`, 1, {
        field: key,
      });
    }
  }
}

function requireInteger(name, value) {
  if (!Number.isInteger(value)) {
    throw new PrayogError('error.bad_type', `${name} must be an integer, got ${String(value)}`, 1, {
      field: name,
    });
  }
}

/** Loads the module through an Emscripten factory (PrayogModule) and wraps it. */
export async function loadEngine(factory, moduleOptions = {}) {
  if (!wasmSimdSupported()) {
    throw new PrayogError('error.no_simd', 'this JavaScript engine has no WebAssembly SIMD');
  }
  const module = await factory(moduleOptions);
  return new Engine(module);
}

export class Engine {
  constructor(module) {
    this.module = module;
  }

  /** Bytes of the module's wasm memory now (it grows with the labs' buffers, never shrinks). */
  memoryBytes() {
    return this.module.HEAP8.buffer.byteLength;
  }

  /** Version, SIMD architecture, GEMM tile and build flags of the loaded module. */
  system() {
    return this.module.system();
  }

  /**
   * C = alpha * op(A) * op(B) + beta * C, row-major, packed operands. Returns a new
   * Float32Array; the arguments are not modified.
   */
  gemm({ transA = false, transB = false, m, n, k, alpha = 1, a, b, beta = 0, c }) {
    for (const [name, v] of [
      ['m', m],
      ['n', n],
      ['k', k],
    ])
      requireInteger(name, v);
    requireFloat32Array('a', a);
    requireFloat32Array('b', b);
    if (c === undefined) c = new Float32Array(m > 0 && n > 0 ? m * n : 0);
    requireFloat32Array('c', c);
    const out = this.module.gemm(!!transA, !!transB, m, n, k, alpha, a, b, beta, c);
    raiseIfError(out.status);
    return out.c;
  }

  /**
   * Fixed GEMM work of one shape, for timing. Call dispose() when done (it owns wasm memory).
   * flopsPerRun: floating-point operations of one run.
   */
  gemmBench({ m, k, n, transA = false, transB = false }) {
    for (const [name, v] of [
      ['m', m],
      ['k', k],
      ['n', n],
    ])
      requireInteger(name, v);
    return this.workload('gemm', [m, k, n, 1], !!transA, !!transB);
  }

  /** Row softmax (scale 1/8) of a (rows, cols) matrix; flopsPerRun counts ELEMENTS per run. */
  softmaxBench({ rows, cols }) {
    for (const [name, v] of [
      ['rows', rows],
      ['cols', cols],
    ])
      requireInteger(name, v);
    return this.workload('softmax', [rows, cols, 1, 1], false, false);
  }

  /** 1x1 convolution (1, h, w, cin) -> (1, h, w, cout) with bias; flopsPerRun = 2 x MACs. */
  conv1x1Bench({ h, w, cin, cout }) {
    for (const [name, v] of [
      ['h', h],
      ['w', w],
      ['cin', cin],
      ['cout', cout],
    ])
      requireInteger(name, v);
    return this.workload('conv1x1', [h, w, cin, cout], false, false);
  }

  /** One training step of the attention lab's default model per run (flopsPerRun = 1 step). */
  attentionStepBench() {
    return this.workload('attention_step', [1, 1, 1, 1], false, false);
  }

  /**
   * One fine-tuning step of the pretrain lab's deep MLP per run (flopsPerRun = 1 step): the
   * schema's default, or another depth / first hidden width (checked by the lab's schema).
   */
  pretrainStepBench({ depth = 0, width = 0 } = {}) {
    requireInteger('depth', depth);
    requireInteger('width', width);
    return this.workload('pretrain_step', [depth, width, 1, 1], false, false);
  }

  /** One training step of the 1x1 lab's default CNN (its default variant alone) per run (1 step). */
  conv1x1StepBench() {
    return this.workload('conv1x1_step', [1, 1, 1, 1], false, false);
  }

  /** @private */
  workload(kind, [a, b, c, d], transA, transB) {
    const wl = new this.module.Workload(kind, a, b, c, d, transA, transB);
    const status = wl.status();
    if (status.code !== 0) {
      wl.delete();
      raiseIfError(status);
    }
    return {
      flopsPerRun: wl.workPerRun(),
      run: (iterations) => wl.run(iterations),
      checksum: () => wl.checksum(),
      dispose: () => wl.delete(),
    };
  }

  /** Every lab's config schema: [{lab, version, fields: [{key, type, min, max, default, ...}]}]. */
  schemas() {
    return this.module.schemas();
  }

  /**
   * The guided tours: {attention: [{id, settings: {key: 'value'}, steps}], conv1x1: [...],
   * pretrain: [...]}. A step opens a fresh lab with its settings over the defaults (and a seed),
   * measureClaim(id) before, trains `steps` steps (0: none), measureClaim(id) after, judgeClaim.
   */
  tours() {
    return this.module.tours();
  }

  /**
   * Whether a tour step's claim held: {shown, numbers} from measureClaim's numbers before and after
   * the step's training (numbers: what the sentence quotes). Non-finite numbers throw
   * error.not_finite; an unknown lab or step, or missing numbers, give shown = false.
   */
  judgeClaim(lab, step, before, after) {
    requireClaimNumbers('before', before);
    requireClaimNumbers('after', after);
    const out = this.module.judgeClaim(String(lab), String(step), before, after);
    raiseIfError(out.status);
    return { shown: out.shown, numbers: out.numbers };
  }

  /** Validates a lab config ({key: value}); throws a PrayogError with the schema's message key. */
  validateConfig(lab, values = {}) {
    raiseIfError(this.module.validateConfig(String(lab), values));
  }

  /**
   * A lab session: configure(values) validates before allocating and keeps the last good lab when
   * refused; step(n) trains n steps (a diverged run throws error.diverged with the last good weights
   * restored). Call dispose() when done.
   */
  createLab(lab, values = {}) {
    const session = new this.module.LabSession(String(lab));
    const call = (status) => raiseIfError(status);
    // {status, ...rest} -> rest, or a PrayogError.
    const unwrap = (out) => {
      raiseIfError(out.status);
      const rest = { ...out };
      delete rest.status;
      return rest;
    };
    // An arm given by index or by name ("soft" / "hard").
    const armIndex = (arm) => {
      if (typeof arm === 'string') {
        const i = session.arms().indexOf(arm);
        if (i < 0) {
          throw new PrayogError('error.unknown_key', `no arm named '${arm}'`, 4, { field: arm });
        }
        return i;
      }
      requireInteger('arm', arm);
      return arm;
    };
    try {
      call(session.configure(values));
    } catch (err) {
      session.delete();
      throw err;
    }
    return {
      configure: (v) => call(session.configure(v)),
      /** Settings that change only the views (conv1x1 explorer sizes): training is kept. */
      configureViews: (v) => call(session.configureViews(v)),
      /** A guided-tour step's numbers of this lab now: {name: number} (engine.judgeClaim's input). */
      measureClaim: (step) => {
        if (typeof step !== 'string') {
          throw new PrayogError('error.bad_type', 'step must be a string', 1, { field: 'step' });
        }
        return unwrap(session.measureClaim(step)).numbers;
      },
      step: (n = 1) => {
        requireInteger('n', n);
        call(session.step(n));
      },
      reset: (seed) => {
        requireInteger('seed', seed);
        call(session.reset(seed));
      },
      stepsDone: () => session.stepsDone(),
      metrics: () => {
        const m = session.metrics();
        return Object.fromEntries(m.names.map((name, i) => [name, m.values[i]]));
      },
      /** Arm names, primary first: ['soft'] or, with attention 'hard', ['hard', 'soft']. */
      arms: () => session.arms(),
      /** Every arm's parameters by tensor: {arms: [{name, tensors: [{name, shape, values}]}]}. */
      weights: () => unwrap(session.weights()),
      /** One arm's metrics by name (the CLI's columns), for any lab. */
      armValues: (arm = 0) => {
        const m = session.armValues(armIndex(arm));
        return Object.fromEntries(m.names.map((name, i) => [name, m.values[i]]));
      },
      /** Every arm's last training loss and gradient norm (NaN before step 1): cheap. */
      trainMetrics: () => session.trainMetrics(),
      setLearningRate: (lr) => {
        if (typeof lr !== 'number') {
          throw new PrayogError('error.bad_type', 'lr must be a number', 1, { field: 'lr' });
        }
        call(session.setLearningRate(lr));
      },
      imageMetrics: () => unwrap(session.imageMetrics()),
      imageView: (index) => {
        requireInteger('index', index);
        return unwrap(session.imageView(index));
      },
      armMetrics: (arm = 0) => unwrap(session.armMetrics(armIndex(arm))),
      selectExample: (index) => {
        requireInteger('index', index);
        call(session.selectExample(index));
      },
      example: () => unwrap(session.example()),
      attention: ({ arm = 0, layer = 0, head = 0 } = {}) => {
        const a = armIndex(arm);
        requireInteger('layer', layer);
        requireInteger('head', head);
        return unwrap(session.attention(a, layer, head));
      },
      scalingDemo: () => unwrap(session.scalingDemo()).points,
      costDemo: (lengths = []) => {
        if (!Array.isArray(lengths)) {
          throw new PrayogError('error.bad_type', 'lengths must be an array of integers', 1, {
            field: 'lengths',
          });
        }
        for (const t of lengths) requireInteger('length', t);
        return unwrap(session.costDemo(lengths)).points;
      },
      // Pretrain lab only (other labs throw error.not_ready). `arm`: index or name.
      pretrainTimeline: (arm = 0) => unwrap(session.pretrainTimeline(armIndex(arm))),
      pretrainStep: (arm = 0) => unwrap(session.pretrainStep(armIndex(arm))),
      pretrainComparison: () => unwrap(session.pretrainComparison()),
      pretrainRecon: (arm = 0) => unwrap(session.pretrainRecon(armIndex(arm))),
      pretrainFeatures: (arm = 0, count = 64) => {
        requireInteger('count', count);
        return unwrap(session.pretrainFeatures(armIndex(arm), count));
      },
      pretrainUnit: ({ arm = 0, layer = 0, unit = 0, example = 0 } = {}) => {
        const a = armIndex(arm);
        requireInteger('layer', layer);
        requireInteger('unit', unit);
        requireInteger('example', example);
        return unwrap(session.pretrainUnit(a, layer, unit, example));
      },
      // Conv1x1 lab only (other labs throw error.not_ready). `arm`: index or name.
      conv1x1Explorer: ({ y = 0, x = 0, full = false, tiles = 16 } = {}) => {
        requireInteger('y', y);
        requireInteger('x', x);
        requireInteger('tiles', tiles);
        return unwrap(session.conv1x1Explorer(y, x, !!full, tiles));
      },
      conv1x1Arms: () => unwrap(session.conv1x1Arms()).arms,
      conv1x1Weights: (arm = 0, layer = 0) => {
        requireInteger('layer', layer);
        return unwrap(session.conv1x1Weights(armIndex(arm), layer));
      },
      conv1x1Image: (arm = 0, index = 0) => {
        requireInteger('index', index);
        return unwrap(session.conv1x1Image(armIndex(arm), index));
      },
      dispose: () => session.delete(),
    };
  }

  /** Runs the SIMD peak loop (independent multiply+add chains); returns the flops done. */
  simdPeak(iterations) {
    requireInteger('iterations', iterations);
    return this.module.simdPeak(iterations);
  }
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times `run(iterations)` of a workload doing `flopsPerRun` flops per iteration: picks an iteration
 * count that lasts about targetMs (timers in browsers are coarse), warms up (wasm tiers up to its
 * optimising compiler on hot code), and returns the GFLOP/s of each repeat.
 */
export function timeWorkload(
  workload,
  { targetMs = 20, repeats = 5, now = () => performance.now() } = {},
) {
  let iterations = 1;
  for (;;) {
    const t0 = now();
    workload.run(iterations);
    const dt = now() - t0;
    if (dt >= targetMs / 4 || iterations >= 1 << 24) {
      iterations = Math.max(1, Math.round((iterations * targetMs) / Math.max(dt, 1e-3)));
      break;
    }
    iterations *= 4;
  }
  workload.run(iterations); // warm-up at the final size
  const gflops = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = now();
    workload.run(iterations);
    const ms = now() - t0;
    gflops.push((iterations * workload.flopsPerRun) / (ms * 1e6));
  }
  return gflops;
}

/** Median GEMM GFLOP/s for one shape ({m, k, n, transA, transB}). */
export function measureGemm(engine, shape, options) {
  const bench = engine.gemmBench(shape);
  try {
    return median(timeWorkload(bench, options));
  } finally {
    bench.dispose();
  }
}

/** Median GFLOP/s of the SIMD peak loop: the ceiling for our build on this machine. */
export function measurePeak(engine, options) {
  const chunk = 1 << 16;
  const flopsPerRun = engine.simdPeak(1); // flops per iteration
  const workload = { flopsPerRun: flopsPerRun * chunk, run: (n) => engine.simdPeak(n * chunk) };
  return median(timeWorkload(workload, options));
}
