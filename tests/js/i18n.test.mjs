// The hi and en catalogs: same keys, same placeholders, real Hindi, and every message key the
// engine can raise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './helpers.mjs';

const { hi } = await importTs('web/src/i18n/hi.ts');
const { en } = await importTs('web/src/i18n/en.ts');
const { t, formatNumber } = await importTs('web/src/i18n/index.ts');

const placeholders = (s) => [...s.matchAll(/\{([a-z0-9_]+)\}/gi)].map((m) => m[1]).sort();

test('hi and en have exactly the same keys', () => {
  assert.deepEqual(Object.keys(hi).sort(), Object.keys(en).sort());
  assert.ok(Object.keys(hi).length > 50);
});

test('every message is a non-empty string with the same placeholders in both languages', () => {
  for (const key of Object.keys(en)) {
    assert.equal(typeof hi[key], 'string', key);
    assert.ok(hi[key].trim() && en[key].trim(), `${key} is empty`);
    assert.deepEqual(placeholders(hi[key]), placeholders(en[key]), `placeholders of ${key}`);
  }
});

test('the Hindi catalog is written in Hindi', () => {
  // Short labels may be just the English technical term, as the source texts write them (Loss,
  // Batch Size, Softmax); sentences must be Hindi.
  const devanagari = (s) => /[\u0900-\u097F]/.test(s);
  const all = Object.values(hi);
  assert.ok(
    all.filter(devanagari).length / all.length > 0.7,
    `${all.filter(devanagari).length} of ${all.length}`,
  );
  const sentences = Object.entries(hi).filter(
    ([k, s]) => !k.endsWith('.formula') && s.split(/\s+/).length >= 6, // formulas are maths
  );
  const latin = sentences.filter(([, s]) => !devanagari(s)).map(([k]) => k);
  assert.deepEqual(latin, [], 'sentences without Hindi');
  assert.ok(sentences.length > 100);
});

test('every error key the engine and its wrapper can raise is translated', () => {
  for (const key of [
    'error.shape_mismatch',
    'error.out_of_range',
    'error.not_finite',
    'error.bad_type',
    'error.no_simd',
  ]) {
    assert.ok(key in hi && key in en, key);
  }
});

test('t() fills placeholders and formats numbers per language', () => {
  const key = Object.keys(en).find((k) => placeholders(en[k]).length > 0);
  const [name] = placeholders(en[key]);
  assert.ok(t('en', key, { [name]: 'XYZ' }).includes('XYZ'));
  assert.ok(t('hi', key, { [name]: 'XYZ' }).includes('XYZ'));
  assert.equal(formatNumber('en', 1234567.891, 1), '12,34,567.9');
  assert.equal(formatNumber('en', Number.NaN), '—');
});

test('every error key the C++ core and the bindings can return is in both catalogs', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { repo } = await import('./helpers.mjs');
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(cpp|hpp|js)$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(repo, 'core'));
  walk(path.join(repo, 'wasm'));
  const keys = new Set();
  for (const f of files) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/["'](error\.[a-z_]+)["']/g))
      keys.add(m[1]);
  }
  assert.ok(keys.size >= 10, [...keys].join(', '));
  for (const key of keys) {
    assert.ok(key in en, `${key} missing from en`);
    assert.ok(key in hi, `${key} missing from hi`);
  }
});

test('every glossary term of every lab is explained in both languages', async () => {
  const { glossaryTerms } = await importTs('web/src/views/glossary.ts');
  const { LAB_GLOSSARIES } = await importTs('web/src/views/glossary-labs.ts');
  for (const [lab, own] of Object.entries(LAB_GLOSSARIES)) {
    const terms = glossaryTerms(own);
    assert.ok(terms.length >= 8, `${lab}: ${terms.length} terms`);
    for (const t of terms) {
      assert.ok(hi[`glossary.${t.term}.def`], `hi glossary.${t.term}.def`);
      assert.ok(en[`glossary.${t.term}.def`], `en glossary.${t.term}.def`);
      assert.match(t.hi, /[\u0900-\u097F]/, t.term);
    }
    for (const name of own)
      assert.ok(
        terms.some((t) => t.term === name),
        `${lab}: ${name} is a term`,
      );
  }
});
