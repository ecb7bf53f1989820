/**
 * One lane (one item under one demand path) of base-stock evaluation, all periods in one loop:
 * the kernels behind `fusedBaseStock`. Both follow the event convention of InventoryLanes exactly
 * (receive, order up to S on inventory position, serve, charge) and return the same three sums,
 * from which the caller prices the lane:
 *   cost = holdingCost × Σ on-hand left + stockoutCost × Σ stockout units + orderingCost × orders.
 *
 * Two kernels, because the fast one only holds for whole units:
 *   - `wholeUnitLane` — int32 arithmetic, no data-dependent branches, and the steady-state form of
 *     base-stock (once IP ≤ S, IP after ordering is exactly S, so next period's order is just what
 *     this period took out of stock: the units sold under lost sales, the demand under backorders).
 *     That removes inventory position from the loop; the steady-state loops themselves are in
 *     ./wholeUnitSteadyState.ts. It reads demand as given and reports, without failing midway,
 *     whether every value was a whole number in [0, UNIT_LIMIT); if not, the caller reruns the lane
 *     on the general kernel.
 *   - `fractionalLane` — float64, any quantities, order rules (MOQ, multiples), any initial pipeline.
 * On whole units both give the same sums, and the same sums as InventoryLanes, exactly.
 */
import type { ItemSettings } from './itemSettings';
import { applyOrderRules } from './itemSettings';
import type { Stretch } from './wholeUnitSteadyState';
import { backorderSteadyStretch, lostSalesSteadyStretch } from './wholeUnitSteadyState';

/** What a lane run leaves behind; counted after the warm-up only, except the ending on-hand. */
export interface LaneTotals {
  /** Σ on-hand left at the end of each period (backlog counts as 0). */
  heldUnits: number;
  /** Σ units lost (lost sales) or Σ units backlogged at the end of each period (backorders). */
  stockoutUnits: number;
  /** Orders placed. */
  orders: number;
  /** On-hand after the last period (negative: backlog). */
  endOnHand: number;
}

export function emptyTotals(): LaneTotals {
  return { heldUnits: 0, stockoutUnits: 0, orders: 0, endOnHand: 0 };
}

/**
 * Bound on demand per period, |S| and starting inventory position for the whole-unit kernel. With
 * it, starting stock ≥ 0 and lead times ≤ MAX_WHOLE_UNIT_LEAD no int32 intermediate can overflow:
 * inventory position stays ≥ S − 2^20 ≥ −2^21, every order and the initial pipeline are ≤ 2^20, so
 * on-hand after demand stays within [−(L + 4)·2^20, 2^20] (and in [0, S] in the steady state under
 * lost sales). The steady-state loops sum in int32 blocks sized from these bounds; the lane's sums
 * are plain numbers (exact up to 2^53).
 */
export const UNIT_LIMIT = 1 << 20;
export const MAX_WHOLE_UNIT_LEAD = 1024;

/** Whether an item's settings allow the whole-unit kernel (its demand is checked as the kernel runs). */
export function wholeUnitEligible(item: ItemSettings, orderUpTo: number): boolean {
  const pipeline = item.initialPipeline ?? [];
  let position = item.initialOnHand;
  for (const quantity of pipeline) {
    // Validated items never hold negative stock; the kernel's int32 bounds rely on it.
    if (!Number.isInteger(quantity) || quantity < 0) return false;
    position += quantity;
  }
  return Number.isInteger(orderUpTo) && Math.abs(orderUpTo) <= UNIT_LIMIT &&
    Number.isInteger(item.initialOnHand) && item.initialOnHand >= 0 && position <= UNIT_LIMIT &&
    item.leadTimePeriods <= MAX_WHOLE_UNIT_LEAD &&
    // Orders land at t + L ≥ L; an initial pipeline reaching that far would need adding, not storing.
    pipeline.length < Math.max(item.leadTimePeriods, 1) &&
    // On whole units an MOQ of 1 or packs of 1 change nothing; other order rules break the steady state.
    item.minimumOrderQuantity <= 1 && (item.orderMultiple === 0 || item.orderMultiple === 1);
}

/**
 * All periods of a whole-unit lane, demand[0 … totalPeriods − 1]. `arrivals` is scratch of length
 * ≥ totalPeriods + L + 1 indexed by period: arrivals[t] is what arrives at the start of period t, so
 * orders placed at t go to arrivals[t + L] and nothing wraps or shifts. On return
 * arrivals[T … T + L − 1] is the pipeline left at the end. Returns false (totals then meaningless)
 * if some demand was not a whole number in [0, UNIT_LIMIT): checking inside the loop costs far less
 * than a separate pass, because it overlaps the loop's dependency chain.
 */
export function wholeUnitLane(
  item: ItemSettings, orderUpTo: number, demand: Float64Array,
  totalPeriods: number, warmUpPeriods: number, arrivals: Int32Array, out: LaneTotals,
): boolean {
  const lead = item.leadTimePeriods;
  // −1 keeps unmet demand out of on-hand (lost), 0 keeps it as backlog; used as a bit mask.
  const lost = item.lostSales ? -1 : 0;
  const level = orderUpTo | 0;
  arrivals.fill(0, 0, lead + 1);
  const pipeline = item.initialPipeline ?? [];
  const stretch: Stretch = { onHand: item.initialOnHand | 0, position: item.initialOnHand | 0, held: 0, stockout: 0, placed: 0, nonWholeDemand: 0 };
  for (let k = 0; k < pipeline.length; k++) {
    arrivals[k + 1] = pipeline[k];
    stretch.position = (stretch.position + pipeline[k]) | 0;
  }
  const steadyFrom = overstockedStretch(arrivals, demand, totalPeriods, warmUpPeriods, lead, lost, level, stretch);
  let nonWholeDemand = stretch.nonWholeDemand;
  let heldUnits = stretch.held;
  let stockoutUnits = stretch.stockout;
  if (steadyFrom < totalPeriods) arrivals[steadyFrom + lead] = (level - stretch.position) | 0;

  // The steady state in two stretches: the rest of the warm-up (sums dropped), then the counted periods.
  const countedFrom = Math.min(Math.max(warmUpPeriods, steadyFrom), totalPeriods);
  const steadyStretch = item.lostSales ? lostSalesSteadyStretch : backorderSteadyStretch;
  steadyStretch(arrivals, demand, steadyFrom, countedFrom, lead, stretch);
  nonWholeDemand |= stretch.nonWholeDemand;
  steadyStretch(arrivals, demand, countedFrom, totalPeriods, lead, stretch);
  nonWholeDemand |= stretch.nonWholeDemand;
  heldUnits += stretch.held;
  stockoutUnits += stretch.stockout;
  // The stretch counted the orders of periods countedFrom + 1 … T; the horizon's are countedFrom … T − 1.
  let orders = stretch.placed;
  if (countedFrom < totalPeriods) orders += (arrivals[countedFrom + lead] > 0 ? 1 : 0) - (arrivals[totalPeriods + lead] > 0 ? 1 : 0);
  out.heldUnits = heldUnits;
  out.stockoutUnits = stockoutUnits;
  out.orders = orders;
  out.endOnHand = stretch.onHand;
  return nonWholeDemand === 0;
}

/**
 * While inventory position is above S nothing is ordered (rare: an overstocked start). Runs from
 * period 0 until IP ≤ S and returns that period; sums count after the warm-up only.
 */
function overstockedStretch(
  arrivals: Int32Array, demand: Float64Array, totalPeriods: number, warmUpPeriods: number,
  lead: number, lost: number, level: number, stretch: Stretch,
): number {
  let { onHand, position } = stretch;
  let held = 0;
  let stockout = 0;
  let nonWholeDemand = 0;
  let t = 0;
  for (; t < totalPeriods && position > level; t++) {
    arrivals[t + lead] = 0;
    onHand = (onHand + arrivals[t]) | 0;
    const given = demand[t];
    const units = given | 0;
    // The steady-state loops' test in its plain form (this stretch is short): whole and in [0, 2^20 = UNIT_LIMIT).
    nonWholeDemand |= (units !== given ? 1 : 0) | (units >>> 20);
    const after = (onHand - units) | 0;
    const left = after & ~(after >> 31);
    const deficit = (left - after) | 0;
    const kept = deficit & lost;
    onHand = (after + kept) | 0;
    position = (position - units + kept) | 0;
    if (t >= warmUpPeriods) {
      held += left;
      stockout += deficit;
    }
  }
  stretch.onHand = onHand;
  stretch.position = position;
  stretch.held = held;
  stretch.stockout = stockout;
  stretch.nonWholeDemand = nonWholeDemand;
  return t;
}

/**
 * All periods of any lane, in float64 with the comparisons of InventoryLanes. `arrivals` is scratch
 * of length ≥ totalPeriods + max(L, initial pipeline) + 1, laid out as in `wholeUnitLane`; on return
 * arrivals[T … T + max(L, initial pipeline) − 1] is the pipeline left at the end.
 * Inventory position is tracked incrementally here and summed over the pipeline in InventoryLanes,
 * which on fractional quantities may differ in the last binary digit.
 */
export function fractionalLane(
  item: ItemSettings, orderUpTo: number, demand: Float64Array,
  totalPeriods: number, warmUpPeriods: number, arrivals: Float64Array, out: LaneTotals,
): void {
  const lead = item.leadTimePeriods;
  const { lostSales, minimumOrderQuantity, orderMultiple } = item;
  const hasOrderRules = minimumOrderQuantity > 0 || orderMultiple > 0;
  const pipeline = item.initialPipeline ?? [];
  // Everything up to the end of the pipeline left at the horizon, T + max(L, initial pipeline).
  arrivals.fill(0, 0, totalPeriods + Math.max(lead, pipeline.length) + 1);
  for (let k = 0; k < pipeline.length; k++) arrivals[k + 1] += pipeline[k];
  let onHand = item.initialOnHand;
  // Summed in the order InventoryLanes.inventoryPosition sums at period 0: on-hand, then arrivals by period.
  let position = onHand;
  for (let k = 0; k <= pipeline.length; k++) position += arrivals[k];
  let heldUnits = 0;
  let stockoutUnits = 0;
  let orders = 0;
  for (let t = 0; t < totalPeriods; t++) {
    onHand += arrivals[t];
    const gap = orderUpTo - position;
    let quantity = gap > 0 ? gap : 0;
    if (hasOrderRules) quantity = applyOrderRules(quantity, minimumOrderQuantity, orderMultiple);
    if (lead === 0) onHand += quantity;
    else arrivals[t + lead] += quantity;
    position += quantity;
    const counted = t >= warmUpPeriods;
    if (counted && quantity > 0) orders++;
    const units = demand[t];
    const available = onHand > 0 ? onHand : 0;
    const fromStock = units < available ? units : available;
    if (lostSales) {
      onHand -= fromStock;
      position -= fromStock;
      if (counted) stockoutUnits += units - fromStock;
    } else {
      onHand -= units;
      position -= units;
      if (counted && onHand < 0) stockoutUnits -= onHand;
    }
    if (counted && onHand > 0) heldUnits += onHand;
  }
  out.heldUnits = heldUnits;
  out.stockoutUnits = stockoutUnits;
  out.orders = orders;
  out.endOnHand = onHand;
}
