// Starts the engine worker and relays typed messages. A normal page gets `new Worker(url)`; a page
// in a sandboxed iframe without allow-same-origin (WordPress embeds) has an opaque origin, where
// that throws: there the worker starts from a blob: URL that importScripts the absolute script URL
// (served with Access-Control-Allow-Origin: *).
import workerUrl from './worker.ts?worker&url';
import { isWorkerToPage, type PageToWorker, type WorkerToPage } from './protocol';

export interface EngineClient {
  send(message: PageToWorker): void;
  terminate(): void;
}

export interface EngineCallbacks {
  onMessage(message: WorkerToPage): void;
  /** The worker could not be started at all (key: error.worker_start). */
  onFailure(key: string, detail: string): void;
  /**
   * The worker died after it had started: an uncaught error (a wasm trap leaves the module
   * unusable), or silence (closed, or killed by the browser: a dead worker sends no event).
   * The client has terminated it; the page may start a new one.
   */
  onCrash(detail: string): void;
}

/**
 * The watchdog's clock. A worker answers a ping between two requests, and no single request runs
 * longer than a few seconds (the biggest lab step chunk, the benchmark's warm-up), so a worker
 * quiet for `quietMs` is pinged and one that then stays silent for `deadMs` more is dead. A hidden
 * page is not watched: the browser throttles its timers and the labs do not train there.
 */
export interface Watchdog {
  quietMs: number;
  deadMs: number;
  tickMs: number;
  now(): number;
  hidden(): boolean;
  every(ms: number, tick: () => void): () => void;
}

export function browserWatchdog(win: Window): Watchdog {
  return {
    quietMs: 2000,
    deadMs: 15000,
    tickMs: 1000,
    now: () => win.performance.now(),
    hidden: () => win.document.hidden,
    every(ms, tick) {
      const handle = win.setInterval(tick, ms);
      return () => win.clearInterval(handle);
    },
  };
}

/** Absolute URL of the folder holding prayog.js and prayog.wasm. */
export function engineBaseUrl(baseUri: string): string {
  return new URL('engine/', baseUri).href;
}

type Launch = () => { worker: Worker; cleanup: () => void };

function launchers(absUrl: string): Launch[] {
  // The Vite dev server serves workers as ES modules (the build makes a classic script).
  if (import.meta.env.DEV)
    return [() => ({ worker: new Worker(absUrl, { type: 'module' }), cleanup: () => {} })];
  return [
    () => ({ worker: new Worker(absUrl), cleanup: () => {} }),
    () => {
      const source = `importScripts(${JSON.stringify(absUrl)});\n`;
      const blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      try {
        return { worker: new Worker(blobUrl), cleanup: () => URL.revokeObjectURL(blobUrl) };
      } catch (err) {
        URL.revokeObjectURL(blobUrl);
        throw err;
      }
    },
  ];
}

/**
 * Starts the worker and sends it `init`. If a way of starting fails (it throws, or the worker
 * errors before its first message), the next way is tried; when none is left, onFailure is called.
 */
export function startEngine(
  baseUri: string,
  callbacks: EngineCallbacks,
  watchdog?: Watchdog,
): EngineClient {
  const absUrl = new URL(workerUrl, baseUri).href;
  const init: PageToWorker = { type: 'init', engineBase: engineBaseUrl(baseUri) };
  const ways = launchers(absUrl);
  const session = { worker: null as Worker | null, heard: false, cleanup: () => {}, lastError: '' };
  // Watched from the first message on (compiling the wasm may take long on a slow machine).
  const watch = { lastHeard: 0, pingAt: -1, pings: 0, stop: null as (() => void) | null };

  const crash = (detail: string) => {
    watch.stop?.();
    watch.stop = null;
    session.worker?.terminate();
    session.worker = null;
    callbacks.onCrash(detail);
  };
  const startWatch = () => {
    if (!watchdog || watch.stop) return;
    watch.lastHeard = watchdog.now();
    watch.stop = watchdog.every(watchdog.tickMs, () => {
      const now = watchdog.now();
      if (watchdog.hidden()) {
        // Back from a hidden spell: the silence there proves nothing.
        watch.lastHeard = now;
        watch.pingAt = -1;
        return;
      }
      if (watch.pingAt >= 0) {
        if (now - watch.pingAt > watchdog.deadMs)
          crash(`no answer from the worker for ${Math.round((now - watch.lastHeard) / 1000)} s`);
        return;
      }
      if (now - watch.lastHeard > watchdog.quietMs) {
        watch.pingAt = now;
        session.worker?.postMessage({ type: 'ping', n: ++watch.pings } satisfies PageToWorker);
      }
    });
  };

  const tryNext = (): void => {
    while (ways.length) {
      const launch = ways.shift()!;
      try {
        const { worker, cleanup } = launch();
        session.worker = worker;
        session.cleanup = cleanup;
        worker.addEventListener('message', (event: MessageEvent<unknown>) => {
          if (session.worker !== worker) return;
          if (!session.heard) {
            session.heard = true;
            session.cleanup();
            startWatch();
          }
          if (watchdog) {
            watch.lastHeard = watchdog.now();
            watch.pingAt = -1;
          }
          if (isWorkerToPage(event.data) && event.data.type !== 'pong')
            callbacks.onMessage(event.data);
        });
        worker.addEventListener('error', (event: ErrorEvent) => {
          if (session.worker !== worker) return;
          event.preventDefault();
          session.lastError = event.message || 'worker error';
          if (!session.heard) {
            worker.terminate();
            session.cleanup();
            session.worker = null;
            tryNext();
          } else {
            crash(session.lastError);
          }
        });
        worker.postMessage(init);
        return;
      } catch (err) {
        session.lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
    }
    callbacks.onFailure('error.worker_start', session.lastError);
  };
  tryNext();

  return {
    send(message) {
      session.worker?.postMessage(message);
    },
    terminate() {
      watch.stop?.();
      watch.stop = null;
      session.worker?.terminate();
      session.worker = null;
    },
  };
}
