// The guided tours through the module (labs/tours.hpp): the steps the page walks, one cheap step
// per lab run the page's way (a fresh lab with the step's settings and a seed, measureClaim
// before, the step's training, measureClaim after, judgeClaim), and contradicting numbers refused.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, PrayogError } from '../../wasm/api.js';
import { engineFactory, importTs } from './helpers.mjs';

let engine;
before(async () => {
  const { factory, wasmBinary } = engineFactory();
  engine = await loadEngine(factory, { wasmBinary });
});

test('tours() lists every lab tour with its steps in order', () => {
  const tours = engine.tours();
  assert.deepEqual(Object.keys(tours), ['attention', 'conv1x1', 'pretrain']);
  assert.deepEqual(
    tours.attention.map((s) => s.id),
    ['softmax_sum', 'sqrt_d', 'hard_vs_soft', 'multi_head', 'images', 'cost'],
  );
  assert.deepEqual(
    tours.conv1x1.map((s) => s.id),
    ['example', 'pixel', 'bottleneck', 'spatial_limit'],
  );
  assert.deepEqual(
    tours.pretrain.map((s) => s.id),
    ['stages', 'greedy_vs_random', 'vanishing', 'relu_he'],
  );
  const sqrtD = tours.attention.find((s) => s.id === 'sqrt_d');
  assert.deepEqual(sqrtD.settings, { d_model: '64', heads: '1' });
  assert.equal(sqrtD.steps, 0);
  for (const [lab, steps] of Object.entries(tours)) {
    for (const step of steps) {
      assert.ok(Number.isInteger(step.steps) && step.steps >= 0, `${lab}/${step.id}`);
      for (const v of Object.values(step.settings)) assert.equal(typeof v, 'string');
      // Every step's settings are a valid config of its lab.
      engine.validateConfig(lab, { ...step.settings, seed: 2 });
    }
  }
});

// The page's protocol for one step: open, measure, train, measure, judge.
function runStep(lab, id, seed) {
  const step = engine.tours()[lab].find((s) => s.id === id);
  const handle = engine.createLab(lab, { ...step.settings, seed });
  try {
    const before = handle.measureClaim(id);
    let left = step.steps;
    while (left > 0) {
      const n = Math.min(left, Math.max(1, Math.ceil(step.steps / 4)));
      handle.step(n);
      left -= n;
    }
    assert.equal(handle.stepsDone(), step.steps);
    const after = handle.measureClaim(id);
    for (const numbers of [before, after]) {
      for (const [name, v] of Object.entries(numbers)) {
        assert.match(name, /^[a-z0-9_]+$/);
        assert.ok(Number.isFinite(v), `${lab}/${id} ${name} = ${v}`);
      }
    }
    return { before, after, verdict: engine.judgeClaim(lab, id, before, after) };
  } finally {
    handle.dispose();
  }
}

test('one cheap step per lab shows its claim through the module', () => {
  for (const [lab, id] of [
    ['attention', 'softmax_sum'],
    ['conv1x1', 'example'],
    ['pretrain', 'vanishing'],
  ]) {
    for (const seed of [1, 2]) {
      const { before, after, verdict } = runStep(lab, id, seed);
      assert.equal(verdict.shown, true, `${lab}/${id} seed ${seed}: ${JSON.stringify(after)}`);
      assert.ok(Object.keys(verdict.numbers).length > 0);
      if (id === 'softmax_sum') {
        assert.ok(Math.abs(verdict.numbers.row_sum - 1) <= 1e-5);
        assert.deepEqual(Object.keys(verdict.numbers), ['row_sum', 'max_weight', 'min_weight']);
      }
      if (id === 'example') {
        assert.deepEqual(verdict.numbers, {
          out_h: 32,
          out_w: 32,
          out_c: 32,
          params: 2080,
          macs: 2097152,
        });
      }
      if (id === 'vanishing') {
        assert.equal(before.grad_last, 0); // no gradient before the first step
        assert.ok(verdict.numbers.grad_first <= verdict.numbers.grad_last / 10);
        // Contradicting numbers: before and after swapped, layers swapped.
        assert.equal(engine.judgeClaim(lab, id, after, before).shown, false);
        const swapped = { ...after, grad_first: after.grad_last, grad_last: after.grad_first };
        assert.equal(engine.judgeClaim(lab, id, before, swapped).shown, false);
      }
    }
  }
});

test('the pixel and bottleneck claims of the 1x1 explorer hold on the page views', () => {
  const pixel = runStep('conv1x1', 'pixel', 1);
  assert.equal(pixel.verdict.shown, true);
  assert.ok(Math.abs(pixel.verdict.numbers.output - pixel.verdict.numbers.explicit_sum) <= 1e-4);
  const b = runStep('conv1x1', 'bottleneck', 1);
  assert.equal(b.verdict.shown, true);
  assert.ok(b.verdict.numbers.ratio > 2);
  // The explorer's numbers follow configureViews: a 16x16x64 tensor is not the seed's example.
  const handle = engine.createLab('conv1x1', { seed: 1 });
  try {
    handle.configureViews({ seed: 1, h: 16, w: 16 });
    const n = handle.measureClaim('example');
    assert.equal(n.out_h, 16);
    assert.equal(engine.judgeClaim('conv1x1', 'example', n, n).shown, false);
  } finally {
    handle.dispose();
  }
});

test('judgeClaim refuses contradicting numbers and validates its input', () => {
  assert.equal(
    engine.judgeClaim(
      'attention',
      'softmax_sum',
      {},
      {
        row_sum: 0.9,
        max_weight: 0.5,
        min_weight: 0.1,
      },
    ).shown,
    false,
  );
  assert.equal(
    engine.judgeClaim('attention', 'multi_head', { head_distance: 0.54 }, { head_distance: 0.39 })
      .shown,
    false,
  );
  const missing = engine.judgeClaim('pretrain', 'greedy_vs_random', {}, { greedy_accuracy: 0.9 });
  assert.deepEqual(missing, { shown: false, numbers: {} });
  assert.equal(engine.judgeClaim('nope', 'x', {}, {}).shown, false);
  const notFinite = (fn, field) =>
    assert.throws(fn, (err) => {
      assert.ok(err instanceof PrayogError, String(err));
      assert.equal(err.key, 'error.not_finite');
      assert.equal(err.params.field, field);
      return true;
    });
  notFinite(
    () => engine.judgeClaim('pretrain', 'vanishing', {}, { grad_first: NaN }),
    'grad_first',
  );
  notFinite(
    () => engine.judgeClaim('pretrain', 'vanishing', { grad_last: Infinity }, {}),
    'grad_last',
  );
  notFinite(
    () => engine.judgeClaim('pretrain', 'vanishing', {}, { grad_first: '1' }),
    'grad_first',
  );
  assert.throws(
    () => engine.judgeClaim('pretrain', 'vanishing', null, {}),
    (err) => err instanceof PrayogError && err.key === 'error.bad_type',
  );
});

test('measureClaim refuses unknown steps and the wrong kind of lab', () => {
  const handle = engine.createLab('attention', { seed: 1 });
  try {
    assert.throws(
      () => handle.measureClaim('nope'),
      (err) => err instanceof PrayogError && err.key === 'error.unknown_step',
    );
    assert.throws(
      () => handle.measureClaim('images'),
      (err) => err instanceof PrayogError && err.key === 'error.not_ready',
    );
    assert.throws(
      () => handle.measureClaim(3),
      (err) => err instanceof PrayogError && err.key === 'error.bad_type',
    );
  } finally {
    handle.dispose();
  }
});

test('every tour step has its title, text and both verdicts in hi and en, naming only its numbers', async () => {
  const { en } = await importTs('web/src/i18n/en.ts');
  const { hi } = await importTs('web/src/i18n/hi.ts');
  for (const [lab, steps] of Object.entries(engine.tours())) {
    for (const step of steps) {
      for (const part of ['title', 'body', 'yes', 'no']) {
        const key = `tour.${lab}.${step.id}.${part}`;
        assert.ok(key in en && key in hi, `${key} in both catalogs`);
        assert.match(hi[key], /[\u0900-\u097F]/, `${key} is Hindi`);
        if (part === 'yes' || part === 'no') {
          const names = (s) => [...s.matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]).sort();
          assert.deepEqual(names(hi[key]), names(en[key]), `${key}: same placeholders`);
        }
      }
    }
  }
  // The placeholders are numbers the engine's verdict really carries (a step run for real).
  const handle = engine.createLab('conv1x1', { seed: 1 });
  const before = handle.measureClaim('bottleneck');
  const { numbers } = engine.judgeClaim('conv1x1', 'bottleneck', before, before);
  for (const part of ['yes', 'no']) {
    for (const m of en[`tour.conv1x1.bottleneck.${part}`].matchAll(/\{([a-z0-9_]+)\}/g)) {
      assert.ok(m[1] in numbers, `${m[1]} is in the verdict's numbers`);
    }
  }
});
