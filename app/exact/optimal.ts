/**
 * The exact optimal policy of the single-item model by relative value iteration over the full
 * state (on-hand, pipeline) — the yardstick that learned policies are measured against.
 *
 * Bounding the state space. Let S̄ be the newsvendor level of L + 1 periods of demand,
 * S̄ = min{y : P(D[1..L+1] ≤ y) ≥ p / (p + h)}.
 *  - Lost sales: Morton (1969) showed the optimal order never raises the inventory position above
 *    S̄ (the order placed now is first usable in period t + L; lost sales only make stock on hand
 *    then less valuable than under backorders, whose optimal target is S̄). So orders are restricted
 *    to position + z ≤ S̄ + margin; states above that position are transient (nothing is ordered,
 *    the position only falls) and never affect the long-run average. On the reference grid the best
 *    base-stock and capped levels lie 0–4 units below S̄, consistent with the bound.
 *  - Backorders: base-stock at S̄ is optimal (the L + 1 period newsvendor), so orders are restricted
 *    to S̄ − margin ≤ position + z ≤ S̄ + margin. A restriction that contains the optimal policy
 *    does not change the optimum; it makes the backlog side of the state space finite.
 * The margin (default 2) is a safety belt: tests re-solve with a wider margin and get the same cost.
 */
import { convolvePower, quantile } from './demandDistribution';
import { buildStateSpace, countStates, stateIndex } from './stateSpace';
import type { InventoryModel, StateSpace } from './stateSpace';
import { relativeValueIteration } from './valueIteration';
import type { ValueIterationOptions } from './valueIteration';

export const DEFAULT_BOUND_MARGIN = 2;

export interface OptimalOptions extends ValueIterationOptions {
  /** Extra units of inventory position allowed beyond the bound S̄ (and below it for backorders). */
  boundMargin?: number;
}

export interface OptimalSolution {
  model: InventoryModel;
  averageCost: number;
  iterations: number;
  span: number;
  converged: boolean;
  /** The newsvendor level S̄ the state space was bounded with, and the margin added to it. */
  newsvendorLevel: number;
  boundMargin: number;
  space: StateSpace;
  /** The optimal order per state index of `space` (look up with optimalOrderQuantity). */
  order: Int32Array;
  /** Lowest order-up-to position allowed (backorders); −Infinity for lost sales. */
  orderUpToMin: number;
}

/** S̄: the newsvendor level of L + 1 periods of demand at the critical ratio p / (p + h). */
export function newsvendorLevel(model: InventoryModel): number {
  const demandOverLead = convolvePower(model.demand.pmf, model.leadTime + 1);
  return quantile(demandOverLead, model.penalty / (model.penalty + model.holding));
}

/** The state-space bounds the solver will use (exposed so callers can check size before solving). */
export function optimalSpaceBounds(
  model: InventoryModel,
  boundMargin = DEFAULT_BOUND_MARGIN,
): { positionMax: number; partialMin: Int32Array; orderUpToMin: number; newsvendor: number; states: number } {
  const newsvendor = newsvendorLevel(model);
  const positionMax = newsvendor + boundMargin;
  const partialMin = new Int32Array(model.leadTime);
  let orderUpToMin = Number.NEGATIVE_INFINITY;
  if (model.shortage === 'backorder') {
    orderUpToMin = newsvendor - boundMargin;
    for (let k = 0; k < model.leadTime; k++) partialMin[k] = orderUpToMin - (model.leadTime - k) * model.demand.maxDemand;
  }
  return { positionMax, partialMin, orderUpToMin, newsvendor, states: countStates(model.leadTime, positionMax, partialMin) };
}

export function solveOptimal(model: InventoryModel, options: OptimalOptions = {}): OptimalSolution {
  const boundMargin = options.boundMargin ?? DEFAULT_BOUND_MARGIN;
  const { positionMax, partialMin, orderUpToMin, newsvendor } = optimalSpaceBounds(model, boundMargin);
  const space = buildStateSpace(model.leadTime, positionMax, partialMin);
  const minOrder = new Int32Array(space.size);
  const maxOrder = new Int32Array(space.size);
  for (let s = 0; s < space.size; s++) {
    const position = space.position[s];
    maxOrder[s] = Math.max(0, positionMax - position);
    minOrder[s] = Number.isFinite(orderUpToMin) ? Math.max(0, orderUpToMin - position) : 0;
  }
  const result = relativeValueIteration(model, space, { minOrder, maxOrder }, options);
  return {
    model,
    averageCost: result.averageCost,
    iterations: result.iterations,
    span: result.span,
    converged: result.converged,
    newsvendorLevel: newsvendor,
    boundMargin,
    space,
    order: result.order,
    orderUpToMin,
  };
}

/**
 * The optimal order for the state (on-hand after this period's arrival, pipeline oldest first,
 * L − 1 entries). States whose inventory position is at or above the bound get 0 — exact, since
 * the optimal order never lifts the position above S̄. Returns null for a state the solution
 * cannot speak for (negative on-hand under lost sales, non-integers, wrong pipeline length, or a
 * backlog deeper than the solved space).
 */
export function optimalOrderQuantity(solution: OptimalSolution, onHand: number, pipeline: ArrayLike<number>): number | null {
  const { space } = solution;
  const index = stateIndex(space, onHand, pipeline);
  if (index >= 0) return solution.order[index];
  if (pipeline.length !== space.leadTime - 1 || !Number.isInteger(onHand)) return null;
  if (solution.model.shortage === 'lost-sales' && onHand < 0) return null;
  let position = onHand;
  for (let k = 0; k < pipeline.length; k++) {
    if (!Number.isInteger(pipeline[k]) || pipeline[k] < 0) return null;
    position += pipeline[k];
  }
  return position >= space.positionMax ? 0 : null;
}
