import { describe, expect, it } from 'vitest';
import { fitDispersion, logGamma, negBinLogPmf, negBinTotalLogLik, summariseCounts } from '../../../app/demand/negbin';
import { POISSON_DISPERSION } from '../../../app/demand/types';
import { Rng, logFactorial } from '../../../app/random/rng';

describe('negative binomial pieces', () => {
  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(101)).toBeCloseTo(logFactorial(100), 8);
  });

  it('the pmf sums to 1 and has the parameterised mean and variance', () => {
    for (const [mean, k] of [[3, 0.7], [40, 5], [2, POISSON_DISPERSION]]) {
      let total = 0;
      let first = 0;
      let second = 0;
      for (let y = 0; y < 2000; y++) {
        const p = Math.exp(negBinLogPmf(y, mean, k));
        total += p;
        first += y * p;
        second += y * y * p;
      }
      expect(total).toBeCloseTo(1, 8);
      expect(first).toBeCloseTo(mean, 6);
      expect(second - first * first).toBeCloseTo(mean + (k >= POISSON_DISPERSION ? 0 : (mean * mean) / k), 4);
    }
  });

  it('the grouped total log-likelihood equals the sum of log-pmfs', () => {
    const rng = new Rng(3);
    const observed = Float64Array.from({ length: 300 }, () => rng.negativeBinomial(6, 2));
    const means = Float64Array.from({ length: 300 }, () => 1 + 10 * rng.uniform());
    const summary = summariseCounts(observed, 300);
    for (const k of [0.3, 2, 50, POISSON_DISPERSION]) {
      let direct = 0;
      for (let i = 0; i < 300; i++) direct += negBinLogPmf(observed[i], means[i], k);
      expect(negBinTotalLogLik(summary, observed, means, 300, k)).toBeCloseTo(direct, 6);
    }
  });

  it('recovers the dispersion by maximum likelihood, and Poisson when there is none', () => {
    const rng = new Rng(4);
    const means = Float64Array.from({ length: 4000 }, (_, i) => 2 + (i % 10));
    const overdispersed = means.map((m) => rng.negativeBinomial(m, 2.5));
    expect(fitDispersion(overdispersed, means, 4000)).toBeGreaterThan(2.5 * 0.85);
    expect(fitDispersion(overdispersed, means, 4000)).toBeLessThan(2.5 * 1.15);
    const poisson = means.map((m) => rng.poisson(m));
    expect(fitDispersion(poisson, means, 4000)).toBeGreaterThan(50);
  });
});
