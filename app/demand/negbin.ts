/**
 * Negative-binomial likelihood pieces shared by the models: the log-pmf and the maximum-likelihood
 * dispersion given fitted means. Parameterisation as in Rng.negativeBinomial: variance = μ + μ²/k.
 */
import { POISSON_DISPERSION } from './types';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let series = LANCZOS[0];
  for (let i = 1; i < 9; i++) series += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

/** ln P(Y = y) for Y ~ NB(mean, dispersion); dispersion ≥ POISSON_DISPERSION is Poisson. */
export function negBinLogPmf(y: number, mean: number, dispersion: number): number {
  if (mean <= 0) return y === 0 ? 0 : -Infinity;
  if (dispersion >= POISSON_DISPERSION) return y * Math.log(mean) - mean - logGamma(y + 1);
  return (
    logGamma(y + dispersion) - logGamma(dispersion) - logGamma(y + 1) +
    dispersion * Math.log(dispersion / (dispersion + mean)) + y * Math.log(mean / (dispersion + mean))
  );
}

/**
 * The observations as distinct values with multiplicities. The NB log-likelihood's Γ terms
 * depend on the observation and k only, not on the mean, so a fit evaluates them once per
 * distinct value (a few hundred) instead of once per day — most of a fit's time otherwise.
 */
export interface CountSummary {
  distinct: Float64Array;
  multiplicity: Float64Array;
  /** Σ ln Γ(y + 1) over all observations. */
  logFactorialSum: number;
}

export function summariseCounts(observed: ArrayLike<number>, count: number): CountSummary {
  const sorted = Float64Array.from({ length: count }, (_, i) => observed[i]).sort();
  const distinct: number[] = [];
  const multiplicity: number[] = [];
  let logFactorialSum = 0;
  for (let i = 0; i < count; i++) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === sorted[i]) {
      multiplicity[multiplicity.length - 1]++;
    } else {
      distinct.push(sorted[i]);
      multiplicity.push(1);
    }
  }
  for (let j = 0; j < distinct.length; j++) logFactorialSum += multiplicity[j] * logGamma(distinct[j] + 1);
  return { distinct: Float64Array.from(distinct), multiplicity: Float64Array.from(multiplicity), logFactorialSum };
}

/** Σ ln P(y_i | mean_i, k) over the first `count` observations (equal to summing negBinLogPmf). */
export function negBinTotalLogLik(
  summary: CountSummary,
  observed: ArrayLike<number>,
  means: ArrayLike<number>,
  count: number,
  dispersion: number,
): number {
  let sum = -summary.logFactorialSum;
  if (dispersion >= POISSON_DISPERSION) {
    for (let i = 0; i < count; i++) {
      if (means[i] <= 0) {
        if (observed[i] > 0) return -Infinity;
        continue;
      }
      sum += observed[i] * Math.log(means[i]) - means[i];
    }
    return sum;
  }
  const logGammaK = logGamma(dispersion);
  for (let j = 0; j < summary.distinct.length; j++) {
    sum += summary.multiplicity[j] * (logGamma(summary.distinct[j] + dispersion) - logGammaK);
  }
  const logK = Math.log(dispersion);
  for (let i = 0; i < count; i++) {
    const mean = means[i];
    if (mean <= 0) {
      if (observed[i] > 0) return -Infinity;
      continue;
    }
    const logKPlusMean = Math.log(dispersion + mean);
    sum += dispersion * (logK - logKPlusMean) + observed[i] * (Math.log(mean) - logKPlusMean);
  }
  return sum;
}

/**
 * Maximum-likelihood dispersion of observations around given means, by golden-section search on
 * ln k over [0.01, 1e5] (22 steps: ln k to ±0.003). Returns POISSON_DISPERSION when the data are not over-dispersed
 * (the likelihood still rises at the upper end).
 */
export function fitDispersion(
  observed: ArrayLike<number>,
  means: ArrayLike<number>,
  count: number,
  summary: CountSummary = summariseCounts(observed, count),
): number {
  if (count === 0) return POISSON_DISPERSION;
  // A quick moment check first: without excess variance the ML estimate is "Poisson".
  let excess = 0;
  let meanSq = 0;
  for (let i = 0; i < count; i++) {
    const r = observed[i] - means[i];
    excess += r * r - means[i];
    meanSq += means[i] * means[i];
  }
  if (excess <= 0 || meanSq === 0) return POISSON_DISPERSION;
  let low = Math.log(0.01);
  let high = Math.log(1e5);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let x1 = high - ratio * (high - low);
  let x2 = low + ratio * (high - low);
  let f1 = negBinTotalLogLik(summary, observed, means, count, Math.exp(x1));
  let f2 = negBinTotalLogLik(summary, observed, means, count, Math.exp(x2));
  for (let iter = 0; iter < 22; iter++) {
    if (f1 > f2) {
      high = x2;
      x2 = x1;
      f2 = f1;
      x1 = high - ratio * (high - low);
      f1 = negBinTotalLogLik(summary, observed, means, count, Math.exp(x1));
    } else {
      low = x1;
      x1 = x2;
      f1 = f2;
      x2 = low + ratio * (high - low);
      f2 = negBinTotalLogLik(summary, observed, means, count, Math.exp(x2));
    }
  }
  const best = Math.exp((low + high) / 2);
  return best > 0.99e5 ? POISSON_DISPERSION : best;
}
