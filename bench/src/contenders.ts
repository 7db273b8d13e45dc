// The contenders timed on each case. Each one does a fixed amount of work per iteration and exposes
// run(iterations): the runner only times calls to run().
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Engine } from '../../wasm/api.js';
import type { BenchCase } from './cases';

export type ContenderId = 'peak' | 'ours' | 'tfjs' | 'tfjs_fresh' | 'js';

/** Order inside each interleaved repeat. */
export const ORDER: readonly ContenderId[] = ['peak', 'ours', 'tfjs', 'tfjs_fresh', 'js'];

export const LABELS: Record<ContenderId, string> = {
  peak: 'peak',
  ours: 'ours',
  tfjs: 'TF.js',
  tfjs_fresh: 'TF.js fresh B',
  js: 'plain JS',
};

export interface Contender {
  id: ContenderId;
  /** Floating-point operations of one iteration. */
  flopsPerRun: number;
  /** Fewest iterations per timed sample (default 1), whatever the sizing gives. */
  minIterations?: number;
  run(iterations: number): void;
  dispose(): void;
}

export interface TfInfo {
  version: string;
  backend: string;
  simd: boolean;
  multithread: boolean;
  threads: number;
  wasmPath: string;
}

/** TF.js on its wasm backend, single-threaded, binaries served from `wasmDir` (no CDN). */
export async function initTf(wasmDir: string): Promise<TfInfo> {
  setWasmPaths(wasmDir);
  setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js: the wasm backend failed to start');
  await tf.ready();
  return {
    version: tf.version_core,
    backend: tf.getBackend(),
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    multithread: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    threads: getThreadsCount(),
    wasmPath: new URL(wasmDir).pathname,
  };
}

/** The operands of one case in their stored layouts, shared by TF.js and the JS loop. */
export interface Operands {
  a: Float32Array;
  b: Float32Array;
  aShape: [number, number];
  bShape: [number, number];
}

function fill(v: Float32Array, seed: number): Float32Array {
  let s = seed >>> 0;
  for (let i = 0; i < v.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (s >>> 8) * (2 / 16777216) - 1;
  }
  return v;
}

export function makeOperands(c: BenchCase): Operands {
  return {
    a: fill(new Float32Array(c.m * c.k), 1),
    b: fill(new Float32Array(c.k * c.n), 2),
    aShape: c.transA ? [c.k, c.m] : [c.m, c.k],
    bShape: c.transB ? [c.n, c.k] : [c.k, c.n],
  };
}

const flopsOf = (c: BenchCase) => 2 * c.m * c.k * c.n;

/** The ceiling: our WASM SIMD loop of 12 independent mul+add chains, in chunks. */
export function peakContender(engine: Engine): Contender {
  const chunk = 1 << 16;
  const flopsPerRun = engine.simdPeak(1) * chunk;
  return {
    id: 'peak',
    flopsPerRun,
    run: (iterations) => {
      engine.simdPeak(iterations * chunk);
    },
    dispose: () => {},
  };
}

/** Our GEMM: one call into wasm runs `iterations` GEMMs on operands living in the wasm heap. */
export function oursContender(engine: Engine, c: BenchCase): Contender {
  const bench = engine.gemmBench({ m: c.m, k: c.k, n: c.n, transA: c.transA, transB: c.transB });
  return {
    id: 'ours',
    flopsPerRun: bench.flopsPerRun,
    run: (iterations) => bench.run(iterations),
    dispose: () => bench.dispose(),
  };
}

/** Written by every TF.js run (one value read back), so the work is observable. */
export let tfSink = 0;

/** TF.js with A and B kept as tensors across calls: XNNPACK caches its packed B (best case). */
export function tfjsContender(c: BenchCase, ops: Operands): Contender {
  const a = tf.tensor2d(ops.a, ops.aShape);
  const b = tf.tensor2d(ops.b, ops.bShape);
  return {
    id: 'tfjs',
    flopsPerRun: flopsOf(c),
    run: (iterations) => {
      for (let i = 1; i < iterations; i++) tf.matMul(a, b, c.transA, c.transB).dispose();
      const last = tf.matMul(a, b, c.transA, c.transB);
      tfSink += last.dataSync()[0];
      last.dispose();
    },
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}

/** TF.js with a fresh B tensor made from a Float32Array on every call, as a training step does. */
export function tfjsFreshContender(c: BenchCase, ops: Operands): Contender {
  const a = tf.tensor2d(ops.a, ops.aShape);
  const once = (): tf.Tensor => {
    const b = tf.tensor2d(ops.b, ops.bShape);
    const out = tf.matMul(a, b, c.transA, c.transB);
    b.dispose();
    return out;
  };
  return {
    id: 'tfjs_fresh',
    flopsPerRun: flopsOf(c),
    run: (iterations) => {
      for (let i = 1; i < iterations; i++) once().dispose();
      const last = once();
      tfSink += last.dataSync()[0];
      last.dispose();
    },
    dispose: () => a.dispose(),
  };
}

// Plain-JS loops, one function per layout so each stays monomorphic. Plain and AT_B use the i-k-j
// order (contiguous inner loop over B's and C's rows); for A_BT the contiguous inner loop is the
// k loop, so it is written as dot products (i-j-k), the natural way to write that layout.
function jsPlain(
  m: number,
  k: number,
  n: number,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
) {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

function jsAtB(m: number, k: number, n: number, a: Float32Array, b: Float32Array, c: Float32Array) {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const api = a[p * m + i];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
    }
  }
}

function jsABt(m: number, k: number, n: number, a: Float32Array, b: Float32Array, c: Float32Array) {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[i * n + j] = s;
    }
  }
}

export function jsGemm(c: BenchCase, ops: Operands, out: Float32Array): void {
  const f = c.transA ? jsAtB : c.transB ? jsABt : jsPlain;
  f(c.m, c.k, c.n, ops.a, ops.b, out);
}

export let jsSink = 0;

export function jsContender(c: BenchCase, ops: Operands): Contender {
  const out = new Float32Array(c.m * c.n);
  const f = c.transA ? jsAtB : c.transB ? jsABt : jsPlain;
  return {
    id: 'js',
    flopsPerRun: flopsOf(c),
    run: (iterations) => {
      for (let i = 0; i < iterations; i++) f(c.m, c.k, c.n, ops.a, ops.b, out);
      jsSink += out[0];
    },
    dispose: () => {},
  };
}

/**
 * Same operands through ours (engine.gemm), TF.js and the JS loop: the largest difference relative
 * to max |C| of the JS result. Checks that all contenders compute the same product from the same
 * stored layouts (a wrong transpose flag shows up here, not as a suspiciously fast number).
 */
export function crossCheck(
  engine: Engine,
  c: BenchCase,
  ops: Operands,
): { ours: number; tfjs: number } {
  const ref = new Float32Array(c.m * c.n);
  jsGemm(c, ops, ref);
  const ours = engine.gemm({
    transA: c.transA,
    transB: c.transB,
    m: c.m,
    n: c.n,
    k: c.k,
    a: ops.a,
    b: ops.b,
  });
  const tfOut = tf.tidy(() =>
    tf.matMul(tf.tensor2d(ops.a, ops.aShape), tf.tensor2d(ops.b, ops.bShape), c.transA, c.transB),
  );
  const theirs = tfOut.dataSync() as Float32Array;
  tfOut.dispose();
  let scale = 0;
  for (const x of ref) scale = Math.max(scale, Math.abs(x));
  const rel = (x: Float32Array) => {
    if (x.length !== ref.length) return Infinity;
    let d = 0;
    for (let i = 0; i < ref.length; i++) d = Math.max(d, Math.abs(x[i] - ref[i]));
    return d / Math.max(scale, 1e-30);
  };
  return { ours: rel(ours), tfjs: rel(theirs) };
}

/** Our side of a training-step benchmark: one of the engine's step workloads (work = steps). */
export function oursStepContender(
  bench: { flopsPerRun: number; run(iterations: number): void; dispose(): void },
  minIterations: number,
): Contender {
  return {
    id: 'ours',
    flopsPerRun: bench.flopsPerRun, // 1: one step
    minIterations,
    run: (iterations) => bench.run(iterations),
    dispose: () => bench.dispose(),
  };
}

/** A TF.js model trained by optimizer.minimize, one step per iteration (work = steps). */
export interface TfStepModel {
  /** One step; returns the loss when asked (the caller disposes it). */
  step(returnLoss: boolean): { dataSync(): ArrayLike<number>; dispose(): void } | null;
  dispose(): void;
}

/**
 * TF.js's side: each sample's last loss is read back (`observe` keeps the value, so the work
 * cannot be skipped and the queue is drained before the clock stops).
 */
export function tfjsStepContender(
  model: TfStepModel,
  minIterations: number,
  observe: (loss: number) => void,
): Contender {
  return {
    id: 'tfjs',
    flopsPerRun: 1,
    minIterations,
    run: (iterations) => {
      for (let i = 1; i < iterations; i++) model.step(false);
      const loss = model.step(true)!;
      observe(loss.dataSync()[0]);
      loss.dispose();
    },
    dispose: () => model.dispose(),
  };
}
