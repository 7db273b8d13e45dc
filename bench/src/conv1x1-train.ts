// 1x1 lab training step section (issue 5): one training step (forward, backward, Adam update) of the
// 1x1 lab's default CNN, ours (engine.conv1x1StepBench: the real lab, core/labs/conv1x1_lab.cpp,
// its default variant alone) beside the same CNN written in TF.js and trained with
// optimizer.minimize on TF.js's CPU backend: its wasm backend cannot train convolutions (no
// Conv2DBackpropFilter kernel, tensorflow/tfjs#8474), so the CPU backend is the peer a user could
// pick. Work is counted in steps (ours' flopsPerRun is 1), so the runner's "GFLOP/s" x 1e9 is
// steps/s. The wasm backend is restored when the section ends.
//
// The model (conv1x1_lab.hpp, defaults of core/schema/labs.cpp): variant bottleneck, colour task,
// 16x16x3 images, batch 32, no BatchNorm / dropout / L2, Adam 3e-3 (0.9, 0.999, 1e-8):
//   conv3x3 3→16 + b, ReLU, maxpool 2        (8x8)
//   conv1x1 16→8 + b                         (the 1x1 reduction, no ReLU in this variant)
//   conv3x3 8→32 + b, ReLU, maxpool 2        (4x4)
//   conv1x1 32→8 + b
//   conv3x3 8→32 + b, ReLU
//   global average pool (32), dense 32→4 + b, softmax cross-entropy (mean)
import * as tf from '@tensorflow/tfjs-core';
// The CPU backend (registers 'cpu') and every gradient (tfjs-core alone registers none).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Engine } from '../../wasm/api.js';
import { oursStepContender, tfjsStepContender, type Contender } from './contenders';
import { Pcg32 } from './rng';
import { stepCheckNote } from './table';
import { measure, pairedRatio, round, type ContenderStats, type RunnerOptions } from './runner';
import type { AttentionCheck, AttentionDetails, AttentionRow, Section, TargetCheck } from './types';

/** Same fields as the attention step section: one row, its checks and samples. */
export type Conv1x1TrainRow = AttentionRow;
export type Conv1x1TrainDetails = AttentionDetails;
export type Conv1x1TrainCheck = AttentionCheck;

export const CONV1X1_TRAIN_MODEL = {
  variant: 'bottleneck',
  task: 'colour',
  image: 16,
  channels: [3, 16, 8, 32, 8, 32],
  classes: 4,
  batch: 32,
  lr: 3e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
} as const;

/** Issue 5: ours ≥ 10x TF.js cpu (informational). */
export const CONV1X1_TRAIN_TARGET = 10;
const MIN_STEPS_PER_SAMPLE = 2;
const SANITY_STEPS = 30;
const SANITY_MAX_RATIO = 0.9;

const M = CONV1X1_TRAIN_MODEL;
const CASE_LABEL = `${M.variant} ${M.task} ${M.image}x${M.image}x3 B${M.batch}`;

export const CONV1X1_TRAIN_TFJS_OP =
  "optimizer.minimize(loss) on TF.js's CPU backend (its wasm backend has no Conv2DBackpropFilter: " +
  'tensorflow/tfjs#8474) with tf.train.adam(3e-3, 0.9, 0.999, 1e-8) on tf.variable parameters; ' +
  "tf.conv2d(x, W, 1, 'same') + bias, tf.relu, tf.maxPool(2, 2), tf.mean over H and W, tf.matMul + " +
  'bias, tf.losses.softmaxCrossEntropy (mean); one fixed batch of 32 images kept as a tensor';

/** The TF.js model's variables by layer: [kernel, in, out] of each conv, then the dense layer. */
const CONVS: ReadonlyArray<
  readonly [k: number, cin: number, cout: number, relu: boolean, pool: boolean]
> = [
  [3, 3, 16, true, true],
  [1, 16, 8, false, false],
  [3, 8, 32, true, true],
  [1, 32, 8, false, false],
  [3, 8, 32, true, false],
];

export class TfConvModel {
  readonly vars: tf.Variable[] = [];
  readonly optimizer: tf.AdamOptimizer;
  private readonly x: tf.Tensor4D;
  private readonly y: tf.Tensor2D;

  constructor(seed: number) {
    // He-normal weights, zero biases (as the lab); timing does not depend on the values.
    CONVS.forEach(([k, cin, cout], i) => {
      const std = Math.sqrt(2 / (k * k * cin));
      this.vars.push(
        tf.variable(
          tf.randomNormal([k, k, cin, cout], 0, std, 'float32', seed + i),
          true,
          `conv${i}.w`,
        ),
        tf.variable(tf.zeros([cout]), true, `conv${i}.b`),
      );
    });
    const c3 = M.channels[M.channels.length - 1];
    this.vars.push(
      tf.variable(
        tf.randomNormal([c3, M.classes], 0, Math.sqrt(1 / c3), 'float32', seed + 50),
        true,
        'dense.w',
      ),
      tf.variable(tf.zeros([M.classes]), true, 'dense.b'),
    );
    this.optimizer = tf.train.adam(M.lr, M.beta1, M.beta2, M.epsilon);
    // One fixed batch: uniform pixels, labels 0..3 from our PCG32.
    const rng = new Pcg32(BigInt(seed));
    const n = M.batch * M.image * M.image * 3;
    const pixels = new Float32Array(n);
    for (let i = 0; i < n; i++) pixels[i] = rng.nextU32() / 4294967296;
    const labels = new Int32Array(M.batch);
    for (let b = 0; b < M.batch; b++) labels[b] = rng.nextU32() % M.classes;
    this.x = tf.tensor4d(pixels, [M.batch, M.image, M.image, 3]);
    this.y = tf.oneHot(tf.tensor1d(labels, 'int32'), M.classes) as tf.Tensor2D;
  }

  parameterCount(): number {
    return this.vars.reduce((n, v) => n + v.size, 0);
  }

  loss(): tf.Scalar {
    let h: tf.Tensor4D = this.x;
    CONVS.forEach(([, , , relu, pool], i) => {
      const w = this.vars[2 * i] as tf.Tensor4D;
      const b = this.vars[2 * i + 1];
      h = tf.add(tf.conv2d(h, w, 1, 'same'), b);
      if (relu) h = tf.relu(h);
      if (pool) h = tf.maxPool(h, 2, 2, 'valid');
    });
    const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
    const n = this.vars.length;
    const logits = tf.add(tf.matMul(pooled, this.vars[n - 2] as tf.Tensor2D), this.vars[n - 1]);
    return tf.losses.softmaxCrossEntropy(this.y, logits) as tf.Scalar;
  }

  step(returnLoss: boolean): tf.Scalar | null {
    return this.optimizer.minimize(() => this.loss(), returnLoss, this.vars);
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([...this.vars, this.x, this.y]);
  }
}

export let sink = 0;

function oursContender(engine: Engine): Contender {
  return oursStepContender(engine.conv1x1StepBench(), MIN_STEPS_PER_SAMPLE);
}

function tfjsContender(model: TfConvModel): Contender {
  return tfjsStepContender(model, MIN_STEPS_PER_SAMPLE, (loss) => {
    sink += loss;
  });
}

/** Our default arm's parameters, from the lab itself (conv1x1Arms). */
function oursParams(engine: Engine): number {
  const lab = engine.createLab('conv1x1', {});
  try {
    return lab.conv1x1Arms()[0].params;
  } finally {
    lab.dispose();
  }
}

function sanity(engine: Engine, model: TfConvModel): Conv1x1TrainCheck {
  const bench = engine.conv1x1StepBench();
  let oursSteps: number;
  try {
    bench.run(SANITY_STEPS);
    oursSteps = bench.checksum();
  } finally {
    bench.dispose();
  }
  const losses: number[] = [];
  let tensorsAfterFirst = 0;
  for (let i = 0; i < SANITY_STEPS; i++) {
    const loss = model.step(true)!;
    losses.push(loss.dataSync()[0]);
    loss.dispose();
    if (i === 0) tensorsAfterFirst = tf.memory().numTensors;
  }
  const leaked = tf.memory().numTensors - tensorsAfterFirst;
  const first = losses[0];
  const last = losses[losses.length - 1];
  const ours = oursParams(engine);
  const theirs = model.parameterCount();
  const decreases = Number.isFinite(last) && last <= SANITY_MAX_RATIO * first;
  return {
    ours_steps: oursSteps,
    ours_steps_ok: oursSteps === SANITY_STEPS,
    tfjs_loss_first: round(first, 4),
    tfjs_loss_last: round(last, 4),
    tfjs_loss_steps: SANITY_STEPS,
    tfjs_loss_decreases: decreases,
    tfjs_leaked_tensors: leaked,
    ours_params: ours,
    tfjs_params: theirs,
    params_match: ours === theirs,
    ok: oursSteps === SANITY_STEPS && decreases && leaked === 0 && ours === theirs,
  };
}

export async function runConv1x1Train(
  engine: Engine,
  options: Omit<RunnerOptions, 'now'>,
  log: (line: string) => void,
): Promise<Section<Conv1x1TrainRow, Conv1x1TrainDetails> & { tfjsOp: string }> {
  const started = performance.now();
  const previous = tf.getBackend();
  if (!(await tf.setBackend('cpu'))) throw new Error('TF.js: the cpu backend failed to start');
  let check: Conv1x1TrainCheck;
  let stats: ContenderStats[];
  let tfLossAfter: number;
  try {
    const model = new TfConvModel(1);
    const contenders = [oursContender(engine), tfjsContender(model)];
    try {
      check = sanity(engine, model);
      log(
        `conv1x1 step: parameters ours ${check.ours_params}, TF.js ${check.tfjs_params}` +
          `${check.params_match ? '' : ' MISMATCH'}; TF.js (cpu) loss ${check.tfjs_loss_first} -> ` +
          `${check.tfjs_loss_last} over ${check.tfjs_loss_steps} steps` +
          `${check.tfjs_loss_decreases ? '' : ' (DOES NOT DECREASE)'}; leaked tensors ${check.tfjs_leaked_tensors}; ` +
          `ours stepped ${check.ours_steps}/${SANITY_STEPS}`,
      );
      stats = measure(contenders, options);
      tfLossAfter = tf.tidy(() => model.loss()).dataSync()[0];
    } finally {
      for (const c of contenders) c.dispose();
    }
  } finally {
    await tf.setBackend(previous);
  }
  const perSecond = (g: number) => g * 1e9;
  const [ours, tfjs] = stats;
  const oursSps = perSecond(ours.median);
  const tfSps = perSecond(tfjs.median);
  const row: Conv1x1TrainRow = {
    case: CASE_LABEL,
    ours_steps_per_s: round(oursSps, 1),
    tfjs_steps_per_s: round(tfSps, 1),
    ours_ms_per_step: round(1000 / oursSps, 4),
    tfjs_ms_per_step: round(1000 / tfSps, 4),
    ratio_tfjs: round(ours.median / tfjs.median, 2),
  };
  const targets: TargetCheck[] = [
    {
      ratio: 'ratio_tfjs',
      min: CONV1X1_TRAIN_TARGET,
      value: row.ratio_tfjs,
      pass: row.ratio_tfjs >= CONV1X1_TRAIN_TARGET,
    },
  ];
  const seconds = round((performance.now() - started) / 1000, 1);
  const details: Conv1x1TrainDetails = {
    case: CASE_LABEL,
    model: {
      ...M,
      layers: CONVS.map(([k, cin, cout, relu, pool]) => ({ k, cin, cout, relu, pool })),
    },
    paired_ratio_tfjs: round(pairedRatio(ours.samples, tfjs.samples), 2),
    targets,
    aim: CONV1X1_TRAIN_TARGET,
    check,
    tfjs_loss_after_timing: round(tfLossAfter, 5),
    iterations: { ours: ours.iterations, tfjs: tfjs.iterations },
    mad_pct: { ours: round(ours.madPct, 2), tfjs: round(tfjs.madPct, 2) },
    samples: {
      ours: ours.samples.map((s) => round(perSecond(s), 1)),
      tfjs: tfjs.samples.map((s) => round(perSecond(s), 1)),
    },
    seconds,
  };
  log(
    `conv1x1 step ${CASE_LABEL}: ours ${row.ours_steps_per_s.toFixed(0)}  TF.js cpu ${row.tfjs_steps_per_s.toFixed(1)} steps/s` +
      `  ${row.ratio_tfjs.toFixed(2)}x${check.ok ? '' : '  CHECK FAILED'}  (${seconds.toFixed(1)} s)`,
  );
  return {
    results: [row],
    details: [details],
    table: formatConv1x1TrainTable(row, details),
    seconds,
    tfjsOp: CONV1X1_TRAIN_TFJS_OP,
  };
}

const pad = (s: string, width: number) => s.padStart(width);

export function formatConv1x1TrainTable(row: Conv1x1TrainRow, d: Conv1x1TrainDetails): string {
  const head: ReadonlyArray<readonly [string, number]> = [
    ['ours steps/s', 12],
    ['TF.js cpu steps/s', 17],
    ['ours ms', 8],
    ['TF.js cpu ms', 12],
    ['ours/TF', 8],
    ['noise', 5],
  ];
  const lines: string[] = [];
  lines.push(
    `1x1 lab CNN training step (forward + backward + Adam) of its default variant, ${CASE_LABEL}, ` +
      "vs TF.js's CPU backend (its wasm backend cannot train convolutions: no Conv2DBackpropFilter, " +
      'tensorflow/tfjs#8474): medians of interleaved repeats.',
  );
  lines.push(`${head.map(([h, w]) => pad(h, w)).join('  ')}  target`);
  lines.push('-'.repeat(lines[1].length + 30));
  const t = d.targets[0];
  const notes = [`TF cpu>=${t.min}x ${t.pass ? 'PASS' : 'MISS'}`];
  const c = d.check;
  const failed = stepCheckNote(c);
  if (failed) notes.push(failed);
  const noise = Math.max(d.mad_pct.ours ?? 0, d.mad_pct.tfjs ?? 0);
  lines.push(
    [
      pad(row.ours_steps_per_s.toFixed(0), 12),
      pad(row.tfjs_steps_per_s.toFixed(1), 17),
      pad(row.ours_ms_per_step.toFixed(3), 8),
      pad(row.tfjs_ms_per_step.toFixed(2), 12),
      pad(`${row.ratio_tfjs.toFixed(2)}x`, 8),
      pad(`${noise.toFixed(0)}%`, 5),
      notes.join(', '),
    ].join('  '),
  );
  lines.push('');
  lines.push(
    `ours = engine.conv1x1StepBench() (the real lab, its default variant alone, a fresh batch per step); ` +
      `TF.js = the same CNN (${c.tfjs_params} parameters, ours ${c.ours_params}) on its cpu backend with ` +
      `optimizer.minimize on one fixed batch; its loss ${c.tfjs_loss_first} -> ${c.tfjs_loss_last} over ` +
      `${c.tfjs_loss_steps} steps before timing.`,
  );
  lines.push(`target (informational): ours >= ${CONV1X1_TRAIN_TARGET}x TF.js cpu (issue 5).`);
  return lines.join('\n');
}
