// The module's GEMM really is WASM SIMD: the disassembly (binaryen's wasm-dis) holds f32x4
// multiplies and adds beside v128 loads, not scalar f32 arithmetic only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { engineDir } from './helpers.mjs';

test('wasm-dis of prayog.wasm shows f32x4 arithmetic', () => {
  const wat = execFileSync('wasm-dis', [path.join(engineDir, 'prayog.wasm')], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const count = (re) => (wat.match(re) ?? []).length;
  const mul = count(/f32x4\.mul/g),
    add = count(/f32x4\.add/g),
    load = count(/v128\.load/g);
  // The 2x16 micro-kernel alone has 8 multiplies and 8 adds per step.
  assert.ok(
    mul >= 8 && add >= 8 && load >= 4,
    `f32x4.mul ${mul}, f32x4.add ${add}, v128.load ${load}`,
  );
});
