// Classic worker (Vite worker.format 'iife'): loads our Emscripten glue with importScripts and runs
// the whole benchmark here, off the page's main thread.
import type { PrayogFactory } from '../../wasm/api.js';
import { runBench } from './bench';
import type { WorkerMessage, WorkerRequest } from './types';

interface ClassicWorkerScope {
  importScripts(...urls: string[]): void;
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  PrayogModule?: PrayogFactory;
}

const scope = self as unknown as ClassicWorkerScope;

scope.onmessage = async ({ data }) => {
  try {
    scope.importScripts(new URL('prayog.js', data.baseUrl).href);
    if (typeof scope.PrayogModule !== 'function')
      throw new Error('prayog.js did not define PrayogModule');
    const report = await runBench(
      scope.PrayogModule,
      data.baseUrl,
      data.options,
      data.only,
      'worker',
      (line) => scope.postMessage({ type: 'log', line }),
    );
    scope.postMessage({ type: 'done', report });
  } catch (e) {
    scope.postMessage({
      type: 'error',
      message: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
  }
};
