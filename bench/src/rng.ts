// A JS copy of core/base/rng.cpp (PCG32 XSH-RR 64/32, uniform(lo, hi) in float), used only to
// rebuild the inputs our softmax and 1x1-conv workloads fill internally (core/bench/workloads.cpp:
// filled(n, seed) = n draws of Rng(seed).uniform(-1, 1)), so TF.js can be fed the very same
// numbers and the outputs compared. If core's RNG or seeds change, the cross-check shows it.

const MASK64 = (1n << 64n) - 1n;
const MULTIPLIER = 6364136223846793005n;
const DEFAULT_STREAM = 0xda3e39cb94b95bdbn;

export class Pcg32 {
  private state = 0n;
  private readonly inc: bigint;

  constructor(seed: bigint, stream: bigint = DEFAULT_STREAM) {
    this.inc = ((stream << 1n) | 1n) & MASK64;
    this.nextU32();
    this.state = (this.state + seed) & MASK64;
    this.nextU32();
  }

  nextU32(): number {
    const old = this.state;
    this.state = (old * MULTIPLIER + this.inc) & MASK64;
    const xorshifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rot = Number(old >> 59n);
    return ((xorshifted >>> rot) | (xorshifted << ((32 - rot) & 31))) >>> 0;
  }

  /** Uniform float in [0, 1): 24 random bits. */
  uniform(): number {
    return Math.fround((this.nextU32() >>> 8) * (1 / 16777216));
  }

  /** lo + (hi - lo) * uniform(), each step rounded to float as in C++. */
  uniformIn(lo: number, hi: number): number {
    return Math.fround(lo + Math.fround(Math.fround(hi - lo) * this.uniform()));
  }
}

/** core/bench/workloads.cpp filled(n, seed): n draws of uniform(-1, 1). */
export function filledLikeCore(n: number, seed: number): Float32Array {
  const rng = new Pcg32(BigInt(seed));
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.uniformIn(-1, 1);
  return v;
}
