// Thinning of long series for drawing (pure, tested under node): the page keeps every point for
// the CSV, but a chart only needs about two points per pixel column.

export interface Columns {
  xs: number[];
  ys: Array<Array<number | null>>;
}

/** Data points a chart draws at most per series: two (min and max) per pixel column is enough. */
export function drawBudget(plotWidth: number): number {
  return Math.max(200, Math.ceil(plotWidth) * 2);
}

/** A log axis draws 1e-20 .. 1e30: beyond that (a dead unit's tiny gradient, a loss on its way to
 * overflow) uPlot's decade arithmetic under- or overflows building its ticks. Measured with uPlot
 * 1.6 in Chromium: a scale from 3e-23 or below loops until "Invalid array length" (a gradient norm
 * of ~1e-23 in the URL fuzz), 1e-22 does not; two decades of margin. */
const LOG_MIN = 1e-20;
const LOG_MAX = 1e30;

const usable = (v: number | null | undefined, logY: boolean): v is number =>
  v !== null && v !== undefined && Number.isFinite(v) && (!logY || (v >= LOG_MIN && v <= LOG_MAX));

/**
 * The columns uPlot draws: values a log axis cannot show (≤ 0) and non-finite ones become gaps, and
 * beyond `budget` points each bucket of consecutive points keeps its first and last x with every
 * series' min and max (in the order they occurred), so spikes survive the thinning.
 */
export function decimate(
  data: Columns,
  budget: number,
  logY: boolean,
): Array<Array<number | null>> {
  const n = data.xs.length;
  const clean = (v: number | null | undefined) => (usable(v, logY) ? v : null);
  if (n <= budget) {
    return [data.xs.slice(), ...data.ys.map((col) => Array.from(col, clean))];
  }
  const buckets = Math.max(1, Math.floor(budget / 2));
  const size = Math.ceil(n / buckets);
  const xs: number[] = [];
  const ys: Array<Array<number | null>> = data.ys.map(() => []);
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    xs.push(data.xs[start], data.xs[end - 1]);
    data.ys.forEach((col, s) => {
      let iMin = -1;
      let iMax = -1;
      for (let i = start; i < end; i++) {
        const v = col[i];
        if (!usable(v, logY)) continue;
        if (iMin < 0 || v < (col[iMin] as number)) iMin = i;
        if (iMax < 0 || v > (col[iMax] as number)) iMax = i;
      }
      if (iMin < 0) ys[s].push(null, null);
      else if (iMin <= iMax) ys[s].push(col[iMin], col[iMax]);
      else ys[s].push(col[iMax], col[iMin]);
    });
  }
  return [xs, ...ys];
}
