// Shared by the JS test files: load the wasm module in node, and import the page's TypeScript
// modules (transpiled with the project's own typescript, no bundler) so their logic is tested
// without a browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const engineDir = process.env.PRAYOG_ENGINE_DIR || path.join(repo, 'build/wasm/wasm');

/** The Emscripten factory and the wasm bytes, as built by `cmake --build --preset wasm`. */
export function engineFactory() {
  const glue = path.join(engineDir, 'prayog.js');
  if (!fs.existsSync(glue)) throw new Error(`${glue} is missing: build the wasm preset first`);
  const require = createRequire(import.meta.url);
  return {
    factory: require(glue),
    wasmBinary: fs.readFileSync(path.join(engineDir, 'prayog.wasm')),
  };
}

/**
 * Imports a TypeScript module of web/ (and, recursively, the relative .ts/.js modules it imports)
 * after transpiling each file to a temporary folder.
 */
export async function importTs(relPath) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'prayog-ts-'));
  const done = new Map();
  const emit = (abs) => {
    if (done.has(abs)) return done.get(abs);
    const target = path.join(out, path.relative(repo, abs)).replace(/\.ts$/, '.mjs');
    done.set(abs, target);
    let code = fs.readFileSync(abs, 'utf8');
    if (abs.endsWith('.ts')) {
      code = ts.transpileModule(code, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        fileName: abs,
      }).outputText;
    }
    code = code.replace(/(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (m, pre, q, spec) => {
      let dep = path.resolve(path.dirname(abs), spec);
      if (!fs.existsSync(dep) && fs.existsSync(dep.replace(/\.js$/, '.ts')))
        dep = dep.replace(/\.js$/, '.ts');
      if (!fs.existsSync(dep) && fs.existsSync(`${dep}.ts`)) dep = `${dep}.ts`;
      const depTarget = emit(dep);
      let rel = path.relative(path.dirname(target), depTarget);
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `${pre}${q}${rel}${q}`;
    });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, code);
    return target;
  };
  return import(pathToFileURL(emit(path.join(repo, relPath))).href);
}

/** Deterministic values in [-1, 1). */
export function randomArray(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    a[i] = ((s >>> 8) / 16777216) * 2 - 1;
  }
  return a;
}
