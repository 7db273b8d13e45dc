// Bench page entry. Query: ?where=worker|main (thread that runs every contender), repeats, warmup
// (ms), target (ms per sample), only (sections gemm/softmax/conv1x1, GEMM kinds or MxKxN,
// comma-separated). The node driver reads window.__bench once its state is no longer 'running'.
import type { PrayogFactory } from '../../wasm/api.js';
import type { BenchReport, WorkerMessage, WorkerRequest } from './types';

interface BenchState {
  state: 'running' | 'done' | 'error';
  log: string[];
  report?: BenchReport;
  error?: string;
}

declare global {
  interface Window {
    __bench: BenchState;
    /** Resolves once the run is done or failed (the driver awaits it instead of polling). */
    __benchDone: Promise<BenchState>;
    PrayogModule?: PrayogFactory;
  }
}

const params = new URLSearchParams(location.search);
const num = (name: string, fallback: number) => {
  const v = Number(params.get(name));
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const where: 'worker' | 'main' = params.get('where') === 'main' ? 'main' : 'worker';
const request: WorkerRequest = {
  baseUrl: new URL('./', document.baseURI).href,
  options: {
    warmupMs: num('warmup', 300),
    targetMs: num('target', 20),
    repeats: Math.round(num('repeats', 15)),
  },
  only: params.get('only'),
};

const state: BenchState = { state: 'running', log: [] };
window.__bench = state;
let settle: (s: BenchState) => void = () => {};
window.__benchDone = new Promise((resolve) => (settle = resolve));
const $ = (id: string) => document.getElementById(id)!;

function log(line: string) {
  state.log.push(line);
  console.log(`[bench] ${line}`);
  $('log').textContent += `${line}\n`;
}

function finish(report: BenchReport) {
  state.report = report;
  state.state = 'done';
  $('status').textContent = `done in ${report.seconds} s (${report.where} thread)`;
  $('table').textContent = report.table;
  settle(state);
}

function fail(message: string) {
  state.error = message;
  state.state = 'error';
  $('status').textContent = 'failed';
  console.error(`[bench] ${message}`);
  $('log').textContent += `ERROR ${message}\n`;
  settle(state);
}

function loadClassicScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

async function runInMainThread() {
  await loadClassicScript(new URL('prayog.js', request.baseUrl).href);
  if (typeof window.PrayogModule !== 'function')
    throw new Error('prayog.js did not define PrayogModule');
  const { runBench } = await import('./bench');
  finish(
    await runBench(
      window.PrayogModule,
      request.baseUrl,
      request.options,
      request.only,
      'main',
      log,
    ),
  );
}

function runInWorker() {
  const worker = new Worker(new URL('./worker.ts', import.meta.url));
  worker.onmessage = ({ data }: MessageEvent<WorkerMessage>) => {
    if (data.type === 'log') log(data.line);
    else if (data.type === 'done') finish(data.report);
    else fail(data.message);
  };
  worker.onerror = (e) => fail(`worker error: ${e.message}`);
  worker.postMessage(request);
}

log(
  `bench page: where=${where} ${JSON.stringify(request.options)}${request.only ? ` only=${request.only}` : ''}`,
);
if (where === 'main')
  runInMainThread().catch((e) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
else runInWorker();
