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
