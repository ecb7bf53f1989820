import { describe, expect, it } from 'vitest';
import { baseStockPolicy, cappedBaseStockPolicy } from '../../../app/policies/classical';
import type { TuningOptions } from '../../../app/policies/tuning';
import { tuneBaseStock, tuneCappedBaseStock, tuneReorderPointQuantity, tuneSS } from '../../../app/policies/tuning';
import { presampleDemand } from '../../../app/sim/demandSource';
import { evaluatePolicy } from '../../../app/sim/evaluate';
import type { ItemSettings } from '../../../app/sim/itemSettings';
import { referenceItem } from '../../../app/sim/itemSettings';
import type { ReorderPolicy } from '../../../app/sim/policy';

const poisson5 = { kind: 'distribution' as const, distribution: { kind: 'poisson' as const, mean: 5 } };

function options(item: ItemSettings, seed = 1): TuningOptions {
  return { item, demand: poisson5, pathCount: 16, periods: 4000, warmUpPeriods: 100, seed };
}

/** Cost on fresh demand (another seed, longer run) — not the sample the tuning optimised on. */
function freshCost(item: ItemSettings, policy: ReorderPolicy): number {
  const result = evaluatePolicy({
    items: [item], policy, periods: 20_000, warmUpPeriods: 200, seed: 99,
    demand: { kind: 'distribution', pathCount: 16, seed: 99, items: [{ kind: 'poisson', mean: 5 }] },
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.items[0].meanCost;
}

describe('tuning by simulation with common random numbers', () => {
  it.each([[1, 4, 12], [2, 9, 19], [4, 39, 33]])('recovers the reference best base-stock level (L=%i, p=%i → S=%i)', (lead, penalty, best) => {
    const tuned = tuneBaseStock(options(referenceItem(lead, penalty)));
    expect(tuned.ok && tuned.value.parameters.orderUpTo).toBe(best);
  });

  it('returns a level that beats its neighbours on the same demand (tuning and evaluatePolicy agree)', () => {
    const item: ItemSettings = { ...referenceItem(3, 9), reviewPeriod: 7, orderMultiple: 6, orderingCost: 20 };
    const demand = { kind: 'distribution' as const, distribution: { kind: 'negativeBinomial' as const, mean: 5, dispersion: 2 } };
    const tuned = tuneBaseStock({ item, demand, pathCount: 8, periods: 3000, warmUpPeriods: 70, seed: 4 });
    if (!tuned.ok) throw new Error(tuned.error.message);
    const S = tuned.value.parameters.orderUpTo;
    const source = presampleDemand([demand.distribution], 8, 3070, 4);
    const cost = (level: number): number => {
      const result = evaluatePolicy({ items: [item], demand: source, policy: baseStockPolicy([level]), periods: 3000, warmUpPeriods: 70, seed: 4 });
      if (!result.ok) throw new Error(result.error.message);
      return result.value.items[0].meanCost;
    };
    expect(cost(S)).toBe(tuned.value.meanCost);
    expect(cost(S)).toBeLessThan(cost(S - 1));
    expect(cost(S)).toBeLessThan(cost(S + 1));
  });

  it('finds a capped base-stock policy close to the reference optimum of its class (L=2, p=4)', () => {
    const item = referenceItem(2, 4);
    const tuned = tuneCappedBaseStock(options(item));
    if (!tuned.ok) throw new Error(tuned.error.message);
    const { orderUpTo, cap } = tuned.value.parameters;
    // Reference: best capped (17, 5) costs 4.40573; best base-stock costs 4.63864.
    expect(freshCost(item, cappedBaseStockPolicy([orderUpTo], [cap]))).toBeLessThan(4.40573 * 1.005);
  });

  it('(s, S) and (r, Q) save most of a fixed ordering cost that base-stock pays every period', () => {
    const item = { ...referenceItem(2, 9), orderingCost: 50 };
    const base = tuneBaseStock(options(item, 5));
    const sS = tuneSS(options(item, 5));
    const rQ = tuneReorderPointQuantity(options(item, 5));
    if (!base.ok || !sS.ok || !rQ.ok) throw new Error('tuning failed');
    expect(base.value.meanCost).toBeGreaterThan(50);
    expect(sS.value.meanCost).toBeLessThan(0.5 * base.value.meanCost);
    expect(rQ.value.meanCost).toBeLessThan(0.5 * base.value.meanCost);
    expect(sS.value.parameters.orderUpTo - sS.value.parameters.reorderPoint).toBeGreaterThan(10);
    // Without a fixed cost (s, S) starts at, and cannot do worse than, base-stock.
    const free = tuneSS(options(referenceItem(2, 9), 5));
    const freeBase = tuneBaseStock(options(referenceItem(2, 9), 5));
    if (!free.ok || !freeBase.ok) throw new Error('tuning failed');
    expect(free.value.meanCost).toBeLessThanOrEqual(freeBase.value.meanCost);
  });

  it('refuses bad input as data', () => {
    const bad = tuneBaseStock({ ...options(referenceItem(1, 4)), periods: 0 });
    expect(bad.ok).toBe(false);
    const short = tuneBaseStock({ ...options(referenceItem(1, 4)), demand: { kind: 'paths', pathCount: 1, periods: 10, paths: new Float64Array(10) } });
    expect(short.ok).toBe(false);
  });
});
