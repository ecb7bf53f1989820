/**
 * The measured hot path: base-stock evaluation with the whole period loop fused per lane.
 *
 * InventoryLanes steps every lane through one event at a time (good for policies that look at all
 * lanes at once, and for PPO); here one lane runs through all its periods with its state in local
 * variables and a tiny arrival ring, which is what makes 10,000 items × 1,000 periods take tens of
 * milliseconds. It implements exactly the event convention of InventoryLanes and computes the same
 * values in the same order, so its per-lane costs equal `evaluatePolicy(baseStockPolicy)`'s
 * `laneCost` bit for bit on whole-unit data (test/unit/sim/fusedBaseStock.test.ts). One difference
 * can show on fractional quantities: inventory position is tracked incrementally here and summed
 * over the pipeline there, which may differ in the last binary digit.
 *
 * Scope: fixed lead times and a review every period (items with a lead-time spread or R > 1 are
 * refused — use `evaluatePolicy`). Order rules (MOQ, multiples) and initial pipelines are honoured.
 */
import type { Result } from '../common/result';
import { fail, ok } from '../common/result';
import { Rng } from '../random/rng';
import type { DemandSource } from './demandSource';
import { DEMAND_STREAM, DemandSampler, laneSeed, sourcePathCount, validateDemandSource } from './demandSource';
import type { ItemSettings } from './itemSettings';
import { applyOrderRules, validateItems } from './itemSettings';

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
  if (!Number.isInteger(periods) || periods < 1 || !Number.isInteger(warmUpPeriods) || warmUpPeriods < 0) {
    return fail('invalid-input', 'periods must be an integer ≥ 1 and warmUpPeriods an integer ≥ 0');
  }
  const totalPeriods = warmUpPeriods + periods;
  const source = validateDemandSource(demand, items.length, totalPeriods);
  if (!source.ok) return source;

  const pathCount = sourcePathCount(demand);
  const laneCost = new Float64Array(items.length * pathCount);
  const meanCost = new Float64Array(items.length);
  const longest = items.reduce((most, item) => Math.max(most, item.leadTimePeriods, item.initialPipeline?.length ?? 0), 0);
  const ring = new Float64Array(longest + 1);
  const sampledPath = new Float64Array(demand.kind === 'distribution' ? totalPeriods : 0);
  for (let item = 0; item < items.length; item++) {
    const sampler = demand.kind === 'distribution' ? new DemandSampler(demand.items[item]) : undefined;
    for (let path = 0; path < pathCount; path++) {
      let values: Float64Array;
      let offset = 0;
      if (demand.kind === 'distribution') {
        const distribution = demand.items[item];
        const rng = new Rng(laneSeed(demand.seed, distribution.streamId ?? item, path, DEMAND_STREAM));
        for (let t = 0; t < totalPeriods; t++) sampledPath[t] = (sampler as DemandSampler).draw(rng, t);
        values = sampledPath;
      } else if (demand.kind === 'paths') {
        values = demand.paths[item];
        offset = path * demand.periods;
      } else {
        values = demand.history[item];
      }
      laneCost[item * pathCount + path] = runLane(items[item], orderUpTo[item], values, offset, ring, totalPeriods, warmUpPeriods);
    }
    let total = 0;
    for (let path = 0; path < pathCount; path++) total += laneCost[item * pathCount + path];
    meanCost[item] = total / (pathCount * periods);
  }
  return ok({ pathCount, laneCost, meanCost });
}

/**
 * All periods of one lane; returns its total cost after warm-up. Mirrors InventoryLanes step by
 * step. The branches left in the loop test per-lane constants (lead time 0, lost sales, order
 * rules, warm-up), which the CPU predicts; the data-dependent ones are Math.min / Math.max, which
 * compile to branch-free instructions and give the same values as InventoryLanes' comparisons
 * (adding a zero term leaves a sum unchanged).
 */
function runLane(
  item: ItemSettings, orderUpTo: number, demand: Float64Array, offset: number,
  ring: Float64Array, totalPeriods: number, warmUpPeriods: number,
): number {
  const lead = item.leadTimePeriods;
  const capacity = Math.max(lead, item.initialPipeline?.length ?? 0) + 1;
  const holding = item.holdingCost;
  const stockout = item.stockoutCost;
  const ordering = item.orderingCost;
  const lostSales = item.lostSales;
  const minimumOrder = item.minimumOrderQuantity;
  const multiple = item.orderMultiple;
  const hasOrderRules = minimumOrder > 0 || multiple > 0;
  const hasOrderingCost = ordering !== 0;
  ring.fill(0, 0, capacity);
  const pipeline = item.initialPipeline ?? [];
  for (let k = 0; k < pipeline.length; k++) ring[(k + 1) % capacity] += pipeline[k];
  let onHand = item.initialOnHand;
  // Summed in the order InventoryLanes.inventoryPosition sums: on-hand, then ring slots 0, 1, …
  let position = onHand;
  for (let k = 0; k < capacity; k++) position += ring[k];
  let total = 0;
  let slot = 0;
  let arrivalSlot = lead;
  for (let t = 0; t < totalPeriods; t++) {
    // 1. receive
    onHand += ring[slot];
    ring[slot] = 0;
    // 3. order up to S on inventory position
    let quantity = Math.max(orderUpTo - position, 0);
    if (hasOrderRules) quantity = applyOrderRules(quantity, minimumOrder, multiple);
    ring[arrivalSlot] += quantity;
    if (lead === 0) {
      onHand += ring[slot];
      ring[slot] = 0;
    }
    position += quantity;
    let periodCost = 0;
    if (hasOrderingCost && quantity > 0) periodCost = ordering;
    // 4–5. serve demand, charge stockout and holding
    const d = demand[offset + t];
    const fromStock = Math.min(d, Math.max(onHand, 0));
    if (lostSales) {
      onHand -= fromStock;
      position -= fromStock;
      periodCost += stockout * (d - fromStock);
    } else {
      onHand -= d;
      position -= d;
      periodCost -= stockout * Math.min(onHand, 0);
    }
    periodCost += holding * Math.max(onHand, 0);
    if (t >= warmUpPeriods) total += periodCost;
    if (++slot === capacity) slot = 0;
    if (++arrivalSlot === capacity) arrivalSlot = 0;
  }
  return total;
}
