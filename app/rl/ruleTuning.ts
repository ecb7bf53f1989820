/**
 * The best capped base-stock rule min(max(S − IP, 0), r) for one lane context, found by simulation in
 * the training environment itself (same event convention, same final rounding step, same demand).
 *
 * Why here and not app/policies/tuning.ts: the general policy trains on contexts that are not items
 * (random draws, the reference grid), and its warm start needs a rule per context in the environment's
 * own terms. Common random numbers make differences between neighbouring (S, r) far more precise than
 * either cost, so an integer coordinate descent is enough: cost is close to convex in S for a fixed r
 * and unimodal in r for the best S (Xin 2021).
 */
import { cappedBaseStockRule, evaluateOrderRule, type EvaluationOptions } from './evaluate';
import type { LaneContext } from './context';
import type { EnvironmentSpec } from './environment';

export interface TunedRule {
  orderUpTo: number;
  /** Largest order; Infinity is plain base-stock. */
  cap: number;
  /** Mean cost per period of the rule on the tuning paths (money). */
  meanCost: number;
  /** Mean cost per period of the best plain base-stock on the same paths. */
  baseStockCost: number;
  evaluations: number;
}

export const defaultRuleTuningOptions: EvaluationOptions = { lanes: 16, periods: 1500, warmupPeriods: 100, seed: 424242 };

/** Integer coordinate descent of `cost` from `start` with steps `step`, halving the step when stuck. */
function descend(cost: (x: number) => number, start: number, initialStep: number, lowest: number): number {
  let x = start;
  let best = cost(x);
  let step = initialStep;
  while (step >= 1) {
    let moved = false;
    for (const direction of [1, -1]) {
      // Keep walking while it pays (the start can be far from the optimum).
      for (;;) {
        const candidate = x + direction * step;
        if (candidate < lowest) break;
        const value = cost(candidate);
        if (value >= best) break;
        best = value;
        x = candidate;
        moved = true;
      }
    }
    if (!moved) step = Math.floor(step / 2);
  }
  return x;
}

export function tuneCappedRule(spec: EnvironmentSpec, context: LaneContext, options: Partial<EvaluationOptions> = {}): TunedRule {
  const settings = { ...defaultRuleTuningOptions, ...options, warmupPeriods: Math.max(options.warmupPeriods ?? 100, 4 * (context.leadTimePeriods + context.reviewPeriods)) };
  const memo = new Map<string, number>();
  let evaluations = 0;
  const cost = (orderUpTo: number, cap: number): number => {
    const key = `${orderUpTo}/${cap}`;
    let value = memo.get(key);
    if (value === undefined) {
      value = evaluateOrderRule(spec, context, cappedBaseStockRule(orderUpTo, cap), settings).meanCostPerPeriod;
      memo.set(key, value);
      evaluations++;
    }
    return value;
  };
  const cover = context.demandMean * (context.leadTimePeriods + context.reviewPeriods);
  const unit = Math.max(1, Math.round(context.demandMean * context.reviewPeriods / 5));
  const baseStock = descend((s) => cost(s, Number.POSITIVE_INFINITY), Math.round(cover + 2 * Math.sqrt(cover)), 4 * unit, 0);
  const baseStockCost = cost(baseStock, Number.POSITIVE_INFINITY);
  // Caps below one review period's mean demand starve the item; start the cap search at twice it.
  const lowestCap = Math.max(1, Math.round(0.5 * context.demandMean * context.reviewPeriods));
  let orderUpTo = baseStock;
  let cap = Math.max(lowestCap, Math.round(2 * context.demandMean * context.reviewPeriods));
  for (let round = 0; round < 3; round++) {
    const before = `${orderUpTo}/${cap}`;
    cap = descend((r) => cost(orderUpTo, r), cap, unit, lowestCap);
    orderUpTo = descend((s) => cost(s, cap), orderUpTo, unit, 0);
    if (`${orderUpTo}/${cap}` === before) break;
  }
  // A cap that never binds is plain base-stock: keep whichever measured cheaper.
  if (cost(orderUpTo, cap) >= baseStockCost) return { orderUpTo: baseStock, cap: Number.POSITIVE_INFINITY, meanCost: baseStockCost, baseStockCost, evaluations };
  return { orderUpTo, cap, meanCost: cost(orderUpTo, cap), baseStockCost, evaluations };
}
