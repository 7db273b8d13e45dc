// Canvas plumbing shared by the drawn views: HiDPI sizing, the page font, container width.
import { locale, type Lang } from '../i18n';
import { FONT_STACK } from './colour';

/**
 * Sizes a canvas to css pixels with a backing store of css × devicePixelRatio (crisp on HiDPI
 * screens) and returns its context scaled so drawing code works in css pixels.
 */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
): CanvasRenderingContext2D | null {
  const dpr = Math.max(1, Math.min(4, canvas.ownerDocument.defaultView?.devicePixelRatio ?? 1));
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const hgt = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== hgt) canvas.height = hgt;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(w / cssWidth, 0, 0, hgt / cssHeight, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  return ctx;
}

export function font(px: number, weight = 400): string {
  return `${weight} ${px}px ${FONT_STACK}`;
}

/**
 * Calls `fn(width)` whenever the element's content width changes, and once the web fonts have
 * loaded (canvas text drawn earlier used a fallback font for Devanagari).
 */
export function observeWidth(el: HTMLElement, fn: (width: number) => void): () => number {
  let width = -1;
  const measure = () => {
    const w = Math.floor(el.clientWidth);
    if (w === width) return;
    width = w;
    fn(w);
  };
  new ResizeObserver(measure).observe(el);
  void el.ownerDocument.fonts?.ready.then(() => fn(Math.floor(el.clientWidth)));
  return () => Math.max(0, width);
}

/** Text truncated with an ellipsis to fit `max` css pixels in the context's current font. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  const chars = Array.from(text);
  while (chars.length > 1) {
    chars.pop();
    const s = `${chars.join('')}…`;
    if (ctx.measureText(s).width <= max) return s;
  }
  return '';
}

/**
 * formatNumber's output with one Intl.NumberFormat for a whole redraw: building a formatter per
 * call costs more than drawing the cell it labels.
 */
export function numberFormatter(lang: Lang, digits: number): (v: number) => string {
  const nf = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits });
  return (v) => (Number.isFinite(v) ? nf.format(v) : '—');
}
