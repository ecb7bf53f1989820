/**
 * The measured hot path: base-stock evaluation with the whole period loop fused per lane.
 *
 * InventoryLanes steps every lane through one event at a time (good for policies that look at all
 * lanes at once, and for PPO); here one lane runs through all its periods with its state in local
 * variables (./baseStockLane.ts), which is what makes 10,000 items × 1,000 periods take tens of
 * milliseconds. Lanes with whole-unit settings and demand run on an int32 kernel; anything else
 * (fractional quantities, order rules other than 1, odd initial pipelines) on a float64 kernel.
 *
 * Agreement with InventoryLanes (test/unit/sim/fusedBaseStock.test.ts): stockout units, ending
 * on-hand and ending pipeline are the same to the last bit on whole units. A lane's cost is priced
 * once from its sums — holdingCost × Σ on-hand + stockoutCost × Σ stockout units + orderingCost ×
 * orders — where InventoryLanes adds up per-period costs: the same number exactly when every
 * product and partial sum is representable (whole units with integer or binary-fraction costs such
 * as 0.25), otherwise within float rounding: measured ~1e-14 relative over 1,000 periods and ~2e-12
 * over 100,000 with costs like 0.1 and 2.7, most of it the rounding of the per-period sum itself.
 *
 * Scope: fixed lead times and a review every period (items with a lead-time spread or R > 1 are
 * refused — use `evaluatePolicy`). Order rules (MOQ, multiples) and initial pipelines are honoured.
 */
import type { Result } from '../common/result';
import { fail, ok } from '../common/result';
import { Rng } from '../random/rng';
import type { LaneTotals } from './baseStockLane';
import { emptyTotals, fractionalLane, wholeUnitEligible, wholeUnitLane } from './baseStockLane';
import type { DemandSource } from './demandSource';
import { DEMAND_STREAM, DemandSampler, laneSeed, sourcePathCount, validateDemandSource } from './demandSource';
import type { ItemSettings } from './itemSettings';
import { validateItems } from './itemSettings';

export interface FusedBaseStockOptions {
  items: ItemSettings[];
  /** Order-up-to level per item. */
  orderUpTo: ArrayLike<number>;
  demand: DemandSource;
  periods: number;
  warmUpPeriods: number;
}

export interface FusedBaseStockResult {
  pathCount: number;
  /** Total cost after warm-up per lane (lane = item × pathCount + path), as in EvaluationReport. */
  laneCost: Float64Array;
  /** Per lane after warm-up: units lost (lost sales) or Σ units backlogged per period (backorders). */
  laneStockout: Float64Array;
  /** Per lane: on-hand after the last period (negative: backlog). */
  endOnHand: Float64Array;
  /** Longest lead time or initial pipeline over the items: the stride of `endPipeline`. */
  pipelineLength: number;
  /** What arrives k = 0 … pipelineLength − 1 periods after the last one, at [lane × pipelineLength + k]. */
  endPipeline: Float64Array;
  /** Mean cost per period per item. */
  meanCost: Float64Array;
}

/** Evaluate base-stock for every item and path on the fused loop. */
export function fusedBaseStock(options: FusedBaseStockOptions): Result<FusedBaseStockResult> {
  const { items, orderUpTo, demand, periods, warmUpPeriods } = options;
  const checked = validateItems(items);
  if (!checked.ok) return checked;
  const unsupported = items.findIndex((item) => item.leadTimeSpread !== undefined || item.reviewPeriod !== 1);
  if (unsupported >= 0) return fail('invalid-input', `item ${unsupported}: the fused path needs a fixed lead time and a review every period`);
  if (orderUpTo.length !== items.length) return fail('invalid-input', `${orderUpTo.length} order-up-to levels for ${items.length} items`);
  const badLevel = Array.from(orderUpTo).findIndex((level) => !Number.isFinite(level));
  if (badLevel >= 0) return fail('invalid-input', `item ${badLevel}: the order-up-to level must be a finite number`);
  if (!Number.isInteger(periods) || periods < 1 || !Number.isInteger(warmUpPeriods) || warmUpPeriods < 0) {
    return fail('invalid-input', 'periods must be an integer ≥ 1 and warmUpPeriods an integer ≥ 0');
  }
  const totalPeriods = warmUpPeriods + periods;
  const source = validateDemandSource(demand, items.length, totalPeriods);
  if (!source.ok) return source;

  const pathCount = sourcePathCount(demand);
  const lanes = items.length * pathCount;
  const pipelineLength = items.reduce((most, item) => Math.max(most, item.leadTimePeriods, item.initialPipeline?.length ?? 0), 0);
  const result: FusedBaseStockResult = {
    pathCount,
    laneCost: new Float64Array(lanes),
    laneStockout: new Float64Array(lanes),
    endOnHand: new Float64Array(lanes),
    pipelineLength,
    endPipeline: new Float64Array(lanes * pipelineLength),
    meanCost: new Float64Array(items.length),
  };
  const wholeArrivals = new Int32Array(totalPeriods + pipelineLength + 1);
  const fractionalArrivals = new Float64Array(totalPeriods + pipelineLength + 1);
  const sampledPath = new Float64Array(demand.kind === 'distribution' ? totalPeriods : 0);
  const totals = emptyTotals();
  for (let item = 0; item < items.length; item++) {
    const settings = items[item];
    const level = orderUpTo[item];
    const wholeSettings = wholeUnitEligible(settings, level);
    const sampler = demand.kind === 'distribution' ? new DemandSampler(demand.items[item]) : undefined;
    for (let path = 0; path < pathCount; path++) {
      // One lane's demand, periods 0 … totalPeriods − 1 (a view, not a copy).
      let values: Float64Array;
      if (demand.kind === 'distribution') {
        const rng = new Rng(laneSeed(demand.seed, demand.items[item].streamId ?? item, path, DEMAND_STREAM));
        (sampler as DemandSampler).fill(rng, 0, sampledPath, 0, totalPeriods);
        values = sampledPath;
      } else if (demand.kind === 'paths') {
        values = demand.paths[item].subarray(path * demand.periods, path * demand.periods + totalPeriods);
      } else {
        values = demand.history[item];
      }
      const lane = item * pathCount + path;
      // Fractional demand shows up only as the whole-unit kernel runs: the lane is then rerun.
      if (wholeSettings && wholeUnitLane(settings, level, values, totalPeriods, warmUpPeriods, wholeArrivals, totals)) {
        record(result, lane, settings, totals, wholeArrivals, totalPeriods);
      } else {
        fractionalLane(settings, level, values, totalPeriods, warmUpPeriods, fractionalArrivals, totals);
        record(result, lane, settings, totals, fractionalArrivals, totalPeriods);
      }
    }
    let total = 0;
    for (let path = 0; path < pathCount; path++) total += result.laneCost[item * pathCount + path];
    result.meanCost[item] = total / (pathCount * periods);
  }
  return ok(result);
}

function record(
  result: FusedBaseStockResult, lane: number, item: ItemSettings, totals: LaneTotals,
  arrivals: Int32Array | Float64Array, totalPeriods: number,
): void {
  result.laneCost[lane] = item.holdingCost * totals.heldUnits + item.stockoutCost * totals.stockoutUnits + item.orderingCost * totals.orders;
  result.laneStockout[lane] = totals.stockoutUnits;
  result.endOnHand[lane] = totals.endOnHand;
  // Both kernels index arrivals by period, so what is still to come starts at the horizon.
  const reach = Math.max(item.leadTimePeriods, item.initialPipeline?.length ?? 0);
  const base = lane * result.pipelineLength;
  for (let k = 0; k < reach; k++) result.endPipeline[base + k] = arrivals[totalPeriods + k];
}
