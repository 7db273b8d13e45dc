// "About this engine": the system report of the loaded module and the live GEMM self-benchmark.
// Test hooks: [data-metric=simd] data-value "1"/"0"; [data-metric=gemm-gflops] data-value = best
// GFLOP/s of the finished run (absent before); the chart container has data-chart="gemm".
import type { MessageKey } from '../i18n';
import { formatNumber } from '../i18n';
import { BENCH_SIZES, type SystemReport, type WorkerToPage } from '../protocol';
import { clear, h } from './dom';
import { errorBox } from './errors';
import { createGemmChart } from './gemm-chart';
import type { Texts } from './texts';

/** idle: an embedded page waits until it is scrolled into view before it starts the engine. */
export type EngineStatus = 'idle' | 'loading' | 'ready' | 'error' | 'stopped' | 'no-simd';

export interface AboutOptions {
  /** Embed mode: the system report starts folded. */
  compact: boolean;
  /** Sends a benchmark command for run number `run`; false when there is no engine to ask. */
  requestBench(run: number, sizes: number[]): boolean;
}

export interface AboutView {
  el: HTMLElement;
  setStatus(status: EngineStatus): void;
  setSystem(system: SystemReport): void;
  showError(key: string, detail: string, params?: Record<string, string>): void;
  /** Starts a benchmark run (ignored while one runs or without an engine). */
  runBench(): void;
  /** Feeds a worker message about the benchmark. */
  handle(message: WorkerToPage): void;
}

interface BenchState {
  run: number;
  running: boolean;
  ranOnce: boolean;
  peak: number | null;
  gflops: Array<number | null>;
}

const STATUS_KEYS: Record<EngineStatus, MessageKey> = {
  idle: 'engine.status.idle',
  loading: 'engine.status.loading',
  ready: 'engine.status.ready',
  error: 'engine.status.error',
  stopped: 'engine.status.stopped',
  'no-simd': 'engine.status.no_simd',
};

/** Plain Latin-digit number with one decimal, for data-value. */
function plain(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function createAboutView(texts: Texts, options: AboutOptions): AboutView {
  const sizes = [...BENCH_SIZES];
  const bench: BenchState = {
    run: 0,
    running: false,
    ranOnce: false,
    peak: null,
    gflops: sizes.map(() => null),
  };
  let status: EngineStatus = 'loading';

  // --- system report -----------------------------------------------------------------------
  const pending = () => texts.text(h('span'), 'report.pending');
  const dd = {
    version: h('dd', {}, pending()),
    simd: h('dd', { 'data-metric': 'simd' }, pending()),
    arch: h('dd', {}, pending()),
    width: h('dd', {}, pending()),
    tile: h('dd', {}, pending()),
    compiler: h('dd', {}, pending()),
    flags: h('dd', { class: 'flags' }, pending()),
  };
  const row = (key: MessageKey, value: HTMLElement) =>
    h('div', {}, texts.text(h('dt'), key), value);
  const reportList = texts.attr(
    h(
      'dl',
      { class: 'report' },
      row('report.version', dd.version),
      row('report.simd', dd.simd),
      row('report.arch', dd.arch),
      row('report.width', dd.width),
      row('report.tile', dd.tile),
      row('report.compiler', dd.compiler),
      row('report.flags', dd.flags),
    ),
    'aria-label',
    'report.label',
  );
  const report = h(
    'details',
    { class: 'report-details', open: !options.compact },
    texts.text(h('summary'), 'report.label'),
    reportList,
  );
  const setPlain = (el: HTMLElement, value: string, code = false) => {
    clear(el);
    el.append(code ? h('code', {}, value) : value);
  };
  const setBound = (el: HTMLElement, key: MessageKey, params = {}) => {
    clear(el);
    el.append(texts.text(h('span'), key, params));
  };
  const setSimd = (on: boolean) => {
    dd.simd.dataset.value = on ? '1' : '0';
    setBound(dd.simd, on ? 'report.simd_on' : 'report.simd_off');
    dd.simd.classList.toggle('off', !on);
  };

  // --- status and errors -------------------------------------------------------------------
  const statusLine = h('p', { class: 'engine-status', role: 'status' });
  const errors = h('div', { class: 'engine-errors' });
  texts.text(statusLine, STATUS_KEYS[status]);

  // --- benchmark ---------------------------------------------------------------------------
  const button = h('button', { type: 'button', class: 'button', 'data-action': 'bench' });
  texts.text(button, 'bench.run');
  const result = h('p', {
    class: 'bench-result',
    'data-metric': 'gemm-gflops',
    'aria-live': 'polite',
  });
  texts.text(result, 'bench.not_run');
  const peakLine = h('p', { class: 'bench-peak' });
  const chart = createGemmChart(texts, { sizes, gflops: bench.gflops, peak: null });
  const tableBody = h('tbody');
  const table = h(
    'details',
    { class: 'bench-table' },
    texts.text(h('summary'), 'table.summary'),
    h(
      'table',
      {},
      texts.text(h('caption'), 'table.caption'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          texts.text(h('th', { scope: 'col' }), 'table.size'),
          texts.text(h('th', { scope: 'col', class: 'num' }), 'table.gflops'),
        ),
      ),
      tableBody,
    ),
  );

  const renderTable = () => {
    for (const el of tableBody.querySelectorAll('*')) texts.unbind(el);
    clear(tableBody);
    const cell = (value: number | null) =>
      h('td', { class: 'num' }, value === null ? '—' : formatNumber(texts.lang, value, 1));
    sizes.forEach((n, i) => {
      tableBody.append(
        h('tr', {}, h('th', { scope: 'row' }, `${n}×${n}×${n}`), cell(bench.gflops[i])),
      );
    });
    tableBody.append(
      h(
        'tr',
        { class: 'peak-row' },
        texts.text(h('th', { scope: 'row' }), 'table.peak_row'),
        cell(bench.peak),
      ),
    );
  };

  const best = (): { gflops: number; n: number } | null => {
    let top: { gflops: number; n: number } | null = null;
    bench.gflops.forEach((g, i) => {
      if (g !== null && (!top || g > top.gflops)) top = { gflops: g, n: sizes[i] };
    });
    return top;
  };

  const refresh = () => {
    chart.setData({ sizes, gflops: bench.gflops, peak: bench.peak });
    renderTable();
    const done = bench.gflops.filter((g) => g !== null).length + (bench.peak === null ? 0 : 1);
    const top = best();
    if (bench.running) {
      texts.text(result, 'bench.running', { done, total: sizes.length + 1 });
    } else if (top && bench.ranOnce) {
      texts.text(result, 'bench.best', { gflops: Math.round(top.gflops * 10) / 10, n: top.n });
    } else if (status === 'ready' || status === 'loading' || status === 'idle') {
      texts.text(result, 'bench.not_run');
    } else {
      texts.text(result, 'bench.unavailable');
    }
    if (bench.peak !== null)
      texts.text(peakLine, 'bench.peak', { gflops: Math.round(bench.peak * 10) / 10 });
    else {
      texts.unbind(peakLine);
      peakLine.textContent = '';
    }
    button.disabled = bench.running || status !== 'ready';
    texts.text(button, bench.ranOnce ? 'bench.rerun' : 'bench.run');
  };

  const finish = (ok: boolean) => {
    bench.running = false;
    if (ok) {
      bench.ranOnce = true;
      const top = best();
      if (top) result.dataset.value = plain(top.gflops);
    }
    refresh();
  };

  texts.onChange(renderTable);
  button.addEventListener('click', () => view.runBench());

  const el = h(
    'section',
    { class: 'about', 'data-control': 'about', 'aria-labelledby': 'about-title' },
    texts.text(h('h2', { id: 'about-title' }), 'about.heading'),
    texts.text(h('p', { class: 'about-intro' }), 'about.intro'),
    statusLine,
    errors,
    report,
    h(
      'div',
      { class: 'bench', 'data-control': 'bench' },
      texts.text(h('h3'), 'bench.heading'),
      texts.text(h('p', { class: 'bench-explain' }), 'bench.explain'),
      h('div', { class: 'bench-actions' }, button, result),
      peakLine,
      chart.el,
      table,
    ),
  );

  const view: AboutView = {
    el,
    setStatus(next) {
      status = next;
      texts.text(statusLine, STATUS_KEYS[next]);
      if (next === 'no-simd') setSimd(false);
      if (next === 'error' || next === 'stopped' || next === 'no-simd') bench.running = false;
      refresh();
    },
    setSystem(system) {
      setPlain(dd.version, String(system.version));
      setSimd(Boolean(system.simd));
      setPlain(dd.arch, String(system.simdArch));
      setBound(dd.width, 'report.width_value', { n: Number(system.simdWidth) });
      setBound(dd.tile, 'report.tile_value', {
        mr: Number(system.gemmMr),
        nr: Number(system.gemmNr),
      });
      setPlain(dd.compiler, String(system.compiler).trim());
      setPlain(dd.flags, String(system.flags), true);
    },
    showError(key, detail, params) {
      for (const old of errors.querySelectorAll('*')) texts.unbind(old);
      clear(errors);
      errors.append(errorBox(texts, key, detail, params));
    },
    runBench() {
      if (bench.running || status !== 'ready') return;
      bench.run += 1;
      bench.peak = null;
      bench.gflops = sizes.map(() => null);
      delete result.dataset.value;
      for (const old of errors.querySelectorAll('*')) texts.unbind(old);
      clear(errors);
      bench.running = options.requestBench(bench.run, sizes);
      refresh();
    },
    handle(message) {
      if (!('run' in message) || message.run !== bench.run || !bench.running) return;
      switch (message.type) {
        case 'bench-peak':
          bench.peak = message.gflops;
          refresh();
          break;
        case 'bench-point': {
          const i = sizes.indexOf(message.size);
          if (i >= 0) bench.gflops[i] = message.gflops;
          refresh();
          break;
        }
        case 'bench-done':
          finish(true);
          break;
        case 'error':
          view.showError(message.key, message.detail, message.params);
          finish(false);
          break;
      }
    },
  };
  refresh();
  return view;
}
