/**
 * The finite state space of the single-item periodic-review model, encoded as integers.
 *
 * A state (event convention of ../shared/reference/README.md) is observed after the arrival of
 * step 1: on-hand x (net of backlog for backorders) and the L − 1 orders still in the pipeline,
 * oldest first: (x, q1, …, q(L−1)). Write its partial sums P0 = x, Pk = x + q1 + … + qk; P(L−1) is
 * the inventory position. The space is every integer state with qk ≥ 0 and
 *     partialMin[k] ≤ Pk ≤ positionMax   for k = 0 … L−1.
 * It is closed under every order z with position + z ≤ positionMax (and, for backorders,
 * position + z ≥ orderUpToMin), because the next state's partial sums are
 *     P'k = (P(k+1) − sales) for k < L−1,   P'(L−1) = position + z − sales,
 * with 0 ≤ sales ≤ maxDemand. For lost sales partialMin = 0 (sales never exceed x, so x' ≥ 0 and
 * P'k ≤ P(k+1)). For backorders, partialMin[k] = orderUpToMin − (L − k)·maxDemand: Pk is the
 * order-up-to position of L − k periods ago minus L − k periods of demand.
 *
 * States are numbered lexicographically with the newest order fastest, so for a fixed prefix
 * (x, q1, …, q(L−2)) the states for consecutive q(L−1) have consecutive indices. The value
 * iteration exploits that: the successors under orders z, z+1, … of one demand outcome are
 * neighbours in memory.
 */
import type { DiscreteDemand } from './demandDistribution';

export type ShortageRule = 'lost-sales' | 'backorder';

export interface InventoryModel {
  leadTime: number;
  holding: number;
  penalty: number;
  shortage: ShortageRule;
  demand: DiscreteDemand;
}

export interface StateSpace {
  leadTime: number;
  size: number;
  positionMax: number;
  /** Lowest allowed partial sum P0 … P(L−1) (index k). */
  partialMin: Int32Array;
  /** Per state: on-hand x, inventory position, the oldest pipeline order q1 (0 when L = 1). */
  onHand: Int32Array;
  position: Int32Array;
  oldestOrder: Int32Array;
  /** Per state: box code of (q2, …, q(L−1)), the part of the successor's prefix that just shifts. */
  shiftedCode: Int32Array;
  /** Box stride of the successor's first coordinate (R^(L−2), R = positionMax − partialMin[0] + 1). */
  firstStride: number;
  radix: number;
  /**
   * Per prefix box code: (index of its first state) − (lowest allowed q(L−1)), so that the state
   * (prefix, q) has index prefixBase[code] + q. NO_PREFIX where the prefix is not in the space.
   */
  prefixBase: Int32Array;
}

export const NO_PREFIX = -0x7fffffff;

/** Upper limit on states; an exact DP beyond this would not finish in reasonable time anyway. */
export const MAX_STATES = 6_000_000;

export function countStates(leadTime: number, positionMax: number, partialMin: Int32Array): number {
  // Count by dynamic programming over the partial sums (non-decreasing, each within its bounds).
  const range = positionMax - partialMin[0] + 1;
  let ways = new Float64Array(range).fill(1);
  for (let k = 1; k < leadTime; k++) {
    const next = new Float64Array(range);
    let running = 0;
    for (let p = 0; p < range; p++) {
      running += ways[p];
      next[p] = p + partialMin[0] >= partialMin[k] ? running : 0;
    }
    ways = next;
  }
  let total = 0;
  for (let p = 0; p < range; p++) total += ways[p];
  return total;
}

export function buildStateSpace(leadTime: number, positionMax: number, partialMin: Int32Array): StateSpace {
  if (!Number.isInteger(leadTime) || leadTime < 1) throw new RangeError(`lead time must be ≥ 1, got ${leadTime}`);
  for (let k = 1; k < leadTime; k++) {
    if (partialMin[k] < partialMin[k - 1]) throw new RangeError('partialMin must be non-decreasing');
  }
  const total = countStates(leadTime, positionMax, partialMin);
  if (total > MAX_STATES) throw new RangeError(`state space of ${total} states exceeds ${MAX_STATES}`);
  const radix = positionMax - partialMin[0] + 1;
  const prefixDims = leadTime - 1;
  const firstStride = prefixDims >= 1 ? radix ** (prefixDims - 1) : 0;
  const prefixBase = new Int32Array(prefixDims >= 1 ? radix ** prefixDims : 1).fill(NO_PREFIX);
  const onHand = new Int32Array(total);
  const position = new Int32Array(total);
  const oldestOrder = new Int32Array(total);
  const shiftedCode = new Int32Array(total);
  const coordinates = new Int32Array(leadTime);
  let index = 0;

  // Depth-first over coordinates in lexicographic order; `sum` is the partial sum so far.
  const visit = (depth: number, sum: number, prefixCode: number): void => {
    const low = depth === 0 ? partialMin[0] : Math.max(0, partialMin[depth] - sum);
    const high = positionMax - (depth === 0 ? 0 : sum);
    if (depth === leadTime - 1) {
      if (prefixDims >= 1) prefixBase[prefixCode] = index - low;
      for (let c = low; c <= high; c++) {
        coordinates[depth] = c;
        onHand[index] = coordinates[0];
        position[index] = sum + c;
        oldestOrder[index] = leadTime >= 2 ? coordinates[1] : 0;
        let shifted = 0;
        for (let k = 2; k < leadTime; k++) shifted = shifted * radix + coordinates[k];
        shiftedCode[index] = shifted;
        index++;
      }
      return;
    }
    for (let c = low; c <= high; c++) {
      coordinates[depth] = c;
      const digit = depth === 0 ? c - partialMin[0] : c;
      visit(depth + 1, sum + c, prefixCode * radix + digit);
    }
  };
  visit(0, 0, 0);
  if (index !== total) throw new Error(`state enumeration mismatch: ${index} vs ${total}`);
  return { leadTime, size: total, positionMax, partialMin, onHand, position, oldestOrder, shiftedCode, firstStride, radix, prefixBase };
}

/**
 * Index of the successor state's block: the successor of state s after `leftover` units remain
 * on hand (x − sales) and order z is placed has index `successorBase(space, s, leftover) + z`.
 */
export function successorBase(space: StateSpace, state: number, leftover: number): number {
  if (space.leadTime === 1) return leftover - space.partialMin[0];
  const first = leftover + space.oldestOrder[state] - space.partialMin[0];
  return space.prefixBase[first * space.firstStride + space.shiftedCode[state]];
}

/** Index of the state (onHand, pipeline oldest first), or −1 when it lies outside the space. */
export function stateIndex(space: StateSpace, onHand: number, pipeline: ArrayLike<number>): number {
  const { leadTime, partialMin, positionMax, radix } = space;
  if (pipeline.length !== leadTime - 1) return -1;
  let sum = onHand;
  if (!Number.isInteger(onHand) || sum < partialMin[0] || sum > positionMax) return -1;
  if (leadTime === 1) return onHand - partialMin[0];
  let code = onHand - partialMin[0];
  for (let k = 1; k < leadTime; k++) {
    const q = pipeline[k - 1];
    if (!Number.isInteger(q) || q < 0) return -1;
    sum += q;
    if (sum < partialMin[k] || sum > positionMax) return -1;
    if (k < leadTime - 1) code = code * radix + q;
  }
  const base = space.prefixBase[code];
  return base === NO_PREFIX ? -1 : base + pipeline[leadTime - 2];
}

/** Expected holding + shortage cost of a period that starts (after arrival) with on-hand x. */
export function periodCost(model: InventoryModel, onHand: number): number {
  const { pmf } = model.demand;
  let holding = 0;
  let shortage = 0;
  for (let k = 0; k < pmf.length; k++) {
    const left = onHand - k;
    if (left > 0) holding += pmf[k] * left;
    else shortage -= pmf[k] * left;
  }
  // Lost sales: −left units are lost once; backorders: −left units are on backlog at period end.
  // Both are charged p per unit, so the expressions coincide.
  return model.holding * holding + model.penalty * shortage;
}
