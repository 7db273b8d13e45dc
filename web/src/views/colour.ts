// Colour maps and value domains of the lab views, as pure functions (no DOM, no CSS) so node tests
// can check them. The maps come from d3-scale-chromatic: viridis and cividis (sequential) and a
// reversed RdBu (diverging: blue below zero, red above), all readable with colour-blind vision.
import { interpolateCividis, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

export type Scheme = 'viridis' | 'cividis' | 'diverging';
export type DomainMode = 'auto' | 'symmetric' | readonly [number, number];
export type Rgb = [number, number, number];

/** Okabe-Ito: eight colours told apart with every common colour-vision deficiency. */
export const OKABE_ITO = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/** Line dashes that go with OKABE_ITO by index, so series differ without colour too. */
export const DASHES: readonly (readonly number[])[] = [
  [],
  [8, 4],
  [2, 3],
  [10, 3, 2, 3],
  [5, 5],
  [1, 2],
  [12, 4, 2, 4, 2, 4],
  [4, 2],
];

/** The page's font stack (main.css --font): canvases draw Devanagari token labels with it. */
export const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans Devanagari", sans-serif';

const INTERPOLATORS: Readonly<Record<Scheme, (t: number) => string>> = {
  viridis: interpolateViridis,
  cividis: interpolateCividis,
  diverging: (t) => interpolateRdBu(1 - t),
};

/** Parses the two forms d3 returns: '#rrggbb' and 'rgb(r, g, b)'. */
export function parseColour(css: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return [0, 0, 0];
}

/** The colour of t in [0, 1] (clamped; NaN gives the middle) on a scheme, as 0..255 channels. */
export function heatmapColor(scheme: Scheme, t: number): Rgb {
  const x = Number.isNaN(t) ? 0.5 : Math.min(1, Math.max(0, t));
  return parseColour(INTERPOLATORS[scheme](x));
}

// Drawing thousands of cells per frame must not parse CSS strings: 256-step tables, built once.
const LUT_SIZE = 256;
const LUTS: Readonly<Record<Scheme, Uint8ClampedArray>> = {
  viridis: buildLut('viridis'),
  cividis: buildLut('cividis'),
  diverging: buildLut('diverging'),
};

function buildLut(scheme: Scheme): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) lut.set(heatmapColor(scheme, i / (LUT_SIZE - 1)), i * 3);
  return lut;
}

/** Fast table lookup of heatmapColor (to 1/255), writing into `out`. */
export function lutColor(scheme: Scheme, t: number, out: Rgb = [0, 0, 0]): Rgb {
  const lut = LUTS[scheme];
  const x = Number.isNaN(t) ? 0.5 : Math.min(1, Math.max(0, t));
  const i = Math.round(x * (LUT_SIZE - 1)) * 3;
  out[0] = lut[i];
  out[1] = lut[i + 1];
  out[2] = lut[i + 2];
  return out;
}

export function rgbCss([r, g, b]: Rgb, alpha = 1): string {
  return alpha >= 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
}

/** Black or white, whichever reads better on the background (WCAG relative luminance). */
export function inkOn([r, g, b]: Rgb): '#000000' | '#ffffff' {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  // The luminance where contrast with black equals contrast with white.
  return l > 0.179 ? '#000000' : '#ffffff';
}

/** Smallest and largest finite value (NaN and ±Infinity ignored); null when there is none. */
export function finiteRange(values: ArrayLike<number>): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : null;
}

/**
 * The value range a colour map spans. 'auto': data min..max; 'symmetric': -m..m with m the largest
 * magnitude (zero sits in the middle of a diverging map); a pair is used as given. Degenerate data
 * (none, or constant) still gives a non-empty range, so a constant map draws one middle colour.
 */
export function computeDomain(values: ArrayLike<number>, mode: DomainMode): [number, number] {
  if (typeof mode !== 'string') {
    const [a, b] = mode;
    if (Number.isFinite(a) && Number.isFinite(b) && a !== b) return a < b ? [a, b] : [b, a];
    return computeDomain(values, 'auto');
  }
  const range = finiteRange(values);
  if (mode === 'symmetric') {
    const m = range ? Math.max(Math.abs(range[0]), Math.abs(range[1])) : 0;
    return m > 0 ? [-m, m] : [-1, 1];
  }
  if (!range) return [0, 1];
  const [min, max] = range;
  if (min < max) return [min, max];
  const d = Math.abs(min) || 1;
  return [min - d, min + d];
}

/** Position of v in the domain, in [0, 1] (NaN stays NaN, so callers can mark missing values). */
export function normalize(v: number, [lo, hi]: readonly [number, number]): number {
  if (Number.isNaN(v)) return NaN;
  return Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
}

/** The range a row is drawn on: always includes zero, never empty. */
export function barRange(
  values: ArrayLike<number>,
  range?: readonly [number, number],
): [number, number] {
  if (range && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])
    return [Math.min(range[0], 0), Math.max(range[1], 0)];
  const r = finiteRange(values);
  const lo = Math.min(0, r ? r[0] : 0);
  const hi = Math.max(0, r ? r[1] : 0);
  return lo < hi ? [lo, hi] : [0, 1];
}

/** The scheme a view uses: a symmetric domain wants a diverging map unless one is named. */
export function schemeFor(scheme: Scheme | undefined, mode: DomainMode): Scheme {
  if (scheme) return scheme;
  return mode === 'symmetric' ? 'diverging' : 'viridis';
}
