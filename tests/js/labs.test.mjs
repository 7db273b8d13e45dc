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
      (err) => err instanceof PrayogError && err.key === 'error.diverged',
    );
    const m = lab.metrics();
    assert.ok(Number.isFinite(m.accuracy));
  } finally {
    lab.dispose();
  }
});

test('labs without a runner yet say so with a translated key', () => {
  rejects(() => engine.createLab('pretrain', {}), 'error.lab_not_ready', { lab: 'pretrain' });
});
