/**
 * Fitting a demand model to one item's daily history.
 *
 * Model choice: the ADI / CV² class decides which families are fitted — smooth and erratic items
 * only the smooth (exponential smoothing, NB) model; intermittent and lumpy items both it and TSB —
 * and among the fitted ones the lowest AIC wins. Both families are likelihoods of the same open-day
 * observations (one-step-ahead predictive NB, resp. Bernoulli × shifted NB), so their AICs compare.
 */
import { closedMaskFor, dayNumberOf, isoDateOf, type StoreCalendar } from './calendar';
import { fitIntermittent } from './intermittent';
import { estimateSeasonality, seasonalFactor } from './seasonality';
import { fitSmooth } from './smooth';
import { demandStats, type DemandStats } from './stats';
import { fail, ok, type Result } from '../common/result';
import type { ClosedRule, FittedDemandModel } from './types';

export interface FitOptions {
  /** ISO date of series[0]. */
  startDate: string;
  /** The store calendar from detectClosedDays over all items; without it every day counts as open. */
  calendar?: StoreCalendar;
  /** 1 on days with a promotion, aligned with the series. */
  promotions?: Uint8Array;
}

export interface PreparedSeries {
  /** Day number of the first day kept (the first sale; earlier days predate the item). */
  firstDay: number;
  /** Values from firstDay on, and their open mask. */
  values: Float64Array;
  open: Uint8Array;
  promotions: Uint8Array | null;
  rule: ClosedRule;
}

/** Validate and trim a series; the shared first step of fitting and evaluating. */
export function prepareSeries(series: Float64Array, options: FitOptions): Result<PreparedSeries> {
  const start = dayNumberOf(options.startDate);
  if (start === null) return fail('invalid-input', `startDate '${options.startDate}' is not a YYYY-MM-DD date`);
  if (series.length === 0) return fail('invalid-input', 'the demand series is empty');
  for (let t = 0; t < series.length; t++) {
    if (!(series[t] >= 0) || !Number.isFinite(series[t])) {
      return fail('invalid-input', `day ${t} (${isoDateOf(start + t)}) has demand ${series[t]}; expected a finite number ≥ 0`);
    }
  }
  if (options.promotions && options.promotions.length !== series.length) {
    return fail('invalid-input', `promotions has ${options.promotions.length} days, the series ${series.length}`);
  }
  let first = 0;
  while (first < series.length - 1 && series[first] === 0) first++;
  const closed = options.calendar ? closedMaskFor(options.calendar, start + first, series.length - first) : new Uint8Array(series.length - first);
  const open = new Uint8Array(closed.length);
  for (let t = 0; t < open.length; t++) open[t] = closed[t] ? 0 : 1;
  return ok({
    firstDay: start + first,
    values: series.subarray(first),
    open,
    promotions: options.promotions ? options.promotions.subarray(first) : null,
    rule: options.calendar?.rule ?? { closedWeekdays: [], closedAnnualDates: [] },
  });
}

/**
 * Promotion uplift as the ratio of deseasonalised mean demand on promotion days to that on other
 * open days. Simple and stable; it ignores a trend that coincides with the promotions.
 */
function estimateUplift(observed: Float64Array, season: Float64Array, promoted: Uint8Array, count: number): number {
  let promoDemand = 0;
  let promoSeason = 0;
  let plainDemand = 0;
  let plainSeason = 0;
  for (let i = 0; i < count; i++) {
    if (promoted[i]) {
      promoDemand += observed[i];
      promoSeason += season[i];
    } else {
      plainDemand += observed[i];
      plainSeason += season[i];
    }
  }
  if (promoSeason === 0 || plainSeason === 0 || plainDemand === 0) return 1;
  return Math.max(1e-3, promoDemand / promoSeason / (plainDemand / plainSeason));
}

export interface FitResult {
  model: FittedDemandModel;
  stats: DemandStats;
}

export function fitDemandModel(series: Float64Array, options: FitOptions): Result<FitResult> {
  const prepared = prepareSeries(series, options);
  if (!prepared.ok) return prepared;
  const { firstDay, values, open, promotions, rule } = prepared.value;
  const stats = demandStats(values, open);
  const seasonal = estimateSeasonality(values, open, firstDay);

  const count = stats.openDays;
  const observed = new Float64Array(count);
  const season = new Float64Array(count);
  const promoted = new Uint8Array(count);
  let i = 0;
  for (let t = 0; t < values.length; t++) {
    if (!open[t]) continue;
    observed[i] = values[t];
    season[i] = seasonalFactor(seasonal, firstDay + t);
    promoted[i] = promotions ? promotions[t] : 0;
    i++;
  }
  const promotionUplift = promotions ? estimateUplift(observed, season, promoted, count) : 1;
  const uplift = new Float64Array(count);
  const combined = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    uplift[j] = promoted[j] ? promotionUplift : 1;
    combined[j] = season[j] * uplift[j];
  }

  const seasonalParameters = 6 + (seasonal.weekOfYear ? 52 : 0) + (promotions ? 1 : 0);
  const candidates: { kind: 'smooth' | 'intermittent'; aic: number }[] = [];
  const smooth = fitSmooth(observed, combined, count);
  candidates.push({ kind: 'smooth', aic: 2 * (smooth.parameterCount + seasonalParameters) - 2 * smooth.logLikelihood });
  let core: FittedDemandModel['core'] = smooth.model;
  if (stats.demandClass === 'intermittent' || stats.demandClass === 'lumpy') {
    const intermittent = fitIntermittent(observed, season, uplift, count);
    const aic = 2 * (intermittent.parameterCount + seasonalParameters) - 2 * intermittent.logLikelihood;
    candidates.push({ kind: 'intermittent', aic });
    if (aic < candidates[0].aic) core = intermittent.model;
  }
  return ok({
    model: {
      version: 1,
      nextDate: isoDateOf(firstDay + values.length),
      seasonal,
      closedRule: rule,
      promotionUplift,
      core,
      selection: { criterion: 'aic', candidates },
      fittedOpenDays: count,
    },
    stats,
  });
}
