// The module API as the worker and node see it: load, report, compute, refuse bad calls clearly.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadEngine, PrayogError, wasmSimdSupported, measureGemm, median } from '../../wasm/api.js';
import { engineFactory, randomArray, repo } from './helpers.mjs';

let engine;
before(async () => {
  const { factory, wasmBinary } = engineFactory();
  engine = await loadEngine(factory, { wasmBinary });
});

test('runs with code generation from strings disallowed (the CSP-safe build)', () => {
  assert.throws(() => new Function('return 1'), EvalError);
});

test('system() reports SIMD, the version and the build flags', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const s = engine.system();
  assert.equal(wasmSimdSupported(), true);
  assert.equal(s.simd, true);
  assert.equal(s.version, pkg.version);
  assert.equal(s.simdWidth, 4);
  assert.ok(s.gemmMr >= 1 && s.gemmNr >= 4, `tile ${s.gemmMr}x${s.gemmNr}`);
  for (const flag of [
    '-msimd128',
    '-sDYNAMIC_EXECUTION=0',
    '-sALLOW_MEMORY_GROWTH=1',
    '-sMAXIMUM_MEMORY=256MB',
  ]) {
    assert.ok(s.flags.includes(flag), `flags lack ${flag}: ${s.flags}`);
  }
  assert.ok(!s.flags.includes('fast-math'), 'never -ffast-math');
});

function jsGemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
  const out = Float64Array.from(c);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = alpha * s + (beta === 0 ? 0 : beta * c[i * n + j]);
    }
  return out;
}

test('gemm agrees with a JS reference for all transpose cases', () => {
  for (const [m, n, k] of [
    [1, 1, 1],
    [3, 17, 5],
    [33, 31, 65],
    [64, 48, 300],
  ]) {
    for (const transA of [false, true])
      for (const transB of [false, true]) {
        const a = randomArray(m * k, m + 1),
          b = randomArray(k * n, n + 2),
          c = randomArray(m * n, 7);
        const got = engine.gemm({ transA, transB, m, n, k, alpha: 0.5, a, b, beta: 2, c });
        const want = jsGemm(transA, transB, m, n, k, 0.5, a, b, 2, c);
        assert.equal(got.length, m * n);
        for (let i = 0; i < got.length; i++) {
          // float32 sums of k products of values in [-1, 1): error well under k * 2^-23 * k.
          assert.ok(
            Math.abs(got[i] - want[i]) <= 1e-5 * k + 1e-6,
            `m=${m} n=${n} k=${k} tA=${transA} tB=${transB} i=${i}`,
          );
        }
        assert.notEqual(got, c, 'returns a new array');
      }
  }
});

test('the result is a copy that survives memory growth', () => {
  const first = engine.gemm({
    m: 2,
    n: 2,
    k: 1,
    a: new Float32Array([1, 2]),
    b: new Float32Array([3, 4]),
  });
  // A large call grows the wasm heap; a view into the old heap would now be detached.
  engine.gemm({ m: 1024, n: 1024, k: 8, a: new Float32Array(8192), b: new Float32Array(8192) });
  assert.deepEqual(Array.from(first), [3, 4, 6, 8]);
});

function assertPrayogError(fn, key, detailPattern) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof PrayogError, `not a PrayogError: ${err}`);
    assert.equal(err.name, 'PrayogError');
    assert.equal(err.key, key);
    if (detailPattern) assert.match(err.detail, detailPattern);
    return true;
  });
}

test('a bad call gives a named error with a message key and a clear detail', () => {
  const a = new Float32Array(6),
    b = new Float32Array(6);
  assertPrayogError(
    () => engine.gemm({ m: 2, n: 2, k: 3, a: new Float32Array(5), b }),
    'error.shape_mismatch',
    /^A has 5 values, expected 6$/,
  );
  assertPrayogError(
    () => engine.gemm({ m: 2, n: 2, k: 3, a, b, c: new Float32Array(3) }),
    'error.shape_mismatch',
    /^C has 3 values, expected 4$/,
  );
  assertPrayogError(
    () => engine.gemm({ m: 0, n: 2, k: 3, a, b }),
    'error.out_of_range',
    /^m = 0 is outside 1\.\.16384$/,
  );
  try {
    engine.gemm({ m: 0, n: 2, k: 3, a, b });
  } catch (err) {
    assert.deepEqual(err.params, { field: 'm', value: '0', min: '1', max: '16384' });
  }
  assertPrayogError(() => engine.gemm({ m: 2, n: 2, k: 3, a, b, alpha: NaN }), 'error.not_finite');
  assertPrayogError(
    () => engine.gemm({ m: 2, n: 2, k: 3, a: [1, 2, 3, 4, 5, 6], b }),
    'error.bad_type',
    /a must be a Float32Array/,
  );
  assertPrayogError(
    () => engine.gemm({ m: 2.5, n: 2, k: 3, a, b }),
    'error.bad_type',
    /m must be an integer/,
  );
  assertPrayogError(() => engine.gemmBench({ m: 1e6, k: 1, n: 1 }), 'error.out_of_range');
  // After refusals the engine still works.
  assert.deepEqual(
    Array.from(
      engine.gemm({ m: 1, n: 1, k: 1, a: new Float32Array([2]), b: new Float32Array([3]) }),
    ),
    [6],
  );
});

test('the pretrain step bench runs the lab default or a checked depth and width', () => {
  for (const shape of [undefined, { depth: 3, width: 128 }]) {
    const bench = engine.pretrainStepBench(shape);
    const warm = bench.checksum(); // steps taken to reach fine-tuning: 10 per stage
    bench.run(2);
    assert.equal(bench.checksum(), warm + 2);
    bench.dispose();
  }
  assertPrayogError(() => engine.pretrainStepBench({ depth: 7 }), 'error.out_of_range');
  assertPrayogError(() => engine.pretrainStepBench({ depth: 6, width: 32 }), 'error.too_narrow');
  assertPrayogError(() => engine.pretrainStepBench({ width: 1.5 }), 'error.bad_type');
});

test('the self-benchmark measures positive GFLOP/s and does the work', () => {
  const bench = engine.gemmBench({ m: 32, k: 32, n: 32 });
  assert.equal(bench.flopsPerRun, 2 * 32 * 32 * 32);
  bench.run(1);
  assert.ok(Number.isFinite(bench.checksum()) && bench.checksum() !== 0);
  bench.dispose();
  const g = measureGemm(engine, { m: 64, k: 64, n: 64 }, { targetMs: 5, repeats: 3 });
  assert.ok(g > 0.1 && g < 1000, `${g} GFLOP/s`);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
});

test('settings the heap cannot hold beside the current lab are refused with error.out_of_memory, not an abort', async () => {
  // A module of its own: this test takes its heap to the 256 MB maximum.
  const { factory, wasmBinary } = engineFactory();
  const own = await loadEngine(factory, { wasmBinary });
  // The 1x1 lab at batch 128 with BatchNorm and r = 32: about 157 MB by the schema's estimate,
  // inside the 192 MB budget, so the schema accepts it; two of them do not fit in 256 MB.
  const big = { batch_size: 128, batchnorm: true, train_bottleneck: 32 };
  own.validateConfig('conv1x1', big);
  const lab = own.createLab('conv1x1', big);
  try {
    lab.step(1);
    // configure() builds the new lab while the old one is alive (it is kept if the new one is
    // refused): old + new exceed the maximum.
    assert.throws(
      () => lab.configure({ ...big, seed: 2 }),
      (err) => {
        assert.ok(err instanceof PrayogError, `not a PrayogError: ${err}`);
        assert.equal(err.key, 'error.out_of_memory', err.detail);
        assert.ok(Number(err.params.mb) >= 157, `mb ${err.params.mb}`);
        return true;
      },
    );
    lab.step(1);
    assert.equal(lab.stepsDone(), 2, 'the last good lab survived and still trains');
    // Another session of the same module shares the heap: refused the same way.
    assertPrayogError(() => own.createLab('conv1x1', big), 'error.out_of_memory');
    // Smaller settings fit (and replace the big lab).
    lab.configure({ batch_size: 8 });
    lab.step(1);
    assert.equal(lab.stepsDone(), 1);
  } finally {
    lab.dispose();
  }
  // With every lab gone the big settings fit again: the check refuses only what does not fit.
  // (The reservation is one block: while a small lab sits above the hole the big one left, the
  // heap is too fragmented for it, so this needs the small lab disposed too.)
  const again = own.createLab('conv1x1', big);
  again.step(1);
  assert.equal(again.stepsDone(), 1);
  again.dispose();
});

test('a forced allocation failure (the heap filled from outside) is refused with error.out_of_memory in every lab; the labs already built keep training', async () => {
  // A module of its own, filled to within 64 KB by the module's own malloc: every allocation
  // a new lab would make fails, as it would with another session holding the memory.
  const { factory, wasmBinary } = engineFactory();
  const own = await loadEngine(factory, { wasmBinary });
  const labs = ['attention', 'conv1x1', 'pretrain'];
  const sessions = Object.fromEntries(labs.map((lab) => [lab, own.createLab(lab, {})]));
  for (const s of Object.values(sessions)) s.step(2);
  const held = [];
  for (const size of [16 << 20, 1 << 20, 64 << 10]) {
    for (let p = own.module._malloc(size); p; p = own.module._malloc(size)) held.push(p);
  }
  assert.equal(own.memoryBytes(), 256 * 1024 * 1024, 'the heap is at its maximum');
  try {
    for (const lab of labs) {
      assertPrayogError(() => own.createLab(lab, {}), 'error.out_of_memory');
      assertPrayogError(() => sessions[lab].configure({ seed: 5 }), 'error.out_of_memory');
      sessions[lab].step(5);
      assert.equal(sessions[lab].stepsDone(), 7, `${lab}: the last good lab still trains`);
      assert.ok(Number.isFinite(sessions[lab].metrics().loss), `${lab}: finite loss`);
    }
    // The views the page reads each frame still come out.
    assert.ok(sessions.attention.attention().weights.length > 0);
    assert.ok(sessions.pretrain.pretrainComparison());
    assert.ok(sessions.conv1x1.conv1x1Explorer({}));
  } finally {
    for (const p of held) own.module._free(p);
  }
  // Memory back: the same settings build.
  for (const lab of labs) {
    const s = own.createLab(lab, {});
    s.step(1);
    assert.equal(s.stepsDone(), 1);
    s.dispose();
    sessions[lab].dispose();
  }
});
