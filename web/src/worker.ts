// The engine worker (a classic script: it must importScripts the Emscripten glue, also when started
// from a blob: URL inside a sandboxed iframe). It owns the engine, does all timing, never touches
// the DOM, and answers each command with typed messages (protocol.ts).
import {
  loadEngine,
  measureGemm,
  measurePeak,
  PrayogError,
  type Engine,
  type PrayogFactory,
} from '../../wasm/api.js';
import { createLabRunner, type LabRunner } from './lab-runner';
import { isPageToWorker, type PageToWorker, type WorkerToPage } from './protocol';

/** The parts of the worker global scope this file uses (the page's tsconfig has DOM types). */
interface WorkerScope {
  importScripts(...urls: string[]): void;
  postMessage(message: WorkerToPage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  PrayogModule?: PrayogFactory;
}

interface WorkerState {
  engine: Engine | null;
  loading: boolean;
  busy: boolean;
  /** True once the kernels ran untimed: the first calls of a wasm function run in the baseline
   * compiler; the optimised code replaces it only after some calls, so the first run warms up. */
  warm: boolean;
  labs: LabRunner;
}

const TIMING = { targetMs: 25, repeats: 3 };
const WARM_UP = { targetMs: 5, repeats: 1 };
const WARM_UP_MS = 300;

function errorOf(
  err: unknown,
  fallbackKey: string,
): { key: string; detail: string; params?: Record<string, string> } {
  if (err instanceof PrayogError) return { key: err.key, detail: err.detail, params: err.params };
  if (err instanceof Error) return { key: fallbackKey, detail: `${err.name}: ${err.message}` };
  return { key: fallbackKey, detail: String(err) };
}

/**
 * The Emscripten factory. Built, this worker is a classic script and importScripts the glue; the
 * Vite dev server can only serve module workers, so there it imports an ES-module wrapper of the
 * same glue that vite.config.ts serves (dev only: this branch is not in the build).
 */
async function loadFactory(
  scope: WorkerScope,
  engineBase: string,
): Promise<PrayogFactory | undefined> {
  if (import.meta.env.DEV) {
    const module = (await import(/* @vite-ignore */ `${engineBase}prayog.mjs`)) as {
      default?: PrayogFactory;
    };
    return module.default;
  }
  scope.importScripts(`${engineBase}prayog.js`);
  return scope.PrayogModule;
}

async function init(scope: WorkerScope, state: WorkerState, engineBase: string): Promise<void> {
  if (state.engine) {
    scope.postMessage({
      type: 'ready',
      system: state.engine.system(),
      schemas: state.engine.schemas(),
      tours: state.engine.tours(),
    });
    return;
  }
  if (state.loading) return;
  state.loading = true;
  try {
    let factory: PrayogFactory | undefined;
    try {
      factory = await loadFactory(scope, engineBase);
    } catch (err) {
      throw new PrayogError('error.engine_load', errorOf(err, 'error.engine_load').detail);
    }
    if (typeof factory !== 'function') {
      throw new PrayogError('error.engine_load', 'prayog.js did not define PrayogModule');
    }
    const engine = await loadEngine(factory, {
      locateFile: (file: string) => engineBase + file,
    });
    state.engine = engine;
    scope.postMessage({
      type: 'ready',
      system: engine.system(),
      schemas: engine.schemas(),
      tours: engine.tours(),
    });
  } catch (err) {
    scope.postMessage({ type: 'error', during: 'init', ...errorOf(err, 'error.engine_load') });
  } finally {
    state.loading = false;
  }
}

/** Yields to the event loop so each posted point leaves before the next measurement starts. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function bench(scope: WorkerScope, state: WorkerState, run: number, sizes: number[]) {
  const engine = state.engine;
  if (!engine) {
    scope.postMessage({ type: 'error', during: 'bench', run, key: 'error.not_ready', detail: '' });
    return;
  }
  if (state.busy) {
    scope.postMessage({ type: 'error', during: 'bench', run, key: 'error.busy', detail: '' });
    return;
  }
  state.busy = true;
  try {
    if (!state.warm) {
      const t0 = performance.now();
      do {
        measurePeak(engine, WARM_UP);
        for (const n of sizes) measureGemm(engine, { m: n, k: n, n }, WARM_UP);
      } while (performance.now() - t0 < WARM_UP_MS);
      state.warm = true;
      await breathe();
    }
    scope.postMessage({ type: 'bench-peak', run, gflops: measurePeak(engine, TIMING) });
    for (const n of sizes) {
      await breathe();
      const gflops = measureGemm(engine, { m: n, k: n, n }, TIMING);
      scope.postMessage({ type: 'bench-point', run, size: n, gflops });
    }
    scope.postMessage({ type: 'bench-done', run });
  } catch (err) {
    scope.postMessage({ type: 'error', during: 'bench', run, ...errorOf(err, 'error.unknown') });
  } finally {
    state.busy = false;
  }
}

function handle(scope: WorkerScope, state: WorkerState, msg: PageToWorker): void {
  switch (msg.type) {
    case 'init':
      void init(scope, state, msg.engineBase);
      break;
    case 'bench':
      void bench(scope, state, msg.run, msg.sizes);
      break;
    case 'ping':
      scope.postMessage({ type: 'pong', n: msg.n });
      break;
    default:
      state.labs.handle(msg);
  }
}

function main(scope: WorkerScope): void {
  const state: WorkerState = {
    engine: null,
    loading: false,
    busy: false,
    warm: false,
    labs: createLabRunner(
      () => state.engine,
      (msg, transfer) => scope.postMessage(msg, transfer),
    ),
  };
  scope.addEventListener('message', (event) => {
    if (isPageToWorker(event.data)) handle(scope, state, event.data);
  });
}

main(self as unknown as WorkerScope);
