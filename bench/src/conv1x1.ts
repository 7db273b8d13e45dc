// 1x1 convolution forward section: ours (engine.conv1x1Bench: NHWC batch 1, weights (Cin, Cout) +
// bias) beside TF.js wasm's fused conv2d with the bias (FusedConv2D kernel, XNNPACK), and our SIMD
// peak loop. GFLOP/s = 2·MACs per run / time.
import * as tf from '@tensorflow/tfjs-core';
import type { Engine } from '../../wasm/api.js';
import { CONV1X1_SHAPES, conv1x1Label, conv1x1TargetsFor, type Conv1x1Case } from './cases';
import { peakContender, type Contender } from './contenders';
import { filledLikeCore } from './rng';
import {
  measureThenDispose,
  pairedRatio,
  round,
  type ContenderStats,
  type RunnerOptions,
  yieldToEventLoop,
} from './runner';
import type { Conv1x1Check, Conv1x1Details, Conv1x1Row, Section, TargetCheck } from './types';

/** Seeds of x, W and bias in core/bench/workloads.cpp (Conv1x1Workload). */
const SEEDS = { x: 4, w: 5, bias: 6 };
/** Tolerances of the cross-check, relative (see Conv1x1Check). */
const SUM_REL_TOL = 1e-4;
const ELEM_REL_TOL = 1e-4;

/** Written by every TF.js run (one value read back), so the work is observable. */
export let sink = 0;

interface Inputs {
  x: Float32Array;
  w: Float32Array;
  bias: Float32Array;
}

const inputsOf = (c: Conv1x1Case): Inputs => ({
  x: filledLikeCore(c.h * c.w * c.cin, SEEDS.x),
  w: filledLikeCore(c.cin * c.cout, SEEDS.w),
  bias: filledLikeCore(c.cout, SEEDS.bias),
});

const macsOf = (c: Conv1x1Case) => c.h * c.w * c.cin * c.cout;

/** Whether TF.js's current backend has a FusedConv2D kernel (the fair, fused peer). */
export function tfFusedConvAvailable(): boolean {
  return tf.getKernel('FusedConv2D', tf.getBackend()) != null;
}

export const tfjsConvOp = (fused: boolean) =>
  fused
    ? "tf.fused.conv2d({x: [1,h,w,cin], filter: [1,1,cin,cout], bias: [cout], strides: 1, pad: 'valid'}) " +
      '(wasm FusedConv2D kernel: conv and bias in one op), tensors kept across calls'
    : "tf.add(tf.conv2d(x [1,h,w,cin], filter [1,1,cin,cout], 1, 'valid'), bias) " +
      '(no FusedConv2D kernel on this backend: two ops), tensors kept across calls';

function oursContender(engine: Engine, c: Conv1x1Case): Contender {
  const bench = engine.conv1x1Bench({ h: c.h, w: c.w, cin: c.cin, cout: c.cout });
  return {
    id: 'ours',
    flopsPerRun: bench.flopsPerRun,
    run: (iterations) => bench.run(iterations),
    dispose: () => bench.dispose(),
  };
}

function tfConv(fused: boolean, c: Conv1x1Case, inputs: Inputs) {
  const x = tf.tensor4d(inputs.x, [1, c.h, c.w, c.cin]);
  const filter = tf.tensor4d(inputs.w, [1, 1, c.cin, c.cout]);
  const bias = tf.tensor1d(inputs.bias);
  const once = fused
    ? () => tf.fused.conv2d({ x, filter, bias, strides: 1, pad: 'valid' })
    : () => tf.tidy(() => tf.add(tf.conv2d(x, filter, 1, 'valid'), bias));
  return { once, dispose: () => tf.dispose([x, filter, bias]) };
}

function tfjsContender(fused: boolean, c: Conv1x1Case, inputs: Inputs): Contender {
  const conv = tfConv(fused, c, inputs);
  return {
    id: 'tfjs',
    flopsPerRun: 2 * macsOf(c),
    run: (iterations) => {
      for (let i = 1; i < iterations; i++) conv.once().dispose();
      const last = conv.once();
      sink += last.dataSync()[0];
      last.dispose();
    },
    dispose: conv.dispose,
  };
}

/**
 * Ours fills its operands inside wasm from core's RNG; the same operands are rebuilt in JS (rng.ts)
 * and fed to TF.js and to a double-precision reference. Ours exposes only the sum of its outputs,
 * compared with the reference's sum relative to Σ|y| (so cancellation cannot hide an error); TF.js
 * is compared element by element.
 */
function crossCheck(engine: Engine, fused: boolean, c: Conv1x1Case, inputs: Inputs): Conv1x1Check {
  const pixels = c.h * c.w;
  const ref = new Float64Array(pixels * c.cout);
  for (let p = 0; p < pixels; p++) {
    for (let o = 0; o < c.cout; o++) {
      let s = inputs.bias[o];
      for (let k = 0; k < c.cin; k++) s += inputs.x[p * c.cin + k] * inputs.w[k * c.cout + o];
      ref[p * c.cout + o] = s;
    }
  }
  let refSum = 0;
  let refAbsSum = 0;
  let refMax = 0;
  for (const y of ref) {
    refSum += y;
    refAbsSum += Math.abs(y);
    refMax = Math.max(refMax, Math.abs(y));
  }
  const bench = engine.conv1x1Bench({ h: c.h, w: c.w, cin: c.cin, cout: c.cout });
  let oursSum: number;
  try {
    bench.run(1);
    oursSum = bench.checksum();
  } finally {
    bench.dispose();
  }
  const conv = tfConv(fused, c, inputs);
  let theirs: Float32Array;
  try {
    const out = conv.once();
    theirs = out.dataSync() as Float32Array;
    out.dispose();
  } finally {
    conv.dispose();
  }
  let tfSum = 0;
  let tfErr = theirs.length === ref.length ? 0 : Infinity;
  for (let i = 0; i < ref.length && tfErr !== Infinity; i++) {
    tfSum += theirs[i];
    tfErr = Math.max(tfErr, Math.abs(theirs[i] - ref[i]));
  }
  const oursRelErr = Math.abs(oursSum - refSum) / Math.max(refAbsSum, 1e-30);
  const tfRelErr = tfErr / Math.max(refMax, 1e-30);
  return {
    ours_sum: Number(oursSum.toFixed(4)),
    tfjs_sum: Number(tfSum.toFixed(4)),
    ref_sum: Number(refSum.toFixed(4)),
    ours_rel_err: Number(oursRelErr.toPrecision(3)),
    tfjs_max_rel_err: Number(tfRelErr.toPrecision(3)),
    ok: oursRelErr <= SUM_REL_TOL && tfRelErr <= ELEM_REL_TOL,
  };
}

export async function runConv1x1(
  engine: Engine,
  options: Omit<RunnerOptions, 'now'>,
  log: (line: string) => void,
): Promise<Section<Conv1x1Row, Conv1x1Details> & { tfjsOp: string }> {
  const started = performance.now();
  const fused = tfFusedConvAvailable();
  const tfjsOp = tfjsConvOp(fused);
  log(
    `conv1x1: TF.js peer = ${fused ? 'tf.fused.conv2d (FusedConv2D)' : 'tf.conv2d + tf.add (no FusedConv2D kernel)'}`,
  );
  const results: Conv1x1Row[] = [];
  const details: Conv1x1Details[] = [];
  for (const c of CONV1X1_SHAPES) {
    const t0 = performance.now();
    const inputs = inputsOf(c);
    const check = crossCheck(engine, fused, c, inputs);
    const contenders = [
      peakContender(engine),
      oursContender(engine, c),
      tfjsContender(fused, c, inputs),
    ];
    if (contenders[1].flopsPerRun !== 2 * macsOf(c)) {
      log(
        `WARNING conv1x1 ${conv1x1Label(c)}: our flopsPerRun ${contenders[1].flopsPerRun} != 2·MACs ${2 * macsOf(c)}`,
      );
    }
    const stats = measureThenDispose(contenders, options);
    const [peak, ours, tfjs] = stats;
    const row: Conv1x1Row = {
      case: conv1x1Label(c),
      h: c.h,
      w: c.w,
      cin: c.cin,
      cout: c.cout,
      macs: macsOf(c),
      ours: round(ours.median),
      tfjs: round(tfjs.median),
      peak: round(peak.median),
      ratio_tfjs: round(ours.median / tfjs.median),
      ratio_peak: round(ours.median / peak.median),
    };
    const targets: TargetCheck[] = conv1x1TargetsFor(c).map((t) => ({
      ...t,
      value: row[t.ratio],
      pass: row[t.ratio] >= t.min,
    }));
    const seconds = (performance.now() - t0) / 1000;
    results.push(row);
    const pick = <T>(f: (s: ContenderStats) => T) => ({
      peak: f(peak),
      ours: f(ours),
      tfjs: f(tfjs),
    });
    details.push({
      case: row.case,
      h: c.h,
      w: c.w,
      cin: c.cin,
      cout: c.cout,
      seed_example: c.seed,
      paired_ratio_tfjs: round(pairedRatio(ours.samples, tfjs.samples)),
      paired_ratio_peak: round(pairedRatio(ours.samples, peak.samples)),
      targets,
      check,
      iterations: pick((s) => s.iterations),
      mad_pct: pick((s) => round(s.madPct, 2)),
      samples: pick((s) => s.samples.map((x) => round(x))),
      seconds: round(seconds, 2),
    });
    log(
      `conv1x1 ${row.case.padEnd(14)} ours ${row.ours.toFixed(1)}  TF.js ${row.tfjs.toFixed(1)}  peak ${row.peak.toFixed(1)}` +
        `${check.ok ? '' : '  CHECK FAILED'}  (${seconds.toFixed(1)} s)`,
    );
    await yieldToEventLoop();
  }
  return {
    results,
    details,
    table: formatConv1x1Table(results, details, fused),
    seconds: round((performance.now() - started) / 1000, 1),
    tfjsOp,
  };
}

const pad = (s: string, width: number, right = true) =>
  right ? s.padStart(width) : s.padEnd(width);
const g = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mega = (x: number) => `${(x / 1e6).toFixed(2)} M`;

export function formatConv1x1Table(
  rows: readonly Conv1x1Row[],
  details: readonly Conv1x1Details[],
  fused: boolean,
): string {
  const head: ReadonlyArray<readonly [string, number]> = [
    ['H', 3],
    ['W', 3],
    ['Cin', 4],
    ['Cout', 4],
    ['MACs', 7],
    ['ours', 6],
    ['TF.js', 6],
    ['peak', 6],
    ['ours/TF', 8],
    ['ours/peak', 9],
    ['noise', 5],
  ];
  const lines: string[] = [];
  lines.push(
    '1x1 convolution forward, NHWC batch 1, weights (Cin, Cout) + bias: GFLOP/s (2 per MAC), ' +
      'medians of interleaved repeats.',
  );
  lines.push(`${head.map(([h, w]) => pad(h, w)).join('  ')}  targets`);
  lines.push('-'.repeat(lines[1].length + 20));
  let pass = 0;
  let total = 0;
  rows.forEach((row, i) => {
    const d = details[i];
    const notes = d.targets.map((t) => {
      total++;
      if (t.pass) pass++;
      return `TF>=${t.min.toFixed(1)}x ${t.pass ? 'PASS' : 'MISS'} (seed example)`;
    });
    if (!d.check.ok) {
      notes.push(
        `CHECK: ours sum err ${d.check.ours_rel_err}, TF.js err ${d.check.tfjs_max_rel_err}`,
      );
    }
    const noise = Math.max(d.mad_pct.ours ?? 0, d.mad_pct.tfjs ?? 0, d.mad_pct.peak ?? 0);
    const cells = [
      pad(String(row.h), 3),
      pad(String(row.w), 3),
      pad(String(row.cin), 4),
      pad(String(row.cout), 4),
      pad(mega(row.macs), 7),
      pad(g(row.ours), 6),
      pad(g(row.tfjs), 6),
      pad(g(row.peak), 6),
      pad(`${row.ratio_tfjs.toFixed(2)}x`, 8),
      pad(row.ratio_peak.toFixed(2), 9),
      pad(`${noise.toFixed(0)}%`, 5),
      notes.join(', '),
    ];
    lines.push(cells.join('  ').trimEnd());
  });
  lines.push('');
  lines.push(
    `TF.js = ${fused ? "tf.fused.conv2d({x, filter, bias, strides: 1, pad: 'valid'}) (FusedConv2D: conv + bias in one op)" : "tf.conv2d(x, filter, 1, 'valid') + tf.add(bias) (no FusedConv2D on this backend)"}, ` +
      'x/filter/bias kept as tensors.',
  );
  lines.push(
    `targets (informational): ${pass}/${total} PASS. ours >= 1.0x TF.js on the seed example 32x32x64->32 (issues 3, 5). ` +
      'Outputs checked on the same inputs (sum for ours, element-wise for TF.js) before timing.',
  );
  return lines.join('\n');
}
