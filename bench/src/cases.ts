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
  const wanted = only
    ? only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
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
  const targets: Target[] = [{ ratio: 'ratio_tfjs', min: dims.every((d) => d <= 128) ? 1.2 : 1.1 }];
  if (dims.every((d) => d >= 64)) targets.push({ ratio: 'ratio_peak', min: 0.8 });
  return targets;
}

// ---- Sections and `--only` ------------------------------------------------------------------

export const SECTIONS = [
  'gemm',
  'softmax',
  'conv1x1',
  'attention',
  'conv1x1_train',
  'pretrain',
] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface Selection {
  sections: Set<SectionName>;
  /** Filter for allCases() (GEMM kinds or MxKxN, comma-separated); null: every GEMM case. */
  gemmOnly: string | null;
}

/**
 * `only`: comma-separated section names (gemm, softmax, conv1x1, attention, conv1x1_train), GEMM kinds (plain,
 * AT_B, A_BT) or GEMM shapes (MxKxN). Empty: everything. A GEMM kind or shape selects the GEMM section with
 * that filter (and no other section unless named). A token matching nothing is an error.
 */
export function parseOnly(only: string | null): Selection {
  const tokens = only
    ? only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  if (tokens.length === 0) return { sections: new Set(SECTIONS), gemmOnly: null };
  const sections = new Set<SectionName>();
  const gemmTokens: string[] = [];
  for (const t of tokens) {
    if ((SECTIONS as readonly string[]).includes(t)) {
      sections.add(t as SectionName);
    } else if (allCases(t).length > 0) {
      sections.add('gemm');
      gemmTokens.push(t);
    } else {
      throw new Error(
        `--only ${t}: not a section (${SECTIONS.join(', ')}), GEMM kind (${KINDS.join(', ')}) ` +
          `or GEMM shape (${SHAPES.map((s) => s.join('x')).join(', ')})`,
      );
    }
  }
  // `--only gemm,plain` is plain GEMM only; `--only gemm` alone is every GEMM case.
  return { sections, gemmOnly: gemmTokens.length ? gemmTokens.join(',') : null };
}

// ---- Softmax forward ------------------------------------------------------------------------

/** Attention-like score matrices (rows = batch·heads·queries, cols = keys). */
export const SOFTMAX_SHAPES: ReadonlyArray<readonly [rows: number, cols: number]> = [
  [256, 8],
  [512, 16],
  [1024, 64],
  [2048, 128],
  [256, 256],
  [64, 1024],
];

/** The scale our workload applies (1/sqrt(64), attention's 1/sqrt(d)). tf.softmax has none. */
export const SOFTMAX_SCALE = 0.125;

// ---- 1x1 convolution forward ----------------------------------------------------------------

export interface Conv1x1Case {
  h: number;
  w: number;
  cin: number;
  cout: number;
  /** The seed's example (issue 5): the one with a target. */
  seed: boolean;
}

export const CONV1X1_SHAPES: readonly Conv1x1Case[] = [
  { h: 32, w: 32, cin: 64, cout: 32, seed: true },
  { h: 16, w: 16, cin: 32, cout: 16, seed: false },
  { h: 8, w: 8, cin: 256, cout: 64, seed: false },
  { h: 32, w: 32, cin: 128, cout: 128, seed: false },
  { h: 64, w: 64, cin: 64, cout: 16, seed: false },
];

/** Issues 3 and 5: ours ≥ 1.0x TF.js wasm on the seed example (informational). */
export function conv1x1TargetsFor(c: Conv1x1Case): Target[] {
  return c.seed ? [{ ratio: 'ratio_tfjs', min: 1.0 }] : [];
}

export const conv1x1Label = (c: Conv1x1Case) => `${c.h}x${c.w}x${c.cin}->${c.cout}`;
