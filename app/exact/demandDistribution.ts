/**
 * Discrete per-period demand distributions for the exact dynamic programme.
 *
 * Each is a probability mass function on 0 … maxDemand, truncated where the remaining tail mass
 * drops below TAIL_MASS. The tail is LUMPED into the last point rather than renormalised, because
 * that keeps every retained P(D = k) exact and keeps P(D ≥ k) exact for every k ≤ maxDemand — and
 * the lost-sales transition from on-hand x depends only on P(D = k) for k < x and on P(D ≥ x).
 * So for every state with x ≤ maxDemand the truncated chain moves exactly like the untruncated one;
 * the only effect is on states whose demand exceeds maxDemand, with probability < TAIL_MASS.
 * (Renormalising would instead perturb every probability by a relative 1e-12.)
 */
import { fail, ok } from '../common/result';
import type { Result } from '../common/result';
import { logFactorial } from '../random/rng';

export type DemandKind = 'poisson' | 'geometric' | 'negbin';

/** What a caller asks for: negbin needs `cv`; poisson and geometric have their cv fixed by the mean. */
export interface DemandSpec {
  kind: DemandKind;
  mean: number;
  cv?: number;
}

export interface DiscreteDemand {
  /** 'tabulated': a pmf given directly (small hand-checkable cases). */
  kind: DemandKind | 'tabulated';
  /** Mean and coefficient of variation of the untruncated distribution. */
  mean: number;
  cv: number;
  /** pmf[k] = P(D = k) for k < maxDemand; pmf[maxDemand] = P(D ≥ maxDemand). Sums to 1. */
  pmf: Float64Array;
  maxDemand: number;
}

/** Truncate once the mass beyond the last retained point is below this. */
export const TAIL_MASS = 1e-12;
/** Refuse distributions whose support would need more points than this (a sign of a silly mean). */
const MAX_SUPPORT = 100_000;

/**
 * Build the truncated pmf from a function giving P(D = k) (called for k = 0, 1, 2, … in order).
 * Stops at the first K with P(D > K) < TAIL_MASS and puts P(D ≥ K) at K.
 */
function truncate(probability: (k: number) => number): { pmf: Float64Array; maxDemand: number } {
  const values: number[] = [];
  let cumulative = 0;
  for (let k = 0; k < MAX_SUPPORT; k++) {
    const pk = probability(k);
    values.push(pk);
    cumulative += pk;
    if (1 - cumulative < TAIL_MASS) {
      const pmf = Float64Array.from(values);
      // Lump the tail: the last point carries P(D ≥ K) = 1 − P(D < K).
      pmf[k] = 1 - (cumulative - pk);
      return { pmf, maxDemand: k };
    }
  }
  throw new RangeError(`demand distribution needs more than ${MAX_SUPPORT} support points`);
}

export function poissonDemand(mean: number): DiscreteDemand {
  if (!(mean > 0)) throw new RangeError(`Poisson mean must be positive, got ${mean}`);
  const logMean = Math.log(mean);
  // Log space so that large means do not underflow exp(−mean).
  const { pmf, maxDemand } = truncate((k) => Math.exp(-mean + k * logMean - logFactorial(k)));
  return { kind: 'poisson', mean, cv: 1 / Math.sqrt(mean), pmf, maxDemand };
}

/** Geometric on {0, 1, …}: P(k) = (1 − q) q^k with q = mean / (1 + mean), variance mean (1 + mean). */
export function geometricDemand(mean: number): DiscreteDemand {
  if (!(mean > 0)) throw new RangeError(`geometric mean must be positive, got ${mean}`);
  const q = mean / (1 + mean);
  const { pmf, maxDemand } = truncate((k) => (1 - q) * Math.pow(q, k));
  return { kind: 'geometric', mean, cv: Math.sqrt(mean * (1 + mean)) / mean, pmf, maxDemand };
}

/**
 * Negative binomial with the given mean and coefficient of variation: variance (cv·mean)² must
 * exceed the mean (over-dispersion); dispersion r = mean² / (variance − mean), the same
 * parameterisation as Rng.negativeBinomial(mean, r).
 */
export function negativeBinomialDemand(mean: number, cv: number): DiscreteDemand {
  const variance = (cv * mean) ** 2;
  if (!(mean > 0) || !(variance > mean)) {
    throw new RangeError(`negative binomial needs mean > 0 and cv > 1/sqrt(mean); got mean ${mean}, cv ${cv}`);
  }
  const dispersion = (mean * mean) / (variance - mean);
  const successOdds = mean / (dispersion + mean);
  const logP0 = dispersion * Math.log(dispersion / (dispersion + mean));
  let previous = 0;
  const { pmf, maxDemand } = truncate((k) => {
    // P(k) = P(k−1) · (k − 1 + r)/k · m/(r + m), computed incrementally.
    previous = k === 0 ? Math.exp(logP0) : (previous * (k - 1 + dispersion) * successOdds) / k;
    return previous;
  });
  return { kind: 'negbin', mean, cv, pmf, maxDemand };
}

/** A demand given by its pmf on 0 … pmf.length − 1 (must sum to 1). */
export function tabulatedDemand(pmf: readonly number[]): DiscreteDemand {
  const total = pmf.reduce((sum, p) => sum + p, 0);
  if (pmf.length === 0 || pmf.some((p) => !(p >= 0)) || Math.abs(total - 1) > 1e-12) {
    throw new RangeError('a tabulated pmf needs non-negative entries summing to 1');
  }
  const mean = pmf.reduce((sum, p, k) => sum + p * k, 0);
  const variance = pmf.reduce((sum, p, k) => sum + p * (k - mean) ** 2, 0);
  return { kind: 'tabulated', mean, cv: mean > 0 ? Math.sqrt(variance) / mean : 0, pmf: Float64Array.from(pmf), maxDemand: pmf.length - 1 };
}

/** Validate a user's request and build the distribution; bad input comes back as data. */
export function discreteDemand(spec: DemandSpec): Result<DiscreteDemand> {
  const { kind, mean, cv } = spec;
  if (!Number.isFinite(mean) || mean <= 0 || mean > 1000) {
    return fail('invalid-input', `Demand mean must be a number in (0, 1000], got ${mean}.`);
  }
  if (kind === 'poisson') return ok(poissonDemand(mean));
  if (kind === 'geometric') return ok(geometricDemand(mean));
  if (kind === 'negbin') {
    if (cv === undefined || !Number.isFinite(cv) || cv * cv * mean <= 1) {
      return fail(
        'invalid-input',
        `Negative binomial demand needs --cv greater than 1/sqrt(mean) = ${(1 / Math.sqrt(mean)).toFixed(4)} ` +
          `(variance above the mean), got ${cv}.`,
      );
    }
    return ok(negativeBinomialDemand(mean, cv));
  }
  return fail('invalid-input', `Unknown demand distribution "${String(kind)}": use poisson, geometric or negbin.`);
}

/** P(D = k) summed n times: the pmf of n independent periods' demand (length n·maxDemand + 1). */
export function convolvePower(pmf: Float64Array, periods: number): Float64Array {
  let result = Float64Array.of(1);
  for (let n = 0; n < periods; n++) {
    const next = new Float64Array(result.length + pmf.length - 1);
    for (let i = 0; i < result.length; i++) {
      const ri = result[i];
      if (ri === 0) continue;
      for (let k = 0; k < pmf.length; k++) next[i + k] += ri * pmf[k];
    }
    result = next;
  }
  return result;
}

/** Smallest y with P(X ≤ y) ≥ fractile, for a pmf on 0 … length−1 (the newsvendor quantile). */
export function quantile(pmf: Float64Array, fractile: number): number {
  let cumulative = 0;
  for (let y = 0; y < pmf.length; y++) {
    cumulative += pmf[y];
    if (cumulative >= fractile - 1e-15) return y;
  }
  return pmf.length - 1;
}
