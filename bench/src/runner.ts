// Timing: warm every contender up, size each one's samples, then interleave the repeats so that
// clock drift and noisy neighbours hit all contenders of a case alike; report medians.
import type { Contender, ContenderId } from './contenders';

export interface RunnerOptions {
  /** Minimum time each contender runs before any timing (wasm tiers up Liftoff -> TurboFan). */
  warmupMs: number;
  /** Length of one timed sample (browser timers are coarse: ~0.1 ms without isolation). */
  targetMs: number;
  /** Interleaved repeats; medians are taken over these. */
  repeats: number;
  now?: () => number;
}

export interface ContenderStats {
  id: ContenderId;
  iterations: number;
  /** GFLOP/s of every repeat, in order. */
  samples: number[];
  median: number;
  /** Median absolute deviation / median, in percent: the noise of this contender in this case. */
  madPct: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs the contender for at least warmupMs with growing iteration counts, then returns the
 * iteration count whose run lasts about targetMs (at least 1: the slow JS loop may exceed it).
 * Sizing uses the fastest rate seen in runs long enough to time well: a run slowed down by a
 * neighbour must not shrink the samples (a 4 ms sample is only 40 timer ticks).
 */
export function warmAndSize(c: Contender, opts: RunnerOptions): number {
  const now = opts.now ?? (() => performance.now());
  const maxIterations = 1 << 26;
  let iterations = 1;
  let spent = 0;
  let reliableRuns = 0;
  let bestMsPerIteration = Infinity;
  for (;;) {
    const t0 = now();
    c.run(iterations);
    const dt = now() - t0;
    spent += dt;
    if (dt >= opts.targetMs / 4) {
      reliableRuns++;
      bestMsPerIteration = Math.min(bestMsPerIteration, dt / iterations);
    }
    if (spent >= opts.warmupMs && (reliableRuns >= 2 || iterations >= maxIterations)) {
      const perIteration = Number.isFinite(bestMsPerIteration)
        ? bestMsPerIteration
        : Math.max(dt, 1e-3) / iterations;
      return Math.max(1, Math.min(maxIterations, Math.round(opts.targetMs / perIteration)));
    }
    if (dt < opts.targetMs / 2 && iterations < maxIterations) iterations *= 2;
  }
}

/** Warm-up and sizing for every contender, then `repeats` interleaved rounds in ORDER. */
export function measure(contenders: readonly Contender[], opts: RunnerOptions): ContenderStats[] {
  const now = opts.now ?? (() => performance.now());
  const iterations = contenders.map((c) => Math.max(c.minIterations ?? 1, warmAndSize(c, opts)));
  const samples: number[][] = contenders.map(() => []);
  for (let r = 0; r < opts.repeats; r++) {
    contenders.forEach((c, i) => {
      const t0 = now();
      c.run(iterations[i]);
      const ms = now() - t0;
      samples[i].push((iterations[i] * c.flopsPerRun) / (Math.max(ms, 1e-3) * 1e6));
    });
  }
  return contenders.map((c, i) => {
    const med = median(samples[i]);
    const mad = median(samples[i].map((x) => Math.abs(x - med)));
    return {
      id: c.id,
      iterations: iterations[i],
      samples: samples[i],
      median: med,
      madPct: med > 0 ? (100 * mad) / med : 0,
    };
  });
}

export const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Median over repeats of ours[r] / other[r]: the two samples of a repeat run back to back. */
export const pairedRatio = (ours: readonly number[], other: readonly number[]) =>
  median(ours.map((x, r) => x / other[r]));

/** Lets queued messages (log lines, progress) leave the worker between measurements. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** measure(), then dispose every contender (their wasm memory and TF.js tensors) even on error. */
export function measureThenDispose(
  contenders: readonly Contender[],
  opts: RunnerOptions,
): ContenderStats[] {
  try {
    return measure(contenders, opts);
  } finally {
    for (const c of contenders) c.dispose();
  }
}
