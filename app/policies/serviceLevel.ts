/**
 * The textbook safety-stock base-stock policy — the reference every other policy is compared to:
 *   S = μ·(E[L] + R) + z·sqrt((E[L] + R)·σ² + μ²·Var(L)),
 * with μ, σ² the mean and variance of demand per period, L the lead time, R the review period and
 * z the standard normal quantile of the target cycle service level. Under the event convention of
 * app/sim (an order placed at t arrives before the demand of t + L), an order placed on a review
 * day must cover the demand of exactly L + R periods, which is why the protection interval is L + R.
 */
import type { ItemSettings } from '../sim/itemSettings';
import { leadTimeMoments } from '../sim/itemSettings';
import type { ReorderPolicy } from '../sim/policy';
import { normalQuantile } from '../common/normal';
import { baseStockPolicy } from './classical';

export interface DemandMoments {
  /** Mean demand per period. */
  mean: number;
  /** Variance of demand per period (Poisson: = mean; negative binomial: mean + mean²/dispersion). */
  variance: number;
}

export { normalQuantile };

/** Mean and standard deviation of demand over the protection interval L + R. */
export function protectionIntervalDemand(item: ItemSettings, demand: DemandMoments): { mean: number; sd: number } {
  const lead = leadTimeMoments(item);
  const interval = lead.mean + item.reviewPeriod;
  return {
    mean: demand.mean * interval,
    sd: Math.sqrt(interval * demand.variance + demand.mean * demand.mean * lead.variance),
  };
}

/** Order-up-to level for a target cycle service level (probability of no stockout per cycle). */
export function safetyStockOrderUpTo(item: ItemSettings, demand: DemandMoments, serviceLevel: number): number {
  const { mean, sd } = protectionIntervalDemand(item, demand);
  return mean + normalQuantile(serviceLevel) * sd;
}

/**
 * The newsvendor service level p / (p + h): the cost-balancing target, used as the starting point
 * of simulation-based tuning (exact for backorders with zero lead time, close elsewhere).
 */
export function criticalRatio(item: ItemSettings): number {
  const total = item.stockoutCost + item.holdingCost;
  return total > 0 ? item.stockoutCost / total : 0.5;
}

/** The reference policy: base-stock with S from the safety-stock formula, per item, rounded up. */
export function serviceLevelBaseStockPolicy(items: ItemSettings[], demand: DemandMoments[], serviceLevel: number[]): ReorderPolicy {
  const levels = items.map((item, index) => Math.ceil(safetyStockOrderUpTo(item, demand[index], serviceLevel[index])));
  return { ...baseStockPolicy(levels), name: 'service-level-base-stock' };
}
