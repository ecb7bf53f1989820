/**
 * The one place where "how did a recommendation turn out?" is decided. Everything else computes
 * figures; these functions turn the figures into a verdict.
 *
 * The window of a recommendation is the period its quantity was meant to cover: from the plan date,
 * lead time + review period days (the order arrives after the lead time and must last until the
 * next order, placed one review period later, arrives).
 *
 * Verdicts, first match wins (what cost money comes before what only explains it):
 *   1. `stockout`      — on at least one day of the window the simulated on-hand could not cover
 *                        that day's actual sales.
 *   2. `overstock`     — the stock left at the end of the window exceeds what the plan expected to
 *                        have left (on hand + arrivals in the window + the order − the forecast) by
 *                        more than the overstock margin: one review period of forecast demand (the
 *                        leftover would have covered a whole further order cycle), and never less
 *                        than the forecast tolerance below.
 *   3. `forecast-high` — actual demand fell short of the forecast by more than the tolerance.
 *   4. `forecast-low`  — actual demand exceeded the forecast by more than the tolerance.
 *   5. `ok`            — none of the above.
 * A window the sales history does not cover yet (wholly or partly) is `pending`.
 *
 * Forecast tolerance: max(25 % of the forecast, 2·√forecast, 1 unit). 2·√forecast is about two
 * standard deviations of Poisson demand with that mean — the noise even a perfect forecast shows —
 * and 25 % keeps large, smooth items from being flagged for small relative misses.
 */
export const OUTCOME_VERDICTS = ['pending', 'ok', 'stockout', 'overstock', 'forecast-high', 'forecast-low'] as const;
export type OutcomeVerdict = (typeof OUTCOME_VERDICTS)[number];

export const outcomeRules = {
  /** Share of the forecast within which a miss counts as noise. */
  forecastToleranceShare: 0.25,
  /** Multiples of √forecast (the Poisson standard deviation) within which a miss counts as noise. */
  forecastToleranceSigmas: 2,
  /** The smallest tolerance, in units: a miss of less than one unit is never a forecast error. */
  minimumToleranceUnits: 1,
  /** Review periods of forecast demand the ending stock may exceed the plan's expectation by. */
  overstockReviewPeriods: 1,
} as const;

/** How far actual demand may differ from the forecast before the forecast is called wrong. */
export function forecastTolerance(forecastDemand: number): number {
  const forecast = Math.max(0, forecastDemand);
  return Math.max(
    outcomeRules.forecastToleranceShare * forecast,
    outcomeRules.forecastToleranceSigmas * Math.sqrt(forecast),
    outcomeRules.minimumToleranceUnits,
  );
}

/** How far the ending stock may exceed the plan's expectation before it is overstock. */
export function overstockMargin(forecastDemand: number, meanDailyForecast: number, reviewPeriodDays: number): number {
  return Math.max(forecastTolerance(forecastDemand), outcomeRules.overstockReviewPeriods * Math.max(0, meanDailyForecast) * reviewPeriodDays);
}

export interface VerdictFigures {
  forecastDemand: number;
  meanDailyForecast: number;
  reviewPeriodDays: number;
  actualDemand: number;
  stockoutDays: number;
  endingStock: number;
  expectedEndingStock: number;
}

/** The verdict of a recommendation whose whole window is covered by the sales history. */
export function verdictFor(figures: VerdictFigures): Exclude<OutcomeVerdict, 'pending'> {
  if (figures.stockoutDays > 0) return 'stockout';
  const margin = overstockMargin(figures.forecastDemand, figures.meanDailyForecast, figures.reviewPeriodDays);
  if (figures.endingStock > figures.expectedEndingStock + margin + 1e-9) return 'overstock';
  const tolerance = forecastTolerance(figures.forecastDemand);
  const error = figures.forecastDemand - figures.actualDemand;
  if (error > tolerance + 1e-9) return 'forecast-high';
  if (-error > tolerance + 1e-9) return 'forecast-low';
  return 'ok';
}
