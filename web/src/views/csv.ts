// Numbers as machine text: CSV cells and TeX formulas always use Latin digits and '.' decimals,
// whatever the page language, so spreadsheets and KaTeX read them. Pure (tested under node).
import type { Lang } from '../i18n';

/** A CSV cell for a number: shortest round-trip text; empty for null, NaN or ±Infinity. */
export function csvNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  return String(Object.is(v, -0) ? 0 : v);
}

/** A CSV cell for text (RFC 4180 quoting when needed). */
export function csvText(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV with a header row and one column per header entry. Ragged columns leave empty cells; the
 * row count is the longest column's length. Lines end in \r\n (RFC 4180; Excel and Sheets agree).
 */
export function csvFromColumns(
  header: readonly string[],
  columns: ReadonlyArray<ArrayLike<number | null>>,
): string {
  const rows = columns.reduce((n, c) => Math.max(n, c.length), 0);
  const lines = [header.map(csvText).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < header.length; c++) {
      const col = columns[c];
      cells.push(col && r < col.length ? csvNumber(col[r]) : '');
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A number for a TeX formula: Latin digits always (KaTeX fonts have no Devanagari digits), at
 * most `digits` decimals, an ASCII '-' and Indian grouping braced as {,} so TeX adds no space.
 */
export function texNumber(lang: Lang, v: number, digits = 2): string {
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  const text = new Intl.NumberFormat(`${lang === 'hi' ? 'hi-IN' : 'en-IN'}-u-nu-latn`, {
    maximumFractionDigits: Math.max(0, Math.min(20, Math.floor(digits))),
  }).format(v);
  const plain = text.replace(/[\u2212\u2012\u2013]/g, '-').replace(/,/g, '{,}');
  // Rounding can leave a negative zero ('-0'); a formula should show 0.
  return /^-0(\.0*)?$/.test(plain) ? '0' : plain;
}
