// The benchmark's cases and the targets of issue 2 (informational: a miss never fails the run).

export type CaseKind = 'plain' | 'AT_B' | 'A_BT';

export interface BenchCase {
  kind: CaseKind;
  m: number;
  k: number;
  n: number;
  /** A is stored (K, M) and we compute Aᵀ·B. */
  transA: boolean;
  /** B is stored (N, K) and we compute A·Bᵀ. */
  transB: boolean;
}

export const SHAPES: ReadonlyArray<readonly [m: number, k: number, n: number]> = [
  [32, 64, 64],
  [64, 64, 64],
  [128, 128, 128],
  [256, 256, 256],
  [1024, 64, 32],
  [128, 784, 256],
];

export const KINDS: readonly CaseKind[] = ['plain', 'AT_B', 'A_BT'];

export function makeCase(kind: CaseKind, m: number, k: number, n: number): BenchCase {
  return { kind, m, k, n, transA: kind === 'AT_B', transB: kind === 'A_BT' };
}

/** Every case, grouped by kind. `only` filters by kind name or "MxKxN" (comma-separated). */
export function allCases(only?: string | null): BenchCase[] {
  const wanted = only ? only.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const cases: BenchCase[] = [];
  for (const kind of KINDS) {
    for (const [m, k, n] of SHAPES) {
      const c = makeCase(kind, m, k, n);
      if (wanted.length === 0 || wanted.includes(kind) || wanted.includes(`${m}x${k}x${n}`)) {
        cases.push(c);
      }
    }
  }
  return cases;
}

export function caseLabel(c: { kind: CaseKind; m: number; k: number; n: number }): string {
  return `${c.kind} ${c.m}x${c.k}x${c.n}`;
}

export interface Target {
  /** ratio_tfjs = ours / TF.js (B kept); ratio_peak = ours / same-run peak loop. */
  ratio: 'ratio_tfjs' | 'ratio_peak';
  min: number;
}

/**
 * Issue 2's targets: ours ≥ 1.2x TF.js on plain cases with every dimension ≤ 128, ≥ 1.1x on the
 * other plain cases, ≥ 5x on transposed cases, and ≥ 0.8 of peak on plain cases with every
 * dimension ≥ 64.
 */
export function targetsFor(c: BenchCase): Target[] {
  const dims = [c.m, c.k, c.n];
  if (c.kind !== 'plain') return [{ ratio: 'ratio_tfjs', min: 5 }];
  const targets: Target[] = [
    { ratio: 'ratio_tfjs', min: dims.every((d) => d <= 128) ? 1.2 : 1.1 },
  ];
  if (dims.every((d) => d >= 64)) targets.push({ ratio: 'ratio_peak', min: 0.8 });
  return targets;
}
