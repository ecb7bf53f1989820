import { describe, expect, it } from 'vitest';
import { Rng, logFactorial } from '../../../app/random/rng';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe('Rng', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('draws uniforms in [0,1) with the right mean', () => {
    const rng = new Rng(1);
    const { mean, variance } = moments(() => rng.uniform(), 200_000);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it.each([0.3, 5, 29.9, 30, 250])('draws Poisson(%f) with mean and variance equal to the mean', (lambda) => {
    const rng = new Rng(7);
    const n = 200_000;
    const { mean, variance } = moments(() => rng.poisson(lambda), n);
    // Five standard errors of the sample mean.
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
  });

  it('draws negative binomials with variance mean + mean²/dispersion', () => {
    const rng = new Rng(9);
    const { mean, variance } = moments(() => rng.negativeBinomial(4, 2), 300_000);
    expect(mean).toBeCloseTo(4, 1);
    expect(variance / (4 + 16 / 2)).toBeGreaterThan(0.97);
    expect(variance / (4 + 16 / 2)).toBeLessThan(1.03);
  });

  it('draws geometric and gamma variables with the right means', () => {
    const rng = new Rng(11);
    expect(moments(() => rng.geometric(5), 200_000).mean).toBeCloseTo(5, 1);
    const g = moments(() => rng.gamma(0.5), 200_000);
    expect(g.mean).toBeCloseTo(0.5, 1);
    expect(g.variance).toBeCloseTo(0.5, 1);
  });

  it('computes ln k! exactly for small k and by Stirling for large k', () => {
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    let exact = 0;
    for (let i = 2; i <= 300; i++) exact += Math.log(i);
    expect(logFactorial(300)).toBeCloseTo(exact, 8);
  });
});
