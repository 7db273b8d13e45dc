// A canvas heatmap (query × key attention, C_out × C_in weights): row and column labels (tokens,
// possibly Devanagari letters), axis titles, a colour bar with its min/max, and a selected cell
// that can be picked by pointer or keyboard. set() is called every frame while training, so one
// set() is one plain redraw with a colour table lookup per cell (no CSS colour strings parsed).
import '../styles/lab-views.css';
import type { MessageKey } from '../i18n';
import {
  computeDomain,
  inkOn,
  lutColor,
  normalize,
  rgbCss,
  schemeFor,
  type DomainMode,
  type Rgb,
  type Scheme,
} from './colour';
import { fitText, font, numberFormatter, observeWidth, sizeCanvas } from './canvas';
import { h } from './dom';
import type { Texts } from './texts';

export { computeDomain, heatmapColor } from './colour';

export interface HeatmapOptions {
  /** Sets data-heatmap=id on the root. */
  id: string;
  title: MessageKey;
  xLabel: MessageKey;
  yLabel: MessageKey;
  /** Unset: viridis, or the diverging map when the domain is 'symmetric'. */
  scheme?: Scheme;
  domain?: DomainMode;
  /** Largest cell side in css pixels (default 40). */
  cellMax?: number;
  showValues?: boolean;
  digits?: number;
}

export interface HeatmapData {
  rows: number;
  cols: number;
  /** Row-major, rows × cols. */
  values: Float32Array | number[];
  rowLabels?: string[];
  colLabels?: string[];
  domain?: [number, number];
}

export interface Heatmap {
  el: HTMLElement;
  set(data: HeatmapData): void;
  select(row: number, col: number): void;
  onSelect(fn: (row: number, col: number) => void): void;
  canvas(): HTMLCanvasElement;
}

interface Layout {
  cell: number;
  gridX: number;
  gridY: number;
  width: number;
  height: number;
  barX: number;
}

const LABEL_PX = 12;
const TITLE_PX = 12.5;
const BAR_W = 12;
const INK = '#3b4351';
const INK_SOFT = '#4a5360';
const MISSING: Rgb = [217, 220, 224];

export function createHeatmap(texts: Texts, opts: HeatmapOptions): Heatmap {
  const digits = opts.digits ?? 2;
  const cellMax = opts.cellMax ?? 40;
  const canvas = h('canvas', { class: 'heatmap-canvas', tabindex: '0', role: 'application' });
  texts.attr(canvas, 'aria-roledescription', 'views.heatmap.roledesc');
  // Announces a cell only when the reader moved to it, not on every training frame.
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const title = h('figcaption', { class: 'lab-view-title' });
  texts.text(title, opts.title);
  const box = h('div', { class: 'heatmap-box' }, canvas);
  const el = h('figure', { class: 'lab-view heatmap', 'data-heatmap': opts.id }, title, box, live);

  const state = {
    data: null as HeatmapData | null,
    domain: [0, 1] as [number, number],
    selected: null as [number, number] | null,
    layout: null as Layout | null,
    pixels: null as HTMLCanvasElement | null,
    listeners: [] as Array<(row: number, col: number) => void>,
  };

  const fmt = {
    lang: texts.lang,
    index: numberFormatter(texts.lang, 0),
    value: numberFormatter(texts.lang, digits),
  };
  const formats = () => {
    if (fmt.lang !== texts.lang) {
      fmt.lang = texts.lang;
      fmt.index = numberFormatter(texts.lang, 0);
      fmt.value = numberFormatter(texts.lang, digits);
    }
    return fmt;
  };
  const rowLabel = (r: number) => state.data?.rowLabels?.[r] ?? formats().index(r + 1);
  const colLabel = (c: number) => state.data?.colLabels?.[c] ?? formats().index(c + 1);
  const valueAt = (r: number, c: number) => {
    const d = state.data;
    return d ? Number(d.values[r * d.cols + c]) : NaN;
  };
  const cellName = (r: number, label: string) => {
    const n = formats().index(r + 1);
    return label === n ? n : `${n} (${label})`;
  };

  const describe = () => {
    const sel = state.selected;
    if (!sel || !state.data) {
      texts.attr(canvas, 'aria-label', 'views.heatmap.none', { title: texts.t(opts.title) });
      return;
    }
    const [r, c] = sel;
    texts.attr(canvas, 'aria-label', 'views.heatmap.cell', {
      title: texts.t(opts.title),
      row: cellName(r, rowLabel(r)),
      col: cellName(c, colLabel(c)),
      value: formats().value(valueAt(r, c)),
    });
  };

  const layout = (ctx: CanvasRenderingContext2D, avail: number): Layout => {
    const d = state.data;
    const rows = d?.rows ?? 1;
    const cols = d?.cols ?? 1;
    ctx.font = font(LABEL_PX);
    let rowW = 0;
    for (let r = 0; r < rows; r++) rowW = Math.max(rowW, ctx.measureText(rowLabel(r)).width);
    const fmtV = formats().value;
    const tickW = Math.max(
      ctx.measureText(fmtV(state.domain[0])).width,
      ctx.measureText(fmtV(state.domain[1])).width,
    );
    const left = 4 + TITLE_PX + 8 + Math.min(rowW, 80) + 6;
    const right = 14 + BAR_W + 5 + tickW + 4;
    const room = avail > 0 ? avail - left - right : cellMax * cols;
    const cell = Math.max(3, Math.min(cellMax, Math.floor(room / cols)));
    const gridY = 4;
    const gridBottom = gridY + rows * cell;
    return {
      cell,
      gridX: left,
      gridY,
      barX: left + cols * cell + 14,
      width: Math.ceil(left + cols * cell + right),
      height: Math.ceil(gridBottom + 4 + LABEL_PX + 6 + TITLE_PX + 8),
    };
  };

  const draw = () => {
    const d = state.data;
    const probe = canvas.getContext('2d');
    if (!probe) return;
    const L = layout(probe, availWidth());
    state.layout = L;
    const ctx = sizeCanvas(canvas, L.width, L.height);
    if (!ctx) return;
    const rows = d?.rows ?? 0;
    const cols = d?.cols ?? 0;
    const scheme = schemeFor(opts.scheme, opts.domain ?? 'auto');
    const rgb: Rgb = [0, 0, 0];
    const fmtV = formats().value;
    const { cell, gridX, gridY } = L;

    if (!d || rows === 0 || cols === 0) {
      ctx.fillStyle = INK_SOFT;
      ctx.font = font(LABEL_PX);
      ctx.textBaseline = 'top';
      ctx.fillText(texts.t('views.empty'), 4, 4);
      return;
    }

    // Cells: one pixel each in an offscreen image, scaled up without smoothing (one drawImage
    // instead of rows × cols fillRects, which cost ~8 ms a frame at 64 × 64).
    const pix = state.pixels ?? (state.pixels = canvas.ownerDocument.createElement('canvas'));
    if (pix.width !== cols || pix.height !== rows) {
      pix.width = cols;
      pix.height = rows;
    }
    const pctx = pix.getContext('2d');
    if (pctx) {
      const image = pctx.createImageData(cols, rows);
      const px = image.data;
      for (let i = 0; i < rows * cols; i++) {
        const v = Number(d.values[i]);
        if (Number.isNaN(v)) px.set(MISSING, i * 4);
        else px.set(lutColor(scheme, normalize(v, state.domain), rgb), i * 4);
        px[i * 4 + 3] = 255;
      }
      pctx.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(pix, gridX, gridY, cols * cell, rows * cell);
    }
    if (opts.showValues === true && cell >= 18) {
      ctx.font = font(Math.min(LABEL_PX, Math.max(8, cell * 0.42)));
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const v = valueAt(r, c);
          if (Number.isNaN(v)) continue;
          const text = fmtV(v);
          if (ctx.measureText(text).width > cell - 3) continue;
          ctx.fillStyle = inkOn(lutColor(scheme, normalize(v, state.domain), rgb));
          ctx.fillText(text, gridX + (c + 0.5) * cell, gridY + (r + 0.5) * cell + 0.5);
        }
      }
    }

    // Labels: every k-th one when they would overlap.
    ctx.font = font(LABEL_PX);
    ctx.fillStyle = INK;
    const rowStep = Math.max(1, Math.ceil((LABEL_PX + 2) / cell));
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < rows; r += rowStep)
      ctx.fillText(fitText(ctx, rowLabel(r), 80), gridX - 6, gridY + (r + 0.5) * cell);
    let colW = 0;
    for (let c = 0; c < cols; c++) colW = Math.max(colW, ctx.measureText(colLabel(c)).width);
    const colStep = Math.max(1, Math.ceil((colW + 4) / cell));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const labelsY = gridY + rows * cell + 4;
    for (let c = 0; c < cols; c += colStep)
      ctx.fillText(colLabel(c), gridX + (c + 0.5) * cell, labelsY);

    // Axis titles.
    ctx.font = font(TITLE_PX, 600);
    ctx.fillStyle = INK_SOFT;
    ctx.fillText(
      fitText(ctx, texts.t(opts.xLabel), cols * cell + 40),
      gridX + (cols * cell) / 2,
      labelsY + LABEL_PX + 6,
    );
    // Centred on the grid, or on the whole height when a short grid cannot hold the title.
    const yTitle = fitText(ctx, texts.t(opts.yLabel), L.height - 8);
    const yMid =
      ctx.measureText(yTitle).width <= rows * cell ? gridY + (rows * cell) / 2 : L.height / 2;
    ctx.save();
    ctx.translate(4, yMid);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'top';
    ctx.fillText(yTitle, 0, 0);
    ctx.restore();

    // Colour bar, top = domain max: a gradient through 32 stops of the map.
    const barH = rows * cell;
    const grad = ctx.createLinearGradient(0, gridY + barH, 0, gridY);
    for (let i = 0; i <= 32; i++) grad.addColorStop(i / 32, rgbCss(lutColor(scheme, i / 32, rgb)));
    ctx.fillStyle = grad;
    ctx.fillRect(L.barX, gridY, BAR_W, barH);
    ctx.strokeStyle = '#c9ced6';
    ctx.lineWidth = 1;
    ctx.strokeRect(L.barX - 0.5, gridY - 0.5, BAR_W + 1, barH + 1);
    ctx.font = font(LABEL_PX);
    ctx.fillStyle = INK;
    ctx.textAlign = 'left';
    const [lo, hi] = state.domain;
    const tick = (v: number, y: number, baseline: CanvasTextBaseline) => {
      ctx.textBaseline = baseline;
      ctx.fillRect(L.barX + BAR_W, Math.round(y) - 0.5, 3, 1);
      ctx.fillText(fmtV(v), L.barX + BAR_W + 5, y);
    };
    tick(hi, gridY, 'top');
    tick(lo, gridY + barH, 'bottom');
    if (lo < 0 && hi > 0 && barH >= 3 * LABEL_PX + 6)
      tick(0, gridY + (barH * hi) / (hi - lo), 'middle');

    // Selected cell: dark outside, white inside, visible on every colour of the map.
    if (state.selected) {
      const [r, c] = state.selected;
      const x = gridX + c * cell;
      const y = gridY + r * cell;
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#000000';
      ctx.strokeRect(x - 1, y - 1, cell + 2, cell + 2);
      if (cell >= 8) {
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = '#ffffff';
        ctx.strokeRect(x + 0.75, y + 0.75, cell - 1.5, cell - 1.5);
      }
    }
  };

  const availWidth = observeWidth(box, () => draw());
  texts.onChange(() => {
    draw();
    describe();
  });

  const choose = (r: number, c: number, announce: boolean) => {
    const d = state.data;
    if (!d || d.rows === 0 || d.cols === 0) return;
    const row = Math.max(0, Math.min(d.rows - 1, r));
    const col = Math.max(0, Math.min(d.cols - 1, c));
    state.selected = [row, col];
    draw();
    describe();
    if (announce) live.textContent = canvas.getAttribute('aria-label') ?? '';
    for (const fn of state.listeners) fn(row, col);
  };

  canvas.addEventListener('click', (event) => {
    const L = state.layout;
    const d = state.data;
    if (!L || !d) return;
    const rect = canvas.getBoundingClientRect();
    const c = Math.floor((event.clientX - rect.left - L.gridX) / L.cell);
    const r = Math.floor((event.clientY - rect.top - L.gridY) / L.cell);
    if (r < 0 || c < 0 || r >= d.rows || c >= d.cols) return;
    choose(r, c, false);
  });

  canvas.addEventListener('keydown', (event) => {
    const d = state.data;
    if (!d) return;
    const [r, c] = state.selected ?? [0, 0];
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: [r, 0],
      End: [r, d.cols - 1],
      PageUp: [0, c],
      PageDown: [d.rows - 1, c],
      Enter: [r, c],
      ' ': [r, c],
    };
    const target = moves[event.key];
    if (!target) return;
    event.preventDefault();
    choose(target[0], target[1], true);
  });

  describe();

  return {
    el,
    set(data) {
      state.data = data;
      state.domain = data.domain
        ? computeDomain(data.values, data.domain)
        : computeDomain(data.values, opts.domain ?? 'auto');
      if (state.selected && (state.selected[0] >= data.rows || state.selected[1] >= data.cols))
        state.selected = null;
      draw();
      describe();
    },
    select(row, col) {
      const d = state.data;
      const cur = state.selected;
      // Pages call this every frame with the same cell; redraw only on a change.
      if (cur && cur[0] === row && cur[1] === col) return;
      if (!d || row < 0 || col < 0 || row >= d.rows || col >= d.cols) state.selected = null;
      else state.selected = [row, col];
      draw();
      describe();
    },
    onSelect(fn) {
      state.listeners.push(fn);
    },
    canvas: () => canvas,
  };
}
