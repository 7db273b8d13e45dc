// One benchmark run, in whichever thread calls it (worker or page): load our engine and TF.js, then
// run the selected sections (GEMM, softmax, 1x1 conv, attention training step); in each, for every
// case build the contenders, cross-check their results, time them interleaved, and assemble the
// rows and a table.
import { loadEngine, type Engine, type PrayogFactory } from '../../wasm/api.js';
import { allCases, caseLabel, parseOnly, targetsFor } from './cases';
import {
  crossCheck,
  initTf,
  jsContender,
  makeOperands,
  oursContender,
  peakContender,
  tfjsContender,
  tfjsFreshContender,
  type Contender,
  type ContenderId,
} from './contenders';
import { runAttention } from './attention';
import { runConv1x1 } from './conv1x1';
import { runConv1x1Train } from './conv1x1-train';
import { runPretrain } from './pretrain';
import {
  measureThenDispose,
  pairedRatio,
  round,
  type ContenderStats,
  type RunnerOptions,
  yieldToEventLoop,
} from './runner';
import { runSoftmax } from './softmax';
import { formatTable } from './table';
import type { BenchReport, ResultRow, RowDetails, Section, TargetCheck } from './types';

export async function runBench(
  factory: PrayogFactory,
  baseUrl: string,
  options: Omit<RunnerOptions, 'now'>,
  only: string | null,
  where: 'worker' | 'main',
  log: (line: string) => void,
): Promise<BenchReport> {
  const started = performance.now();
  const selection = parseOnly(only); // a bad --only fails before anything loads
  const engine = await loadEngine(factory, {
    locateFile: (path: string) => new URL(path, baseUrl).href,
  });
  const system = engine.system();
  const tfjs = await initTf(new URL('tfjs/', baseUrl).href);
  log(
    `engine ${system.version}: simd=${system.simd} ${system.simdArch} tile ${system.gemmMr}x${system.gemmNr}; ` +
      `TF.js ${tfjs.version} backend=${tfjs.backend} simd=${tfjs.simd} threads=${tfjs.threads}` +
      ` multithread=${tfjs.multithread}; running in the ${where} thread`,
  );
  if (!tfjs.simd) log('WARNING: TF.js reports no WASM SIMD: its numbers are not its best case');

  const gemm = selection.sections.has('gemm')
    ? await runGemm(engine, options, selection.gemmOnly, log)
    : undefined;
  const softmax = selection.sections.has('softmax')
    ? await runSoftmax(engine, options, log)
    : undefined;
  const conv1x1 = selection.sections.has('conv1x1')
    ? await runConv1x1(engine, options, log)
    : undefined;
  const attention = selection.sections.has('attention')
    ? await runAttention(engine, options, log)
    : undefined;
  const conv1x1Train = selection.sections.has('conv1x1_train')
    ? await runConv1x1Train(engine, options, log)
    : undefined;
  const pretrain = selection.sections.has('pretrain')
    ? await runPretrain(engine, options, log)
    : undefined;
  const tables = [
    gemm?.table,
    softmax?.table,
    conv1x1?.table,
    attention?.table,
    conv1x1Train?.table,
    pretrain?.table,
  ].filter((t): t is string => Boolean(t));

  return {
    where,
    options,
    engine: system,
    tfjs,
    page: {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: Boolean(
        (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated,
      ),
    },
    gemm,
    softmax,
    conv1x1,
    attention,
    conv1x1Train,
    pretrain,
    table: tables.join('\n\n'),
    seconds: round((performance.now() - started) / 1000, 1),
  };
}

/** The GEMM section: every selected case through peak, ours, TF.js, TF.js fresh and JS. */
async function runGemm(
  engine: Engine,
  options: Omit<RunnerOptions, 'now'>,
  only: string | null,
  log: (line: string) => void,
): Promise<Section<ResultRow, RowDetails>> {
  const started = performance.now();
  const results: ResultRow[] = [];
  const details: RowDetails[] = [];
  for (const c of allCases(only)) {
    const t0 = performance.now();
    const ops = makeOperands(c);
    const maxRelErr = crossCheck(engine, c, ops);
    const contenders: Contender[] = [
      peakContender(engine),
      oursContender(engine, c),
      tfjsContender(c, ops),
      tfjsFreshContender(c, ops),
      jsContender(c, ops),
    ];
    const stats = measureThenDispose(contenders, options);
    const by = Object.fromEntries(stats.map((s) => [s.id, s])) as Record<
      ContenderId,
      ContenderStats
    >;
    const pick = <T>(f: (s: ContenderStats) => T) =>
      Object.fromEntries(stats.map((s) => [s.id, f(s)])) as Record<ContenderId, T>;
    const row: ResultRow = {
      case: c.kind,
      m: c.m,
      k: c.k,
      n: c.n,
      ours_gflops: round(by.ours.median),
      tfjs_gflops: round(by.tfjs.median),
      peak_gflops: round(by.peak.median),
      ratio_tfjs: round(by.ours.median / by.tfjs.median),
      ratio_peak: round(by.ours.median / by.peak.median),
    };
    const targets: TargetCheck[] = targetsFor(c).map((t) => ({
      ...t,
      value: row[t.ratio],
      pass: row[t.ratio] >= t.min,
    }));
    const seconds = (performance.now() - t0) / 1000;
    results.push(row);
    details.push({
      case: c.kind,
      m: c.m,
      k: c.k,
      n: c.n,
      tfjs_fresh_gflops: round(by.tfjs_fresh.median),
      js_gflops: round(by.js.median),
      ratio_tfjs_fresh: round(by.ours.median / by.tfjs_fresh.median),
      paired_ratio_tfjs: round(pairedRatio(by.ours.samples, by.tfjs.samples)),
      paired_ratio_peak: round(pairedRatio(by.ours.samples, by.peak.samples)),
      targets,
      max_rel_err: {
        ours: Number(maxRelErr.ours.toPrecision(3)),
        tfjs: Number(maxRelErr.tfjs.toPrecision(3)),
      },
      iterations: pick((s) => s.iterations),
      mad_pct: pick((s) => round(s.madPct, 2)),
      samples: pick((s) => s.samples.map((x) => round(x))),
      seconds: round(seconds, 2),
    });
    log(
      `${caseLabel(c).padEnd(20)} ours ${row.ours_gflops.toFixed(1)}  TF.js ${row.tfjs_gflops.toFixed(1)}` +
        `  peak ${row.peak_gflops.toFixed(1)}  (${seconds.toFixed(1)} s)`,
    );
    await yieldToEventLoop();
  }

  return {
    results,
    details,
    table: formatTable(results, details),
    seconds: round((performance.now() - started) / 1000, 1),
  };
}
