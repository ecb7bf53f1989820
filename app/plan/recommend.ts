import type { StoredClassicalPolicy } from '../store/models';
import { applyOrderConstraints } from './orderRounding';
import type { ItemEconomics } from './itemEconomics';

export interface PolicyRecommendation {
  policy: string;
  recommendedQty: number;
  classicalPolicy: string;
  classicalQty: number;
  reason: string;
  details: Record<string, unknown>;
}

/** The raw order of a stored classical policy for an inventory position (before order rules). */
export function rawOrder(policy: StoredClassicalPolicy, inventoryPosition: number): number {
  const target = policy.parameters.orderUpTo ?? 0;
  const need = Math.max(0, target - inventoryPosition);
  return policy.policy === 'capped-base-stock' ? Math.min(need, policy.parameters.cap ?? need) : need;
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Today's order from the item's tuned classical policies: the cheapest tuned policy is used; the
 * textbook service-level rule is shown beside it with its simulated cost, so the planner sees
 * what tuning is expected to save. Order rules (MOQ, case pack) come last and are explained.
 */
export function recommendFromTuned(
  tuned: StoredClassicalPolicy[],
  economics: ItemEconomics,
  inventoryPosition: number,
  forecastOverHorizon: { mean: number; meanDaily: number },
): PolicyRecommendation | undefined {
  const candidates = tuned.filter((entry) => entry.policy !== 'service-level base-stock').sort((a, b) => a.meanCost - b.meanCost);
  const best = candidates[0];
  const textbook = tuned.find((entry) => entry.policy === 'service-level base-stock');
  if (!best) return undefined;
  const chosen = applyOrderConstraints(rawOrder(best, inventoryPosition), economics.moq, economics.orderMultiple);
  const reference = textbook ? applyOrderConstraints(rawOrder(textbook, inventoryPosition), economics.moq, economics.orderMultiple) : chosen;
  const level = best.parameters.orderUpTo;
  const horizon = economics.leadTimeDays + economics.reviewPeriodDays;
  const saving = textbook && textbook.meanCost > 0 ? (1 - best.meanCost / textbook.meanCost) * 100 : null;
  const parts = [
    chosen.quantity > 0
      ? `Order ${chosen.quantity} to bring the inventory position from ${round(inventoryPosition)} up to ${best.policy === 'capped-base-stock' && rawOrder(best, inventoryPosition) < level - inventoryPosition ? `${round(inventoryPosition + rawOrder(best, inventoryPosition))} (capped at ${best.parameters.cap} per order; target ${level})` : level}.`
      : `No order: the inventory position ${round(inventoryPosition)} covers the order-up-to level ${level}.`,
    `The level covers ${horizon} days (lead time ${economics.leadTimeDays} + review ${economics.reviewPeriodDays}) of forecast demand, ${round(forecastOverHorizon.mean, 0)} units at ${round(forecastOverHorizon.meanDaily, 1)}/day, plus a buffer; it was tuned (${best.policy}) by simulating the fitted demand model, costing holding and lost sales.`,
  ];
  if (textbook && saving !== null) {
    parts.push(`Expected cost ${round(best.meanCost)}/day vs ${round(textbook.meanCost)}/day for the ${Math.round(economics.serviceLevel * 100)} % service-level rule (order up to ${textbook.parameters.orderUpTo})${saving > 0 ? `, ${round(saving, 0)} % less` : ''}.`);
  }
  if (chosen.steps.length > 0) parts.push(`Then ${chosen.steps.join(' and ')}.`);
  if (economics.defaultsUsed.length > 0) parts.push(`Defaults used for: ${economics.defaultsUsed.join(', ')}.`);
  return {
    policy: `${best.policy} (tuned)`,
    recommendedQty: chosen.quantity,
    classicalPolicy: textbook ? 'service-level base-stock' : `${best.policy} (tuned)`,
    classicalQty: reference.quantity,
    reason: parts.join(' '),
    details: {
      orderUpTo: level,
      cap: best.parameters.cap ?? null,
      expectedCostPerDay: best.meanCost,
      expectedCostStandardError: best.standardError,
      serviceLevelRuleCostPerDay: textbook?.meanCost ?? null,
      forecastOverHorizon: forecastOverHorizon.mean,
      meanDailyDemand: forecastOverHorizon.meanDaily,
      daysOfCoverAfterOrder: forecastOverHorizon.meanDaily > 0 ? (inventoryPosition + chosen.quantity) / forecastOverHorizon.meanDaily : null,
      defaultsUsed: economics.defaultsUsed,
    },
  };
}
