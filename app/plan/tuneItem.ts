import { horizonDemand, samplePaths, type FittedDemandModel } from '../demand';
import { evaluatePolicy } from '../sim/evaluate';
import { baseStockPolicy } from '../policies/classical';
import { tuneBaseStock, tuneCappedBaseStock, type TunedPolicy } from '../policies/tuning';
import { normalQuantile } from '../common/normal';
import { Rng } from '../random/rng';
import { simulationItem, type ItemEconomics } from './itemEconomics';

/** Simulated world per item: paths of the fitted model, long enough to cover several cycles. */
export const tuningPaths = 16;
export const tuningDays = 120;

export interface TunedItemPolicies {
  /** Best first: base-stock and capped base-stock tuned, and the textbook service-level rule, all on the same paths. */
  policies: TunedPolicy[];
}

/**
 * Tune the classical policies of one item on sample paths of its fitted demand model (common
 * random numbers: every candidate sees the same paths), and cost the textbook service-level
 * base-stock rule on the same paths so the planner sees what tuning buys.
 */
export function tuneItemPolicies(model: FittedDemandModel, economics: ItemEconomics, seed: number): TunedItemPolicies {
  const item = simulationItem(economics);
  const warmUpPeriods = 2 * (economics.leadTimeDays + economics.reviewPeriodDays) + 7;
  const periodsPerPath = warmUpPeriods + tuningDays;
  const paths = samplePaths(model, periodsPerPath, tuningPaths, new Rng(seed));
  const demand = { kind: 'paths' as const, pathCount: tuningPaths, periods: periodsPerPath, paths };
  const options = { item, demand, periods: tuningDays, warmUpPeriods, seed };
  const policies: TunedPolicy[] = [];
  for (const tune of [tuneBaseStock, tuneCappedBaseStock]) {
    const tuned = tune(options);
    if (tuned.ok) policies.push(tuned.value);
  }
  const horizon = horizonDemand(model, economics.leadTimeDays + economics.reviewPeriodDays);
  const textbookLevel = Math.ceil(horizon.mean + normalQuantile(economics.serviceLevel) * horizon.sd);
  const textbook = evaluatePolicy({
    items: [item],
    demand: { kind: 'paths', pathCount: tuningPaths, periods: periodsPerPath, paths: [paths] },
    policy: baseStockPolicy([textbookLevel]),
    periods: tuningDays,
    warmUpPeriods,
    seed,
  });
  if (textbook.ok) {
    const evaluation = textbook.value.items[0];
    policies.push({
      policy: 'service-level base-stock',
      parameters: { orderUpTo: textbookLevel, serviceLevel: economics.serviceLevel },
      meanCost: evaluation.meanCost,
      standardError: evaluation.standardError,
      candidatesEvaluated: 1,
    });
  }
  policies.sort((a, b) => a.meanCost - b.meanCost);
  return { policies };
}
