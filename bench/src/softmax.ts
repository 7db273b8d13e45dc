// Softmax forward section: our row softmax (engine.softmaxBench: softmax(x/8) of a (rows, cols)
// float matrix, the attention scale included) beside TF.js wasm's tf.softmax(x), which has no scale
// argument. No peak ratio (the peak loop is mul+add only, softmax is exp and memory traffic): GB/s
// at 8 bytes per element (4 read, 4 written) instead.
import * as tf from '@tensorflow/tfjs-core';
import type { Engine } from '../../wasm/api.js';
import { SOFTMAX_SCALE, SOFTMAX_SHAPES } from './cases';
import type { Contender } from './contenders';
import { filledLikeCore } from './rng';
import {
  measureThenDispose,
  pairedRatio,
  round,
  type RunnerOptions,
  yieldToEventLoop,
} from './runner';
import type { Section, SoftmaxCheck, SoftmaxDetails, SoftmaxRow } from './types';

/** Seed of the input in core/bench/workloads.cpp (SoftmaxWorkload). */
const INPUT_SEED = 3;
const BYTES_PER_ELEMENT = 8;
/** Tolerances of the cross-check (outputs are probabilities in [0, 1]). */
const SUM_REL_TOL = 1e-4;
const ABS_TOL = 1e-5;

export const SOFTMAX_TFJS_OP =
  'tf.softmax(x) on a [rows, cols] tensor kept across calls (wasm Softmax kernel); no scale argument';

/** Written by every TF.js run (one value read back), so the work is observable. */
export let sink = 0;

const label = (rows: number, cols: number) => `${rows}x${cols}`;

function oursContender(engine: Engine, rows: number, cols: number): Contender {
  const bench = engine.softmaxBench({ rows, cols });
  return {
    id: 'ours',
    flopsPerRun: bench.flopsPerRun, // elements per run
    run: (iterations) => bench.run(iterations),
    dispose: () => bench.dispose(),
  };
}

function tfjsContender(x: Float32Array, rows: number, cols: number): Contender {
  const t = tf.tensor2d(x, [rows, cols]);
  return {
    id: 'tfjs',
    flopsPerRun: rows * cols,
    run: (iterations) => {
      for (let i = 1; i < iterations; i++) tf.softmax(t).dispose();
      const last = tf.softmax(t);
      sink += last.dataSync()[0];
      last.dispose();
    },
    dispose: () => t.dispose(),
  };
}

/** softmax(scale·x) per row, in double. */
function reference(x: Float32Array, rows: number, cols: number, scale: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, scale * x[o + c]);
    let s = 0;
    for (let c = 0; c < cols; c++) s += y[o + c] = Math.exp(scale * x[o + c] - m);
    for (let c = 0; c < cols; c++) y[o + c] /= s;
  }
  return y;
}

/**
 * Ours exposes only the sum of its outputs (= rows when every row is normalised): that catches an
 * unwritten or unnormalised output, not a wrong scale. TF.js is compared element by element with a
 * double-precision softmax of the same x (rebuilt from core's RNG).
 */
function crossCheck(engine: Engine, x: Float32Array, rows: number, cols: number): SoftmaxCheck {
  const bench = engine.softmaxBench({ rows, cols });
  let oursSum: number;
  try {
    bench.run(1);
    oursSum = bench.checksum();
  } finally {
    bench.dispose();
  }
  const ref = reference(x, rows, cols, 1);
  const out = tf.tidy(() => tf.softmax(tf.tensor2d(x, [rows, cols])));
  const theirs = out.dataSync() as Float32Array;
  out.dispose();
  let err = theirs.length === ref.length ? 0 : Infinity;
  for (let i = 0; i < ref.length && err !== Infinity; i++)
    err = Math.max(err, Math.abs(theirs[i] - ref[i]));
  const oursRelErr = Math.abs(oursSum - rows) / rows;
  return {
    ours_sum: Number(oursSum.toFixed(6)),
    ours_rel_err: Number(oursRelErr.toPrecision(3)),
    tfjs_max_abs_err: Number(err.toPrecision(3)),
    ok: oursRelErr <= SUM_REL_TOL && err <= ABS_TOL,
  };
}

export async function runSoftmax(
  engine: Engine,
  options: Omit<RunnerOptions, 'now'>,
  log: (line: string) => void,
): Promise<Section<SoftmaxRow, SoftmaxDetails> & { tfjsOp: string }> {
  const started = performance.now();
  const results: SoftmaxRow[] = [];
  const details: SoftmaxDetails[] = [];
  for (const [rows, cols] of SOFTMAX_SHAPES) {
    const t0 = performance.now();
    const x = filledLikeCore(rows * cols, INPUT_SEED);
    const check = crossCheck(engine, x, rows, cols);
    const contenders = [oursContender(engine, rows, cols), tfjsContender(x, rows, cols)];
    const stats = measureThenDispose(contenders, options);
    // The runner reports G(work units)/s; here a unit is an element: x1000 for Melem/s.
    const mel = (g: number) => g * 1000;
    const [ours, tfjs] = stats;
    const row: SoftmaxRow = {
      case: label(rows, cols),
      rows,
      cols,
      ours: round(mel(ours.median), 1),
      tfjs: round(mel(tfjs.median), 1),
      ratio_tfjs: round(ours.median / tfjs.median),
      ours_gbps: round((mel(ours.median) * BYTES_PER_ELEMENT) / 1000, 2),
      tfjs_gbps: round((mel(tfjs.median) * BYTES_PER_ELEMENT) / 1000, 2),
    };
    const seconds = (performance.now() - t0) / 1000;
    results.push(row);
    details.push({
      case: row.case,
      rows,
      cols,
      paired_ratio_tfjs: round(pairedRatio(ours.samples, tfjs.samples)),
      check,
      iterations: { ours: ours.iterations, tfjs: tfjs.iterations },
      mad_pct: { ours: round(ours.madPct, 2), tfjs: round(tfjs.madPct, 2) },
      samples: {
        ours: ours.samples.map((s) => round(mel(s), 1)),
        tfjs: tfjs.samples.map((s) => round(mel(s), 1)),
      },
      seconds: round(seconds, 2),
    });
    log(
      `softmax ${row.case.padEnd(12)} ours ${row.ours.toFixed(0)}  TF.js ${row.tfjs.toFixed(0)} Melem/s` +
        `${check.ok ? '' : '  CHECK FAILED'}  (${seconds.toFixed(1)} s)`,
    );
    await yieldToEventLoop();
  }
  return {
    results,
    details,
    table: formatSoftmaxTable(results, details),
    seconds: round((performance.now() - started) / 1000, 1),
    tfjsOp: SOFTMAX_TFJS_OP,
  };
}

const pad = (s: string, width: number, right = true) =>
  right ? s.padStart(width) : s.padEnd(width);
const m = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export function formatSoftmaxTable(
  rows: readonly SoftmaxRow[],
  details: readonly SoftmaxDetails[],
): string {
  const head: ReadonlyArray<readonly [string, number]> = [
    ['rows', 5],
    ['cols', 5],
    ['ours', 7],
    ['TF.js', 7],
    ['ours/TF', 8],
    ['ours GB/s', 9],
    ['TF.js GB/s', 10],
    ['noise', 5],
  ];
  const lines: string[] = [];
  lines.push(
    `Softmax forward, row softmax of a (rows, cols) float matrix: Melem/s, medians of interleaved repeats.`,
  );
  lines.push(`${head.map(([h, w]) => pad(h, w)).join('  ')}  check`);
  lines.push('-'.repeat(lines[1].length + 10));
  rows.forEach((row, i) => {
    const d = details[i];
    const noise = Math.max(d.mad_pct.ours ?? 0, d.mad_pct.tfjs ?? 0);
    const check = d.check.ok
      ? 'ok'
      : `CHECK: ours sum ${d.check.ours_sum} (want ${row.rows}), TF.js err ${d.check.tfjs_max_abs_err}`;
    const cells = [
      pad(String(row.rows), 5),
      pad(String(row.cols), 5),
      pad(m(row.ours), 7),
      pad(m(row.tfjs), 7),
      pad(`${row.ratio_tfjs.toFixed(2)}x`, 8),
      pad(row.ours_gbps.toFixed(2), 9),
      pad(row.tfjs_gbps.toFixed(2), 10),
      pad(`${noise.toFixed(0)}%`, 5),
      check,
    ];
    lines.push(cells.join('  '));
  });
  lines.push('');
  lines.push(
    `ours = softmax(x * ${SOFTMAX_SCALE}) (attention's scale: one extra multiply per element); ` +
      'TF.js = tf.softmax(x), which has no scale argument. GB/s = 8 bytes/element (4 read + 4 written).',
  );
  lines.push(
    'No peak ratio (the peak loop is mul+add only). check: our output sum = rows, TF.js element-wise ' +
      'vs a double softmax of the same x.',
  );
  return lines.join('\n');
}
