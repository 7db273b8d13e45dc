// The text table printed by `npm run bench` (and shown on the bench page).
import type { AttentionCheck, ResultRow, RowDetails } from './types';

function pad(s: string, width: number, right = false): string {
  return right ? s.padStart(width) : s.padEnd(width);
}

const g = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const r = (x: number) => `${x.toFixed(2)}x`;

export function formatTable(rows: readonly ResultRow[], details: readonly RowDetails[]): string {
  const head = [
    ['case', 5, false],
    ['M', 5, true],
    ['K', 4, true],
    ['N', 4, true],
    ['ours', 6, true],
    ['TF.js', 6, true],
    ['TF.js fresh', 11, true],
    ['JS', 5, true],
    ['peak', 6, true],
    ['ours/TF', 8, true],
    ['ours/fresh', 10, true],
    ['ours/peak', 9, true],
    ['noise', 5, true],
    ['targets', 0, false],
  ] as const;
  const lines: string[] = [];
  lines.push('GFLOP/s, medians of interleaved repeats; ratios from the same run.');
  lines.push(head.map(([h, w, right]) => pad(h, w, right)).join('  '));
  lines.push('-'.repeat(lines[1].length + 28));
  let pass = 0;
  let total = 0;
  let lastKind = '';
  rows.forEach((row, i) => {
    const d = details[i];
    if (lastKind && row.case !== lastKind) lines.push('');
    lastKind = row.case;
    const checks = d.targets.map((t) => {
      total++;
      if (t.pass) pass++;
      const what = t.ratio === 'ratio_tfjs' ? `TF>=${t.min}x` : `peak>=${t.min}`;
      return `${what} ${t.pass ? 'PASS' : 'MISS'}`;
    });
    const noise = Math.max(d.mad_pct.ours, d.mad_pct.tfjs, d.mad_pct.peak);
    const errs = Math.max(d.max_rel_err.ours, d.max_rel_err.tfjs);
    if (!(errs <= 1e-4)) checks.push(`CHECK: results differ (rel ${errs.toExponential(1)})`);
    const cells = [
      pad(row.case, 5),
      pad(String(row.m), 5, true),
      pad(String(row.k), 4, true),
      pad(String(row.n), 4, true),
      pad(g(row.ours_gflops), 6, true),
      pad(g(row.tfjs_gflops), 6, true),
      pad(g(d.tfjs_fresh_gflops), 11, true),
      pad(g(d.js_gflops), 5, true),
      pad(g(row.peak_gflops), 6, true),
      pad(r(row.ratio_tfjs), 8, true),
      pad(r(d.ratio_tfjs_fresh), 10, true),
      pad(row.ratio_peak.toFixed(2), 9, true),
      pad(`${noise.toFixed(0)}%`, 5, true),
      checks.join(', '),
    ];
    lines.push(cells.join('  '));
  });
  lines.push('');
  const peaks = rows.map((row) => row.peak_gflops);
  lines.push(
    `noise = largest median absolute deviation of ours/TF.js/peak samples in the row. ` +
      `Peak-loop medians ranged ${g(Math.min(...peaks))}-${g(Math.max(...peaks))} GFLOP/s ` +
      'across cases (clock drift, neighbours): compare within a row.',
  );
  lines.push(
    `targets (informational): ${pass}/${total} PASS. ` +
      'ours >= 1.2x TF.js on plain cases with all dims <= 128, >= 1.1x on other plain cases, ' +
      '>= 5x on transposed cases; >= 0.8 of peak on plain cases with all dims >= 64.',
  );
  return lines.join('\n');
}

/** The training-step sections' table note when a check before timing failed, else null. */
export function stepCheckNote(c: AttentionCheck): string | null {
  if (c.ok) return null;
  const why: string[] = [];
  if (!c.params_match) why.push(`params ours ${c.ours_params} != TF.js ${c.tfjs_params}`);
  if (!c.tfjs_loss_decreases) why.push(`TF.js loss ${c.tfjs_loss_first} -> ${c.tfjs_loss_last}`);
  if (c.tfjs_leaked_tensors !== 0) why.push(`TF.js leaks ${c.tfjs_leaked_tensors} tensors/step`);
  if (!c.ours_steps_ok) why.push(`ours stepped ${c.ours_steps}`);
  return `CHECK: ${why.join(', ')}`;
}
