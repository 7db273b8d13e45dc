// web/public/embed.js is copied as is onto host pages (no build step): it must stay plain ES5 and
// must never build markup or code from strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
// Debian's acorn (node-acorn), never one from the npm registry.
const ACORN = ['/usr/share/nodejs/acorn', '/usr/lib/nodejs/acorn'].find((p) => fs.existsSync(p));
const file = path.join(repo, 'web/public/embed.js');
const source = fs.readFileSync(file, 'utf8');

const FORBIDDEN = [
  /\binnerHTML\b/,
  /\bouterHTML\b/,
  /\binsertAdjacentHTML\b/,
  /\bdocument\s*\.\s*write(ln)?\b/,
  /(^|[^.\w$])eval\s*\(/,
  /\bnew\s+Function\s*\(/,
  /\bsetAttribute\s*\(\s*['"]style['"]/,
];

function acorn() {
  assert.ok(ACORN, 'Debian acorn missing: apt-get install node-acorn');
  return require(ACORN);
}

test('embed.js parses as ECMAScript 5 (Debian acorn)', () => {
  assert.doesNotThrow(() => acorn().parse(source, { ecmaVersion: 5, sourceType: 'script' }));
});

test('the ES5 check does reject later syntax', () => {
  for (const later of [
    'const a = 1;',
    'let a = 1;',
    'var f = () => 1;',
    'class A {}',
    'var s = `x`;',
    'f(a,\n);',
    'var {a} = b;',
  ]) {
    assert.throws(() => acorn().parse(later, { ecmaVersion: 5 }), SyntaxError, later);
  }
});

test('embed.js never builds markup or code from strings', () => {
  for (const re of FORBIDDEN) assert.doesNotMatch(source, re, `embed.js matches ${re}`);
});

test('the forbidden patterns catch what they are meant to catch', () => {
  const samples = [
    'el.innerHTML = x',
    'el.outerHTML = x',
    "el.insertAdjacentHTML('beforeend', x)",
    'document.write(x)',
    'eval(x)',
    'new Function("return 1")',
    "frame.setAttribute('style', 'border:0')",
  ];
  samples.forEach((sample, i) => assert.match(sample, FORBIDDEN[i], sample));
  assert.doesNotMatch("frame.style.border = '0'; frame.setAttribute('src', u)", FORBIDDEN[6]);
  assert.doesNotMatch('medieval(x); obj.evaluate(x)', FORBIDDEN[4]);
});

test('embed.js defines <prayog-lab> the ES5 way and keeps one load-twice-safe listener', () => {
  assert.match(
    source,
    /function PrayogLab\(\)\s*{\s*return Reflect\.construct\(HTMLElement, \[\], PrayogLab\);/,
  );
  assert.match(source, /customElements\.define\(TAG, PrayogLab\)/);
  assert.equal(source.match(/addEventListener\('message'/g)?.length, 1);
  assert.match(source, /if \(window\[FLAG\]\) return;/);
});
