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
import { fitText, font } from './canvas';
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
  /** A new canvas for PNG export: title, plot and legend (uPlot's own canvas has only the plot). */
  exportCanvas(): HTMLCanvasElement | null;
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
          size: 36,
          labelSize: 22,
          values: (_u, splits, _a, _s, incr) =>
            splits.map((v) => (v === null ? '' : fmt(v, tickDigits(v, incr, false)))),
        },
        {
          ...axis,
          label: texts.t(opts.yLabel),
          size: 54,
          labelSize: 24,
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
    exportCanvas() {
      const plot = state.plot;
      if (!plot) return null;
      const src = plot.ctx.canvas;
      const ratio = src.width / Math.max(1, plot.width);
      const titleH = 26;
      const legendH = 22;
      const cssW = plot.width;
      const cssH = titleH + plot.height + legendH * Math.ceil(state.series.length / 2);
      const out = el.ownerDocument.createElement('canvas');
      out.width = Math.round(cssW * ratio);
      out.height = Math.round(cssH * ratio);
      const ctx = out.getContext('2d');
      if (!ctx) return null;
      ctx.scale(ratio, ratio);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, cssW, cssH);
      ctx.fillStyle = '#1d232b';
      ctx.font = font(15, 600);
      ctx.textBaseline = 'middle';
      ctx.fillText(texts.t(opts.title), 8, titleH / 2);
      ctx.drawImage(src, 0, titleH, plot.width, plot.height);
      ctx.font = font(13);
      state.series.forEach((spec, i) => {
        const x = 8 + (i % 2) * (cssW / 2);
        const y = titleH + plot.height + legendH * (Math.floor(i / 2) + 0.5);
        ctx.strokeStyle = OKABE_ITO[i % OKABE_ITO.length];
        ctx.lineWidth = 2.5;
        ctx.setLineDash(seriesDash(spec, i));
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(x + 26, y);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = '#1d232b';
        ctx.fillText(fitText(ctx, texts.t(spec.label), cssW / 2 - 44), x + 32, y);
      });
      return out;
    },
    resize() {
      state.width = 0;
      measure();
    },
  };
}
