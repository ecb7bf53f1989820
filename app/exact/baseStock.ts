/**
 * Exact long-run average cost of the classical policies, and the searches for their best
 * parameters:
 *  - base-stock S: order max(S − IP, 0);
 *  - capped base-stock (S, r): order min(max(S − IP, 0), r) (Xin 2021).
 * Both keep the inventory position at or below S once it is there, so their Markov chains live on
 * the StateSpace with positionMax = S, and their cost is found by policy evaluation with the same
 * relative value iteration as the optimum (span of V' − V ≤ 1e-8).
 *
 * With backorders the base-stock cost has the closed form G(S) = E[h (S − D)⁺ + p (D − S)⁺] with D
 * the demand of L + 1 periods (the order placed now is the last one that can serve period t + L),
 * and base-stock is optimal, so no cap can improve on the best S: the capped optimum is reported
 * as (S*, no cap).
 */
import { convolvePower } from './demandDistribution';
import { buildStateSpace } from './stateSpace';
import type { InventoryModel, StateSpace } from './stateSpace';
import { newsvendorLevel } from './optimal';
import { relativeValueIteration } from './valueIteration';
import type { ValueIterationOptions } from './valueIteration';

export interface BaseStockResult {
  level: number;
  cost: number;
}

export interface CappedBaseStockResult {
  level: number;
  /** The order cap r; null when no cap beats plain base-stock (r = ∞). */
  cap: number | null;
  cost: number;
}

/** How many parameter values past an apparent minimum a search still looks at before stopping. */
const SEARCH_GUARD = 2;
/** Capped levels are searched up to S̄ + this (S̄: see optimal.ts). */
const CAPPED_LEVEL_MARGIN = 2;

/** Reuses the state space of a level across evaluations (the capped search visits each S often). */
export class PolicyEvaluator {
  private readonly spaces = new Map<number, StateSpace>();
  private readonly lastValues = new Map<number, Float64Array>();
  private readonly demandOverLead: Float64Array;

  constructor(
    readonly model: InventoryModel,
    private readonly options: ValueIterationOptions = {},
  ) {
    this.demandOverLead = convolvePower(model.demand.pmf, model.leadTime + 1);
  }

  /** Long-run average cost of base-stock level S (≥ 0). */
  baseStock(level: number): number {
    if (this.model.shortage === 'backorder') {
      const { holding, penalty } = this.model;
      let cost = 0;
      for (let demand = 0; demand < this.demandOverLead.length; demand++) {
        const net = level - demand;
        cost += this.demandOverLead[demand] * (net >= 0 ? holding * net : -penalty * net);
      }
      return cost;
    }
    return this.capped(level, Number.POSITIVE_INFINITY);
  }

  /** Long-run average cost of capped base-stock (S, r), lost sales only; r = Infinity is no cap. */
  capped(level: number, cap: number): number {
    if (this.model.shortage !== 'lost-sales') throw new RangeError('capped base-stock is evaluated for lost sales only');
    if (!Number.isInteger(level) || level < 0) throw new RangeError(`base-stock level must be a non-negative integer, got ${level}`);
    if (!(cap >= 1)) throw new RangeError(`order cap must be ≥ 1, got ${cap}`);
    let space = this.spaces.get(level);
    if (!space) {
      space = buildStateSpace(this.model.leadTime, level, new Int32Array(this.model.leadTime));
      this.spaces.set(level, space);
    }
    const order = new Int32Array(space.size);
    for (let s = 0; s < space.size; s++) order[s] = Math.min(level - space.position[s], cap);
    // Warm start from the last policy evaluated on this space: neighbouring caps have similar values.
    const initialValues = this.lastValues.get(level);
    const result = relativeValueIteration(this.model, space, { minOrder: order, maxOrder: order }, { ...this.options, initialValues });
    this.lastValues.set(level, result.relativeValues);
    if (!result.converged) throw new Error(`policy evaluation of (S=${level}, r=${cap}) did not converge`);
    return result.averageCost;
  }
}

/**
 * Minimise f over integers in [lowest, highest] by walking downhill from `start`, then confirming
 * SEARCH_GUARD further points on each side of the minimum (exact for convex f — the lost-sales
 * base-stock cost is convex in S, Janakiraman & Roundy 2004 — and a safety margin otherwise).
 */
function minimiseInteger(f: (x: number) => number, start: number, lowest: number, highest: number): { argument: number; value: number } {
  const memo = new Map<number, number>();
  const at = (x: number): number => {
    let v = memo.get(x);
    if (v === undefined) {
      v = f(x);
      memo.set(x, v);
    }
    return v;
  };
  let best = Math.min(Math.max(start, lowest), highest);
  for (;;) {
    let moved = false;
    for (let step = 1; step <= SEARCH_GUARD; step++) {
      for (const candidate of [best - step, best + step]) {
        if (candidate < lowest || candidate > highest) continue;
        if (at(candidate) < at(best)) {
          best = candidate;
          moved = true;
          break;
        }
      }
      if (moved) break;
    }
    if (!moved) return { argument: best, value: at(best) };
  }
}

/** The best base-stock level and its cost. */
export function optimiseBaseStock(model: InventoryModel, options: ValueIterationOptions = {}): BaseStockResult {
  const evaluator = new PolicyEvaluator(model, options);
  return bestBaseStock(evaluator);
}

function bestBaseStock(evaluator: PolicyEvaluator): BaseStockResult {
  const { model } = evaluator;
  const start = newsvendorLevel(model);
  const highest = model.demand.maxDemand * (model.leadTime + 1);
  const { argument, value } = minimiseInteger((level) => evaluator.baseStock(level), start, 0, highest);
  return { level: argument, cost: value };
}

/**
 * The best capped base-stock policy: minimise c(r) = min_S cost(S, r) over the cap r, each inner
 * minimisation over S started from the best S found so far. The walk over r starts just above the
 * mean demand (a cap below it starves the system; the optimum in the reference grid sits there)
 * and uses the same guarded descent. Caps at or above min(S, maxDemand) never bind (base-stock
 * orders the previous period's sales), so the search stays below that and plain base-stock is
 * reported (cap null) whenever no binding cap beats it.
 */
export function optimiseCappedBaseStock(model: InventoryModel, options: ValueIterationOptions = {}): CappedBaseStockResult {
  const evaluator = new PolicyEvaluator(model, options);
  const uncapped = bestBaseStock(evaluator);
  if (model.shortage === 'backorder') return { level: uncapped.level, cap: null, cost: uncapped.cost };
  // Morton's bound S̄ caps every optimal order-up-to position; a capped policy gains nothing from
  // a target far above it (small caps otherwise drift S upward over an almost flat cost surface).
  const highestLevel = newsvendorLevel(model) + CAPPED_LEVEL_MARGIN;
  const highestCap = Math.min(uncapped.level, model.demand.maxDemand) - 1;
  if (highestCap < 1) return { level: uncapped.level, cap: null, cost: uncapped.cost };
  const bestLevelForCap = new Map<number, number>();
  let levelGuess = uncapped.level;
  const costOfCap = (cap: number): number => {
    const { argument, value } = minimiseInteger((level) => evaluator.capped(level, cap), levelGuess, 1, highestLevel);
    levelGuess = argument;
    bestLevelForCap.set(cap, argument);
    return value;
  };
  const capStart = Math.min(highestCap, Math.floor(model.demand.mean) + 1);
  const { argument: cap, value } = minimiseInteger(costOfCap, capStart, 1, highestCap);
  if (!(value < uncapped.cost)) return { level: uncapped.level, cap: null, cost: uncapped.cost };
  return { level: bestLevelForCap.get(cap) ?? uncapped.level, cap, cost: value };
}
