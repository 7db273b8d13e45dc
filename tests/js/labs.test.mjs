// Labs through the module, as the page's worker will drive them: the schemas the page builds its
// controls from, strict validation with message keys and placeholders, and a lab that trains.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, PrayogError } from '../../wasm/api.js';
import { engineFactory } from './helpers.mjs';

let engine;
before(async () => {
  const { factory, wasmBinary } = engineFactory();
  engine = await loadEngine(factory, { wasmBinary });
});

test('schemas: three labs, typed fields with ranges and defaults', () => {
  const schemas = engine.schemas();
  assert.deepEqual(
    schemas.map((s) => s.lab),
    ['attention', 'conv1x1', 'pretrain'],
  );
  const attention = schemas[0];
  assert.equal(attention.version, 1);
  const byKey = Object.fromEntries(attention.fields.map((f) => [f.key, f]));
  assert.deepEqual(byKey.d_model, {
    key: 'd_model',
    type: 'int',
    min: 4,
    max: 128,
    default: 32,
    logScale: false,
  });
  assert.equal(byKey.lr.type, 'float');
  assert.equal(byKey.lr.logScale, true);
  assert.deepEqual(byKey.task.choices, ['copy', 'reverse', 'sort']);
  assert.equal(byKey.task.default, 'reverse');
  assert.equal(byKey.scale.default, true);
});

function rejects(fn, key, params = {}) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof PrayogError, String(err));
    assert.equal(err.key, key);
    for (const [k, v] of Object.entries(params)) assert.equal(err.params[k], v, `${key}.${k}`);
    return true;
  });
}

test('validateConfig refuses bad values with the schema key and placeholder values', () => {
  engine.validateConfig('attention', {});
  engine.validateConfig('attention', { lr: 0.01, task: 'sort', scale: false, heads: 4 });
  rejects(() => engine.validateConfig('attention', { lr: -1 }), 'error.out_of_range', {
    field: 'lr',
    min: '1e-05',
    max: '1',
  });
  rejects(() => engine.validateConfig('attention', { lr: Number.NaN }), 'error.not_finite', {
    field: 'lr',
  });
  rejects(() => engine.validateConfig('attention', { lr: '0.1abc' }), 'error.not_a_number', {
    field: 'lr',
  });
  rejects(() => engine.validateConfig('attention', { task: 'translate' }), 'error.bad_choice');
  rejects(
    () => engine.validateConfig('attention', { d_model: 30, heads: 4 }),
    'error.heads_divide',
    { d_model: '30', heads: '4' },
  );
  rejects(() => engine.validateConfig('attention', { colour: 1 }), 'error.unknown_key', {
    field: 'colour',
  });
  rejects(() => engine.validateConfig('nope', {}), 'error.unknown_key');
});

test('the attention lab trains through the module; a refused config keeps the last good lab', () => {
  const lab = engine.createLab('attention', { seed: 3 });
  try {
    const first = lab.metrics();
    assert.deepEqual(Object.keys(first), ['loss', 'accuracy', 'entropy', 'grad_norm']);
    lab.step(60);
    assert.equal(lab.stepsDone(), 60);
    const later = lab.metrics();
    assert.ok(later.loss < first.loss, `loss ${first.loss} -> ${later.loss}`);
    assert.ok(later.accuracy > first.accuracy);
    rejects(() => lab.configure({ lr: 5 }), 'error.out_of_range');
    lab.step(1);
    assert.equal(lab.stepsDone(), 61, 'the last good lab survived the refused config');
  } finally {
    lab.dispose();
  }
});

test('a diverging run raises error.diverged and keeps finite weights', () => {
  const lab = engine.createLab('attention', { optimizer: 'momentum', lr: 1 });
  try {
    assert.throws(
      () => {
        for (let i = 0; i < 20; i++) lab.step(10);
      },
      (err) =>
        err instanceof PrayogError &&
        err.key === 'error.diverged' &&
        // The message's placeholders: the failed step, the restored one, and where it showed.
        Number(err.params.step) > Number(err.params.good) &&
        /^(loss|embed\.|layer\d|out\.)/.test(err.params.layer),
    );
    const m = lab.metrics();
    assert.ok(Number.isFinite(m.accuracy));
  } finally {
    lab.dispose();
  }
});

test('the pretraining lab trains through the same session API (two arms, weights, lr)', () => {
  const lab = engine.createLab('pretrain', { depth: 2, width: 32, steps_per_stage: 10 });
  try {
    assert.deepEqual(lab.arms(), ['greedy', 'random']);
    lab.step(5);
    assert.equal(lab.stepsDone(), 5);
    assert.ok(Number.isFinite(lab.armValues('random').test_accuracy));
    const { loss } = lab.trainMetrics();
    assert.equal(loss.length, 2);
    assert.ok(Array.from(loss).every(Number.isFinite));
    assert.ok(Number.isFinite(lab.metrics().loss));
    const { arms } = lab.weights();
    assert.equal(arms.length, 2);
    rejects(() => lab.setLearningRate(0), 'error.out_of_range', { field: 'lr' });
    rejects(() => lab.example(), 'error.not_ready');
  } finally {
    lab.dispose();
  }
});

// Softmax of scale x scores, row by row, in float64 (the page's "÷√d → softmax" bars).
function softmaxRows(scores, scale, rows, cols) {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, scale * scores[r * cols + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++)
      sum += out[r * cols + c] = Math.exp(scale * scores[r * cols + c] - max);
    for (let c = 0; c < cols; c++) out[r * cols + c] /= sum;
  }
  return out;
}

test('attention views after training: example tokens, Q/K/V shapes, scores -> softmax', () => {
  const lab = engine.createLab('attention', { task: 'reverse', length: 8, heads: 2 });
  try {
    lab.step(60);
    assert.deepEqual(lab.arms(), ['soft']);
    const m = lab.armMetrics(0);
    assert.deepEqual(Object.keys(m), ['loss', 'accuracy', 'entropy', 'gradNorm', 'heldoutLoss']);
    assert.ok(m.accuracy > 0.5, `accuracy ${m.accuracy}`);
    assert.equal(lab.armMetrics('soft').accuracy, m.accuracy);

    lab.selectExample(3);
    const ex = lab.example();
    const T = 8;
    assert.equal(ex.index, 3);
    assert.ok(ex.input instanceof Int32Array && ex.input.length === T);
    assert.deepEqual([...ex.target], [...ex.input].reverse());
    assert.equal(ex.predicted.length, 1);
    assert.equal(ex.predicted[0].length, T);
    assert.equal(ex.symbols.length, 10);
    assert.equal(ex.symbols[0], '0');

    const dk = 32 / 2;
    for (const head of [0, 1]) {
      const a = lab.attention({ arm: 0, layer: 0, head });
      assert.equal(a.rows, T);
      assert.equal(a.cols, T);
      assert.ok(a.scores instanceof Float32Array && a.scores.length === T * T);
      assert.equal(a.weights.length, T * T);
      assert.equal(a.picks.length, 0);
      for (const mat of [a.q, a.k, a.v]) {
        assert.deepEqual([mat.rows, mat.cols, mat.data.length], [T, dk, T * dk]);
      }
      assert.ok(Math.abs(a.scale - 1 / Math.sqrt(dk)) < 1e-6);
      for (let r = 0; r < T; r++) {
        let sum = 0;
        for (let c = 0; c < T; c++) sum += a.weights[r * T + c];
        assert.ok(Math.abs(sum - 1) < 1e-5, `row ${r} sums to ${sum}`);
      }
      const expected = softmaxRows(a.scores, a.scale, T, T);
      for (let i = 0; i < T * T; i++) {
        assert.ok(Math.abs(expected[i] - a.weights[i]) < 1e-5, `weight ${i}`);
      }
      // Raw scores are Q Kᵀ of the copied-out Q and K.
      let qk = 0;
      for (let j = 0; j < dk; j++) qk += a.q.data[1 * dk + j] * a.k.data[2 * dk + j];
      assert.ok(Math.abs(qk - a.scores[1 * T + 2]) < 1e-3 * Math.max(1, Math.abs(qk)));
    }
  } finally {
    lab.dispose();
  }
});

test('attention views refuse bad indices with out_of_range and its placeholders', () => {
  const lab = engine.createLab('attention', { heads: 2, layers: 1 });
  try {
    rejects(() => lab.attention({ head: 2 }), 'error.out_of_range', {
      field: 'head',
      value: '2',
      min: '0',
      max: '1',
    });
    rejects(() => lab.attention({ layer: -1 }), 'error.out_of_range', { field: 'layer', max: '0' });
    rejects(() => lab.attention({ arm: 1 }), 'error.out_of_range', { field: 'arm', max: '0' });
    rejects(() => lab.armMetrics(5), 'error.out_of_range', { field: 'arm' });
    rejects(() => lab.selectExample(1e6), 'error.out_of_range', { field: 'example', min: '0' });
    rejects(() => lab.attention({ head: 0.5 }), 'error.bad_type', { field: 'head' });
    rejects(() => lab.costDemo([8, 100000]), 'error.out_of_range', { field: 'length' });
    lab.attention({ head: 1 }); // still usable
  } finally {
    lab.dispose();
  }
});

test('hard attention: two arms side by side, one-hot picks on the hard arm', () => {
  const lab = engine.createLab('attention', { attention: 'hard', length: 6 });
  try {
    lab.step(5);
    assert.deepEqual(lab.arms(), ['hard', 'soft']);
    assert.equal(lab.example().predicted.length, 2);
    const hard = lab.attention({ arm: 'hard' });
    const soft = lab.attention({ arm: 'soft' });
    assert.equal(hard.picks.length, 36);
    assert.equal(soft.picks.length, 0);
    for (let r = 0; r < 6; r++) {
      const row = [...hard.picks.subarray(r * 6, r * 6 + 6)];
      assert.equal(row.filter((x) => x === 1).length, 1);
      assert.equal(row.filter((x) => x === 0).length, 5);
    }
    assert.ok(Number.isFinite(lab.armMetrics(1).loss));
  } finally {
    lab.dispose();
  }
});

test('demos: entropy lower with scaling off at d 64; attention bytes grow with length', () => {
  const lab = engine.createLab('attention', {});
  try {
    const points = lab.scalingDemo();
    const d64 = points.find((p) => p.dModel === 64);
    assert.ok(d64, JSON.stringify(points.map((p) => p.dModel)));
    assert.ok(d64.entropyUnscaled < d64.entropyScaled, JSON.stringify(d64));
    assert.ok(d64.entropyScaled <= d64.maxEntropy + 1e-9);
    const cost = lab.costDemo([8, 32]);
    assert.deepEqual(
      cost.map((p) => p.length),
      [8, 32],
    );
    assert.ok(cost[1].attentionBytes >= 16 * cost[0].attentionBytes * 0.9);
    assert.ok(cost.every((p) => p.ms >= 0 && p.macs > 0));
  } finally {
    lab.dispose();
  }
});

test('halve the learning rate and resume: a diverged run trains on from its last good weights', () => {
  const lab = engine.createLab('attention', { optimizer: 'momentum', lr: 1 });
  try {
    assert.throws(
      () => {
        for (let i = 0; i < 20; i++) lab.step(10);
      },
      (err) => err instanceof PrayogError && err.key === 'error.diverged',
    );
    const before = lab.stepsDone();
    rejects(() => lab.setLearningRate(-1), 'error.out_of_range', { field: 'lr' });
    rejects(() => lab.setLearningRate(Number.NaN), 'error.not_finite', { field: 'lr' });
    lab.setLearningRate(1e-3);
    lab.step(20);
    assert.equal(lab.stepsDone(), before + 20);
    assert.ok(Number.isFinite(lab.metrics().loss));
  } finally {
    lab.dispose();
  }
});

test('reset and step refuse numbers outside their range (a seed past uint64, a step count that would hang the tab); the lab is unchanged', () => {
  const lab = engine.createLab('conv1x1', {});
  try {
    lab.step(3);
    rejects(() => lab.reset(1e70), 'error.out_of_range', { field: 'seed' });
    rejects(() => lab.reset(-1), 'error.out_of_range', { field: 'seed' });
    rejects(() => lab.reset(2 ** 31), 'error.out_of_range', { field: 'seed' });
    rejects(() => lab.step(1e9), 'error.out_of_range', { field: 'steps' });
    rejects(() => lab.step(-5), 'error.out_of_range', { field: 'steps' });
    assert.equal(lab.stepsDone(), 3, 'nothing ran');
    lab.reset(2 ** 31 - 1);
    assert.equal(lab.stepsDone(), 0);
    lab.step(2);
    assert.equal(lab.stepsDone(), 2);
  } finally {
    lab.dispose();
  }
});

test('weights: every arm by tensor, shapes match the values, all finite', () => {
  const lab = engine.createLab('attention', { attention: 'hard' });
  try {
    lab.step(2);
    const { arms } = lab.weights();
    assert.deepEqual(
      arms.map((a) => a.name),
      lab.arms(),
    );
    for (const arm of arms) {
      assert.ok(arm.tensors.length >= 4);
      for (const t of arm.tensors) {
        assert.equal(
          t.values.length,
          t.shape.reduce((a, b) => a * b, 1),
          t.name,
        );
        assert.ok(t.values.every(Number.isFinite), t.name);
      }
    }
    // Same seed, same initial weights; two steps later the arms differ (hard vs soft).
    assert.notDeepEqual(arms[0].tensors[0].values, arms[1].tensors[0].values);
  } finally {
    lab.dispose();
  }
});

test('attention over images: held-out metrics, the four steps of one image, bad index refused', () => {
  const lab = engine.createLab('attention', { mode: 'images' });
  try {
    assert.deepEqual(lab.arms(), ['main']);
    lab.step(3);
    const m = lab.imageMetrics();
    assert.equal(m.classes.length, 4);
    assert.ok(m.accuracy >= 0 && m.accuracy <= 1);
    assert.ok(Math.abs(m.regions.mass.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    const v = lab.imageView(0);
    assert.equal(v.pixels.length, 24 * 24 * 3);
    assert.equal(v.attention.length, v.grid * v.grid);
    assert.equal(v.regions.length, v.grid * v.grid);
    assert.ok(Math.abs(v.attention.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    assert.ok(Math.abs(v.probs.reduce((a, b) => a + b, 0) - 1) < 1e-4);
    assert.equal(v.context.length, v.channels);
    rejects(() => lab.imageView(m.count), 'error.out_of_range', { field: 'image' });
    rejects(() => lab.example(), 'error.not_ready');
  } finally {
    lab.dispose();
  }
});

test('pretrain views: timeline with frozen layers, per-layer gradients, reconstructions, features, one unit, bad indices', () => {
  // depth 3, width 32: 256-32-16-8-10; stages of 10 updates: pretrain L1..L3, head, fine-tune.
  const lab = engine.createLab('pretrain', { depth: 3, width: 32, steps_per_stage: 10 });
  try {
    const g0 = lab.pretrainTimeline('greedy');
    assert.deepEqual(g0.dims, [256, 32, 16, 8, 10]);
    assert.deepEqual(
      g0.stages.map((s) => s.kind),
      ['pretrain', 'pretrain', 'pretrain', 'head', 'finetune'],
    );
    assert.deepEqual(
      g0.stages.map((s) => s.layer),
      [0, 1, 2, -1, -1],
    );
    assert.equal(g0.current, 0);
    // Pretraining layer 2: layer 1 is frozen (locked), layer 2 trains, the head waits.
    assert.deepEqual(Array.from(g0.stages[1].frozen), [1, 0, 1, 1]);
    assert.deepEqual(Array.from(g0.stages[4].frozen), [0, 0, 0, 0]);
    const r0 = lab.pretrainTimeline('random');
    assert.deepEqual(
      r0.stages.map((s) => s.kind),
      ['end_to_end'],
    );

    lab.step(15);
    assert.equal(lab.pretrainTimeline(0).current, 1);
    const g = lab.pretrainStep('greedy');
    assert.equal(g.stage, 1);
    assert.equal(g.gradNorms.length, 4);
    assert.equal(g.gradNorms[0], 0, 'a frozen layer gets no gradient');
    assert.ok(g.gradNorms[1] > 0);
    assert.ok(Number.isFinite(g.reconError));
    const r = lab.pretrainStep('random');
    assert.ok(Array.from(r.gradNorms).every((x) => x > 0 && Number.isFinite(x)));
    assert.ok(Number.isFinite(r.supervisedLoss));

    const rec = lab.pretrainRecon('greedy');
    assert.equal(rec.inputs.cols, 256);
    assert.ok(rec.inputs.rows >= 1);
    assert.equal(rec.inputs.data.length, rec.inputs.rows * 256);
    assert.equal(rec.reconstructions.rows, rec.inputs.rows);
    assert.ok(Array.from(rec.reconstructions.data).every((v) => v >= 0 && v <= 1));
    assert.equal(lab.pretrainRecon('random').reconstructions.rows, 0);

    const f = lab.pretrainFeatures('greedy', 12);
    assert.deepEqual([f.rows, f.cols, f.data.length], [12, 256, 12 * 256]);
    assert.equal(lab.pretrainFeatures(1, 32).rows, 32);

    // h = sigmoid(Σ w x + b) on layer 1; the head is linear (its softmax is over all 10 units).
    const u = lab.pretrainUnit({ arm: 'greedy', layer: 0, unit: 5, example: 3 });
    assert.equal(u.fanIn, 256);
    assert.equal(u.inputs.length, 256);
    assert.equal(u.weights.length, 256);
    let z = u.bias;
    for (let j = 0; j < u.fanIn; j++) z += u.weights[j] * u.inputs[j];
    assert.ok(Math.abs(z - u.preActivation) < 1e-4, `${z} vs ${u.preActivation}`);
    assert.ok(Math.abs(1 / (1 + Math.exp(-z)) - u.output) < 1e-5);
    const head = lab.pretrainUnit({ arm: 1, layer: 3, unit: 9, example: 0 });
    assert.equal(head.fanIn, 8);
    assert.ok(Math.abs(head.output - head.preActivation) < 1e-6);

    const cmp = lab.pretrainComparison();
    assert.equal(cmp.target, 0.5);
    assert.deepEqual(
      cmp.rows.map((x) => [x.arm, x.steps]),
      [
        ['greedy', 15],
        ['random', 15],
      ],
    );
    for (const row of cmp.rows) {
      assert.ok(row.testAccuracy >= 0 && row.testAccuracy <= 1);
      assert.ok(row.ms >= 0 && Number.isFinite(row.msPerStep));
      assert.equal(row.stepsToTarget, -1);
    }

    rejects(() => lab.pretrainTimeline(2), 'error.out_of_range', { field: 'arm', max: '1' });
    rejects(() => lab.pretrainStep('nope'), 'error.unknown_key');
    rejects(() => lab.pretrainFeatures(0, 33), 'error.out_of_range', {
      field: 'count',
      min: '1',
      max: '32',
    });
    rejects(() => lab.pretrainFeatures(0, 0), 'error.out_of_range', { field: 'count' });
    rejects(() => lab.pretrainUnit({ layer: 4 }), 'error.out_of_range', {
      field: 'layer',
      max: '3',
    });
    rejects(() => lab.pretrainUnit({ layer: 2, unit: 8 }), 'error.out_of_range', {
      field: 'unit',
      max: '7',
    });
    rejects(() => lab.pretrainUnit({ layer: 3, unit: 10 }), 'error.out_of_range', {
      field: 'unit',
      max: '9',
    });
    rejects(() => lab.pretrainUnit({ example: g0.testCount }), 'error.out_of_range', {
      field: 'example',
      max: String(g0.testCount - 1),
    });
    rejects(() => lab.pretrainUnit({ unit: 0.5 }), 'error.bad_type', { field: 'unit' });
    lab.pretrainUnit({ layer: 3, unit: 0 }); // still usable
  } finally {
    lab.dispose();
  }
  const attention = engine.createLab('attention', {});
  try {
    rejects(() => attention.pretrainTimeline(0), 'error.not_ready');
  } finally {
    attention.dispose();
  }
});

test('conv1x1 views: the explorer is O = Σ I·W + b at the chosen pixel, the seed example counts, four arms, weights, feature maps, bad indices', () => {
  const lab = engine.createLab('conv1x1', { batch_size: 16 });
  try {
    assert.deepEqual(lab.arms(), ['bottleneck', 'plain', 'bottleneck_relu', 'pointwise_only']);

    // Explorer: the seed's 32x32x64 -> 32 filters.
    const ex = lab.conv1x1Explorer({ y: 5, x: 7, full: true, tiles: 8 });
    assert.equal(ex.h, 32);
    assert.equal(ex.cin, 64);
    assert.equal(ex.cout, 32);
    assert.equal(ex.y, 5);
    assert.equal(ex.x, 7);
    assert.equal(ex.params, 64 * 32 + 32);
    assert.equal(ex.macs, 32 * 32 * 64 * 32);
    assert.equal(ex.costs.pointwise.params, 2080);
    assert.deepEqual(
      [ex.costs.pointwise.outH, ex.costs.pointwise.outW, ex.costs.pointwise.outC],
      [32, 32, 32],
    );
    // k 3, r 16: plain 3x3 64->32 vs 1x1 64->16 then 3x3 16->32.
    assert.equal(ex.costs.plain.params, 9 * 64 * 32 + 32);
    assert.equal(ex.costs.plain.macs, 32 * 32 * 9 * 64 * 32);
    assert.equal(ex.costs.bottleneck.macs, 32 * 32 * (64 * 16 + 9 * 16 * 32));
    assert.ok(ex.costs.bottleneckRatio > 0 && ex.costs.bottleneckRatio < 1);
    assert.equal(ex.input.length, 64);
    assert.equal(ex.output.length, 32);
    assert.equal(ex.weights.length, 32 * 64);
    assert.equal(ex.inputMean.length, 32 * 32);
    assert.equal(ex.inputTiles.count, 8);
    assert.equal(ex.inputTiles.data.length, 8 * 32 * 32);
    assert.equal(ex.outputTiles.data.length, 8 * 32 * 32);
    // The kernel's output equals the per-pixel matrix product with the copied-out weights.
    for (let j = 0; j < 32; j++) {
      let o = ex.bias[j];
      for (let i = 0; i < 64; i++) o += ex.input[i] * ex.weights[j * 64 + i];
      assert.ok(Math.abs(o - ex.output[j]) <= 1e-4 * (1 + Math.abs(o)), `output ${j}`);
    }
    // The tiles are the input's channels at that pixel, the mean their average.
    assert.equal(ex.inputTiles.data[0 * 1024 + 5 * 32 + 7], ex.input[0]);
    assert.equal(ex.outputTiles.data[3 * 1024 + 5 * 32 + 7], ex.output[3]);
    const mean = ex.input.reduce((a, b) => a + b, 0) / 64;
    assert.ok(Math.abs(ex.inputMean[5 * 32 + 7] - mean) < 1e-5);
    // Without full: the pixel and the counters only.
    const light = lab.conv1x1Explorer({ y: 0, x: 0 });
    assert.equal(light.weights, undefined);
    assert.notDeepEqual(Array.from(light.input), Array.from(ex.input));
    rejects(() => lab.conv1x1Explorer({ y: 32, x: 0 }), 'error.out_of_range', {
      field: 'y',
      max: '31',
    });
    rejects(() => lab.conv1x1Explorer({ y: 0, x: -1 }), 'error.out_of_range', { field: 'x' });

    // Training arms: params and MACs as the header states (r = 8).
    const arms = lab.conv1x1Arms();
    assert.deepEqual(
      arms.map((a) => [a.name, a.macs, a.layers]),
      [
        ['bottleneck', 307328, 2],
        ['plain', 553088, 0],
        ['bottleneck_relu', 307328, 2],
        ['pointwise_only', 405632, 3],
      ],
    );
    assert.ok(arms[0].params < arms[1].params);

    const w0 = lab.conv1x1Weights('bottleneck', 0);
    assert.deepEqual([w0.rows, w0.cols, w0.bias.length], [8, 16, 8]);
    assert.equal(lab.conv1x1Weights('plain', 0).rows, 0);
    rejects(() => lab.conv1x1Weights('bottleneck', 2), 'error.out_of_range', { field: 'layer' });
    rejects(() => lab.conv1x1Weights(4, 0), 'error.out_of_range', { field: 'arm' });

    const before0 = Array.from(w0.data);
    const loss0 = lab.armValues(0).loss;
    lab.step(40);
    const w1 = lab.conv1x1Weights('bottleneck', 0);
    assert.notDeepEqual(Array.from(w1.data), before0, 'the 1x1 weights moved');
    for (let a = 0; a < 4; a++) {
      const v = lab.armValues(a);
      assert.ok(Number.isFinite(v.loss) && v.ms > 0, `arm ${a}`);
      assert.ok(v.accuracy >= 0 && v.accuracy <= 1);
    }
    assert.ok(lab.armValues(0).loss < loss0, `${lab.armValues(0).loss} < ${loss0}`);

    // View-only settings: a new explorer tensor, the trained lab untouched.
    const steps = lab.stepsDone();
    const trained = Array.from(lab.conv1x1Weights('bottleneck', 0).data);
    lab.configureViews({ batch_size: 16, cin: 128, k: 5, bottleneck: 100, h: 7 });
    const ex2 = lab.conv1x1Explorer({ y: 6, x: 0 });
    assert.deepEqual([ex2.h, ex2.cin, ex2.k, ex2.r], [7, 128, 5, 100]);
    assert.equal(ex2.params, 128 * 32 + 32);
    assert.equal(ex2.costs.plain.macs, 7 * 32 * 25 * 128 * 32);
    assert.equal(lab.stepsDone(), steps);
    assert.deepEqual(Array.from(lab.conv1x1Weights('bottleneck', 0).data), trained);
    rejects(() => lab.configureViews({ k: 4 }), 'error.kernel_odd', { k: '4' });
    rejects(() => lab.configureViews({ cin: 8, bottleneck: 16 }), 'error.bottleneck_too_wide', {
      bottleneck: '16',
      cin: '8',
    });
    assert.equal(lab.conv1x1Explorer().cin, 128, 'a refused config keeps the last good explorer');

    const img = lab.conv1x1Image('bottleneck', 3);
    assert.equal(img.index, 3);
    assert.ok(img.count > 3);
    assert.equal(img.pixels.length, 16 * 16 * 3);
    assert.equal(img.classes.length, 4);
    assert.ok(Math.abs(img.probs.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.deepEqual([img.before.h, img.before.w, img.before.c], [8, 8, 16]);
    assert.deepEqual([img.after.h, img.after.w, img.after.c], [8, 8, 8]);
    assert.equal(img.after.data.length, 8 * 8 * 8);
    const po = lab.conv1x1Image('pointwise_only', 3);
    assert.deepEqual([po.before.c, po.after.c, po.before.h], [3, 16, 16]);
    assert.equal(lab.conv1x1Image('plain', 3).before.c, 0);
    rejects(() => lab.conv1x1Image(0, img.count), 'error.out_of_range', { field: 'image' });
  } finally {
    lab.dispose();
  }
  const other = engine.createLab('attention', {});
  try {
    rejects(() => other.conv1x1Arms(), 'error.not_ready');
    rejects(() => other.conv1x1Explorer(), 'error.not_ready');
    rejects(() => other.configureViews({}), 'error.not_ready');
  } finally {
    other.dispose();
  }
});
