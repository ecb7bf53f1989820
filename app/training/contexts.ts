import { forecastMean, horizonDemand, type FittedDemandModel } from '../demand';
import type { ItemEconomics } from '../plan/itemEconomics';
import type { LaneContext } from '../rl/context';

/** Weeks of forecast used to read an item's weekday profile for the policy's context. */
const profileWeeks = 8;

/**
 * An item as the PPO policy sees it: its economics and the fitted model's demand, in daily
 * periods. Dispersion comes from the model's one-day variance (variance = m + m²/k); the seasonal
 * index is the weekday profile of the coming weeks (closed days are 0), mean 1.
 */
export function itemContext(model: FittedDemandModel, economics: ItemEconomics): LaneContext {
  const day = horizonDemand(model, 28);
  const mean = day.meanDaily;
  const variance = (day.sd * day.sd) / 28;
  const dispersion = variance > mean && mean > 0 ? (mean * mean) / (variance - mean) : Number.POSITIVE_INFINITY;
  const daily = forecastMean(model, profileWeeks * 7);
  const profile = new Array<number>(7).fill(0);
  for (let t = 0; t < daily.length; t++) profile[t % 7] += daily[t] / profileWeeks;
  const average = profile.reduce((sum, value) => sum + value, 0) / 7;
  return {
    leadTimePeriods: economics.leadTimeDays,
    reviewPeriods: economics.reviewPeriodDays,
    holdingCost: economics.holdingCostPerDay,
    stockoutCost: economics.stockoutCostPerUnit,
    orderingCost: 0,
    lostSales: true,
    demandMean: Math.max(mean, 1e-6),
    demandDispersion: dispersion,
    seasonalIndex: average > 0 ? profile.map((value) => value / average) : [],
    minimumOrderQuantity: economics.moq,
    orderMultiple: Math.max(1, economics.orderMultiple),
  };
}
