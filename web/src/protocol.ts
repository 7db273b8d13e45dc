// Messages between the page and the engine worker. The page sends commands; the worker answers
// with results. Every message is a plain structured-clonable object with a `type` tag.
import type { SystemReport } from '../../wasm/api.js';

export type { SystemReport };

/** Square GEMM sizes (n×n×n) of the self-benchmark. */
export const BENCH_SIZES: readonly number[] = [16, 32, 64, 128, 256];
export const BENCH_MAX_SIZE = 1024;

export type PageToWorker =
  /** Load the engine from `engineBase` (absolute URL ending in "/"). */
  | { type: 'init'; engineBase: string }
  /** Run the self-benchmark: the SIMD peak once, then one GEMM per size. */
  | { type: 'bench'; run: number; sizes: number[] };

export type WorkerToPage =
  | { type: 'ready'; system: SystemReport }
  | { type: 'bench-peak'; run: number; gflops: number }
  | { type: 'bench-point'; run: number; size: number; gflops: number }
  | { type: 'bench-done'; run: number }
  /** `key` is a catalog key (error.*); `detail` is technical text, shown as such. */
  | {
      type: 'error';
      during: 'init' | 'bench';
      run?: number;
      key: string;
      detail: string;
      /** Values for the message's placeholders ({field}, {min}, ...), from the engine's status. */
      params?: Record<string, string>;
    };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Structural check of a message from the worker (the page trusts nothing it did not check). */
export function isWorkerToPage(v: unknown): v is WorkerToPage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'ready':
      return isObject(v.system);
    case 'bench-peak':
      return finite(v.run) && finite(v.gflops);
    case 'bench-point':
      return finite(v.run) && finite(v.size) && finite(v.gflops);
    case 'bench-done':
      return finite(v.run);
    case 'error':
      return (
        typeof v.key === 'string' &&
        typeof v.detail === 'string' &&
        (v.params === undefined ||
          (isObject(v.params) && Object.values(v.params).every((p) => typeof p === 'string')))
      );
    default:
      return false;
  }
}

/** Structural check of a command from the page. */
export function isPageToWorker(v: unknown): v is PageToWorker {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'init':
      return typeof v.engineBase === 'string';
    case 'bench':
      return (
        finite(v.run) &&
        Array.isArray(v.sizes) &&
        v.sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= BENCH_MAX_SIZE)
      );
    default:
      return false;
  }
}
