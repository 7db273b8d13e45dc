// The self-benchmark chart (uPlot): GFLOP/s per square GEMM size n on a log2 axis, and the SIMD
// peak as a dashed line. Colours from the Okabe-Ito palette (colour-blind safe), told apart by
// dash and markers as well. Rebuilt on a language switch (axis labels and legend are translated).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber, type Lang } from '../i18n';
import { h } from './dom';
import type { Texts } from './texts';

export const CHART_COLORS = { gemm: '#0072B2', peak: '#D55E00' } as const;

const HEIGHT = 240;
const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans Devanagari", sans-serif';

export interface ChartData {
  sizes: readonly number[];
  gflops: ReadonlyArray<number | null>;
  peak: number | null;
}

export interface GemmChart {
  el: HTMLElement;
  setData(data: ChartData): void;
}

function toAligned(data: ChartData): uPlot.AlignedData {
  return [
    [...data.sizes],
    data.gflops.map((v) => v ?? null),
    data.sizes.map(() => data.peak),
  ] as uPlot.AlignedData;
}

function yMax(data: ChartData): number {
  const values = [...data.gflops, data.peak].filter((v): v is number => v !== null && v > 0);
  const max = values.length ? Math.max(...values) : 10;
  const step = max > 50 ? 10 : max > 10 ? 5 : 1;
  return Math.ceil((max * 1.1) / step) * step;
}

function options(texts: Texts, lang: Lang, width: number, data: () => ChartData): uPlot.Options {
  const fmt = (v: number | null | undefined, digits: number) =>
    v === null || v === undefined ? '—' : formatNumber(lang, v, digits);
  const { sizes } = data();
  const first = sizes[0] ?? 16;
  const last = sizes[sizes.length - 1] ?? 256;
  const axis = {
    stroke: '#3b4351',
    font: `12px ${FONT_STACK}`,
    labelFont: `13px ${FONT_STACK}`,
    grid: { stroke: '#e3e6ea', width: 1 },
    ticks: { stroke: '#c9ced6', width: 1 },
  };
  return {
    width,
    height: HEIGHT,
    cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 8 } },
    legend: { live: false },
    scales: {
      x: { time: false, distr: 3, log: 2, range: () => [first / Math.SQRT2, last * Math.SQRT2] },
      y: { range: () => [0, yMax(data())] },
    },
    axes: [
      {
        ...axis,
        label: texts.t('chart.x'),
        splits: () => [...sizes],
        values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : fmt(v, 0))),
      },
      {
        ...axis,
        label: texts.t('chart.y'),
        size: 52,
        values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : fmt(v, 0))),
      },
    ],
    series: [
      { label: texts.t('table.size') },
      {
        label: texts.t('chart.series.gemm'),
        stroke: CHART_COLORS.gemm,
        width: 2.5,
        points: { show: true, size: 8, fill: CHART_COLORS.gemm, stroke: CHART_COLORS.gemm },
        spanGaps: false,
        value: (_u, v) => fmt(v, 1),
      },
      {
        label: texts.t('chart.series.peak'),
        stroke: CHART_COLORS.peak,
        width: 2,
        dash: [8, 5],
        points: { show: false },
        value: (_u, v) => fmt(v, 1),
      },
    ],
  };
}

export function createGemmChart(texts: Texts, initial: ChartData): GemmChart {
  const el = h('div', { class: 'chart', 'data-chart': 'gemm', role: 'figure' });
  texts.attr(el, 'aria-label', 'chart.label');
  const view = { plot: null as uPlot | null, data: initial, width: 0 };

  const build = () => {
    view.plot?.destroy();
    view.plot = null;
    if (view.width < 50) return;
    view.plot = new uPlot(
      options(texts, texts.lang, view.width, () => view.data),
      toAligned(view.data),
      el,
    );
  };

  // Width follows the container; nothing is drawn while it is hidden (width 0).
  const observer = new ResizeObserver(() => {
    const width = Math.floor(el.clientWidth);
    if (width === view.width) return;
    view.width = width;
    if (view.plot && width >= 50) view.plot.setSize({ width, height: HEIGHT });
    else build();
  });
  observer.observe(el);
  texts.onChange(() => {
    if (view.width >= 50) build();
  });

  return {
    el,
    setData(data) {
      view.data = data;
      if (!view.plot) return build();
      // The y range depends on the data: recompute the scale, then redraw.
      view.plot.setData(toAligned(data), true);
    },
  };
}
