import { describe, expect, it } from 'vitest';
import { referenceContext, randomContext } from '../../../app/rl/context';
import { VectorEnvironment, finaliseOrder, observationSize } from '../../../app/rl/environment';
import { cappedBaseStockRule, evaluateOrderRule } from '../../../app/rl/evaluate';
import { Rng } from '../../../app/random/rng';

const spec = { maxLeadTimePeriods: 4, actionBins: 11, maxOrderInMeanDemand: 2 };

describe('VectorEnvironment', () => {
  it('reproduces the reference base-stock cost (L=1, p=9, S=13: 5.54747) in the reference event convention', () => {
    const result = evaluateOrderRule(spec, referenceContext(1, 9), cappedBaseStockRule(13), { lanes: 100, periods: 2000, warmupPeriods: 100 });
    expect(Math.abs(result.meanCostPerPeriod - 5.54747)).toBeLessThan(4 * result.standardError);
    expect(result.periodsCounted).toBe(200_000);
  });

  it('can express the best capped base-stock policy exactly: bins are whole units 0..10 at mean 5', () => {
    // Same rule, once as units and once as action bins: identical cost on identical demand.
    const context = referenceContext(2, 9);
    const rule = cappedBaseStockRule(19, 6);
    const asUnits = evaluateOrderRule(spec, context, rule, { lanes: 20, periods: 500, warmupPeriods: 10 });
    const env = new VectorEnvironment(spec, 20, { kind: 'fixed', contexts: [context] }, 12345);
    const bins = new Int32Array(20);
    let total = 0;
    for (let t = 0; t < 510; t++) {
      for (let lane = 0; lane < 20; lane++) {
        bins[lane] = rule(env, lane);
        expect(env.orderQuantity(lane, bins[lane])).toBe(bins[lane]);
      }
      const result = env.step(bins);
      if (t >= 10) for (let lane = 0; lane < 20; lane++) total += result.cost[lane];
    }
    expect(total / (20 * 500)).toBeCloseTo(asUnits.meanCostPerPeriod, 10);
  });

  it('observes on-hand and pipeline in units of mean demand, padded, with days to arrival and context', () => {
    const env = new VectorEnvironment(spec, 1, { kind: 'fixed', contexts: [referenceContext(3, 4)] }, 1);
    const observation = new Float32Array(observationSize(spec));
    env.observe(observation);
    expect(observation[0]).toBe(4); // starts with (L + 1) × mean = 20 units on hand
    env.step(Int32Array.of(5)); // order 5 × 1 unit = 5 units, arrives in 3 periods
    env.observe(observation);
    // Pipeline slots: arrives in 1, 2, 3 periods → the order is 2 periods away after one step.
    expect(Array.from(observation.subarray(1, 4))).toEqual([0, 1, 0]);
    expect(Array.from(observation.subarray(4, 7))).toEqual([0.25, 0.5, 0]); // slots beyond L − 1 = 2 are 0
    expect(observation[7]).toBe(0.75); // lead time / max lead time
  });

  it('applies order multiple, MOQ and review period as the final step', () => {
    const context = { ...referenceContext(1, 9), minimumOrderQuantity: 12, orderMultiple: 5, reviewPeriods: 2 };
    expect(finaliseOrder(context, 3, 0)).toBe(0); // 3 → 5 (multiple) < 6 = MOQ / 2 → nothing
    expect(finaliseOrder(context, 7, 0)).toBe(12); // 7 → 10 ≥ 6 → MOQ
    expect(finaliseOrder(context, 13, 0)).toBe(15);
    expect(finaliseOrder(context, 13, 1)).toBe(0); // not a review day
  });

  it('switches random contexts as truncations and reports the final observation', () => {
    const env = new VectorEnvironment({ ...spec, maxLeadTimePeriods: 8 }, 8, { kind: 'random', ranges: { ...defaultRanges() }, periodsPerContext: 4 }, 3);
    let truncations = 0;
    for (let t = 0; t < 20; t++) {
      const result = env.step(new Int32Array(8).fill(5));
      for (let lane = 0; lane < 8; lane++) truncations += result.truncated[lane];
      for (const value of result.reward) expect(Number.isFinite(value)).toBe(true);
    }
    expect(truncations).toBeGreaterThan(8);
  });
});

function defaultRanges() {
  // Exercise dispersion, seasonality, lots and backorders more often than the defaults do.
  return {
    maxLeadTimePeriods: 8, costRatio: [2, 50] as [number, number], demandMean: [0.5, 50] as [number, number], poissonShare: 0.3,
    dispersion: [1, 20] as [number, number], seasonalShare: 0.5, seasonalAmplitude: 0.4, moqShare: 0.5, multipleShare: 0.5,
    maxLotInMeanDemand: 3, orderingCostShare: 0.5, maxOrderingCost: 10, periodicReviewShare: 0.5, backorderShare: 0.5,
  };
}

describe('randomContext', () => {
  it('is a function of the generator state', () => {
    expect(randomContext(new Rng(7))).toEqual(randomContext(new Rng(7)));
  });
});
