// Pure helpers of the lab views: colour maps, value domains, CSV and TeX number text, and the
// chart's decimation and bar ranges. (The DOM parts are checked in the browser tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { importTs, repo } from './helpers.mjs';

// importTs writes transpiled files under os.tmpdir(); bare imports (d3-scale-chromatic) resolve
// from the nearest node_modules above them, so the temporary files must live inside the repo.
const scratch = path.join(repo, 'node_modules/.cache/prayog-views-test');
fs.mkdirSync(scratch, { recursive: true });
process.env.TMPDIR = scratch;

const colour = await importTs('web/src/views/colour.ts');
const csv = await importTs('web/src/views/csv.ts');
const { decimate, drawBudget } = await importTs('web/src/views/decimate.ts');

test.after(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('viridis and cividis endpoints are the published colours', () => {
  assert.deepEqual(colour.heatmapColor('viridis', 0), [0x44, 0x01, 0x54]);
  assert.deepEqual(colour.heatmapColor('viridis', 1), [0xfd, 0xe7, 0x25]);
  assert.deepEqual(colour.heatmapColor('cividis', 0), [0, 32, 81]);
  assert.deepEqual(colour.heatmapColor('viridis', -3), colour.heatmapColor('viridis', 0));
  assert.deepEqual(colour.heatmapColor('viridis', 7), colour.heatmapColor('viridis', 1));
});

test('the diverging map is blue below zero, near white at zero, red above', () => {
  const [r0, , b0] = colour.heatmapColor('diverging', 0);
  const [r1, , b1] = colour.heatmapColor('diverging', 1);
  const mid = colour.heatmapColor('diverging', 0.5);
  assert.ok(b0 > r0, 'low end is blue');
  assert.ok(r1 > b1, 'high end is red');
  assert.ok(Math.min(...mid) > 220, `middle is light: ${mid}`);
});

test('the lookup table agrees with the interpolator to one step', () => {
  for (const scheme of ['viridis', 'cividis', 'diverging']) {
    for (const t of [0, 0.13, 0.5, 0.77, 1]) {
      const a = colour.heatmapColor(scheme, t);
      const b = colour.lutColor(scheme, t);
      for (let i = 0; i < 3; i++)
        assert.ok(Math.abs(a[i] - b[i]) <= 3, `${scheme} ${t}: ${a} ${b}`);
    }
  }
});

test('text colour on a cell reads: white on dark viridis, black on bright viridis', () => {
  assert.equal(colour.inkOn(colour.heatmapColor('viridis', 0)), '#ffffff');
  assert.equal(colour.inkOn(colour.heatmapColor('viridis', 1)), '#000000');
});

test('domains: auto, symmetric, fixed, constant data, NaN and infinities ignored', () => {
  assert.deepEqual(colour.computeDomain([3, -1, 2], 'auto'), [-1, 3]);
  assert.deepEqual(colour.computeDomain(new Float32Array([0.5, -2, 1]), 'symmetric'), [-2, 2]);
  assert.deepEqual(colour.computeDomain([1, NaN, 4, Infinity, -Infinity], 'auto'), [1, 4]);
  assert.deepEqual(colour.computeDomain([NaN, 2, NaN], 'symmetric'), [-2, 2]);
  assert.deepEqual(colour.computeDomain([5, 0], [0, 1]), [0, 1]);
  assert.deepEqual(colour.computeDomain([5, 0], [1, 0]), [0, 1]);
  // A constant map gets a non-empty range with the constant in the middle.
  const [lo, hi] = colour.computeDomain([0.25, 0.25], 'auto');
  assert.ok(lo < 0.25 && hi > 0.25 && Math.abs((lo + hi) / 2 - 0.25) < 1e-12);
  assert.deepEqual(colour.computeDomain([0, 0], 'auto'), [-1, 1]);
  assert.deepEqual(colour.computeDomain([0, 0], 'symmetric'), [-1, 1]);
  assert.deepEqual(colour.computeDomain([], 'auto'), [0, 1]);
  assert.deepEqual(colour.computeDomain([NaN], 'auto'), [0, 1]);
  assert.deepEqual(colour.computeDomain([1, 2], [NaN, 3]), [1, 2]);
});

test('normalize clamps into [0, 1] and keeps NaN', () => {
  assert.equal(colour.normalize(5, [0, 10]), 0.5);
  assert.equal(colour.normalize(-5, [0, 10]), 0);
  assert.equal(colour.normalize(50, [0, 10]), 1);
  assert.ok(Number.isNaN(colour.normalize(NaN, [0, 1])));
});

test('a symmetric domain picks the diverging map unless a scheme is named', () => {
  assert.equal(colour.schemeFor(undefined, 'symmetric'), 'diverging');
  assert.equal(colour.schemeFor(undefined, 'auto'), 'viridis');
  assert.equal(colour.schemeFor('cividis', 'symmetric'), 'cividis');
});

test('CSV: header, Latin digits, "." decimals, ragged columns leave empty cells', () => {
  const text = csv.csvFromColumns(
    ['x', 'loss', 'acc'],
    [
      [1, 2, 3],
      [0.5, -0.25],
      [NaN, null, 1e-7],
    ],
  );
  assert.equal(text, 'x,loss,acc\r\n1,0.5,\r\n2,-0.25,\r\n3,,1e-7\r\n');
  assert.doesNotMatch(text, /[\u0966-\u096F]/);
  assert.equal(csv.csvFromColumns(['a'], []), 'a\r\n');
  assert.equal(
    csv.csvFromColumns(['a,b', 'say "hi"'], [[1], [2]]),
    '"a,b","say ""hi"""\r\n1,2\r\n',
  );
  assert.equal(csv.csvFromColumns(['v'], [new Float32Array([0.5, -0])]), 'v\r\n0.5\r\n0\r\n');
});

test('texNumber: Latin digits in both languages, ASCII minus, braced grouping', () => {
  for (const lang of ['hi', 'en']) {
    assert.equal(csv.texNumber(lang, 0.53219, 2), '0.53');
    assert.equal(csv.texNumber(lang, -1.5, 2), '-1.5');
    assert.equal(csv.texNumber(lang, -0.0001, 2), '0');
    assert.equal(csv.texNumber(lang, 1234567, 0), '12{,}34{,}567');
    assert.equal(csv.texNumber(lang, 3, 4), '3');
    assert.equal(csv.texNumber(lang, Infinity), '\\infty');
    assert.equal(csv.texNumber(lang, -Infinity), '-\\infty');
    assert.equal(csv.texNumber(lang, NaN), '\\mathrm{NaN}');
    assert.doesNotMatch(csv.texNumber(lang, -98765.4321, 3), /[^0-9.{},-]/);
  }
});

test('bar rows always include zero and are never empty', () => {
  assert.deepEqual(colour.barRange([1, 3, 2]), [0, 3]);
  assert.deepEqual(colour.barRange([-1, -3]), [-3, 0]);
  assert.deepEqual(colour.barRange([-1, 2, NaN]), [-1, 2]);
  assert.deepEqual(colour.barRange([0, 0]), [0, 1]);
  assert.deepEqual(colour.barRange([0.2, 0.8], [0, 1]), [0, 1]);
  assert.deepEqual(colour.barRange([5], [2, 1]), [0, 5]);
});

test('decimation keeps short series whole, and spikes and endpoints of long ones', () => {
  const short = decimate({ xs: [1, 2, 3], ys: [[1, -1, NaN]] }, 10, false);
  assert.deepEqual(short, [
    [1, 2, 3],
    [1, -1, null],
  ]);
  assert.deepEqual(decimate({ xs: [1, 2], ys: [[0, 2]] }, 10, true), [
    [1, 2],
    [null, 2],
  ]);
  // A log axis gets no value its decade arithmetic cannot take (denormal or huge): gaps.
  assert.deepEqual(decimate({ xs: [1, 2, 3, 4], ys: [[1e-310, 1e-4, 3e35, 1e30]] }, 10, true), [
    [1, 2, 3, 4],
    [null, 1e-4, null, 1e30],
  ]);
  // uPlot's log ticks loop forever from about 3e-23 down (seen in the URL fuzz): 1e-20 is the floor.
  assert.deepEqual(decimate({ xs: [1, 2, 3], ys: [[3e-23, 1e-21, 1e-20]] }, 10, true), [
    [1, 2, 3],
    [null, null, 1e-20],
  ]);

  const n = 10_000;
  const xs = Array.from({ length: n }, (_, i) => i);
  const loss = xs.map((i) => 1 / (1 + i));
  loss[4321] = 50;
  const acc = xs.map((i) => (i < 100 ? null : i / n));
  const budget = drawBudget(300);
  const [dx, dl, da] = decimate({ xs, ys: [loss, acc] }, budget, true);
  assert.ok(dx.length <= budget + 2, `${dx.length} points for a budget of ${budget}`);
  assert.equal(dx.length, dl.length);
  assert.equal(dx[0], 0);
  assert.equal(dx[dx.length - 1], n - 1);
  assert.ok(dl.includes(50), 'the spike survives');
  assert.equal(Math.max(...dl), 50);
  assert.ok(dl.includes(1 / n), 'the last (smallest) loss survives');
  assert.equal(da[0], null, 'a series that starts late starts with a gap');
  for (let i = 1; i < dx.length; i++) assert.ok(dx[i] >= dx[i - 1], 'x stays sorted');
});
