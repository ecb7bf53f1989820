/**
 * Classical reorder policies, all on inventory position (IP = on-hand + on order − backlog).
 * Parameters are per item (policy state lanes map to items through `laneItem`), so one policy
 * object serves thousands of items — or, in tuning, many candidate parameter values of one item.
 * Quantities here are raw: the simulator applies review days, MOQ and order multiples afterwards.
 */
import type { PolicyState, ReorderPolicy } from '../sim/policy';

type PerItem = ArrayLike<number>;

/** Order up to S: q = max(S − IP, 0). */
export function baseStockPolicy(orderUpTo: PerItem): ReorderPolicy {
  const levels = Float64Array.from(orderUpTo);
  return {
    name: 'base-stock',
    itemCount: levels.length,
    decide(state: PolicyState, quantity: Float64Array): void {
      const { lanes, laneItem, inventoryPosition } = state;
      for (let lane = 0; lane < lanes; lane++) {
        const gap = levels[laneItem[lane]] - inventoryPosition[lane];
        quantity[lane] = gap > 0 ? gap : 0;
      }
    },
  };
}

/** Capped base-stock (Xin 2021): q = min(max(S − IP, 0), r). */
export function cappedBaseStockPolicy(orderUpTo: PerItem, cap: PerItem): ReorderPolicy {
  const levels = Float64Array.from(orderUpTo);
  const caps = Float64Array.from(cap);
  return {
    name: 'capped-base-stock',
    itemCount: Math.min(levels.length, caps.length),
    decide(state: PolicyState, quantity: Float64Array): void {
      const { lanes, laneItem, inventoryPosition } = state;
      for (let lane = 0; lane < lanes; lane++) {
        const item = laneItem[lane];
        const gap = levels[item] - inventoryPosition[lane];
        quantity[lane] = gap > 0 ? (gap < caps[item] ? gap : caps[item]) : 0;
      }
    },
  };
}

/**
 * (s, S): when IP ≤ s, order up to S; otherwise nothing. With s = S − 1 and whole units it is
 * base-stock; a gap S − s > 1 trades holding for fewer orders when ordering has a fixed cost.
 */
export function sSPolicy(reorderPoint: PerItem, orderUpTo: PerItem): ReorderPolicy {
  return thresholdOrderUpTo('s-S', reorderPoint, orderUpTo, false);
}

/**
 * Min/max as ERP systems define it: when IP falls BELOW min, order up to max. It is (s, S) with a
 * strict trigger, kept as its own name because planners know it by that name and set it that way.
 */
export function minMaxPolicy(minimum: PerItem, maximum: PerItem): ReorderPolicy {
  return thresholdOrderUpTo('min-max', minimum, maximum, true);
}

function thresholdOrderUpTo(name: string, threshold: PerItem, orderUpTo: PerItem, strict: boolean): ReorderPolicy {
  const triggers = Float64Array.from(threshold);
  const levels = Float64Array.from(orderUpTo);
  return {
    name,
    itemCount: Math.min(triggers.length, levels.length),
    decide(state: PolicyState, quantity: Float64Array): void {
      const { lanes, laneItem, inventoryPosition } = state;
      for (let lane = 0; lane < lanes; lane++) {
        const item = laneItem[lane];
        const position = inventoryPosition[lane];
        const trigger = strict ? position < triggers[item] : position <= triggers[item];
        quantity[lane] = trigger && levels[item] > position ? levels[item] - position : 0;
      }
    },
  };
}

/**
 * (r, Q): when IP ≤ r, order the smallest whole number of batches n·Q that lifts IP above r.
 * Q typically comes from the EOQ (see `economicOrderQuantity`).
 */
export function reorderPointQuantityPolicy(reorderPoint: PerItem, batchQuantity: PerItem): ReorderPolicy {
  const points = Float64Array.from(reorderPoint);
  const batches = Float64Array.from(batchQuantity);
  return {
    name: 'r-Q',
    itemCount: Math.min(points.length, batches.length),
    decide(state: PolicyState, quantity: Float64Array): void {
      const { lanes, laneItem, inventoryPosition } = state;
      for (let lane = 0; lane < lanes; lane++) {
        const item = laneItem[lane];
        const shortfall = points[item] - inventoryPosition[lane];
        const batch = batches[item];
        quantity[lane] = shortfall >= 0 && batch > 0 ? (Math.floor(shortfall / batch) + 1) * batch : 0;
      }
    },
  };
}

/** Economic order quantity sqrt(2·K·D / h), D = mean demand per period; at least 1 unit. */
export function economicOrderQuantity(meanDemand: number, orderingCost: number, holdingCost: number): number {
  if (!(holdingCost > 0) || !(meanDemand > 0)) return Math.max(1, Math.round(meanDemand));
  return Math.max(1, Math.round(Math.sqrt((2 * orderingCost * meanDemand) / holdingCost)));
}
