import { describe, expect, it } from 'vitest';
import { Rng } from '../../../app/random/rng';
import { baseStockPolicy, sSPolicy } from '../../../app/policies/classical';
import type { DemandSource } from '../../../app/sim/demandSource';
import { laneSeed, LEAD_TIME_STREAM, presampleDemand } from '../../../app/sim/demandSource';
import type { EvaluationOptions, EvaluationReport } from '../../../app/sim/evaluate';
import { evaluatePolicy } from '../../../app/sim/evaluate';
import type { ItemSettings } from '../../../app/sim/itemSettings';
import { drawLeadTime, leadTimeSampler, referenceItem } from '../../../app/sim/itemSettings';
import type { PolicyState, ReorderPolicy } from '../../../app/sim/policy';

function history(...values: number[]): DemandSource {
  return { kind: 'history', history: [Float64Array.from(values)] };
}

function run(options: Partial<EvaluationOptions> & Pick<EvaluationOptions, 'items' | 'demand' | 'policy' | 'periods'>): EvaluationReport {
  const result = evaluatePolicy({ warmUpPeriods: 0, seed: 1, ...options });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('evaluatePolicy bookkeeping (hand-computed)', () => {
  it('base-stock with lead time 2: arrivals, costs and statistics', () => {
    // t0: IP 0, order 10 (arrives t2), 3 lost → 12. t1: IP 10, no order, 3 lost → 12.
    // t2: 10 arrive, 7 left → 7. t3: IP 7, order 3, 4 left → 4. t4: IP 7, order 3, 1 left → 1.
    const report = run({ items: [referenceItem(2, 4)], demand: history(3, 3, 3, 3, 3), policy: baseStockPolicy([10]), periods: 5 });
    const item = report.items[0];
    expect(Array.from(report.laneCost)).toEqual([36]);
    expect(item.meanCost).toBe(36 / 5);
    expect(item.holdingCostPerPeriod).toBe(12 / 5);
    expect(item.stockoutCostPerPeriod).toBeCloseTo(24 / 5, 12);
    expect(item.fillRate).toBe(9 / 15);
    expect(item.stockoutPeriods).toBe(2);
    expect(item.averageOnHand).toBe(12 / 5);
    expect(item.ordersPlaced).toBe(3);
    expect(item.meanDemand).toBe(3);
  });

  it('counts only the periods after the warm-up', () => {
    const report = run({ items: [referenceItem(2, 4)], demand: history(3, 3, 3, 3, 3), policy: baseStockPolicy([10]), periods: 3, warmUpPeriods: 2 });
    expect(report.items[0].meanCost).toBe((7 + 4 + 1) / 3);
    expect(report.items[0].ordersPlaced).toBe(2);
  });

  it('orders only on review days, with MOQ and multiples applied to the raw quantity', () => {
    // S = 10, R = 2, MOQ 6, packs of 4, L = 1, 5 on hand, ordering cost 5, demand 2 a period.
    // t0 review: raw 5 → MOQ 6 → 8; 3 left → 5 + 3. t1: 8 arrive, 9 left → 9.
    // t2 review: IP 9, raw 1 → 8; 7 left → 5 + 7. t3: 8 arrive, 13 left → 13.
    const item: ItemSettings = {
      ...referenceItem(1, 4), reviewPeriod: 2, minimumOrderQuantity: 6, orderMultiple: 4, initialOnHand: 5, orderingCost: 5,
    };
    const report = run({ items: [item], demand: history(2, 2, 2, 2), policy: baseStockPolicy([10]), periods: 4 });
    expect(Array.from(report.laneCost)).toEqual([8 + 9 + 12 + 13]);
    expect(report.items[0].ordersPlaced).toBe(2);
    expect(report.items[0].orderingCostPerPeriod).toBe(10 / 4);
    // The same item reviewed on odd days orders first at t1 (IP 3 → raw 7 → 8).
    const odd = run({ items: [{ ...item, reviewOffset: 1 }], demand: history(2, 2, 2, 2), policy: baseStockPolicy([10]), periods: 4 });
    // t0: 3 left → 3. t1: order 8, 1 left → 5 + 1. t2: 8 arrive, 7 left → 7. t3: IP 7, raw 3 → 8; 5 left → 5 + 5.
    expect(Array.from(odd.laneCost)).toEqual([3 + 6 + 7 + 10]);
  });

  it('starts from the initial on-hand and pipeline', () => {
    const item: ItemSettings = { ...referenceItem(1, 4), initialOnHand: 2, initialPipeline: [4, 0, 6] };
    const report = run({ items: [item], demand: history(0, 0, 0, 0), policy: baseStockPolicy([0]), periods: 4 });
    // End-of-period stock: 2, 6, 6, 12.
    expect(report.items[0].averageOnHand).toBe(26 / 4);
    expect(report.items[0].ordersPlaced).toBe(0);
  });

  it('backlogs on backorder items and charges per unit per period', () => {
    // S = 4, L = 1, 4 on hand, demand 6, 1, 1. t0: IP 4, no order; 4 served, backlog 2 → 2p = 18.
    // t1: IP −2, order 6; demand 1 → backlog 3 → 27. t2: 6 arrive → 3; IP 3, order 1; 1 served, 2 left → 2.
    const item = { ...referenceItem(1, 9, false), initialOnHand: 4 };
    const report = run({ items: [item], demand: history(6, 1, 1), policy: baseStockPolicy([4]), periods: 3 });
    expect(Array.from(report.laneCost)).toEqual([18 + 27 + 2]);
    expect(report.items[0].fillRate).toBe(5 / 8);
    expect(report.items[0].ordersPlaced).toBe(2);
  });

  it('delivers each order after its own random lead time, so orders may cross', () => {
    const spread = { periods: [1, 4], probabilities: [1, 1] };
    const item: ItemSettings = { ...referenceItem(4, 4), leadTimeSpread: spread };
    const periods = 12;
    // Order 2^t in period t: on-hand then tells exactly which orders have arrived.
    const seen: number[] = [];
    const pipelines: number[][] = [];
    const policy: ReorderPolicy = {
      name: 'powers-of-two',
      usesPipeline: true,
      decide(state: PolicyState, quantity: Float64Array) {
        seen.push(state.onHand[0]);
        pipelines.push(Array.from(state.pipeline.subarray(0, state.pipelineLength)));
        quantity[0] = 2 ** state.period;
      },
    };
    run({ items: [item], demand: history(...new Array<number>(periods).fill(0)), policy, periods, seed: 77 });
    const rng = new Rng(laneSeed(77, 0, 0, LEAD_TIME_STREAM));
    const sampler = leadTimeSampler(spread);
    const leads = Array.from({ length: periods }, () => drawLeadTime(sampler, rng));
    const expected = Array.from({ length: periods }, (_, t) =>
      leads.reduce((sum, lead, placed) => (placed + lead <= t && placed < t ? sum + 2 ** placed : sum), 0));
    expect(seen).toEqual(expected);
    expect(leads.some((lead, t) => t > 0 && lead < leads[t - 1] - 1)).toBe(true); // some order overtakes another
    // The pipeline shown to the policy at t: what arrives at t + 1 … t + 4, soonest first.
    const t = 6;
    expect(pipelines[t]).toEqual([1, 2, 3, 4].map((k) =>
      leads.reduce((sum, lead, placed) => (placed < t && placed + lead === t + k ? sum + 2 ** placed : sum), 0)));
  });
});

describe('evaluatePolicy statistics and random numbers', () => {
  const items = [referenceItem(2, 9), { ...referenceItem(3, 19), leadTimeSpread: { periods: [2, 3, 5], probabilities: [1, 2, 1] } }];
  const demand = (seed: number): DemandSource => ({
    kind: 'distribution', pathCount: 3, seed,
    items: [{ kind: 'poisson', mean: 5 }, { kind: 'negativeBinomial', mean: 4, dispersion: 2, seasonality: Float64Array.of(0.5, 1.5) }],
  });
  const options = (seed: number, policy: ReorderPolicy): EvaluationOptions =>
    ({ items, demand: demand(seed), policy, periods: 400, warmUpPeriods: 20, seed });

  it('is deterministic: the same seed gives the same numbers, another seed other numbers', () => {
    const a = run(options(5, baseStockPolicy([19, 22])));
    const b = run(options(5, baseStockPolicy([19, 22])));
    const c = run(options(6, baseStockPolicy([19, 22])));
    expect(b).toEqual(a);
    expect(c.items[0].meanCost).not.toBe(a.items[0].meanCost);
    expect(a.items[1].standardError).toBeGreaterThan(0);
  });

  it('gives every policy the same demand (common random numbers)', () => {
    const base = run(options(5, baseStockPolicy([19, 22])));
    const other = run(options(5, sSPolicy([10, 12], [25, 30])));
    expect(other.items.map((i) => i.meanDemand)).toEqual(base.items.map((i) => i.meanDemand));
    expect(other.items[0].meanCost).not.toBe(base.items[0].meanCost);
    // A pre-sampled copy of the same streams reproduces the on-the-fly source exactly.
    const source = demand(5);
    if (source.kind !== 'distribution') throw new Error('unreachable');
    const stored = run({ ...options(5, baseStockPolicy([19, 22])), demand: presampleDemand(source.items, 3, 420, 5) });
    expect(stored.items).toEqual(base.items);
  });

  it('gives an item the same demand alone as inside a batch', () => {
    const batch = run(options(5, baseStockPolicy([19, 22])));
    const source = demand(5);
    if (source.kind !== 'distribution') throw new Error('unreachable');
    const alone = run({
      items: [items[1]], policy: baseStockPolicy([22]), periods: 400, warmUpPeriods: 20, seed: 5, leadTimeStreamIds: [1],
      demand: { ...source, items: [{ ...source.items[1], streamId: 1 }] },
    });
    expect(alone.items[0]).toEqual(batch.items[1]);
  });

  it('returns bad input as an error, not an exception', () => {
    const result = evaluatePolicy({ ...options(5, baseStockPolicy([19, 22])), periods: 0 });
    expect(result.ok).toBe(false);
    const short = evaluatePolicy({ items: [referenceItem(1, 4)], demand: history(1, 2), policy: baseStockPolicy([5]), periods: 3, warmUpPeriods: 0, seed: 1 });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.error.code).toBe('invalid-input');
    const mismatch = evaluatePolicy({ ...options(5, baseStockPolicy([19])) });
    expect(mismatch.ok).toBe(false);
  });
});
