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
    preset: null,
    autoplay: false,
    tour: null,
    config: [],
  });
  assert.deepEqual(notices, []);
  assert.equal(serializeState(state), search);
  assert.deepEqual(parseState(serializeState(state)).state, state);
});

test('bad values fall back to defaults with a notice whose key is translated', () => {
  const { state, notices } = parseState('?lab=<img src=x>&lang=fr&embed=yes&hide=ok,BAD!,ok');
  assert.deepEqual(state, {
    lab: 'attention',
    lang: 'hi',
    embed: false,
    hide: ['ok'],
    preset: null,
    autoplay: false,
    tour: null,
    config: [],
  });
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

test('preset and autoplay: checked against the lab, round-trip, bad values explained', () => {
  const search = '?lab=pretrain&lang=hi&embed=1&preset=relu-he&autoplay=1';
  const { state, notices } = parseState(search);
  assert.equal(state.preset, 'relu-he');
  assert.equal(state.autoplay, true);
  assert.deepEqual(notices, []);
  assert.equal(serializeState(state), search);

  // A preset of another lab is not a preset of this one.
  const other = parseState('?lab=conv1x1&preset=relu-he&autoplay=yes');
  assert.equal(other.state.preset, null);
  assert.equal(other.state.autoplay, false);
  const bad = other.notices.find((n) => n.key === 'notice.bad_preset');
  assert.equal(bad.params.value, 'relu-he');
  assert.match(bad.params.list, /explorer/);
  assert.ok(other.notices.some((n) => n.key === 'notice.bad_autoplay'));
  for (const n of other.notices) assert.ok(n.key in en, n.key);
  assert.equal(parseState(`?preset=${'p'.repeat(5000)}`).notices[0].params.value.length, 41);
  // A per-lab landing page opens its own lab without lab=.
  assert.equal(parseState('', 'conv1x1').state.lab, 'conv1x1');
  assert.equal(parseState('?lab=pretrain', 'conv1x1').state.lab, 'pretrain');
});

test('tour deep links: ?tour=<lab>&step=N opens that lab and step; bad values explained', () => {
  const { state, notices } = parseState('?tour=conv1x1&step=3&lang=en');
  assert.deepEqual(state.tour, { lab: 'conv1x1', step: 3 });
  assert.equal(state.lab, 'conv1x1', 'the tour names its lab');
  assert.deepEqual(notices, []);
  assert.equal(serializeState(state), '?lab=conv1x1&lang=en&tour=conv1x1&step=3');
  assert.deepEqual(parseState(serializeState(state)).state, state);
  assert.deepEqual(parseState('?tour=pretrain').state.tour, { lab: 'pretrain', step: 1 });

  const bad = parseState('?tour=nope&step=0');
  assert.equal(bad.state.tour, null);
  assert.deepEqual(bad.notices.map((n) => n.key).sort(), ['notice.bad_step', 'notice.bad_tour']);
  const clash = parseState('?lab=attention&tour=pretrain');
  assert.equal(clash.state.tour, null);
  assert.equal(clash.state.lab, 'attention');
  assert.equal(clash.notices[0].key, 'notice.bad_tour');
  for (const n of [...bad.notices, ...clash.notices]) assert.ok(n.key in en, n.key);
});
