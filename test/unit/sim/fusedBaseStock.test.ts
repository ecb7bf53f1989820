import { describe, expect, it } from 'vitest';
import { baseStockPolicy } from '../../../app/policies/classical';
import type { DemandSource } from '../../../app/sim/demandSource';
import { evaluatePolicy } from '../../../app/sim/evaluate';
import { fusedBaseStock } from '../../../app/sim/fusedBaseStock';
import type { ItemSettings } from '../../../app/sim/itemSettings';
import { referenceItem } from '../../../app/sim/itemSettings';

const items: ItemSettings[] = [
  referenceItem(0, 4),
  referenceItem(1, 9),
  referenceItem(3, 19, false),
  { ...referenceItem(2, 9), orderingCost: 7, minimumOrderQuantity: 6, orderMultiple: 4, initialOnHand: 12, initialPipeline: [3, 0, 5, 1] },
  { ...referenceItem(4, 39), holdingCost: 0.25, initialOnHand: 30 },
];
const orderUpTo = [8, 13, 24, 19, 33];
const demand: DemandSource = {
  kind: 'distribution', pathCount: 3, seed: 17,
  items: [
    { kind: 'poisson', mean: 5 },
    { kind: 'poisson', mean: 5 },
    { kind: 'negativeBinomial', mean: 5, dispersion: 1.5 },
    { kind: 'poisson', mean: 4, seasonality: Float64Array.of(0.5, 1, 2) },
    { kind: 'poisson', mean: 35 },
  ],
};

function reference(source: DemandSource): Float64Array {
  const result = evaluatePolicy({ items, demand: source, policy: baseStockPolicy(orderUpTo), periods: 300, warmUpPeriods: 25, seed: 1 });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.laneCost;
}

describe('fused base-stock loop', () => {
  it('equals the InventoryLanes-based evaluation bit for bit, sampling demand as it goes', () => {
    const fused = fusedBaseStock({ items, orderUpTo, demand, periods: 300, warmUpPeriods: 25 });
    if (!fused.ok) throw new Error(fused.error.message);
    expect(Array.from(fused.value.laneCost)).toEqual(Array.from(reference(demand)));
    expect(fused.value.laneCost.every((cost) => cost > 0)).toBe(true);
  });

  it('equals it on pre-sampled paths and on a replayed history', () => {
    const paths: DemandSource = {
      kind: 'paths', pathCount: 2, periods: 325,
      paths: items.map((_, i) => Float64Array.from({ length: 650 }, (_, k) => (k * 7 + i * 3) % 11)),
    };
    const fused = fusedBaseStock({ items, orderUpTo, demand: paths, periods: 300, warmUpPeriods: 25 });
    if (!fused.ok) throw new Error(fused.error.message);
    expect(Array.from(fused.value.laneCost)).toEqual(Array.from(reference(paths)));
    const history: DemandSource = { kind: 'history', history: items.map((_, i) => Float64Array.from({ length: 325 }, (_, k) => (k * i) % 9)) };
    const replay = fusedBaseStock({ items, orderUpTo, demand: history, periods: 300, warmUpPeriods: 25 });
    if (!replay.ok) throw new Error(replay.error.message);
    expect(Array.from(replay.value.laneCost)).toEqual(Array.from(reference(history)));
  });

  it('refuses what it does not model: random lead times and review periods', () => {
    const spread = fusedBaseStock({
      items: [{ ...referenceItem(2, 4), leadTimeSpread: { periods: [1, 3], probabilities: [1, 1] } }],
      orderUpTo: [10], demand: { kind: 'history', history: [new Float64Array(10)] }, periods: 10, warmUpPeriods: 0,
    });
    expect(spread.ok).toBe(false);
    const review = fusedBaseStock({
      items: [{ ...referenceItem(2, 4), reviewPeriod: 7 }],
      orderUpTo: [10], demand: { kind: 'history', history: [new Float64Array(10)] }, periods: 10, warmUpPeriods: 0,
    });
    expect(review.ok).toBe(false);
  });
});
