// Strict-CSP hosts (script-src without 'unsafe-eval') must run Prayog: neither our Emscripten glue
// nor the page bundle may build code from strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { engineDir, repo } from './helpers.mjs';

const FORBIDDEN = [/\bnew\s+Function\s*\(/, /(^|[^.\w$])eval\s*\(/];

function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : /\.(m?js|cjs)$/.test(e.name) ? [p] : [];
  });
}

test('the Emscripten glue and the built page contain no new Function( / eval(', () => {
  const dist = path.join(repo, 'dist');
  assert.ok(fs.existsSync(dist), 'dist/ missing: build the page first');
  const files = [path.join(engineDir, 'prayog.js'), ...jsFiles(dist)];
  assert.ok(files.length >= 3, `only ${files.length} files found`);
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    for (const re of FORBIDDEN)
      assert.doesNotMatch(src, re, `${path.relative(repo, f)} matches ${re}`);
  }
});

test('the forbidden patterns do catch what they are meant to catch', () => {
  assert.match('x = new Function("a", "return a")', FORBIDDEN[0]);
  assert.match('var r = eval(code)', FORBIDDEN[1]);
  assert.doesNotMatch('obj.evaluate(x); medieval(x)', FORBIDDEN[1]);
});
