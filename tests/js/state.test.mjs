// URL state: strict parsing with translated notices, and an exact round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './helpers.mjs';

const { parseState, serializeState, DEFAULT_STATE } = await importTs('web/src/state.ts');
const { en } = await importTs('web/src/i18n/en.ts');

test('defaults: attention in Hindi, not embedded', () => {
  const { state, notices } = parseState('');
  assert.deepEqual(state, { ...DEFAULT_STATE, hide: [], config: [] });
  assert.equal(state.lab, 'attention');
  assert.equal(state.lang, 'hi');
  assert.deepEqual(notices, []);
});

test('valid values are taken and round-trip through the URL', () => {
  const search = '?lab=conv1x1&lang=en&embed=1&hide=seed,lr';
  const { state, notices } = parseState(search);
  assert.deepEqual(state, {
    lab: 'conv1x1',
    lang: 'en',
    embed: true,
    hide: ['seed', 'lr'],
    config: [],
  });
  assert.deepEqual(notices, []);
  assert.equal(serializeState(state), search);
  assert.deepEqual(parseState(serializeState(state)).state, state);
});

test('bad values fall back to defaults with a notice whose key is translated', () => {
  const { state, notices } = parseState('?lab=<img src=x>&lang=fr&embed=yes&hide=ok,BAD!,ok');
  assert.deepEqual(state, { lab: 'attention', lang: 'hi', embed: false, hide: ['ok'], config: [] });
  const keys = notices.map((n) => n.key);
  assert.deepEqual(
    keys.sort(),
    ['notice.bad_embed', 'notice.bad_hide', 'notice.bad_lab', 'notice.bad_lang'].sort(),
  );
  for (const k of keys) assert.ok(k in en, `${k} missing from the catalog`);
  assert.equal(notices.find((n) => n.key === 'notice.bad_lab').params.value, '<img src=x>');
});

test('hostile input is bounded and never throws', () => {
  const long = 'x'.repeat(5000);
  const { state, notices } = parseState(`?lab=${long}&lang=%00%01hi&hide=${'a,'.repeat(100)}`);
  assert.equal(state.lab, 'attention');
  assert.ok(notices.every((n) => Object.values(n.params).every((v) => v.length <= 41)));
  assert.ok(!JSON.stringify(notices).includes('\u0000'));
  assert.deepEqual(parseState('?lab=pretrain&lab=conv1x1').state.lab, 'pretrain');
  assert.ok(
    parseState('?lab=pretrain&lab=conv1x1').notices.some((n) => n.key === 'notice.repeated'),
  );
});
