// Attention training step section (issue 4): one training step (forward, backward, Adam update) of
// the attention lab's default model, ours (engine.attentionStepBench: the real lab,
// core/labs/attention_lab.cpp) beside the same model written in TF.js on its wasm backend and
// trained with optimizer.minimize. Work is counted in steps (ours' flopsPerRun is 1), so the
// runner's "GFLOP/s" x 1e9 is steps/s.
//
// The model (attention_lab.hpp/.cpp, defaults of core/schema/labs.cpp): reverse task, length T=8,
// vocabulary 10, d_model 32, 2 heads (dk 16), 1 layer, batch 32, soft attention, √dk scaling:
//   x0 = E[token] + P[position]                   E (10, 32), P (8, 32)
//   x1 = x0 + MHA(x0)                             Wq, Wk, Wv, Wo (32, 32) + biases; no layer norm,
//                                                 no feed-forward, no causal mask
//   logits = x1 Wout + bout                       Wout (32, 10), bout (10)
//   loss = mean over the B·T positions of softmax cross-entropy; Adam lr 3e-3 (0.9, 0.999, 1e-8).
import * as tf from '@tensorflow/tfjs-core';
// Gradients are registered by this side-effect import (tfjs-core alone registers none).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Engine } from '../../wasm/api.js';
import { oursStepContender, tfjsStepContender, type Contender } from './contenders';
import { Pcg32 } from './rng';
import { stepCheckNote } from './table';
import { measure, pairedRatio, round, type ContenderStats, type RunnerOptions } from './runner';
import type { AttentionCheck, AttentionDetails, AttentionRow, Section, TargetCheck } from './types';

/** The lab's default configuration (core/schema/labs.cpp attention(), AttentionConfig). */
export const ATTENTION_MODEL = {
  task: 'reverse',
  length: 8,
  vocab: 10,
  dModel: 32,
  heads: 2,
  layers: 1,
  batch: 32,
  lr: 3e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
} as const;

/** Issue 4: ours ≥ 5x TF.js wasm (informational; the aim is 10x). */
export const ATTENTION_TARGET = 5;
export const ATTENTION_AIM = 10;
/** A TF.js step takes milliseconds: at least this many steps per timed sample. */
const MIN_STEPS_PER_SAMPLE = 3;
/** Sanity run of the TF.js model before timing: its loss must fall over these steps. */
const SANITY_STEPS = 50;
/** ... to at most this fraction of the first step's loss (a fixed batch: it must overfit). */
const SANITY_MAX_RATIO = 0.9;

const M = ATTENTION_MODEL;
const CASE_LABEL = `${M.task} T${M.length} d${M.dModel} h${M.heads} L${M.layers} B${M.batch}`;

export const ATTENTION_TFJS_OP =
  'optimizer.minimize(loss) with tf.train.adam(3e-3, 0.9, 0.999, 1e-8) on tf.variable parameters; ' +
  'embedding = tf.oneHot(ids) · E (the wasm backend has no UnsortedSegmentSum for the gradient of ' +
  'tf.gather), + positions, Q/K/V/out projections as tf.matMul + tf.add, heads via reshape/transpose ' +
  'and batched tf.matMul, tf.softmax, residual, output layer, tf.losses.softmaxCrossEntropy (mean); ' +
  'one fixed batch of ids/targets kept as int32 tensors across steps';

/**
 * Our parameters as core/labs/attention_lab.cpp's Model declares them (params.add in its
 * constructor, nn::mha_declare for the layer): the wasm API exposes no parameter count, so this
 * mirror of the declarations is what the TF.js model's variables are compared with.
 */
export function oursParameterShapes(): Array<[name: string, shape: number[]]> {
  const d = M.dModel;
  const shapes: Array<[string, number[]]> = [
    ['embed.token', [M.vocab, d]],
    ['embed.position', [M.length, d]],
  ];
  for (let l = 0; l < M.layers; l++) {
    for (const p of ['q', 'k', 'v', 'o']) {
      shapes.push([`layer${l}.attn.w${p}`, [d, d]]);
      shapes.push([`layer${l}.attn.b${p}`, [d]]);
    }
  }
  shapes.push(['out.w', [d, M.vocab]], ['out.b', [M.vocab]]);
  return shapes;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
export const oursParameterCount = () =>
  oursParameterShapes().reduce((n, [, shape]) => n + sizeOf(shape), 0);

/** One fixed batch of the reverse task: random symbols, targets = the sequence reversed. */
function reverseBatch(seed: number): { ids: Int32Array; targets: Int32Array } {
  const rng = new Pcg32(BigInt(seed));
  const ids = new Int32Array(M.batch * M.length);
  const targets = new Int32Array(ids.length);
  for (let b = 0; b < M.batch; b++) {
    const o = b * M.length;
    for (let t = 0; t < M.length; t++) ids[o + t] = rng.nextU32() % M.vocab;
    for (let t = 0; t < M.length; t++) targets[o + t] = ids[o + M.length - 1 - t];
  }
  return { ids, targets };
}

interface LayerVars {
  wq: tf.Variable;
  bq: tf.Variable;
  wk: tf.Variable;
  bk: tf.Variable;
  wv: tf.Variable;
  bv: tf.Variable;
  wo: tf.Variable;
  bo: tf.Variable;
}

/** The lab's model in TF.js: variables, loss of a batch, an Adam optimizer. */
export class TfAttentionModel {
  readonly embed: tf.Variable;
  readonly pos: tf.Variable;
  readonly layers: LayerVars[] = [];
  readonly outW: tf.Variable;
  readonly outB: tf.Variable;
  readonly optimizer: tf.AdamOptimizer;
  private readonly ids: tf.Tensor1D;
  private readonly targets: tf.Tensor1D;

  constructor(seed: number) {
    const d = M.dModel;
    // Same distributions as the lab's init (timing does not depend on them).
    const normal = (shape: number[], std: number, name: string, s: number) =>
      tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed + s), true, name);
    const zeros = (shape: number[], name: string) => tf.variable(tf.zeros(shape), true, name);
    const half = Math.sqrt(0.5);
    const proj = 1 / Math.sqrt(d);
    this.embed = normal([M.vocab, d], half, 'embed.token', 1);
    this.pos = normal([M.length, d], half, 'embed.position', 2);
    for (let l = 0; l < M.layers; l++) {
      const p = `layer${l}.attn.`;
      this.layers.push({
        wq: normal([d, d], proj, `${p}wq`, 10 * l + 3),
        bq: zeros([d], `${p}bq`),
        wk: normal([d, d], proj, `${p}wk`, 10 * l + 4),
        bk: zeros([d], `${p}bk`),
        wv: normal([d, d], proj, `${p}wv`, 10 * l + 5),
        bv: zeros([d], `${p}bv`),
        wo: normal([d, d], proj, `${p}wo`, 10 * l + 6),
        bo: zeros([d], `${p}bo`),
      });
    }
    this.outW = normal([d, M.vocab], proj, 'out.w', 100);
    this.outB = zeros([M.vocab], 'out.b');
    this.optimizer = tf.train.adam(M.lr, M.beta1, M.beta2, M.epsilon);
    const batch = reverseBatch(seed);
    this.ids = tf.tensor1d(batch.ids, 'int32');
    this.targets = tf.tensor1d(batch.targets, 'int32');
  }

  variables(): tf.Variable[] {
    const layerVars = this.layers.flatMap((l) => [l.wq, l.bq, l.wk, l.bk, l.wv, l.bv, l.wo, l.bo]);
    return [this.embed, this.pos, ...layerVars, this.outW, this.outB];
  }

  parameterCount(): number {
    return this.variables().reduce((n, v) => n + v.size, 0);
  }

  /** Mean softmax cross-entropy of the fixed batch (call inside tidy/minimize). */
  loss(): tf.Scalar {
    const { batch: b, length: t, dModel: d, heads: h, vocab } = M;
    const dk = d / h;
    const n = b * t;
    // Embedding as a one-hot product (the gradient of tf.gather needs UnsortedSegmentSum, which
    // the wasm backend lacks), then the positional table broadcast over the batch.
    const embedded = tf.matMul(tf.oneHot(this.ids, vocab), this.embed); // (n, d)
    let x: tf.Tensor2D = tf.reshape(tf.add(tf.reshape(embedded, [b, t, d]), this.pos), [n, d]);
    const scale = 1 / Math.sqrt(dk);
    const heads = (y: tf.Tensor2D) => tf.transpose(tf.reshape(y, [b, t, h, dk]), [0, 2, 1, 3]); // (b, h, t, dk)
    for (const w of this.layers) {
      const q = heads(tf.add(tf.matMul(x, w.wq), w.bq));
      const k = heads(tf.add(tf.matMul(x, w.wk), w.bk));
      const v = heads(tf.add(tf.matMul(x, w.wv), w.bv));
      const scores = tf.mul(tf.matMul(q, k, false, true), scale); // (b, h, t, t): QKᵀ/√dk
      const attn = tf.softmax(scores); // over keys
      const ctx = tf.reshape(tf.transpose(tf.matMul(attn, v), [0, 2, 1, 3]), [n, d]); // concat heads
      const out = tf.add(tf.matMul(ctx, w.wo), w.bo);
      x = tf.add(x, out); // residual
    }
    const logits = tf.add(tf.matMul(x, this.outW), this.outB);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(this.targets, vocab), logits) as tf.Scalar;
  }

  /** One training step; returns the loss tensor when asked (caller disposes it). */
  step(returnLoss: boolean): tf.Scalar | null {
    return this.optimizer.minimize(() => this.loss(), returnLoss, this.variables());
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([...this.variables(), this.ids, this.targets]);
  }
}

/** Written by every TF.js sample (its last loss read back), so the work is observable. */
export let sink = 0;

function oursContender(engine: Engine): Contender {
  return oursStepContender(engine.attentionStepBench(), MIN_STEPS_PER_SAMPLE);
}

function tfjsContender(model: TfAttentionModel): Contender {
  return tfjsStepContender(model, MIN_STEPS_PER_SAMPLE, (loss) => {
    sink += loss;
  });
}

/**
 * Before timing: ours must actually step (its workload's checksum is the lab's step count: a
 * diverged step is rolled back and not counted); the TF.js model's loss must fall over
 * SANITY_STEPS steps on its fixed batch, without leaking tensors; parameter counts must match.
 */
function sanity(engine: Engine, model: TfAttentionModel): AttentionCheck {
  const bench = engine.attentionStepBench();
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
    if (i === 0) tensorsAfterFirst = tf.memory().numTensors; // Adam's moments exist from here
  }
  const leaked = tf.memory().numTensors - tensorsAfterFirst;
  const first = losses[0];
  const last = losses[losses.length - 1];
  const oursParams = oursParameterCount();
  const tfParams = model.parameterCount();
  return {
    ours_steps: oursSteps,
    ours_steps_ok: oursSteps === SANITY_STEPS,
    tfjs_loss_first: round(first, 4),
    tfjs_loss_last: round(last, 4),
    tfjs_loss_steps: SANITY_STEPS,
    tfjs_loss_decreases: Number.isFinite(last) && last <= SANITY_MAX_RATIO * first,
    tfjs_leaked_tensors: leaked,
    ours_params: oursParams,
    tfjs_params: tfParams,
    params_match: oursParams === tfParams,
    ok:
      oursSteps === SANITY_STEPS &&
      Number.isFinite(last) &&
      last <= SANITY_MAX_RATIO * first &&
      leaked === 0 &&
      oursParams === tfParams,
  };
}

export async function runAttention(
  engine: Engine,
  options: Omit<RunnerOptions, 'now'>,
  log: (line: string) => void,
): Promise<Section<AttentionRow, AttentionDetails> & { tfjsOp: string }> {
  const started = performance.now();
  const model = new TfAttentionModel(1);
  const contenders = [oursContender(engine), tfjsContender(model)];
  let check: AttentionCheck;
  let stats: ContenderStats[];
  let tfLossAfter: number;
  try {
    check = sanity(engine, model);
    log(
      `attention: parameters ours ${check.ours_params}, TF.js ${check.tfjs_params}` +
        `${check.params_match ? '' : ' MISMATCH'}; TF.js loss ${check.tfjs_loss_first} -> ` +
        `${check.tfjs_loss_last} over ${check.tfjs_loss_steps} steps` +
        `${check.tfjs_loss_decreases ? '' : ' (DOES NOT DECREASE)'}; leaked tensors ${check.tfjs_leaked_tensors}; ` +
        `ours stepped ${check.ours_steps}/${SANITY_STEPS}`,
    );
    stats = measure(contenders, options);
    tfLossAfter = tf.tidy(() => model.loss()).dataSync()[0];
  } finally {
    for (const c of contenders) c.dispose();
  }
  // The runner reports G(work units)/s and a unit is a step here: x1e9 for steps/s.
  const perSecond = (g: number) => g * 1e9;
  const [ours, tfjs] = stats;
  const oursSps = perSecond(ours.median);
  const tfSps = perSecond(tfjs.median);
  const row: AttentionRow = {
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
      min: ATTENTION_TARGET,
      value: row.ratio_tfjs,
      pass: row.ratio_tfjs >= ATTENTION_TARGET,
    },
  ];
  const seconds = round((performance.now() - started) / 1000, 1);
  const details: AttentionDetails = {
    case: CASE_LABEL,
    model: {
      ...M,
      head_dim: M.dModel / M.heads,
      parameters: Object.fromEntries(oursParameterShapes()),
    },
    paired_ratio_tfjs: round(pairedRatio(ours.samples, tfjs.samples), 2),
    targets,
    aim: ATTENTION_AIM,
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
    `attention ${CASE_LABEL}: ours ${row.ours_steps_per_s.toFixed(0)}  TF.js ${row.tfjs_steps_per_s.toFixed(0)} steps/s` +
      `  ${row.ratio_tfjs.toFixed(2)}x${check.ok ? '' : '  CHECK FAILED'}  (${seconds.toFixed(1)} s)`,
  );
  return {
    results: [row],
    details: [details],
    table: formatAttentionTable(row, details),
    seconds,
    tfjsOp: ATTENTION_TFJS_OP,
  };
}

const pad = (s: string, width: number, right = true) =>
  right ? s.padStart(width) : s.padEnd(width);

export function formatAttentionTable(row: AttentionRow, d: AttentionDetails): string {
  const head: ReadonlyArray<readonly [string, number]> = [
    ['ours steps/s', 12],
    ['TF.js steps/s', 13],
    ['ours ms', 8],
    ['TF.js ms', 8],
    ['ours/TF', 8],
    ['noise', 5],
  ];
  const lines: string[] = [];
  lines.push(
    `Attention training step (forward + backward + Adam) of the lab's default model, ${CASE_LABEL}: ` +
      'medians of interleaved repeats.',
  );
  lines.push(`${head.map(([h, w]) => pad(h, w)).join('  ')}  target`);
  lines.push('-'.repeat(lines[1].length + 30));
  const t = d.targets[0];
  const notes = [`TF>=${t.min}x ${t.pass ? 'PASS' : 'MISS'} (aim ${d.aim}x)`];
  const c = d.check;
  const failed = stepCheckNote(c);
  if (failed) notes.push(failed);
  const noise = Math.max(d.mad_pct.ours ?? 0, d.mad_pct.tfjs ?? 0);
  lines.push(
    [
      pad(row.ours_steps_per_s.toFixed(0), 12),
      pad(row.tfjs_steps_per_s.toFixed(0), 13),
      pad(row.ours_ms_per_step.toFixed(3), 8),
      pad(row.tfjs_ms_per_step.toFixed(3), 8),
      pad(`${row.ratio_tfjs.toFixed(2)}x`, 8),
      pad(`${noise.toFixed(0)}%`, 5),
      notes.join(', '),
    ].join('  '),
  );
  lines.push('');
  lines.push(
    `ours = engine.attentionStepBench() (the real lab: a fresh batch sampled per step); TF.js = the same model ` +
      `(${c.tfjs_params} parameters, ours ${c.ours_params}) with optimizer.minimize on one fixed batch; ` +
      `its loss ${c.tfjs_loss_first} -> ${c.tfjs_loss_last} over ${c.tfjs_loss_steps} steps before timing.`,
  );
  lines.push(
    `target (informational): ours >= ${ATTENTION_TARGET}x TF.js wasm (issue 4; the aim is ${ATTENTION_AIM}x).`,
  );
  return lines.join('\n');
}
