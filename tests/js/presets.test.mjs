// Presets against the engine's real schemas: every preset names only keys and values its lab
// accepts (and the engine validates the whole resulting config), ?preset= sets every setting,
// explicit URL keys override it, and the permalink of a preset run reproduces it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../wasm/api.js';
import { engineFactory, importTs } from './helpers.mjs';

const { PRESETS, findPreset, presetKeys } = await importTs('web/src/presets.ts');
const { parseLabParams, serializeLabParams, parseField, baseValues, defaults } =
  await importTs('web/src/lab-config.ts');
const { en } = await importTs('web/src/i18n/en.ts');
const { hi } = await importTs('web/src/i18n/hi.ts');

let schemas;
before(async () => {
  const { factory, wasmBinary } = engineFactory();
  const engine = await loadEngine(factory, { wasmBinary });
  schemas = Object.fromEntries(engine.schemas().map((s) => [s.lab, s]));
  schemas.engine = engine;
});

test('every lab has at least 4 presets with unique URL-safe names, named in both catalogs', () => {
  for (const [lab, list] of Object.entries(PRESETS)) {
    assert.ok(list.length >= 4, `${lab}: ${list.length} presets`);
    const names = list.map((p) => p.name);
    assert.equal(new Set(names).size, names.length, `${lab}: names are unique`);
    for (const name of names) {
      assert.match(name, /^[a-z0-9-]{1,32}$/);
      const { label, about } = presetKeys(lab, name);
      for (const k of [label, about]) assert.ok(k in en && k in hi, `${k} in both catalogs`);
      assert.notEqual(en[about], hi[about], `${about} is translated`);
    }
  }
  // The seed examples.
  for (const [lab, name] of [
    ['attention', 'copy'],
    ['attention', 'reverse'],
    ['attention', 'sqrt-d'],
    ['attention', 'hard-vs-soft'],
    ['attention', 'images'],
    ['conv1x1', 'explorer'],
    ['conv1x1', 'bottleneck'],
    ['conv1x1', 'spatial-limit'],
    ['conv1x1', 'variants'],
    ['pretrain', 'greedy-vs-random'],
    ['pretrain', 'rbm'],
    ['pretrain', 'relu-he'],
  ])
    assert.ok(findPreset(lab, name), `${lab}/${name}`);
});

test('every preset value is a valid value of its field, and the engine accepts the config', () => {
  for (const [lab, list] of Object.entries(PRESETS)) {
    const schema = schemas[lab];
    const byKey = new Map(schema.fields.map((f) => [f.key, f]));
    for (const preset of list) {
      for (const [key, value] of Object.entries(preset.values)) {
        const field = byKey.get(key);
        assert.ok(field, `${lab}/${preset.name}: ${key} is a setting`);
        assert.deepEqual(parseField(field, String(value)), value, `${lab}/${preset.name}.${key}`);
      }
      const config = baseValues(schema, preset);
      schemas.engine.validateConfig(lab, config); // throws PrayogError when refused
      // A preset changes something: otherwise it would be the default under another name.
      const changed = Object.keys(config).filter((k) => config[k] !== defaults(schema)[k]);
      if (
        preset.name !== 'reverse' &&
        preset.name !== 'explorer' &&
        preset.name !== 'greedy-vs-random'
      )
        assert.ok(changed.length > 0, `${lab}/${preset.name} differs from the defaults`);
    }
  }
});

test('?preset= sets every setting; explicit keys override; the permalink reproduces the run', () => {
  const schema = schemas.attention;
  const preset = findPreset('attention', 'sqrt-d');
  const { values, notices } = parseLabParams('?lab=attention&preset=sqrt-d', schema, preset);
  assert.deepEqual(notices, []);
  assert.equal(values.d_model, 64);
  assert.equal(values.scale, false);
  assert.equal(values.heads, 1);
  assert.equal(values.task, 'reverse', 'keys the preset does not name keep their defaults');

  const over = parseLabParams('?preset=sqrt-d&scale=true&seed=9', schema, preset).values;
  assert.equal(over.scale, true, 'an explicit key wins');
  assert.equal(over.d_model, 64);
  assert.equal(over.seed, 9);

  // A bad explicit value falls back to the preset's value, not the lab default.
  const bad = parseLabParams('?preset=sqrt-d&d_model=abc', schema, preset);
  assert.equal(bad.values.d_model, 64);
  assert.equal(bad.notices[0].key, 'notice.bad_value');
  assert.equal(bad.notices[0].params.default, '64');

  // The permalink names every key the preset sets, so the link means the same run even if the
  // preset is retuned; a key set back to its default (d_model 32) still overrides the preset.
  const edited = { ...over, d_model: 32 };
  const parts = serializeLabParams(schema, edited, preset);
  assert.ok(parts.includes('d_model=32'), parts.join('&'));
  const back = parseLabParams(`?${parts.join('&')}`, schema, preset).values;
  assert.deepEqual(back, edited);
  // Without the preset the same parts still give the same run.
  assert.deepEqual(parseLabParams(`?${parts.join('&')}`, schema, null).values, edited);
});

test('no preset: only non-default keys and the seed are written', () => {
  const schema = schemas.conv1x1;
  const values = { ...defaults(schema), task: 'spatial' };
  assert.deepEqual(serializeLabParams(schema, values), ['v=1', 'task=spatial', 'seed=1']);
});
