/**
 * Multiplicative day-of-week and week-of-year factors, estimated as ratios of demand to a local
 * centred mean (a 29-day window for weekdays, a 365-day window for the year) so a trend or a
 * yearly swing does not leak into the weekday profile. Ratios are then shrunk towards 1 by
 * empirical Bayes (James–Stein): each ratio keeps the share τ² / (τ² + se²) of its distance from 1,
 * where se² is its own sampling variance and τ² the spread of the true factors estimated from all
 * of them. A smooth item keeps its profile; a sparse, lumpy item's noisy ratios fall back to 1.
 */
import { weekOfYearOf, weekdayOf } from './calendar';
import type { SeasonalProfile } from './types';

/** Two full years are needed before a week-of-year factor is seen at least twice. */
export const YEARLY_SEASONALITY_MIN_DAYS = 730;
const MIN_FACTOR = 0.02;
const YEARLY_KERNEL = [1 / 9, 2 / 9, 3 / 9, 2 / 9, 1 / 9];

/** Mean of `values` over open days in a window of 2·halfWidth + 1 days around each day (prefix sums, O(n)). */
function centredOpenMean(values: ArrayLike<number>, open: Uint8Array, halfWidth: number): Float64Array {
  const n = open.length;
  const sum = new Float64Array(n + 1);
  const count = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    sum[t + 1] = sum[t] + (open[t] ? values[t] : 0);
    count[t + 1] = count[t] + open[t];
  }
  const local = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    // Near either end the window slides inward rather than shrinking: a half-sided window over a
    // seasonal swing would be biased towards the season at the edge.
    const width = Math.min(n, 2 * halfWidth + 1);
    const from = Math.min(Math.max(0, t - halfWidth), n - width);
    const to = from + width;
    const c = count[to] - count[from];
    local[t] = c > 0 ? (sum[to] - sum[from]) / c : 0;
  }
  return local;
}

/** Rescale factors so their average over the open days of the history is 1. */
function normalise(factors: number[], keyOf: (t: number) => number, open: Uint8Array): void {
  let sum = 0;
  let count = 0;
  for (let t = 0; t < open.length; t++) {
    if (!open[t]) continue;
    sum += factors[keyOf(t)];
    count++;
  }
  if (count === 0 || sum <= 0) return;
  const scale = count / sum;
  for (let i = 0; i < factors.length; i++) factors[i] *= scale;
}

/**
 * Ratio Σy / Σlocal per group, optionally smoothed over neighbouring groups with a circular kernel
 * (weights summing to 1, centred), then shrunk towards 1 by empirical Bayes. Smoothing first lowers
 * each ratio's sampling variance by Σw², so a smooth yearly curve is shrunk much less.
 * A group without open days gets 1.
 */
function shrunkRatios(
  values: ArrayLike<number>,
  open: Uint8Array,
  local: Float64Array,
  groups: number,
  groupOf: (t: number) => number,
  kernel: readonly number[] = [1],
): number[] {
  const numerator = new Float64Array(groups);
  const denominator = new Float64Array(groups);
  for (let t = 0; t < open.length; t++) {
    if (!open[t]) continue;
    const g = groupOf(t);
    numerator[g] += values[t];
    denominator[g] += local[t];
  }
  const ratio = new Float64Array(groups);
  const samplingVariance = new Float64Array(groups);
  for (let g = 0; g < groups; g++) ratio[g] = denominator[g] > 0 ? numerator[g] / denominator[g] : 1;
  for (let t = 0; t < open.length; t++) {
    if (!open[t]) continue;
    const g = groupOf(t);
    const residual = values[t] - ratio[g] * local[t];
    samplingVariance[g] += residual * residual;
  }
  // A group with no sales at all has zero residual variance; the Poisson variance its demand would
  // have at ratio 1 (Σlocal) keeps such a group from being taken at face value.
  for (let g = 0; g < groups; g++) {
    if (denominator[g] > 0) samplingVariance[g] = Math.max(samplingVariance[g], denominator[g]) / (denominator[g] * denominator[g]);
  }
  if (kernel.length > 1) {
    const half = (kernel.length - 1) / 2;
    const smoothed = new Float64Array(groups);
    const smoothedVariance = new Float64Array(groups);
    for (let g = 0; g < groups; g++) {
      for (let j = 0; j < kernel.length; j++) {
        const h = (g + j - half + groups) % groups;
        smoothed[g] += kernel[j] * ratio[h];
        smoothedVariance[g] += kernel[j] * kernel[j] * samplingVariance[h];
      }
    }
    ratio.set(smoothed);
    samplingVariance.set(smoothedVariance);
  }
  let used = 0;
  let spread = 0;
  let meanSamplingVariance = 0;
  for (let g = 0; g < groups; g++) {
    if (denominator[g] <= 0) continue;
    spread += (ratio[g] - 1) * (ratio[g] - 1);
    meanSamplingVariance += samplingVariance[g];
    used++;
  }
  if (used === 0) return new Array<number>(groups).fill(1);
  const trueSpread = Math.max(0, spread / used - meanSamplingVariance / used);
  return Array.from(ratio, (r, g) => {
    if (denominator[g] <= 0) return 1;
    const keep = trueSpread + samplingVariance[g] > 0 ? trueSpread / (trueSpread + samplingVariance[g]) : 0;
    // Models divide by these factors: never exactly 0 on a day the store is open.
    return Math.max(MIN_FACTOR, 1 + keep * (r - 1));
  });
}

/**
 * Seasonal factors of one series. `values[t]` is the demand of day `startDay + t`, `open[t]` 1 on
 * open days. Yearly factors only when the history spans YEARLY_SEASONALITY_MIN_DAYS or more.
 */
export function estimateSeasonality(values: ArrayLike<number>, open: Uint8Array, startDay: number): SeasonalProfile {
  const n = open.length;
  const local = centredOpenMean(values, open, 14);
  let total = 0;
  for (let t = 0; t < n; t++) if (open[t]) total += values[t];

  const dayOfWeek = shrunkRatios(values, open, local, 7, (t) => weekdayOf(startDay + t));
  normalise(dayOfWeek, (t) => weekdayOf(startDay + t), open);

  if (n < YEARLY_SEASONALITY_MIN_DAYS || total <= 0) return { dayOfWeek, weekOfYear: null };

  const deseasonalised = new Float64Array(n);
  for (let t = 0; t < n; t++) deseasonalised[t] = values[t] / dayOfWeek[weekdayOf(startDay + t)];
  const annual = centredOpenMean(deseasonalised, open, 182);
  // Neighbouring weeks share information: a triangular 5-week kernel removes week-to-week noise
  // and flattens a yearly sine by only ~1 %.
  const weekOfYear = shrunkRatios(deseasonalised, open, annual, 53, (t) => weekOfYearOf(startDay + t), YEARLY_KERNEL);
  normalise(weekOfYear, (t) => weekOfYearOf(startDay + t), open);
  return { dayOfWeek, weekOfYear };
}

/** The combined seasonal factor of a day. */
export function seasonalFactor(profile: SeasonalProfile, dayNumber: number): number {
  const weekly = profile.dayOfWeek[weekdayOf(dayNumber)];
  return profile.weekOfYear ? weekly * profile.weekOfYear[weekOfYearOf(dayNumber)] : weekly;
}
