/**
 * Hold-out accuracy: fit on all but the last k weeks, forecast those weeks in one go (the way a
 * plan uses the model), and score the forecast against what happened — MASE against the seasonal
 * naive (lag 7) forecast, bias, and the coverage of the sample paths' 80 % and 95 % intervals.
 * The model returned is then refitted on the whole history.
 */
import { Rng } from '../random/rng';
import { isoDateOf } from './calendar';
import { forecastMean, forecastQuantiles, samplePaths } from './forecast';
import { fitDemandModel, prepareSeries, type FitOptions } from './model';
import type { DemandStats } from './stats';
import { fail, ok, type Result } from '../common/result';
import type { FittedDemandModel } from './types';

export const SEASONAL_LAG = 7;

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): the forecast's mean absolute error over the
 * scored days, divided by the in-sample mean absolute error of the seasonal naive forecast
 * y[t] ≈ y[t − 7] over the training days t ≥ 7. Days where the mask is 0 are skipped on both sides.
 * Returns NaN when the training data has no seasonal variation to scale by.
 */
export function mase(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  training: ArrayLike<number>,
  scoredMask?: ArrayLike<number>,
  trainingMask?: ArrayLike<number>,
): number {
  let errorSum = 0;
  let errorCount = 0;
  for (let t = 0; t < actual.length; t++) {
    if (scoredMask && !scoredMask[t]) continue;
    errorSum += Math.abs(actual[t] - forecast[t]);
    errorCount++;
  }
  let naiveSum = 0;
  let naiveCount = 0;
  for (let t = SEASONAL_LAG; t < training.length; t++) {
    if (trainingMask && !trainingMask[t]) continue;
    naiveSum += Math.abs(training[t] - training[t - SEASONAL_LAG]);
    naiveCount++;
  }
  if (errorCount === 0 || naiveCount === 0 || naiveSum === 0) return Number.NaN;
  return errorSum / errorCount / (naiveSum / naiveCount);
}

export interface Accuracy {
  holdoutDays: number;
  /** Open hold-out days scored (closed days are not forecast errors). */
  scoredDays: number;
  mase: number;
  /** Mean absolute error of the model and of the seasonal naive forecast over the hold-out. */
  mae: number;
  naiveMae: number;
  /** (forecast total − actual total) / actual total over the scored days (NaN if no demand). */
  bias: number;
  coverage80: number;
  coverage95: number;
}

export interface EvaluateOptions extends FitOptions {
  /** Hold-out length in weeks (default 8). */
  holdoutWeeks?: number;
  /** Sample paths for the intervals (default 500: quantile error well below the 56-day binomial noise of a coverage). */
  paths?: number;
  /** Seed of the interval sample paths (default 1). */
  seed?: number;
}

export interface Evaluation {
  model: FittedDemandModel;
  stats: DemandStats;
  /** null when the history is too short to hold out k weeks and still fit (reason given). */
  accuracy: Accuracy | null;
  accuracyNote?: string;
}

/** Minimum open training days left after the hold-out for the accuracy to mean something. */
const MIN_TRAINING_DAYS = 56;

export function fitAndEvaluate(series: Float64Array, options: EvaluateOptions): Result<Evaluation> {
  const holdoutWeeks = options.holdoutWeeks ?? 8;
  const paths = options.paths ?? 500;
  if (!Number.isInteger(holdoutWeeks) || holdoutWeeks < 1) {
    return fail('invalid-input', `holdoutWeeks must be a positive integer, got ${holdoutWeeks}`);
  }
  if (!Number.isInteger(paths) || paths < 20) {
    return fail('invalid-input', `paths must be an integer ≥ 20, got ${paths}`);
  }
  const full = fitDemandModel(series, options);
  if (!full.ok) return full;
  const { model, stats } = full.value;

  const holdoutDays = holdoutWeeks * 7;
  const trainingLength = series.length - holdoutDays;
  const prepared = prepareSeries(series, options);
  if (!prepared.ok) return prepared;
  const trimmed = series.length - prepared.value.values.length;
  if (trainingLength - trimmed < MIN_TRAINING_DAYS + SEASONAL_LAG) {
    return ok({ model, stats, accuracy: null, accuracyNote: `fewer than ${MIN_TRAINING_DAYS} days of sales history before the ${holdoutWeeks}-week hold-out` });
  }
  const training = series.subarray(0, trainingLength);
  const trainingFit = fitDemandModel(training, { ...options, promotions: options.promotions?.subarray(0, trainingLength) });
  if (!trainingFit.ok) return trainingFit;

  const open = prepared.value.open;
  const holdoutOpen = open.subarray(open.length - holdoutDays);
  const trainingOpen = open.subarray(0, open.length - holdoutDays);
  const actual = series.subarray(trainingLength);
  const futurePromotions = options.promotions?.subarray(trainingLength);
  const startDate = isoDateOf(prepared.value.firstDay - trimmed + trainingLength);
  const mean = forecastMean(trainingFit.value.model, holdoutDays, startDate, futurePromotions);
  const samples = samplePaths(trainingFit.value.model, holdoutDays, paths, new Rng(options.seed ?? 1), startDate, futurePromotions);
  const [low95, low80, high80, high95] = forecastQuantiles(samples, paths, holdoutDays, [0.025, 0.1, 0.9, 0.975]);

  const trainingValues = training.subarray(trimmed);
  let scoredDays = 0;
  let absError = 0;
  let naiveAbsError = 0;
  let forecastTotal = 0;
  let actualTotal = 0;
  let inside80 = 0;
  let inside95 = 0;
  for (let t = 0; t < holdoutDays; t++) {
    if (!holdoutOpen[t]) continue;
    const y = actual[t];
    scoredDays++;
    absError += Math.abs(y - mean[t]);
    // Seasonal naive forecast from the training end: the last training week repeated.
    const naive = trainingValues[trainingValues.length - SEASONAL_LAG + (t % SEASONAL_LAG)];
    naiveAbsError += Math.abs(y - naive);
    forecastTotal += mean[t];
    actualTotal += y;
    if (y >= low80[t] && y <= high80[t]) inside80++;
    if (y >= low95[t] && y <= high95[t]) inside95++;
  }
  const accuracy: Accuracy = {
    holdoutDays,
    scoredDays,
    mase: mase(actual, mean, trainingValues, holdoutOpen, trainingOpen),
    mae: scoredDays > 0 ? absError / scoredDays : Number.NaN,
    naiveMae: scoredDays > 0 ? naiveAbsError / scoredDays : Number.NaN,
    bias: actualTotal > 0 ? (forecastTotal - actualTotal) / actualTotal : Number.NaN,
    coverage80: scoredDays > 0 ? inside80 / scoredDays : Number.NaN,
    coverage95: scoredDays > 0 ? inside95 / scoredDays : Number.NaN,
  };
  return ok({ model, stats, accuracy });
}
