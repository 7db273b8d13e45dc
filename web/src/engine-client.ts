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
  /** The worker could not be started at all (key: error.worker_start), or it crashed. */
  onFailure(key: string, detail: string): void;
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
export function startEngine(baseUri: string, callbacks: EngineCallbacks): EngineClient {
  const absUrl = new URL(workerUrl, baseUri).href;
  const init: PageToWorker = { type: 'init', engineBase: engineBaseUrl(baseUri) };
  const ways = launchers(absUrl);
  const session = { worker: null as Worker | null, heard: false, cleanup: () => {}, lastError: '' };

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
          }
          if (isWorkerToPage(event.data)) callbacks.onMessage(event.data);
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
            callbacks.onFailure('error.unknown', session.lastError);
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
      session.worker?.terminate();
      session.worker = null;
    },
  };
}
