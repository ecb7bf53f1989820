/**
 * Relative value iteration for the long-run average cost of the single-item model, over a
 * StateSpace with an allowed order range per state. With a one-point range per state it is
 * policy evaluation (the same sweep, no minimisation), which the base-stock evaluators use.
 *
 * One sweep computes, for every state s = (x, q1, …) and allowed order z,
 *     Q(s, z) = Σ_sales P(sales) · V(successor(s, x − sales, z)),
 *     V'(s)   = c(x) + min_z Q(s, z),
 * where c(x) is the period's expected holding + shortage cost (the order placed now cannot affect
 * it: it arrives L ≥ 1 periods later). The successors of one sales outcome under z, z+1, … are
 * consecutive states (see stateSpace.ts), so the inner loop runs over contiguous memory.
 *
 * Stopping rule: with d(s) = V'(s) − V(s), the optimal gain lies in [min d, max d] (Odoni's
 * bounds), so we stop when span(d) = max d − min d ≤ tolerance and report the midpoint, which is
 * within tolerance/2 of the optimum of the finite model. Values are kept relative to state 0 so
 * they stay bounded. Every supported demand has P(D = 0) > 0, which makes the chains aperiodic
 * (a state with nothing to order can repeat), so plain (undamped) iteration converges.
 */
import { periodCost } from './stateSpace';
import type { InventoryModel, StateSpace } from './stateSpace';

export interface OrderRange {
  /** Per state, the smallest and largest order considered. */
  minOrder: Int32Array;
  maxOrder: Int32Array;
}

export interface ValueIterationOptions {
  /** Stop when the span of V' − V is at most this (default 1e-8). */
  tolerance?: number;
  maxIterations?: number;
  /** Relative values to start from (e.g. those of a similar policy on the same space). */
  initialValues?: Float64Array;
}

export interface ValueIterationResult {
  averageCost: number;
  iterations: number;
  /** Final span of V' − V: the average cost is within span / 2 of the model's optimum. */
  span: number;
  converged: boolean;
  /** Per state, the order attaining the minimum in the last sweep (the smallest among ties). */
  order: Int32Array;
  relativeValues: Float64Array;
}

export const DEFAULT_TOLERANCE = 1e-8;
const DEFAULT_MAX_ITERATIONS = 50_000;

export function relativeValueIteration(
  model: InventoryModel,
  space: StateSpace,
  range: OrderRange,
  options: ValueIterationOptions = {},
): ValueIterationResult {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (model.leadTime !== space.leadTime) throw new RangeError('model and state space lead times differ');
  const { size, onHand, oldestOrder, shiftedCode, prefixBase, firstStride, partialMin } = space;
  const { minOrder, maxOrder } = range;
  const { pmf, maxDemand } = model.demand;
  const lostSales = model.shortage === 'lost-sales';
  const singlePeriodLead = space.leadTime === 1;
  const onHandMin = partialMin[0];

  // survival[k] = P(D ≥ k) of the truncated distribution, for the lost-sales "sold out" outcome.
  const survival = new Float64Array(maxDemand + 2);
  for (let k = maxDemand; k >= 0; k--) survival[k] = survival[k + 1] + pmf[k];
  const costByOnHand = new Float64Array(space.positionMax - onHandMin + 1);
  for (let x = onHandMin; x <= space.positionMax; x++) costByOnHand[x - onHandMin] = periodCost(model, x);

  let widest = 1;
  for (let s = 0; s < size; s++) {
    if (minOrder[s] > maxOrder[s] || minOrder[s] < 0) throw new RangeError(`empty or negative order range at state ${s}`);
    if (space.position[s] + maxOrder[s] > space.positionMax) throw new RangeError(`order range leaves the space at state ${s}`);
    widest = Math.max(widest, maxOrder[s] - minOrder[s] + 1);
  }
  // Q(s, z) for the allowed orders of the current state.
  const actionValues = new Float64Array(widest);
  const sharePreSales = !lostSales && !singlePeriodLead;
  const keySpace = sharePreSales ? space.radix * firstStride : 0;
  const stamp = new Int32Array(keySpace);
  const cachedLow = new Int32Array(keySpace);
  const cachedActions = new Int32Array(keySpace);
  const cached = new Float64Array(keySpace * widest);
  let values = new Float64Array(size);
  if (options.initialValues) {
    if (options.initialValues.length !== size) throw new RangeError('initialValues length differs from the state space');
    values.set(options.initialValues);
  }
  let next = new Float64Array(size);
  const order = new Int32Array(size);
  let span = Number.POSITIVE_INFINITY;
  let averageCost = Number.NaN;
  let iterations = 0;

  while (iterations < maxIterations) {
    iterations++;
    let lowest = Number.POSITIVE_INFINITY;
    let highest = Number.NEGATIVE_INFINITY;
    for (let s = 0; s < size; s++) {
      const x = onHand[s];
      const zLow = minOrder[s];
      const actions = maxOrder[s] - zLow + 1;
      const firstOffset = oldestOrder[s] - onHandMin;
      const shifted = shiftedCode[s];
      // Sales outcomes: k units of demand (k ≤ maxDemand), and for lost sales all x sold once D ≥ x.
      const lastDemand = lostSales ? Math.min(x - 1, maxDemand) : maxDemand;
      let best: number;
      let bestAction = 0;
      if (actions === 1) {
        let sum = 0;
        for (let k = 0; k <= lastDemand; k++) {
          const leftover = x - k;
          const base = singlePeriodLead ? leftover - onHandMin : prefixBase[(leftover + firstOffset) * firstStride + shifted];
          sum += pmf[k] * values[base + zLow];
        }
        if (lostSales && x <= maxDemand) {
          const base = singlePeriodLead ? -onHandMin : prefixBase[firstOffset * firstStride + shifted];
          sum += survival[x] * values[base + zLow];
        }
        best = sum;
      } else {
        // Backorders: Q depends on x and q1 only through x + q1, so the states sharing
        // (x + q1, q2, …) share one computation per sweep — a large saving, as x spans the backlog.
        let key = -1;
        let fromCache = false;
        if (sharePreSales) {
          key = (x + firstOffset) * firstStride + shifted;
          fromCache = stamp[key] === iterations && cachedLow[key] === zLow && cachedActions[key] === actions;
        }
        if (fromCache) {
          const offset = key * widest;
          for (let a = 0; a < actions; a++) actionValues[a] = cached[offset + a];
        } else {
          actionValues.fill(0, 0, actions);
          for (let k = 0; k <= lastDemand + 1; k++) {
            let weight: number;
            let leftover: number;
            if (k <= lastDemand) {
              weight = pmf[k];
              leftover = x - k;
            } else {
              if (!lostSales || x > maxDemand) break;
              weight = survival[x];
              leftover = 0;
            }
            const base = singlePeriodLead ? leftover - onHandMin : prefixBase[(leftover + firstOffset) * firstStride + shifted];
            const start = base + zLow;
            for (let a = 0; a < actions; a++) actionValues[a] += weight * values[start + a];
          }
          if (key >= 0) {
            stamp[key] = iterations;
            cachedLow[key] = zLow;
            cachedActions[key] = actions;
            const offset = key * widest;
            for (let a = 0; a < actions; a++) cached[offset + a] = actionValues[a];
          }
        }
        best = actionValues[0];
        for (let a = 1; a < actions; a++) {
          if (actionValues[a] < best) {
            best = actionValues[a];
            bestAction = a;
          }
        }
      }
      const updated = costByOnHand[x - onHandMin] + best;
      const difference = updated - values[s];
      if (difference < lowest) lowest = difference;
      if (difference > highest) highest = difference;
      next[s] = updated;
      order[s] = zLow + bestAction;
    }
    const reference = next[0];
    for (let s = 0; s < size; s++) next[s] -= reference;
    const swap = values;
    values = next;
    next = swap;
    span = highest - lowest;
    averageCost = (highest + lowest) / 2;
    if (!Number.isFinite(span)) throw new Error('value iteration produced a non-finite value (state space not closed?)');
    if (span <= tolerance) break;
  }
  return { averageCost, iterations, span, converged: span <= tolerance, order, relativeValues: values };
}
