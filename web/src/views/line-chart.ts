// Live training curves (loss, accuracy, gradient norms) on uPlot. The worker posts a point per
// snapshot; push() only appends to plain arrays, and draw() (once per animation frame) hands uPlot
// a min/max-decimated copy, so 10,000 points per series still cost about one pixel column each.
// Looks like the GEMM chart: Okabe-Ito colours with a dash pattern per series, the page fonts,
// and a rebuild on a language switch (axis titles and legend are translated), keeping the data.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import '../styles/lab-views.css';
import { formatNumber, type Lang, type MessageKey } from '../i18n';
import { csvFromColumns } from './csv';
import { decimate, drawBudget, type Columns } from './decimate';
import { DASHES, FONT_STACK, OKABE_ITO } from './colour';
import { h } from './dom';
import type { Texts } from './texts';

export interface LineChartOptions {
  /** Sets data-chart=id on the root (tests and export code find the chart by it). */
  id: string;
  title: MessageKey;
  xLabel: MessageKey;
  yLabel: MessageKey;
  logY?: boolean;
  yMin?: number;
  yMax?: number;
  height?: number;
  /** Decimals of the values in the legend and on the y axis (default 3). */
  digits?: number;
}

export interface LineSeries {
  key: string;
  label: MessageKey;
  /** true: dashed, false: solid; unset: a pattern by index (the first series solid). */
  dash?: boolean;
}

export interface LineChart {
  el: HTMLElement;
  setSeries(series: LineSeries[]): void;
  push(x: number, ys: Array<number | null>): void;
  draw(): void;
  clear(): void;
  toCsv(): string;
  canvas(): HTMLCanvasElement | null;
  resize(): void;
}

/** Decimals that tell neighbouring ticks apart: from the tick step, or per tick on a log axis. */
function tickDigits(v: number, incr: number, log: boolean): number {
  const ref = log ? Math.abs(v) : incr;
  if (!(ref > 0) || !Number.isFinite(ref)) return 0;
  return Math.max(0, Math.min(8, Math.ceil(-Math.log10(ref) - 1e-9)));
}

function seriesDash(spec: LineSeries, index: number): number[] {
  if (spec.dash === false) return [];
  const pattern = DASHES[index % DASHES.length];
  if (spec.dash === true && pattern.length === 0) return [8, 4];
  return [...pattern];
}

export function createLineChart(texts: Texts, opts: LineChartOptions): LineChart {
  const height = opts.height ?? 220;
  const digits = opts.digits ?? 3;
  const logY = opts.logY ?? false;
  const title = h('figcaption', { class: 'lab-view-title' });
  texts.text(title, opts.title);
  const plotBox = h('div', { class: 'line-chart-plot' });
  const el = h('figure', { class: 'lab-view line-chart', 'data-chart': opts.id }, title, plotBox);
  plotBox.style.minHeight = `${height}px`;

  const state = {
    plot: null as uPlot | null,
    series: [] as LineSeries[],
    data: { xs: [], ys: [] } as Columns,
    width: 0,
    dirty: false,
  };

  const options = (lang: Lang, width: number): uPlot.Options => {
    const fmt = (v: number | null | undefined, d: number) =>
      v === null || v === undefined ? '—' : formatNumber(lang, v, d);
    const axis = {
      stroke: '#3b4351',
      font: `12px ${FONT_STACK}`,
      labelFont: `13px ${FONT_STACK}`,
      grid: { stroke: '#e3e6ea', width: 1 },
      ticks: { stroke: '#c9ced6', width: 1 },
    };
    const fixedRange = opts.yMin !== undefined || opts.yMax !== undefined;
    return {
      width,
      height,
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
      legend: {
        live: true,
        markers: {
          dash: (u, i) => {
            const d = u.series[i].dash;
            return !d || d.length === 0 ? 'solid' : d[0] <= 2 ? 'dotted' : 'dashed';
          },
        },
      },
      scales: {
        x: {
          time: false,
          range: (_u, min, max) =>
            min === null || max === null || !Number.isFinite(min)
              ? [0, 1]
              : min === max
                ? [min - 1, max + 1]
                : [min, max],
        },
        y: logY
          ? {
              distr: 3,
              log: 10,
              ...(fixedRange
                ? { range: (_u, min, max) => [opts.yMin ?? min, opts.yMax ?? max] }
                : {}),
            }
          : fixedRange
            ? { range: (_u, min, max) => [opts.yMin ?? min ?? 0, opts.yMax ?? max ?? 1] }
            : {},
      },
      axes: [
        {
          ...axis,
          label: texts.t(opts.xLabel),
          values: (_u, splits, _a, _s, incr) =>
            splits.map((v) => (v === null ? '' : fmt(v, tickDigits(v, incr, false)))),
        },
        {
          ...axis,
          label: texts.t(opts.yLabel),
          size: 60,
          values: (_u, splits, _a, _s, incr) =>
            splits.map((v) => (v === null ? '' : fmt(v, tickDigits(v, incr, logY)))),
        },
      ],
      series: [
        { label: texts.t(opts.xLabel), value: (_u, v) => fmt(v, 2) },
        ...state.series.map((spec, i) => ({
          label: texts.t(spec.label),
          stroke: OKABE_ITO[i % OKABE_ITO.length],
          width: 2,
          dash: seriesDash(spec, i),
          spanGaps: false,
          points: { size: 5 },
          value: (_u: uPlot, v: number | null) => fmt(v, digits),
        })),
      ],
    };
  };

  const aligned = () =>
    decimate(
      state.data,
      drawBudget(state.plot?.bbox.width ?? state.width),
      logY,
    ) as uPlot.AlignedData;

  const build = () => {
    state.plot?.destroy();
    state.plot = null;
    if (state.width < 50) return;
    state.plot = new uPlot(options(texts.lang, state.width), aligned(), plotBox);
    state.dirty = false;
  };

  const measure = () => {
    const width = Math.floor(plotBox.clientWidth);
    if (width === state.width) return;
    state.width = width;
    if (state.plot && width >= 50) state.plot.setSize({ width, height });
    else build();
  };

  // Width follows the container; nothing is drawn while it is hidden (width 0).
  new ResizeObserver(measure).observe(plotBox);
  texts.onChange(() => {
    if (state.width >= 50) build();
  });

  return {
    el,
    setSeries(series) {
      state.series = series.map((s) => ({ ...s }));
      state.data = { xs: [], ys: series.map(() => []) };
      build();
    },
    push(x, ys) {
      state.data.xs.push(x);
      state.data.ys.forEach((col, i) => col.push(ys[i] ?? null));
      state.dirty = true;
    },
    draw() {
      if (!state.dirty) return;
      if (!state.plot) return build();
      state.dirty = false;
      state.plot.setData(aligned(), true);
    },
    clear() {
      state.data = { xs: [], ys: state.series.map(() => []) };
      state.dirty = true;
    },
    toCsv() {
      return csvFromColumns(
        ['x', ...state.series.map((s) => s.key)],
        [state.data.xs, ...state.data.ys],
      );
    },
    canvas() {
      return state.plot?.ctx.canvas ?? null;
    },
    resize() {
      state.width = 0;
      measure();
    },
  };
}
