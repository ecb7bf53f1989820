import { describe, expect, it } from 'vitest';
import { Rng } from '../../../app/random/rng';
import { createDemandGenerator, DemandSampler, presampleDemand } from '../../../app/sim/demandSource';

describe('demand sources', () => {
  it('the Poisson table returns exactly what Rng.poisson returns from the same stream', () => {
    for (const mean of [0.05, 0.7, 5, 12.5, 29.9]) {
      const sampler = new DemandSampler({ kind: 'poisson', mean });
      const a = new Rng(11);
      const b = new Rng(11);
      const fromTable = Array.from({ length: 20_000 }, (_, i) => sampler.draw(a, i));
      const fromRng = Array.from({ length: 20_000 }, () => b.poisson(mean));
      expect(fromTable).toEqual(fromRng);
    }
  });

  it('draws a whole path in one call with the same numbers as draw by draw', () => {
    const distributions = [
      { kind: 'poisson' as const, mean: 0.3 }, { kind: 'poisson' as const, mean: 8 }, { kind: 'poisson' as const, mean: 45 },
      { kind: 'negativeBinomial' as const, mean: 4, dispersion: 2 }, { kind: 'poisson' as const, mean: 3, seasonality: Float64Array.of(0.5, 2) },
    ];
    for (const distribution of distributions) {
      const sampler = new DemandSampler(distribution);
      const a = new Rng(8);
      const b = new Rng(8);
      const path = new Float64Array(5_003);
      sampler.fill(a, 7, path, 3, 5_000);
      expect(Array.from(path.subarray(3))).toEqual(Array.from({ length: 5_000 }, (_, i) => sampler.draw(b, 7 + i)));
      expect(a.nextUint32()).toBe(b.nextUint32()); // and leaves the stream in the same place
    }
  });

  it('samples Poisson demand exactly: mean, variance and a chi-square test on a fixed seed', () => {
    const draws = 200_000;
    for (const mean of [0.4, 2.7, 11, 29.5, 42]) {
      const path = new Float64Array(draws);
      new DemandSampler({ kind: 'poisson', mean }).fill(new Rng(2024), 0, path, 0, draws);
      let sum = 0;
      let squares = 0;
      const counts: number[] = [];
      let notCounts = 0;
      for (const k of path) {
        if (!Number.isInteger(k) || k < 0) notCounts++;
        sum += k;
        squares += k * k;
        counts[k] = (counts[k] ?? 0) + 1;
      }
      expect(notCounts).toBe(0);
      const sampleMean = sum / draws;
      const sampleVariance = (squares - draws * sampleMean * sampleMean) / (draws - 1);
      // Four standard errors; the variance of s² for Poisson is (m + 2m²) / n.
      expect(Math.abs(sampleMean - mean)).toBeLessThan(4 * Math.sqrt(mean / draws));
      expect(Math.abs(sampleVariance - mean)).toBeLessThan(4 * Math.sqrt((mean + 2 * mean * mean) / draws));
      // Chi-square over cells with ≥ 20 expected draws, the tails pooled into the outermost cells.
      let probability = Math.exp(-mean);
      const cells: { observed: number; expected: number }[] = [];
      let observedSoFar = 0;
      let expectedSoFar = 0;
      for (let k = 0; expectedSoFar < draws * (1 - 1e-12) && k < 1_000; k++) {
        if (k > 0) probability *= mean / k;
        const observed = counts[k] ?? 0;
        const expected = draws * probability;
        observedSoFar += observed;
        expectedSoFar += expected;
        const open = cells.at(-1);
        if (open && open.expected < 20) {
          open.observed += observed;
          open.expected += expected;
        } else cells.push({ observed, expected });
      }
      const last = cells[cells.length - 1];
      last.observed += draws - observedSoFar;
      last.expected += draws - expectedSoFar;
      if (last.expected < 20 && cells.length > 1) {
        const tail = cells.pop() as { observed: number; expected: number };
        cells[cells.length - 1].observed += tail.observed;
        cells[cells.length - 1].expected += tail.expected;
      }
      const statistic = cells.reduce((total, cell) => total + (cell.observed - cell.expected) ** 2 / cell.expected, 0);
      const freedom = cells.length - 1;
      // Wilson–Hilferty: the 0.1 % upper point of chi-square with `freedom` degrees of freedom.
      const critical = freedom * (1 - 2 / (9 * freedom) + 3.09 * Math.sqrt(2 / (9 * freedom))) ** 3;
      expect(freedom).toBeGreaterThan(2);
      expect(statistic).toBeLessThan(critical);
    }
  });

  it('applies the seasonal multiplier to the mean period by period', () => {
    const sampler = new DemandSampler({ kind: 'negativeBinomial', mean: 4, dispersion: 3, seasonality: Float64Array.of(0.25, 1.75) });
    const rng = new Rng(3);
    const sums = [0, 0];
    for (let t = 0; t < 40_000; t++) sums[t % 2] += sampler.draw(rng, t);
    expect(sums[0] / 20_000).toBeCloseTo(1, 1);
    expect(sums[1] / 20_000).toBeCloseTo(7, 0);
  });

  it('lays out lanes item-major, and replays a history as one path', () => {
    const history = createDemandGenerator({ kind: 'history', history: [Float64Array.of(1, 2, 3), Float64Array.of(7, 8, 9)] });
    const out = new Float64Array(2);
    history.fill(2, out);
    expect(Array.from(out)).toEqual([3, 9]);
    const stored = createDemandGenerator({ kind: 'paths', pathCount: 2, periods: 2, paths: [Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8)] });
    const four = new Float64Array(4);
    stored.fill(1, four);
    expect(Array.from(four)).toEqual([2, 4, 6, 8]);
  });

  it('pre-sampled paths equal the on-the-fly source for the same seed', () => {
    const items = [{ kind: 'poisson' as const, mean: 3 }, { kind: 'negativeBinomial' as const, mean: 2, dispersion: 0.5 }];
    const stored = presampleDemand(items, 3, 50, 9);
    const live = createDemandGenerator({ kind: 'distribution', pathCount: 3, seed: 9, items });
    const replay = createDemandGenerator(stored);
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    for (let t = 0; t < 50; t++) {
      live.fill(t, a);
      replay.fill(t, b);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });
});
