// `npm run bench` driver (via scripts/bench.sh): builds the bench page with Vite into
// build/bench-page/, copies our wasm module and TF.js's wasm binaries beside it, serves it on
// 127.0.0.1, runs it in headless Chromium, prints the tables and writes bench/results/gemm.json,
// softmax.json, conv1x1.json, attention_step.json, conv1x1_step.json and pretrain_step.json (the
// others beside --out; a section left out by --only keeps its previous file).
//
//   node bench/run.mjs [--where worker|main] [--repeats 15] [--warmup 300] [--target 20]
//                      [--only gemm,softmax,conv1x1,attention,conv1x1_train,pretrain,plain,AT_B,
//                       128x128x128]
//                      [--out bench/results/gemm.json] [--no-build]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const WASM_DIR = path.join(ROOT, 'build/wasm/wasm');
const PAGE_DIR = path.join(ROOT, 'build/bench-page');
const TFJS_DIST = path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const RUN_TIMEOUT_MS = 8 * 60 * 1000;

function parseArgs(argv) {
  const opts = {
    where: 'worker',
    repeats: 15,
    warmup: 300,
    target: 20,
    only: '',
    out: 'bench/results/gemm.json',
    build: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--where':
        opts.where = value();
        break;
      case '--repeats':
        opts.repeats = Number(value());
        break;
      case '--warmup':
        opts.warmup = Number(value());
        break;
      case '--target':
        opts.target = Number(value());
        break;
      case '--only':
        opts.only = value();
        break;
      case '--out':
        opts.out = value();
        break;
      case '--no-build':
        opts.build = false;
        break;
      default:
        console.error(`bench: unknown argument ${argv[i]}`);
        process.exit(2);
    }
  }
  if (!['worker', 'main'].includes(opts.where)) {
    console.error('bench: --where must be worker or main');
    process.exit(2);
  }
  return opts;
}

function die(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const sizeOf = (file) => {
  const raw = fs.readFileSync(file);
  return { bytes: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function buildPage(opts) {
  for (const f of ['prayog.js', 'prayog.wasm']) {
    if (!fs.existsSync(path.join(WASM_DIR, f))) {
      die(
        `${path.relative(ROOT, path.join(WASM_DIR, f))} is missing: build the wasm module first (npm run build).`,
      );
    }
  }
  if (opts.build) {
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'bench/vite.config.ts'), logLevel: 'warn' });
  } else if (!fs.existsSync(path.join(PAGE_DIR, 'index.html'))) {
    die('--no-build given but build/bench-page/index.html does not exist');
  }
  // Build artefacts are copied, never committed: the module may be rebuilt at any moment.
  for (const f of ['prayog.js', 'prayog.wasm'])
    fs.copyFileSync(path.join(WASM_DIR, f), path.join(PAGE_DIR, f));
  fs.mkdirSync(path.join(PAGE_DIR, 'tfjs'), { recursive: true });
  const tfWasm = fs.readdirSync(TFJS_DIST).filter((f) => f.endsWith('.wasm'));
  if (tfWasm.length === 0) die(`no TF.js wasm binaries in ${TFJS_DIST}: run npm install`);
  for (const f of tfWasm) fs.copyFileSync(path.join(TFJS_DIST, f), path.join(PAGE_DIR, 'tfjs', f));
}

async function runInChromium(url, onLine) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('[bench] ')) onLine(text.slice(8));
      else if (msg.type() === 'error') onLine(`console error: ${text}`);
    });
    page.on('pageerror', (err) => onLine(`page error: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) onLine(`HTTP ${res.status()} ${res.url()}`);
    });
    await page.goto(url);
    // Awaited inside the page: no polling that could wake the page while it measures.
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no result after ${RUN_TIMEOUT_MS / 1000} s`)),
        RUN_TIMEOUT_MS,
      );
    });
    const state = await Promise.race([page.evaluate(() => window.__benchDone), timeout]).finally(
      () => clearTimeout(timer),
    );
    return { state, chromium: browser.version() };
  } finally {
    await browser.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CHROMIUM_PATH)) die(`${CHROMIUM_PATH} not found: apt-get install -y chromium`);
  const t0 = Date.now();
  const loadBefore = os.loadavg()[0];
  await buildPage(opts);
  const buildSeconds = (Date.now() - t0) / 1000;

  const { serveStatic } = await import('../scripts/serve.mjs');
  const server = await serveStatic(PAGE_DIR, { port: 0 });
  const query = new URLSearchParams({
    where: opts.where,
    repeats: String(opts.repeats),
    warmup: String(opts.warmup),
    target: String(opts.target),
  });
  if (opts.only) query.set('only', opts.only);
  let outcome;
  try {
    console.log(
      `bench: page built in ${buildSeconds.toFixed(1)} s; running in headless Chromium (${server.url})`,
    );
    outcome = await runInChromium(`${server.url}?${query}`, (line) => console.log(`  ${line}`));
  } finally {
    await server.close();
  }
  const { state, chromium } = outcome;
  const loadAfter = os.loadavg()[0];
  if (state.state !== 'done') die(`the bench page failed:\n${state.error}`);
  const report = state.report;
  const outDir = path.dirname(path.resolve(ROOT, opts.out));

  const sizes = {
    'prayog.wasm': sizeOf(path.join(WASM_DIR, 'prayog.wasm')),
    'prayog.js': sizeOf(path.join(WASM_DIR, 'prayog.js')),
  };
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const date = new Date().toISOString();
  const machine = {
    cpu,
    cores: os.cpus().length,
    hardwareConcurrency: report.page.hardwareConcurrency,
    platform: `${os.platform()} ${os.release()}`,
    // 1-minute load average before and after: above ~1 other processes shared the 2 cores.
    loadavg: { before: Number(loadBefore.toFixed(2)), after: Number(loadAfter.toFixed(2)) },
  };
  const seconds = (section) => ({
    build: Number(buildSeconds.toFixed(1)),
    page: report.seconds,
    ...(section ? { section: section.seconds } : {}),
    total: Number(((Date.now() - t0) / 1000).toFixed(1)),
  });
  const written = [];
  const write = (file, json) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    written.push(path.relative(ROOT, file));
  };

  // gemm.json: the format issue 2 asked for, unchanged.
  if (report.gemm) {
    write(path.resolve(ROOT, opts.out), {
      results: report.gemm.results,
      details: report.gemm.details,
      date,
      chromium,
      machine,
      thread: report.where,
      crossOriginIsolated: report.page.crossOriginIsolated,
      methodology: {
        ...report.options,
        order: 'each repeat runs peak, ours, tfjs, tfjs_fresh, js; medians over repeats',
      },
      engine: report.engine,
      tfjs: report.tfjs,
      sizes,
      seconds: seconds(null),
    });
  }
  const common = (section) => ({
    date,
    chromium,
    machine,
    thread: report.where,
    crossOriginIsolated: report.page.crossOriginIsolated,
    engine: report.engine,
    tfjs: report.tfjs,
    seconds: seconds(section),
  });
  if (report.softmax) {
    write(path.join(outDir, 'softmax.json'), {
      units: {
        ours: 'Melem/s (elements of the (rows, cols) matrix per second / 1e6)',
        tfjs: 'Melem/s',
        ratio_tfjs: 'ours / tfjs (medians of the same run)',
        ours_gbps: 'GB/s at 8 bytes per element (4 read + 4 written)',
        tfjs_gbps: 'GB/s at 8 bytes per element (4 read + 4 written)',
        'details[].samples': 'Melem/s per repeat',
        'details[].mad_pct': 'median absolute deviation / median, percent',
      },
      contenders: {
        ours: 'engine.softmaxBench({rows, cols}): softmax(x * 0.125) per row (one extra multiply per element), operands in the wasm heap, n runs per call',
        tfjs: report.softmax.tfjsOp,
      },
      results: report.softmax.results,
      details: report.softmax.details,
      ...common(report.softmax),
      methodology: {
        ...report.options,
        order: 'each repeat runs ours, tfjs; medians over repeats',
      },
    });
  }
  if (report.conv1x1) {
    write(path.join(outDir, 'conv1x1.json'), {
      units: {
        ours: 'GFLOP/s (2 flops per multiply-add; MACs = h*w*cin*cout)',
        tfjs: 'GFLOP/s',
        peak: 'GFLOP/s (our WASM SIMD mul+add loop, same run)',
        macs: 'multiply-adds per forward',
        ratio_tfjs: 'ours / tfjs (medians of the same run)',
        ratio_peak: 'ours / peak (medians of the same run)',
        'details[].samples': 'GFLOP/s per repeat',
        'details[].mad_pct': 'median absolute deviation / median, percent',
      },
      contenders: {
        ours: 'engine.conv1x1Bench({h, w, cin, cout}): NHWC batch 1, weights (cin, cout) + bias, operands in the wasm heap, n runs per call',
        tfjs: report.conv1x1.tfjsOp,
        peak: 'engine.simdPeak: 12 independent mul+add chains on registers',
      },
      results: report.conv1x1.results,
      details: report.conv1x1.details,
      ...common(report.conv1x1),
      methodology: {
        ...report.options,
        order: 'each repeat runs peak, ours, tfjs; medians over repeats',
      },
    });
  }
  // The training-step sections share one file layout: steps per second of ours and TF.js.
  const writeStep = (section, file, oursSteps, tfjsSteps, oursDescription) => {
    if (!section) return;
    write(path.join(outDir, file), {
      units: {
        ours_steps_per_s: oursSteps,
        tfjs_steps_per_s: tfjsSteps,
        ours_ms_per_step: 'milliseconds per step (1000 / steps per second)',
        tfjs_ms_per_step: 'milliseconds per step',
        ratio_tfjs: 'ours / tfjs steps per second (medians of the same run)',
        'details[].samples': 'steps/s per repeat',
        'details[].mad_pct': 'median absolute deviation / median, percent',
      },
      contenders: { ours: oursDescription, tfjs: section.tfjsOp },
      results: section.results,
      details: section.details,
      ...common(section),
      methodology: {
        ...report.options,
        order: 'each repeat runs ours, tfjs; medians over repeats',
      },
    });
  };
  writeStep(
    report.attention,
    'attention_step.json',
    'training steps per second (forward + backward + Adam update of one batch)',
    'training steps per second',
    'engine.attentionStepBench(): the attention lab (core/labs/attention_lab.cpp) with its default settings, n steps per call, a fresh batch sampled from the task each step',
  );
  writeStep(
    report.conv1x1Train,
    'conv1x1_step.json',
    'training steps per second (forward + backward + Adam update of one batch of 32 images)',
    'training steps per second (TF.js cpu backend)',
    'engine.conv1x1StepBench(): the 1x1 lab (core/labs/conv1x1_lab.cpp) with its default settings, its default variant (bottleneck) alone, n steps per call, a fresh batch each step',
  );
  writeStep(
    report.pretrain,
    'pretrain_step.json',
    'fine-tuning steps per second (forward + backward + SGD update of every layer, one batch)',
    'training steps per second',
    'engine.pretrainStepBench(): the pretrain lab (core/labs/pretrain_lab.cpp) with its default net and the shallower 256-128-64-32-10 (depth 3, width 128), the greedy arm in its fine-tuning stage, n steps per call, a fresh labelled batch each step, gradient clipped at norm 1',
  );

  console.log('');
  console.log(
    `Chromium ${chromium}, ${cpu}, ${report.where} thread; TF.js ${report.tfjs.version} wasm ` +
      `(SIMD ${report.tfjs.simd ? 'on' : 'OFF'}, ${report.tfjs.threads} thread${report.tfjs.threads === 1 ? '' : 's'}); ` +
      `ours: ${report.engine.simdArch}, tile ${report.engine.gemmMr}x${report.engine.gemmNr}`,
  );
  console.log(report.table);
  console.log('');
  for (const [name, s] of Object.entries(sizes)) {
    console.log(
      `size ${name.padEnd(12)} ${kb(s.bytes).padStart(10)}  gzip -9 ${kb(s.gzip).padStart(9)}`,
    );
  }
  const sum = sizes['prayog.wasm'].gzip + sizes['prayog.js'].gzip;
  console.log(`size wasm+js gzip -9 ${kb(sum)}`);
  const busy = Math.max(loadBefore, loadAfter) > os.cpus().length / 2 + 0.3;
  console.log(
    `load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after` +
      (busy ? ': other processes were busy, expect noisy numbers (re-run on a quiet machine)' : ''),
  );
  const total = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(
    `wrote ${written.join(', ')} (total ${total} s: build ${buildSeconds.toFixed(1)} s, page ${report.seconds} s)`,
  );
}

main().catch((e) => {
  console.error(`bench: ${e?.stack ?? e}`);
  process.exit(1);
});
