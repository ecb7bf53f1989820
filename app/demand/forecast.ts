/**
 * Probabilistic forecasts from a fitted model: sample paths, the mean path, quantiles, and the
 * moments of demand over a horizon (the figures safety stock and the policies' observations use).
 */
import type { Rng } from '../random/rng';
import { dayNumberOf, isClosedByRule } from './calendar';
import { intermittentMoments, simulateIntermittent } from './intermittent';
import { seasonalFactor } from './seasonality';
import { simulateSmooth, smoothMoments, type HorizonMoments } from './smooth';
import type { FittedDemandModel } from './types';

interface FutureFactors {
  /** Seasonal factor per future day, 0 on days the closed rule marks closed. */
  season: Float64Array;
  /** Promotion uplift per future day (1 without a promotion). */
  uplift: Float64Array;
}

function futureFactors(model: FittedDemandModel, horizonDays: number, startDate?: string, promotions?: Uint8Array): FutureFactors {
  const start = dayNumberOf(startDate ?? model.nextDate);
  if (start === null) throw new RangeError(`startDate '${startDate}' is not a YYYY-MM-DD date`);
  const season = new Float64Array(horizonDays);
  const uplift = new Float64Array(horizonDays);
  for (let t = 0; t < horizonDays; t++) {
    const day = start + t;
    season[t] = isClosedByRule(model.closedRule, day) ? 0 : seasonalFactor(model.seasonal, day);
    uplift[t] = promotions && promotions[t] ? model.promotionUplift : 1;
  }
  return { season, uplift };
}

/**
 * `paths` sample paths of integer daily demand, row-major (path p, day t at p·horizonDays + t).
 * Days start at `startDate` (default: the day after the history). Each path carries its own
 * evolving level, so the spread widens with the horizon as the level becomes uncertain.
 */
export function samplePaths(
  model: FittedDemandModel,
  horizonDays: number,
  paths: number,
  rng: Rng,
  startDate?: string,
  promotions?: Uint8Array,
): Float64Array {
  const { season, uplift } = futureFactors(model, horizonDays, startDate, promotions);
  const out = new Float64Array(paths * horizonDays);
  if (model.core.kind === 'smooth') {
    const combined = new Float64Array(horizonDays);
    for (let t = 0; t < horizonDays; t++) combined[t] = season[t] * uplift[t];
    simulateSmooth(model.core, combined, paths, rng, out);
  } else {
    simulateIntermittent(model.core, season, uplift, paths, rng, out);
  }
  return out;
}

/** Mean, variance per day and of the total, from the model's exact moment recursions. */
export function forecastMoments(model: FittedDemandModel, horizonDays: number, startDate?: string, promotions?: Uint8Array): HorizonMoments {
  return momentsFor(model, futureFactors(model, horizonDays, startDate, promotions));
}

function momentsFor(model: FittedDemandModel, { season, uplift }: FutureFactors): HorizonMoments {
  const horizonDays = season.length;
  if (model.core.kind === 'intermittent') return intermittentMoments(model.core, season, uplift);
  const combined = new Float64Array(horizonDays);
  for (let t = 0; t < horizonDays; t++) combined[t] = season[t] * uplift[t];
  return smoothMoments(model.core, combined);
}

/** Expected demand per future day. */
export function forecastMean(model: FittedDemandModel, horizonDays: number, startDate?: string, promotions?: Uint8Array): Float64Array {
  return forecastMoments(model, horizonDays, startDate, promotions).mean;
}

/**
 * Per-day empirical quantiles of sample paths: one Float64Array (length horizonDays) per
 * probability, using the lower order statistic (the value at ⌈p·paths⌉ − 1), which keeps integer units.
 */
export function forecastQuantiles(samples: Float64Array, paths: number, horizonDays: number, probabilities: readonly number[]): Float64Array[] {
  const result = probabilities.map(() => new Float64Array(horizonDays));
  const column = new Float64Array(paths);
  for (let t = 0; t < horizonDays; t++) {
    for (let p = 0; p < paths; p++) column[p] = samples[p * horizonDays + t];
    column.sort();
    probabilities.forEach((probability, j) => {
      const index = Math.min(paths - 1, Math.max(0, Math.ceil(probability * paths) - 1));
      result[j][t] = column[index];
    });
  }
  return result;
}

export interface HorizonDemand {
  horizonDays: number;
  /** Expected total demand over the horizon and its standard deviation (level uncertainty included). */
  mean: number;
  sd: number;
  /** mean / horizonDays. */
  meanDaily: number;
  /** Average seasonal factor of the open days ahead (1 = an ordinary stretch of days). */
  seasonalIndex: number;
  /** Variance-to-mean ratio of the total (1 = Poisson-like). */
  dispersionIndex: number;
}

/** Demand over the next `horizonDays` days (e.g. the lead time plus review period). */
export function horizonDemand(model: FittedDemandModel, horizonDays: number, startDate?: string): HorizonDemand {
  const factors = futureFactors(model, horizonDays, startDate);
  const moments = momentsFor(model, factors);
  const { season } = factors;
  let seasonSum = 0;
  let openDays = 0;
  for (let t = 0; t < horizonDays; t++) {
    if (season[t] <= 0) continue;
    seasonSum += season[t];
    openDays++;
  }
  const variance = Math.max(0, moments.totalVariance);
  return {
    horizonDays,
    mean: moments.totalMean,
    sd: Math.sqrt(variance),
    meanDaily: horizonDays > 0 ? moments.totalMean / horizonDays : 0,
    seasonalIndex: openDays > 0 ? seasonSum / openDays : 0,
    dispersionIndex: moments.totalMean > 0 ? variance / moments.totalMean : 0,
  };
}
