import { describe, expect, it } from 'vitest';
import { Rng } from '../../../app/random/rng';
import { baseStockPolicy } from '../../../app/policies/classical';
import type { LaneTotals } from '../../../app/sim/baseStockLane';
import {
  emptyTotals, fractionalLane, MAX_WHOLE_UNIT_LEAD, UNIT_LIMIT, wholeUnitEligible, wholeUnitLane,
} from '../../../app/sim/baseStockLane';
import type { DemandSource } from '../../../app/sim/demandSource';
import { createDemandGenerator, presampleDemand, sourcePathCount } from '../../../app/sim/demandSource';
import { evaluatePolicy } from '../../../app/sim/evaluate';
import type { FusedBaseStockResult } from '../../../app/sim/fusedBaseStock';
import { fusedBaseStock } from '../../../app/sim/fusedBaseStock';
import { createOutcome, InventoryLanes } from '../../../app/sim/inventoryLanes';
import type { ItemSettings } from '../../../app/sim/itemSettings';
import { applyOrderRules, referenceItem } from '../../../app/sim/itemSettings';

const items: ItemSettings[] = [
  referenceItem(0, 4),
  referenceItem(1, 9),
  referenceItem(3, 19, false),
  { ...referenceItem(2, 9), orderingCost: 7, minimumOrderQuantity: 6, orderMultiple: 4, initialOnHand: 12, initialPipeline: [3, 0, 5, 1] },
  { ...referenceItem(4, 39), holdingCost: 0.25, initialOnHand: 30 },
  // Overstocked starts (IP > S for a while), on both stockout rules, one with a pipeline.
  { ...referenceItem(2, 9), initialOnHand: 40, initialPipeline: [6] },
  { ...referenceItem(1, 4, false), initialOnHand: 35, orderingCost: 2.5 },
  // Order rules that change nothing on whole units, a long lead time, backorders at lead time 0.
  { ...referenceItem(9, 19), minimumOrderQuantity: 1, orderMultiple: 1, orderingCost: 0.5, initialPipeline: [5, 5, 5, 5, 5, 5, 5, 5] },
  { ...referenceItem(0, 9, false), initialOnHand: 3 },
];
const orderUpTo = [8, 13, 24, 19, 33, 14, 11, 60, 6];
const demand: DemandSource = {
  kind: 'distribution', pathCount: 3, seed: 17,
  items: [
    { kind: 'poisson', mean: 5 },
    { kind: 'poisson', mean: 5 },
    { kind: 'negativeBinomial', mean: 5, dispersion: 1.5 },
    { kind: 'poisson', mean: 4, seasonality: Float64Array.of(0.5, 1, 2) },
    { kind: 'poisson', mean: 35 },
    { kind: 'poisson', mean: 5 },
    { kind: 'poisson', mean: 5 },
    { kind: 'poisson', mean: 5.5 },
    { kind: 'poisson', mean: 2 },
  ],
};
const periods = 300;
const warmUpPeriods = 25;

interface Reference {
  laneCost: Float64Array;
  laneStockout: Float64Array;
  endOnHand: Float64Array;
  /** What arrives 0 … pipelineLength − 1 periods after the horizon, as in FusedBaseStockResult. */
  endPipeline: Float64Array;
  pipelineLength: number;
}

interface Horizon {
  periods: number;
  warmUpPeriods: number;
}

/** Base-stock stepped on InventoryLanes itself, event by event: the ground truth. */
function inventoryLanes(
  laneItems: ItemSettings[], levels: ArrayLike<number>, source: DemandSource, horizon: Horizon = { periods, warmUpPeriods },
): Reference {
  const pathCount = sourcePathCount(source);
  const lanes = laneItems.length * pathCount;
  const pipelineLength = laneItems.reduce((most, item) => Math.max(most, item.leadTimePeriods, item.initialPipeline?.length ?? 0), 0);
  const inventory = new InventoryLanes(lanes, pipelineLength);
  const laneItem = (lane: number): ItemSettings => laneItems[Math.floor(lane / pathCount)];
  const perLane = (value: (item: ItemSettings) => number): Float64Array => Float64Array.from({ length: lanes }, (_, lane) => value(laneItem(lane)));
  const costs = {
    holdingCost: perLane((item) => item.holdingCost),
    stockoutCost: perLane((item) => item.stockoutCost),
    orderingCost: perLane((item) => item.orderingCost),
    lostSales: Uint8Array.from({ length: lanes }, (_, lane) => (laneItem(lane).lostSales ? 1 : 0)),
  };
  const leadTime = Int32Array.from({ length: lanes }, (_, lane) => laneItem(lane).leadTimePeriods);
  for (let lane = 0; lane < lanes; lane++) {
    inventory.onHand[lane] = laneItem(lane).initialOnHand;
    laneItem(lane).initialPipeline?.forEach((quantity, k) => inventory.schedule(lane, k + 1, quantity));
  }
  const generator = createDemandGenerator(source);
  const outcome = createOutcome(lanes);
  const demandNow = new Float64Array(lanes);
  const quantity = new Float64Array(lanes);
  const reference: Reference = {
    laneCost: new Float64Array(lanes), laneStockout: new Float64Array(lanes), endOnHand: new Float64Array(lanes),
    endPipeline: new Float64Array(lanes * pipelineLength), pipelineLength,
  };
  const totalPeriods = horizon.warmUpPeriods + horizon.periods;
  for (let t = 0; t < totalPeriods; t++) {
    inventory.receive();
    for (let lane = 0; lane < lanes; lane++) {
      const item = laneItem(lane);
      const gap = levels[Math.floor(lane / pathCount)] - inventory.inventoryPosition(lane);
      quantity[lane] = applyOrderRules(gap > 0 ? gap : 0, item.minimumOrderQuantity, item.orderMultiple);
    }
    inventory.order(quantity, leadTime, costs);
    generator.fill(t, demandNow);
    inventory.serve(demandNow, costs, outcome);
    if (t < horizon.warmUpPeriods) continue;
    for (let lane = 0; lane < lanes; lane++) {
      reference.laneCost[lane] += outcome.cost[lane];
      reference.laneStockout[lane] += laneItem(lane).lostSales ? outcome.short[lane] : Math.max(-inventory.onHand[lane], 0);
    }
  }
  for (let lane = 0; lane < lanes; lane++) {
    reference.endOnHand[lane] = inventory.onHand[lane];
    for (let k = 0; k < pipelineLength; k++) {
      reference.endPipeline[lane * pipelineLength + k] = inventory.arrivals[lane * inventory.capacity + ((totalPeriods + k) % inventory.capacity)];
    }
  }
  return reference;
}

function fused(
  laneItems: ItemSettings[], levels: ArrayLike<number>, source: DemandSource, horizon: Horizon = { periods, warmUpPeriods },
): FusedBaseStockResult {
  const result = fusedBaseStock({ items: laneItems, orderUpTo: levels, demand: source, ...horizon });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Everything to the last bit (costs here are whole or binary fractions, so pricing the sums is exact). */
function expectIdentical(result: FusedBaseStockResult, reference: Reference): void {
  expect(Array.from(result.laneCost)).toEqual(Array.from(reference.laneCost));
  expect(Array.from(result.laneStockout)).toEqual(Array.from(reference.laneStockout));
  expect(Array.from(result.endOnHand)).toEqual(Array.from(reference.endOnHand));
  expect(result.pipelineLength).toBe(reference.pipelineLength);
  expect(Array.from(result.endPipeline)).toEqual(Array.from(reference.endPipeline));
}

describe('fused base-stock loop against InventoryLanes', () => {
  it('gives the same costs, stockouts and ending state, sampling demand as it goes', () => {
    const result = fused(items, orderUpTo, demand);
    expectIdentical(result, inventoryLanes(items, orderUpTo, demand));
    expect(result.laneCost.every((cost) => cost > 0)).toBe(true);
    // And the policy evaluator (also on InventoryLanes) agrees on the cost.
    const evaluated = evaluatePolicy({ items, demand, policy: baseStockPolicy(orderUpTo), periods, warmUpPeriods, seed: 1 });
    if (!evaluated.ok) throw new Error(evaluated.error.message);
    expect(Array.from(result.laneCost)).toEqual(Array.from(evaluated.value.laneCost));
  });

  it('gives the same on pre-sampled paths, a replayed history and fractional demand', () => {
    const whole: DemandSource = {
      kind: 'paths', pathCount: 2, periods: 325,
      paths: items.map((_, i) => Float64Array.from({ length: 650 }, (_, k) => (k * 7 + i * 3) % 11)),
    };
    expectIdentical(fused(items, orderUpTo, whole), inventoryLanes(items, orderUpTo, whole));
    const history: DemandSource = { kind: 'history', history: items.map((_, i) => Float64Array.from({ length: 325 }, (_, k) => (k * i) % 9)) };
    expectIdentical(fused(items, orderUpTo, history), inventoryLanes(items, orderUpTo, history));
    // Quarter units: every lane falls back to the float64 kernel; binary fractions keep it exact.
    const quarters: DemandSource = { kind: 'history', history: items.map((_, i) => Float64Array.from({ length: 325 }, (_, k) => ((k * 5 + i) % 13) * 0.25)) };
    expectIdentical(fused(items, orderUpTo, quarters), inventoryLanes(items, orderUpTo, quarters));
  });

  it('agrees on a random population of whole-unit items (the benchmark’s case and its edges)', () => {
    const rng = new Rng(99);
    const population: ItemSettings[] = [];
    const levels: number[] = [];
    const means: number[] = [];
    for (let i = 0; i < 60; i++) {
      const lead = rng.integer(9);
      population.push({
        ...referenceItem(lead, 1 + rng.integer(40), rng.uniform() < 0.7),
        holdingCost: [1, 0.5, 0.25][rng.integer(3)], orderingCost: rng.integer(3) * 4,
        initialOnHand: rng.integer(30),
        initialPipeline: lead > 1 && rng.uniform() < 0.5 ? Array.from({ length: rng.integer(lead) }, () => rng.integer(8)) : undefined,
      });
      means.push(0.2 + rng.uniform() * 20);
      levels.push(rng.integer(70) - 5);
    }
    const source: DemandSource = { kind: 'distribution', pathCount: 2, seed: 5, items: means.map((mean) => ({ kind: 'poisson', mean })) };
    expectIdentical(fused(population, levels, source), inventoryLanes(population, levels, source));
  });

  it('agrees on random small cases: fractional units, order rules, long pipelines, short horizons', () => {
    const rng = new Rng(7);
    for (let run = 0; run < 150; run++) {
      const fractional = rng.uniform() < 0.3;
      const amount = (most: number): number => (fractional && rng.uniform() < 0.5 ? rng.integer(4 * most) / 4 : rng.integer(most));
      const count = 1 + rng.integer(4);
      const laneItems: ItemSettings[] = [];
      const levels: number[] = [];
      for (let i = 0; i < count; i++) {
        const lead = rng.integer(6);
        laneItems.push({
          ...referenceItem(lead, 1 + rng.integer(20), rng.uniform() < 0.6),
          holdingCost: [1, 0.5, 2][rng.integer(3)], orderingCost: 3 * rng.integer(2), initialOnHand: amount(40),
          minimumOrderQuantity: rng.uniform() < 0.15 ? rng.integer(8) : 0, orderMultiple: rng.uniform() < 0.15 ? rng.integer(4) : 0,
          initialPipeline: rng.uniform() < 0.4 ? Array.from({ length: rng.integer(lead + 3) }, () => amount(10)) : undefined,
        });
        levels.push(amount(60) - 5);
      }
      const horizon = { periods: 1 + rng.integer(60), warmUpPeriods: rng.integer(20) };
      const length = horizon.periods + horizon.warmUpPeriods;
      const pathCount = 1 + rng.integer(3);
      const source: DemandSource = rng.uniform() < 0.5
        ? { kind: 'distribution', pathCount, seed: run, items: laneItems.map(() => ({ kind: 'poisson', mean: 0.3 + 12 * rng.uniform() })) }
        : { kind: 'paths', pathCount, periods: length, paths: laneItems.map(() => Float64Array.from({ length: pathCount * length }, () => amount(12))) };
      expectIdentical(fused(laneItems, levels, source, horizon), inventoryLanes(laneItems, levels, source, horizon));
    }
  });

  it('agrees over horizons longer than a block of int32 sums, up to the whole-unit bounds', () => {
    // The steady-state loops go four periods at a time and sum per 1,024 periods: a horizon and a
    // warm-up that are multiples of neither, both stockout rules, lead times up to the longest the
    // whole-unit kernel takes, and demand near UNIT_LIMIT (lane sums past 2^31) next to small demand.
    const rng = new Rng(31);
    const horizon = { periods: 2_103, warmUpPeriods: 1_026 };
    const length = horizon.periods + horizon.warmUpPeriods;
    const laneItems: ItemSettings[] = [];
    const levels: number[] = [];
    const paths: Float64Array[] = [];
    const lane = (item: ItemSettings, level: number, draw: () => number): void => {
      laneItems.push(item);
      levels.push(level);
      paths.push(Float64Array.from({ length }, draw));
    };
    for (const lead of [0, 1, 3, MAX_WHOLE_UNIT_LEAD]) {
      for (const lostSales of [true, false]) {
        const item: ItemSettings = { ...referenceItem(lead, 3, lostSales), orderingCost: 2, initialOnHand: lead };
        lane(item, UNIT_LIMIT, () => UNIT_LIMIT - 1 - rng.integer(8)); // stockout sums past 2^31
        lane(item, UNIT_LIMIT, () => rng.integer(4)); // on-hand sums past 2^31
        lane({ ...item, stockoutCost: 7 }, 6 + 3 * lead, () => rng.integer(7));
      }
    }
    const source: DemandSource = { kind: 'paths', pathCount: 1, periods: length, paths };
    expectIdentical(fused(laneItems, levels, source, horizon), inventoryLanes(laneItems, levels, source, horizon));
  });

  it('prices the sums within float rounding when costs are not binary fractions', () => {
    const priced = items.map((item) => ({ ...item, holdingCost: 0.1, stockoutCost: 2.7, orderingCost: item.orderingCost > 0 ? 3.3 : 0 }));
    const result = fused(priced, orderUpTo, demand);
    const reference = inventoryLanes(priced, orderUpTo, demand);
    result.laneCost.forEach((cost, lane) => expect(Math.abs(cost - reference.laneCost[lane])).toBeLessThan(1e-12 * reference.laneCost[lane]));
    expect(Array.from(result.laneStockout)).toEqual(Array.from(reference.laneStockout));
    expect(Array.from(result.endOnHand)).toEqual(Array.from(reference.endOnHand));
  });

  it('refuses what it does not model: random lead times, review periods, non-finite levels', () => {
    const history: DemandSource = { kind: 'history', history: [new Float64Array(10)] };
    const spread = fusedBaseStock({
      items: [{ ...referenceItem(2, 4), leadTimeSpread: { periods: [1, 3], probabilities: [1, 1] } }],
      orderUpTo: [10], demand: history, periods: 10, warmUpPeriods: 0,
    });
    expect(spread.ok).toBe(false);
    const review = fusedBaseStock({ items: [{ ...referenceItem(2, 4), reviewPeriod: 7 }], orderUpTo: [10], demand: history, periods: 10, warmUpPeriods: 0 });
    expect(review.ok).toBe(false);
    const level = fusedBaseStock({ items: [referenceItem(2, 4)], orderUpTo: [Number.NaN], demand: history, periods: 10, warmUpPeriods: 0 });
    expect(level.ok).toBe(false);
  });
});

describe('the two lane kernels', () => {
  const lanePeriods = 400;
  const run = (item: ItemSettings, level: number, values: Float64Array): { whole: boolean; wholeTotals: LaneTotals; fractionalTotals: LaneTotals } => {
    const wholeTotals = emptyTotals();
    const fractionalTotals = emptyTotals();
    const whole = wholeUnitLane(item, level, values, lanePeriods, 30, new Int32Array(lanePeriods + 20), wholeTotals);
    fractionalLane(item, level, values, lanePeriods, 30, new Float64Array(lanePeriods + 20), fractionalTotals);
    return { whole, wholeTotals, fractionalTotals };
  };

  it('agree on whole units, orders placed included', () => {
    const poisson = presampleDemand([{ kind: 'poisson', mean: 6 }], 1, lanePeriods, 3);
    if (poisson.kind !== 'paths') throw new Error('unreachable');
    const values = poisson.paths[0];
    for (const item of items.filter((candidate, i) => wholeUnitEligible(candidate, orderUpTo[i]))) {
      for (const level of [0, 9, 25, 40]) {
        const { whole, wholeTotals, fractionalTotals } = run(item, level, values);
        expect(whole).toBe(true);
        expect(wholeTotals).toEqual(fractionalTotals);
      }
    }
    expect(wholeUnitEligible(items[3], orderUpTo[3])).toBe(false); // MOQ 6, packs of 4, long pipeline
    expect(wholeUnitEligible(items[1], 12.5)).toBe(false);
  });

  it('the whole-unit kernel reports demand it cannot take', () => {
    for (const odd of [2.5, -1, 1 << 20, Number.NaN]) {
      const values = new Float64Array(lanePeriods).fill(3);
      values[123] = odd;
      expect(run(referenceItem(2, 9), 20, values).whole).toBe(false);
    }
  });
});
