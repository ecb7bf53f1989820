import { describe, expect, it } from 'vitest';
import {
  TAIL_MASS,
  convolvePower,
  discreteDemand,
  geometricDemand,
  negativeBinomialDemand,
  poissonDemand,
  quantile,
  tabulatedDemand,
} from '../../../app/exact/demandDistribution';
import type { DiscreteDemand } from '../../../app/exact/demandDistribution';

const sum = (values: Float64Array): number => values.reduce((total, v) => total + v, 0);
const moments = (d: DiscreteDemand): { mean: number; variance: number } => {
  let mean = 0;
  let second = 0;
  d.pmf.forEach((p, k) => {
    mean += p * k;
    second += p * k * k;
  });
  return { mean, variance: second - mean * mean };
};

describe('discrete demand distributions', () => {
  it('Poisson(5): exact retained masses, tail lumped into the last point, mean and variance 5', () => {
    const d = poissonDemand(5);
    expect(sum(d.pmf)).toBeCloseTo(1, 14);
    expect(d.pmf[0]).toBeCloseTo(Math.exp(-5), 15);
    expect(d.pmf[3]).toBeCloseTo((Math.exp(-5) * 125) / 6, 15);
    // The last point carries P(D ≥ maxDemand), which is below 1e-12 only one point earlier.
    let tailBefore = 0;
    for (let k = 0; k < d.maxDemand - 1; k++) tailBefore += d.pmf[k];
    expect(1 - tailBefore).toBeGreaterThanOrEqual(TAIL_MASS);
    expect(d.pmf[d.maxDemand]).toBeLessThan(TAIL_MASS * 10);
    expect(moments(d).mean).toBeCloseTo(5, 9);
    expect(moments(d).variance).toBeCloseTo(5, 8);
    expect(d.cv).toBeCloseTo(1 / Math.sqrt(5), 12);
  });

  it('geometric(mean 3): P(k) = (1 − q) q^k with q = 3/4, variance mean (1 + mean)', () => {
    const d = geometricDemand(3);
    expect(d.pmf[0]).toBeCloseTo(0.25, 15);
    expect(d.pmf[2]).toBeCloseTo(0.25 * 0.75 * 0.75, 15);
    expect(sum(d.pmf)).toBeCloseTo(1, 14);
    expect(moments(d).mean).toBeCloseTo(3, 8);
    expect(moments(d).variance).toBeCloseTo(12, 6);
    expect(d.cv).toBeCloseTo(Math.sqrt(12) / 3, 12);
  });

  it('negative binomial(mean 5, cv 0.8): variance (cv·mean)² = 16', () => {
    const d = negativeBinomialDemand(5, 0.8);
    expect(sum(d.pmf)).toBeCloseTo(1, 14);
    expect(moments(d).mean).toBeCloseTo(5, 8);
    expect(moments(d).variance).toBeCloseTo(16, 6);
    // r = 25 / 11: P(0) = (r / (r + 5))^r.
    const r = 25 / 11;
    expect(d.pmf[0]).toBeCloseTo((r / (r + 5)) ** r, 14);
  });

  it('rejects bad requests as data', () => {
    const underDispersed = discreteDemand({ kind: 'negbin', mean: 5, cv: 0.3 });
    expect(underDispersed.ok).toBe(false);
    if (!underDispersed.ok) expect(underDispersed.error.code).toBe('invalid-input');
    expect(discreteDemand({ kind: 'negbin', mean: 5 }).ok).toBe(false);
    expect(discreteDemand({ kind: 'poisson', mean: -1 }).ok).toBe(false);
    expect(discreteDemand({ kind: 'weibull' as never, mean: 5 }).ok).toBe(false);
    const fine = discreteDemand({ kind: 'geometric', mean: 2 });
    expect(fine.ok && fine.value.kind).toBe('geometric');
  });

  it('convolution and newsvendor quantile on a hand-checkable pmf', () => {
    const coin = tabulatedDemand([0.5, 0.5]);
    expect(Array.from(convolvePower(coin.pmf, 2))).toEqual([0.25, 0.5, 0.25]);
    expect(quantile(convolvePower(coin.pmf, 2), 0.8)).toBe(2);
    expect(quantile(convolvePower(coin.pmf, 2), 0.75)).toBe(1);
    expect(() => tabulatedDemand([0.5, 0.4])).toThrow(RangeError);
  });
});
