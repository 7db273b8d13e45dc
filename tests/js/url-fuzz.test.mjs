// The URL parsers under generated hostile input (tests/url-fuzz.mjs): random keys, huge, negative,
// NaN, unicode and 10 KB values, repeats, raw percent garbage. For every URL: nothing throws,
// every bad part the generator made is answered by its notice, every notice reads as a whole
// sentence in both languages (all placeholders filled, bounded, no control characters), the
// settings are exactly the URL's valid values over the defaults, and the page's own rewrite of
// the URL parses back to the same state with no notice.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../wasm/api.js';
import { engineFactory, importTs } from './helpers.mjs';
import { LABS, accepts, hostileUrl, rng } from '../url-fuzz.mjs';

const { parseState, serializeState } = await importTs('web/src/state.ts');
const { parseLabParams, serializeLabParams } = await importTs('web/src/lab-config.ts');
const { presetNames, findPreset } = await importTs('web/src/presets.ts');
const { t, isMessageKey } = await importTs('web/src/i18n/index.ts');

const PER_LAB = 20000;
let schemas;

before(async () => {
  const { factory, wasmBinary } = engineFactory();
  const engine = await loadEngine(factory, { wasmBinary });
  schemas = new Map(engine.schemas().map((s) => [s.lab, s]));
});

const presets = Object.fromEntries(LABS.map((lab) => [lab, presetNames(lab)]));

function checkNotice(n, search) {
  assert.ok(isMessageKey(n.key), `${n.key} is a catalog key (${search.slice(0, 80)})`);
  for (const lang of ['hi', 'en']) {
    const text = t(lang, n.key, n.params);
    assert.doesNotMatch(text, /\{[a-z0-9_]+\}/i, `${lang} ${n.key}: a placeholder left open`);
  }
  // What came from the URL (a value, a key), not the page's own lists and defaults.
  for (const v of [n.params.value, n.params.name].filter((x) => x !== undefined)) {
    assert.ok(
      v.length <= 41,
      `a notice shows at most 40 characters of a value: ${n.key} ${JSON.stringify(n.params)}`,
    );
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(v, /[\u0000-\u001f\u007f-\u009f]/, 'no control characters');
  }
}

for (const lab of LABS) {
  test(`${lab}: ${PER_LAB} hostile URLs: notices, settings and the rewrite`, () => {
    const schema = schemas.get(lab);
    const r = rng(0x5eed + LABS.indexOf(lab));
    const counts = { urls: 0, notices: 0, withValues: 0, bigUrls: 0 };
    for (let i = 0; i < PER_LAB; i++) {
      const url = hostileUrl(r, lab, schema, presets);
      counts.urls++;
      if (url.search.length > 10000) counts.bigUrls++;
      const page = parseState(url.search);
      assert.equal(page.state.lab, lab);
      const preset = page.state.preset ? findPreset(lab, page.state.preset) : null;
      const settings = parseLabParams(url.search, schema, preset);
      const all = [...page.notices, ...settings.notices];
      counts.notices += all.length;
      const keys = new Set(all.map((n) => n.key));
      for (const k of url.notices)
        assert.ok(keys.has(k), `${k} expected for ${url.search.slice(0, 200)}`);
      for (const n of all) checkNotice(n, url.search);
      for (const f of schema.fields) {
        assert.ok(accepts(f, String(settings.values[f.key])), `${f.key}=${settings.values[f.key]}`);
      }
      if (url.values) {
        counts.withValues++;
        assert.deepEqual(settings.values, url.values, url.search.slice(0, 300));
      }
      // What the page writes back into the address bar parses to the same, silently.
      const state = { ...page.state, config: serializeLabParams(schema, settings.values, preset) };
      const again = serializeState(state);
      const back = parseState(again);
      assert.deepEqual(back.notices, []);
      assert.deepEqual(back.state, { ...state, config: [] });
      const backSettings = parseLabParams(again, schema, preset);
      assert.deepEqual(backSettings.notices, []);
      assert.deepEqual(backSettings.values, settings.values);
    }
    assert.ok(counts.notices > PER_LAB, 'the generator makes bad URLs');
    assert.ok(counts.bigUrls > 100, 'some URLs carry 10 KB values');
    console.log(`${lab}: ${JSON.stringify(counts)}`);
  });
}
