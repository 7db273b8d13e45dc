// Small images drawn big: a synthetic scene (RGB) or a digit glyph (grey) scaled up with nearest-
// neighbour pixels, so the learner sees the exact pixels the network sees; optionally an attention
// map over it (semi-transparent viridis) and outlined cells (e.g. where the object really is).
// createTiles draws many small grey images (layer-1 features, feature maps) on one shared
// symmetric scale, so tiles are comparable: mid-grey is 0.
import '../styles/lab-views.css';
import type { MessageKey } from '../i18n';
import { finiteRange, lutColor, type Rgb } from './colour';
import { font, numberFormatter, observeWidth, sizeCanvas } from './canvas';
import { h } from './dom';
import type { Texts } from './texts';

export interface ImageData3 {
  h: number;
  w: number;
  /** (h, w, 3) in [0, 1]. */
  rgb?: Float32Array;
  /** (h, w) in [0, 1], used when rgb is absent. */
  gray?: Float32Array;
  /** A (rows, cols) map in [0, 1] stretched over the whole image. */
  overlay?: { rows: number; cols: number; values: Float32Array; alpha?: number };
  /** Cells (of a rows × cols grid over the image) to outline where mask is non-zero. */
  outline?: { rows: number; cols: number; mask: Uint8Array };
}

export interface ImageCanvas {
  el: HTMLElement;
  set(img: ImageData3): void;
  canvas(): HTMLCanvasElement;
}

export interface TilesData {
  count: number;
  h: number;
  w: number;
  /** count × h × w, tile after tile. */
  values: Float32Array | number[];
  /** Tiles per row (default: about square). */
  cols?: number;
}

export interface Tiles {
  el: HTMLElement;
  set(data: TilesData): void;
  canvas(): HTMLCanvasElement;
}

const byte = (v: number) =>
  Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 255) : 0;

/**
 * Pixels of an image at its own resolution, for a nearest-neighbour drawImage. The scratch canvas
 * is the caller's (one per view), so a view redrawn every frame allocates no canvases.
 */
function pixels(
  scratch: HTMLCanvasElement,
  w: number,
  hgt: number,
  fill: (rgba: Uint8ClampedArray) => void,
) {
  if (scratch.width !== w) scratch.width = w;
  if (scratch.height !== hgt) scratch.height = hgt;
  const ctx = scratch.getContext('2d');
  if (!ctx) return scratch;
  const data = ctx.createImageData(w, hgt);
  fill(data.data);
  ctx.putImageData(data, 0, 0);
  return scratch;
}

function figure(texts: Texts, kind: string, id: string, title: MessageKey) {
  const canvas = h('canvas', { class: 'image-canvas', role: 'img' });
  texts.attr(canvas, 'aria-label', title);
  const caption = h('figcaption', { class: 'lab-view-title' });
  texts.text(caption, title);
  const box = h('div', { class: 'image-box' }, canvas);
  const el = h('figure', { class: `lab-view ${kind}`, [`data-${kind}`]: id }, caption, box);
  return { canvas, box, el };
}

export function createImageCanvas(
  texts: Texts,
  opts: { id: string; title: MessageKey; scale?: number },
): ImageCanvas {
  const { canvas, box, el } = figure(texts, 'image', opts.id, opts.title);
  const doc = el.ownerDocument;
  const scratch = { base: doc.createElement('canvas'), heat: doc.createElement('canvas') };
  const state = { img: null as ImageData3 | null };

  const draw = () => {
    const img = state.img;
    if (!img || img.w <= 0 || img.h <= 0) return;
    const avail = availWidth();
    const fit = avail > 0 ? Math.floor(avail / img.w) : 8;
    const scale = opts.scale ?? Math.max(1, Math.min(12, fit));
    const W = img.w * scale;
    const H = img.h * scale;
    const ctx = sizeCanvas(canvas, W, H);
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    const base = pixels(scratch.base, img.w, img.h, (px) => {
      for (let i = 0, n = img.w * img.h; i < n; i++) {
        const r = img.rgb ? img.rgb[i * 3] : (img.gray?.[i] ?? 0);
        const g = img.rgb ? img.rgb[i * 3 + 1] : r;
        const b = img.rgb ? img.rgb[i * 3 + 2] : r;
        px[i * 4] = byte(r);
        px[i * 4 + 1] = byte(g);
        px[i * 4 + 2] = byte(b);
        px[i * 4 + 3] = 255;
      }
    });
    ctx.drawImage(base, 0, 0, W, H);

    const ov = img.overlay;
    if (ov && ov.rows > 0 && ov.cols > 0) {
      const rgb: Rgb = [0, 0, 0];
      const alpha = byte(ov.alpha ?? 0.5);
      const heat = pixels(scratch.heat, ov.cols, ov.rows, (px) => {
        for (let i = 0; i < ov.rows * ov.cols; i++) {
          lutColor('viridis', ov.values[i], rgb);
          px.set(rgb, i * 4);
          px[i * 4 + 3] = Number.isNaN(ov.values[i]) ? 0 : alpha;
        }
      });
      ctx.drawImage(heat, 0, 0, W, H);
    }

    const out = img.outline;
    if (out && out.rows > 0 && out.cols > 0) {
      const cw = W / out.cols;
      const ch = H / out.rows;
      for (let r = 0; r < out.rows; r++) {
        for (let c = 0; c < out.cols; c++) {
          if (!out.mask[r * out.cols + c]) continue;
          const x = c * cw;
          const y = r * ch;
          ctx.lineWidth = 3;
          ctx.strokeStyle = '#000000';
          ctx.strokeRect(x + 1.5, y + 1.5, cw - 3, ch - 3);
          ctx.lineWidth = 1.25;
          ctx.strokeStyle = '#ffffff';
          ctx.strokeRect(x + 1.5, y + 1.5, cw - 3, ch - 3);
        }
      }
    }
  };

  const availWidth = observeWidth(box, () => draw());

  return {
    el,
    set(img) {
      state.img = img;
      draw();
    },
    canvas: () => canvas,
  };
}

/** The largest magnitude of finite values (the shared scale of the tiles); 1 when all are 0. */
export function symmetricScale(values: ArrayLike<number>): number {
  const r = finiteRange(values);
  const m = r ? Math.max(Math.abs(r[0]), Math.abs(r[1])) : 0;
  return m > 0 ? m : 1;
}

export function createTiles(texts: Texts, opts: { id: string; title: MessageKey }): Tiles {
  const { canvas, box, el } = figure(texts, 'tiles', opts.id, opts.title);
  const strip = el.ownerDocument.createElement('canvas');
  const state = { data: null as TilesData | null };
  const GAP = 3;

  const draw = () => {
    const d = state.data;
    if (!d || d.count <= 0 || d.w <= 0 || d.h <= 0) return;
    const perRow = Math.max(1, Math.min(d.count, d.cols ?? Math.ceil(Math.sqrt(d.count))));
    const rows = Math.ceil(d.count / perRow);
    const avail = availWidth() || 600;
    const scale = Math.max(
      1,
      Math.min(8, Math.floor((avail - GAP * (perRow - 1)) / (perRow * d.w))),
    );
    const tw = d.w * scale;
    const th = d.h * scale;
    const gridW = perRow * tw + (perRow - 1) * GAP;
    const gridH = rows * th + (rows - 1) * GAP;
    const legendH = 30;
    const ctx = sizeCanvas(canvas, Math.max(gridW, 160), gridH + legendH);
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    const m = symmetricScale(d.values);
    const n = d.h * d.w;
    // All tiles side by side in one native-resolution strip, then each scaled into place.
    const atlas = pixels(strip, d.w * d.count, d.h, (px) => {
      const stride = d.w * d.count;
      for (let t = 0; t < d.count; t++) {
        for (let i = 0; i < n; i++) {
          const g = byte(0.5 + Number(d.values[t * n + i]) / (2 * m));
          const o = (Math.floor(i / d.w) * stride + t * d.w + (i % d.w)) * 4;
          px[o] = g;
          px[o + 1] = g;
          px[o + 2] = g;
          px[o + 3] = 255;
        }
      }
    });
    for (let t = 0; t < d.count; t++) {
      const x = (t % perRow) * (tw + GAP);
      const y = Math.floor(t / perRow) * (th + GAP);
      ctx.drawImage(atlas, t * d.w, 0, d.w, d.h, x, y, tw, th);
    }

    // The shared scale: black −m, grey 0, white +m.
    const barW = Math.min(gridW, 160);
    const barY = gridH + 6;
    const grad = ctx.createLinearGradient(0, 0, barW, 0);
    grad.addColorStop(0, '#000000');
    grad.addColorStop(1, '#ffffff');
    ctx.fillStyle = grad;
    ctx.fillRect(0, barY, barW, 8);
    ctx.strokeStyle = '#c9ced6';
    ctx.strokeRect(0.5, barY + 0.5, barW - 1, 7);
    ctx.font = font(11);
    ctx.fillStyle = '#3b4351';
    ctx.textBaseline = 'top';
    const fmt = numberFormatter(texts.lang, 2);
    ctx.textAlign = 'left';
    ctx.fillText(fmt(-m), 0, barY + 10);
    ctx.textAlign = 'center';
    ctx.fillText(fmt(0), barW / 2, barY + 10);
    ctx.textAlign = 'right';
    ctx.fillText(fmt(m), barW, barY + 10);
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
