// The attention "score pipeline" for one query: rows of bars over the same keys (raw QKᵀ, then
// ÷ √d, then softmax), one above the other so a learner sees how each step reshapes the same
// numbers. Negative values hang below a zero line; numbers are printed where they fit. Canvas, so
// the whole pipeline exports as one PNG.
import '../styles/lab-views.css';
import type { MessageKey } from '../i18n';
import { barRange, OKABE_ITO } from './colour';

export { barRange } from './colour';
import { fitText, font, numberFormatter, observeWidth, sizeCanvas } from './canvas';
import { h } from './dom';
import type { Texts } from './texts';

export interface BarRow {
  label: MessageKey;
  values: number[];
  /** Fixed value range (e.g. [0, 1] for softmax weights); default: data and zero. */
  range?: [number, number];
}

export interface BarGroupsData {
  /** The keys (tokens), one bar per key in every row. */
  labels: string[];
  rows: BarRow[];
  /** Index of a key to emphasise in every row (e.g. the selected or the chosen one). */
  highlight?: number;
}

export interface BarGroups {
  el: HTMLElement;
  set(data: BarGroupsData): void;
  canvas(): HTMLCanvasElement;
}

const POS = OKABE_ITO[0];
const NEG = OKABE_ITO[1];
const ROW_TITLE = 20;
const VALUE_PAD = 15;
const BAR_AREA = 64;
const ROW_GAP = 8;
const LABELS = 22;

export function createBarGroups(texts: Texts, opts: { id: string; title: MessageKey }): BarGroups {
  const canvas = h('canvas', { class: 'bars-canvas', role: 'img' });
  const caption = h('figcaption', { class: 'lab-view-title' });
  texts.text(caption, opts.title);
  const box = h('div', { class: 'bars-box' }, canvas);
  const el = h('figure', { class: 'lab-view bars', 'data-bars': opts.id }, caption, box);
  const state = { data: null as BarGroupsData | null };

  const draw = () => {
    const d = state.data;
    if (!d) {
      canvas.setAttribute('aria-label', texts.t(opts.title));
      return;
    }
    const n = d.labels.length;
    const width = Math.max(200, availWidth() || 480);
    const rowH = ROW_TITLE + VALUE_PAD + BAR_AREA + VALUE_PAD + ROW_GAP;
    const height = d.rows.length * rowH + LABELS;
    const ctx = sizeCanvas(canvas, width, height);
    if (!ctx || n === 0) return;
    const left = 4;
    const slot = Math.min(72, (width - left - 4) / n);
    const barW = Math.max(2, slot * 0.68);
    const gridW = slot * n;
    const fmt = numberFormatter(texts.lang, 2);
    const hl = d.highlight;
    // The numbers for screen readers too: the canvas is the only place they are shown.
    const summary = [
      texts.t(opts.title),
      ...d.rows.map((row) =>
        texts.t('views.bars.row', {
          label: texts.t(row.label),
          values: d.labels.map((key, i) => `${key} ${fmt(row.values[i] ?? NaN)}`).join(', '),
        }),
      ),
    ].join('. ');
    if (canvas.getAttribute('aria-label') !== summary) canvas.setAttribute('aria-label', summary);

    if (hl !== undefined && hl >= 0 && hl < n) {
      ctx.fillStyle = '#e8eef6';
      ctx.fillRect(left + hl * slot, 0, slot, height - LABELS + 20);
    }

    d.rows.forEach((row, ri) => {
      const top = ri * rowH;
      ctx.font = font(12.5, 600);
      ctx.fillStyle = '#4a5360';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(fitText(ctx, texts.t(row.label), width - 8), left, top + 2);

      const [lo, hi] = barRange(row.values, row.range);
      const areaTop = top + ROW_TITLE + VALUE_PAD;
      const yOf = (v: number) => areaTop + ((hi - v) / (hi - lo)) * BAR_AREA;
      const zero = yOf(0);
      ctx.font = font(11);
      for (let i = 0; i < n; i++) {
        const v = row.values[i];
        const x = left + i * slot + (slot - barW) / 2;
        if (v === undefined || !Number.isFinite(v)) continue;
        const y = yOf(Math.max(lo, Math.min(hi, v)));
        ctx.fillStyle = v >= 0 ? POS : NEG;
        const y0 = Math.min(y, zero);
        const bh = Math.max(v === 0 ? 0 : 1, Math.abs(zero - y));
        ctx.fillRect(x, y0, barW, bh);
        if (i === hl) {
          ctx.strokeStyle = '#000000';
          ctx.lineWidth = 1.5;
          ctx.strokeRect(x - 0.75, y0 - 0.75, barW + 1.5, bh + 1.5);
        }
        const text = fmt(v);
        if (ctx.measureText(text).width <= slot - 2) {
          ctx.fillStyle = '#1d232b';
          ctx.textAlign = 'center';
          ctx.textBaseline = v >= 0 ? 'bottom' : 'top';
          ctx.fillText(text, x + barW / 2, v >= 0 ? y0 - 2 : y0 + bh + 2);
        }
      }
      ctx.fillStyle = '#3b4351';
      ctx.fillRect(left, Math.round(zero) - 0.5, gridW, 1);
    });

    ctx.font = font(12.5);
    ctx.fillStyle = '#1d232b';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const labelsTop = d.rows.length * rowH + 2;
    let widest = 0;
    for (const s of d.labels) widest = Math.max(widest, ctx.measureText(s).width);
    const step = Math.max(1, Math.ceil((widest + 4) / slot));
    for (let i = 0; i < n; i += step) {
      ctx.font = font(12.5, i === hl ? 600 : 400);
      ctx.fillText(fitText(ctx, d.labels[i], slot * step - 2), left + (i + 0.5) * slot, labelsTop);
    }
  };

  const availWidth = observeWidth(box, () => draw());
  texts.onChange(() => draw());

  return {
    el,
    set(data) {
      state.data = data;
      draw();
    },
    canvas: () => canvas,
  };
}
