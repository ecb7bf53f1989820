/**
 * Policy evaluation by simulation: lanes = items × paths step through warm-up + N periods on
 * InventoryLanes; statistics are collected after the warm-up only.
 */
import type { Result } from '../common/result';
import { fail, ok } from '../common/result';
import { Rng } from '../random/rng';
import type { DemandSource } from './demandSource';
import { createDemandGenerator, laneSeed, LEAD_TIME_STREAM, sourcePathCount, validateDemandSource } from './demandSource';
import { InventoryLanes, createOutcome } from './inventoryLanes';
import type { LaneCosts, PeriodOutcome } from './inventoryLanes';
import type { ItemSettings, LeadTimeSampler } from './itemSettings';
import { applyOrderRules, drawLeadTime, leadTimeSampler, maxLeadTime, validateItems } from './itemSettings';
import type { PolicyState, ReorderPolicy } from './policy';

export interface EvaluationOptions {
  items: ItemSettings[];
  demand: DemandSource;
  policy: ReorderPolicy;
  /** Periods counted after the warm-up. */
  periods: number;
  warmUpPeriods: number;
  /** Seed of the random lead times (demand has its own seed in the source). */
  seed: number;
  /**
   * Items with the same stream id draw the same random lead times (default: the item's index).
   * Tuning evaluates many copies of one item under one stream id, so candidates share lead times.
   */
  leadTimeStreamIds?: ArrayLike<number>;
}

export interface ItemEvaluation {
  /** Mean cost per period (holding + stockout + ordering), averaged over paths. */
  meanCost: number;
  /** Standard error of `meanCost`: batch means (across paths, and within a path when there are few). */
  standardError: number;
  holdingCostPerPeriod: number;
  stockoutCostPerPeriod: number;
  orderingCostPerPeriod: number;
  /** Mean demand per period (equal across policies compared with the same seed). */
  meanDemand: number;
  /** Fraction of demand served from stock when it occurred. */
  fillRate: number;
  /** Periods with unmet demand, per path. */
  stockoutPeriods: number;
  /** Mean on-hand at the end of a period (backlog counts as 0). */
  averageOnHand: number;
  /** Orders placed, per path. */
  ordersPlaced: number;
}

export interface EvaluationReport {
  policy: string;
  periods: number;
  warmUpPeriods: number;
  pathCount: number;
  items: ItemEvaluation[];
  /** Total cost after warm-up per lane (lane = item × pathCount + path). */
  laneCost: Float64Array;
}

/** Number of batches per path for the standard error: at least 20 batch means per item in all. */
export function batchesPerPath(pathCount: number, periods: number): number {
  return Math.max(1, Math.min(periods, Math.ceil(20 / pathCount)));
}

interface LaneSetup {
  lanes: number;
  laneItem: Int32Array;
  costs: LaneCosts;
  reviewPeriod: Int32Array;
  reviewOffset: Int32Array;
  minimumOrder: Float64Array;
  orderMultiple: Float64Array;
  fixedLeadTime: Int32Array;
  /** Per lane, the sampler and stream of a random lead time (undefined when fixed). */
  leadSampler: (LeadTimeSampler | undefined)[];
  leadStream: (Rng | undefined)[];
  maxLead: number;
}

function setUpLanes(items: ItemSettings[], pathCount: number, seed: number, streamIds?: ArrayLike<number>): LaneSetup {
  const lanes = items.length * pathCount;
  const setup: LaneSetup = {
    lanes,
    laneItem: new Int32Array(lanes),
    costs: {
      holdingCost: new Float64Array(lanes),
      stockoutCost: new Float64Array(lanes),
      orderingCost: new Float64Array(lanes),
      lostSales: new Uint8Array(lanes),
    },
    reviewPeriod: new Int32Array(lanes),
    reviewOffset: new Int32Array(lanes),
    minimumOrder: new Float64Array(lanes),
    orderMultiple: new Float64Array(lanes),
    fixedLeadTime: new Int32Array(lanes),
    leadSampler: [],
    leadStream: [],
    maxLead: items.reduce((most, item) => Math.max(most, maxLeadTime(item), item.initialPipeline?.length ?? 0), 0),
  };
  items.forEach((item, index) => {
    const sampler = item.leadTimeSpread ? leadTimeSampler(item.leadTimeSpread) : undefined;
    for (let path = 0; path < pathCount; path++) {
      const lane = index * pathCount + path;
      setup.laneItem[lane] = index;
      setup.costs.holdingCost[lane] = item.holdingCost;
      setup.costs.stockoutCost[lane] = item.stockoutCost;
      setup.costs.orderingCost[lane] = item.orderingCost;
      setup.costs.lostSales[lane] = item.lostSales ? 1 : 0;
      setup.reviewPeriod[lane] = item.reviewPeriod;
      setup.reviewOffset[lane] = item.reviewOffset ?? 0;
      setup.minimumOrder[lane] = item.minimumOrderQuantity;
      setup.orderMultiple[lane] = item.orderMultiple;
      setup.fixedLeadTime[lane] = item.leadTimePeriods;
      setup.leadSampler.push(sampler);
      // The lead-time stream depends on (seed, item, path) only, so policies compared with the
      // same seed also see the same lead times (common random numbers).
      setup.leadStream.push(sampler ? new Rng(laneSeed(seed, streamIds?.[index] ?? index, path, LEAD_TIME_STREAM)) : undefined);
    }
  });
  return setup;
}

/** Simulate `policy` and report per-item statistics; bad input comes back as an error. */
export function evaluatePolicy(options: EvaluationOptions): Result<EvaluationReport> {
  const { items, demand, policy, periods, warmUpPeriods, seed } = options;
  const checked = validateItems(items);
  if (!checked.ok) return checked;
  if (!Number.isInteger(periods) || periods < 1) return fail('invalid-input', `periods must be an integer ≥ 1, got ${periods}`);
  if (!Number.isInteger(warmUpPeriods) || warmUpPeriods < 0) {
    return fail('invalid-input', `warmUpPeriods must be an integer ≥ 0, got ${warmUpPeriods}`);
  }
  const totalPeriods = warmUpPeriods + periods;
  const source = validateDemandSource(demand, items.length, totalPeriods);
  if (!source.ok) return source;

  if (policy.itemCount !== undefined && policy.itemCount !== items.length) {
    return fail('invalid-input', `policy ${policy.name} has parameters for ${policy.itemCount} items, ${items.length} are simulated`);
  }
  const pathCount = sourcePathCount(demand);
  if (options.leadTimeStreamIds && options.leadTimeStreamIds.length !== items.length) {
    return fail('invalid-input', `leadTimeStreamIds has ${options.leadTimeStreamIds.length} entries for ${items.length} items`);
  }
  const setup = setUpLanes(items, pathCount, seed, options.leadTimeStreamIds);
  const { lanes, laneItem, costs } = setup;
  const inventory = new InventoryLanes(lanes, setup.maxLead);
  items.forEach((item, index) => {
    for (let path = 0; path < pathCount; path++) {
      const lane = index * pathCount + path;
      inventory.onHand[lane] = item.initialOnHand;
      item.initialPipeline?.forEach((quantity, k) => inventory.schedule(lane, k + 1, quantity));
    }
  });

  const generator = createDemandGenerator(demand);
  const outcome = createOutcome(lanes);
  const demandNow = new Float64Array(lanes);
  const rawQuantity = new Float64Array(lanes);
  const quantity = new Float64Array(lanes);
  const leadTime = new Int32Array(lanes);
  const inventoryPosition = new Float64Array(lanes);
  const pipelineLength = setup.maxLead;
  const pipeline = new Float64Array(policy.usesPipeline ? lanes * pipelineLength : 0);
  const pipelineScratch = new Float64Array(Math.max(1, pipelineLength));
  const state: { -readonly [K in keyof PolicyState]: PolicyState[K] } = {
    lanes, pathCount, laneItem, period: 0, onHand: inventory.onHand, inventoryPosition, pipeline, pipelineLength,
  };

  const batches = batchesPerPath(pathCount, periods);
  const batchLength = Math.floor(periods / batches);
  const tally = new Tally(lanes, batches);

  for (let t = 0; t < totalPeriods; t++) {
    inventory.receive();
    for (let lane = 0; lane < lanes; lane++) inventoryPosition[lane] = inventory.inventoryPosition(lane);
    if (policy.usesPipeline) {
      for (let lane = 0; lane < lanes; lane++) {
        inventory.pipeline(lane, pipelineScratch);
        pipeline.set(pipelineScratch.subarray(0, pipelineLength), lane * pipelineLength);
      }
    }
    state.period = t;
    policy.decide(state, rawQuantity);
    finaliseOrders(setup, t, rawQuantity, quantity, leadTime);
    inventory.order(quantity, leadTime, costs);
    generator.fill(t, demandNow);
    inventory.serve(demandNow, costs, outcome);
    if (t >= warmUpPeriods) {
      tally.record(Math.min(batches - 1, Math.floor((t - warmUpPeriods) / batchLength)), outcome, inventory.onHand, quantity, demandNow, costs);
    }
  }
  const { laneCost, holding, ordering, served, demanded, stockouts, onHandSum, orders, batchCost } = tally;

  const report = items.map((_, index): ItemEvaluation => {
    const first = index * pathCount;
    const sum = (values: Float64Array): number => {
      let total = 0;
      for (let lane = first; lane < first + pathCount; lane++) total += values[lane];
      return total;
    };
    const laneMeanDivisor = pathCount * periods;
    const meanCost = sum(laneCost) / laneMeanDivisor;
    const holdingCostPerPeriod = sum(holding) / laneMeanDivisor;
    const orderingCostPerPeriod = sum(ordering) / laneMeanDivisor;
    const totalDemand = sum(demanded);
    return {
      meanCost,
      standardError: batchMeansError(batchCost, first, pathCount, batches, batchLength, periods),
      holdingCostPerPeriod,
      stockoutCostPerPeriod: meanCost - holdingCostPerPeriod - orderingCostPerPeriod,
      orderingCostPerPeriod,
      meanDemand: totalDemand / laneMeanDivisor,
      fillRate: totalDemand > 0 ? sum(served) / totalDemand : 1,
      stockoutPeriods: sum(stockouts) / pathCount,
      averageOnHand: sum(onHandSum) / laneMeanDivisor,
      ordersPlaced: sum(orders) / pathCount,
    };
  });
  return ok({ policy: policy.name, periods, warmUpPeriods, pathCount, items: report, laneCost });
}

/** Review calendar, order rules and lead times: what turns a policy's raw quantities into orders. */
function finaliseOrders(setup: LaneSetup, t: number, rawQuantity: Float64Array, quantity: Float64Array, leadTime: Int32Array): void {
  const { reviewPeriod, reviewOffset, minimumOrder, orderMultiple, leadSampler, leadStream, fixedLeadTime } = setup;
  for (let lane = 0; lane < setup.lanes; lane++) {
    const review = reviewPeriod[lane];
    const reviewDay = review === 1 || (((t - reviewOffset[lane]) % review) + review) % review === 0;
    quantity[lane] = reviewDay ? applyOrderRules(rawQuantity[lane], minimumOrder[lane], orderMultiple[lane]) : 0;
    const sampler = leadSampler[lane];
    // A random lead time is drawn every period, ordering or not, so the lead-time stream stays
    // aligned across policies that order on different days.
    leadTime[lane] = sampler === undefined ? fixedLeadTime[lane] : drawLeadTime(sampler, leadStream[lane] as Rng);
  }
}

/** Per-lane sums after the warm-up. */
class Tally {
  readonly laneCost: Float64Array;
  readonly batchCost: Float64Array;
  readonly holding: Float64Array;
  readonly ordering: Float64Array;
  readonly served: Float64Array;
  readonly demanded: Float64Array;
  readonly stockouts: Float64Array;
  readonly onHandSum: Float64Array;
  readonly orders: Float64Array;

  constructor(readonly lanes: number, readonly batches: number) {
    this.laneCost = new Float64Array(lanes);
    this.batchCost = new Float64Array(lanes * batches);
    this.holding = new Float64Array(lanes);
    this.ordering = new Float64Array(lanes);
    this.served = new Float64Array(lanes);
    this.demanded = new Float64Array(lanes);
    this.stockouts = new Float64Array(lanes);
    this.onHandSum = new Float64Array(lanes);
    this.orders = new Float64Array(lanes);
  }

  record(batch: number, outcome: PeriodOutcome, onHand: Float64Array, quantity: Float64Array, demand: Float64Array, costs: LaneCosts): void {
    const { laneCost, batchCost, holding, ordering, served, demanded, stockouts, onHandSum, orders, batches } = this;
    for (let lane = 0; lane < this.lanes; lane++) {
      const cost = outcome.cost[lane];
      laneCost[lane] += cost;
      batchCost[lane * batches + batch] += cost;
      const left = onHand[lane] > 0 ? onHand[lane] : 0;
      holding[lane] += costs.holdingCost[lane] * left;
      onHandSum[lane] += left;
      if (quantity[lane] > 0) {
        orders[lane] += 1;
        ordering[lane] += costs.orderingCost[lane];
      }
      served[lane] += outcome.served[lane];
      demanded[lane] += demand[lane];
      if (outcome.short[lane] > 0) stockouts[lane] += 1;
    }
  }
}

/** Standard error of the mean from the batch means of one item's lanes. */
function batchMeansError(
  batchCost: Float64Array, firstLane: number, pathCount: number, batches: number, batchLength: number, periods: number,
): number {
  const count = pathCount * batches;
  if (count < 2) return Number.NaN;
  const means = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const batch = k % batches;
    // The last batch also holds the periods left over by the integer division.
    const length = batch === batches - 1 ? periods - batchLength * (batches - 1) : batchLength;
    means[k] = batchCost[firstLane * batches + k] / length;
  }
  let mean = 0;
  for (const value of means) mean += value;
  mean /= count;
  let squares = 0;
  for (const value of means) squares += (value - mean) * (value - mean);
  return Math.sqrt(squares / (count - 1) / count);
}
