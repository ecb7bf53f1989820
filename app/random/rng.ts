/**
 * Seeded pseudo-random numbers for every simulation in the core.
 *
 * One generator type so that "same seed + same data → same result" holds everywhere: the demand
 * model's sample paths, the simulator, PPO's action sampling and minibatch shuffling.
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic, 128-bit state, period ≥ 2^32
 * per stream in the worst case and ~2^127 on average), which is fast in JavaScript because it
 * only uses 32-bit integer operations. Seeds are expanded with splitmix32 so that small, similar
 * seeds (0, 1, 2 …) still give unrelated streams.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    // Discard the first outputs: sfc32 mixes its state in a dozen rounds.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A new independent generator derived from this one (for per-item or per-worker streams). */
  fork(streamId: number): Rng {
    return new Rng((this.nextUint32() ^ Math.imul(streamId + 1, 0x9e3779b1)) >>> 0);
  }

  nextUint32(): number {
    // Each field read with `| 0`: state seeded from unsigned values may sit outside V8's small
    // integers, and V8 then did this arithmetic in floating point (measured 10.3 → 4.6 ns per draw).
    const a = this.a | 0;
    const b = this.b | 0;
    const c = this.c | 0;
    const d = this.d | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform on (0, 1): safe to take the logarithm of. */
  uniformOpen(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** Integer uniform on [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia's polar method; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const value = this.spareNormal;
      this.spareNormal = Number.NaN;
      return value;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** Gamma(shape, scale = 1) by Marsaglia & Tsang (2000); shape < 1 via the boost u^(1/shape). */
  gamma(shape: number): number {
    if (shape <= 0) return 0;
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniformOpen(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformOpen();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * Poisson(mean). Inversion by sequential search for small means (exact, and fastest there);
   * for mean ≥ 30 the PTRS transformed-rejection method of Hörmann (1993), also exact.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      let p = Math.exp(-mean);
      let cumulative = p;
      const u = this.uniform();
      let k = 0;
      while (u > cumulative) {
        k++;
        p *= mean / k;
        cumulative += p;
        if (p < 1e-17 && cumulative > 0.9999999999) break;
      }
      return k;
    }
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * Math.sqrt(mean);
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniformOpen();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) {
        return k;
      }
    }
  }

  /**
   * Negative binomial with the given mean and dispersion, parameterised so that
   * variance = mean + mean² / dispersion (dispersion → ∞ is Poisson). Drawn as a Poisson–gamma mixture.
   */
  negativeBinomial(mean: number, dispersion: number): number {
    if (!(mean > 0)) return 0;
    if (!Number.isFinite(dispersion) || dispersion <= 0) return this.poisson(mean);
    return this.poisson((this.gamma(dispersion) * mean) / dispersion);
  }

  /** Geometric on {0, 1, 2, …} with the given mean (P(k) = (1-q) q^k, q = mean / (1 + mean)). */
  geometric(mean: number): number {
    if (!(mean > 0)) return 0;
    const q = mean / (1 + mean);
    return Math.floor(Math.log(this.uniformOpen()) / Math.log(q));
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(values: T[] | Int32Array | Uint32Array): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp as never;
    }
  }
}

const logFactorialTable: number[] = [0];
/** ln(k!) — a table for small k, Stirling's series beyond. */
export function logFactorial(k: number): number {
  if (k < 256) {
    while (logFactorialTable.length <= k) {
      const n = logFactorialTable.length;
      logFactorialTable.push(logFactorialTable[n - 1] + Math.log(n));
    }
    return logFactorialTable[k];
  }
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}
