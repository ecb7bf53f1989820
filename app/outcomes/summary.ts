import { OUTCOME_VERDICTS, type OutcomeVerdict } from './rules';

/** The figures of one stored outcome that the summary needs. */
export interface SummaryInput {
  verdict: OutcomeVerdict;
  windowDays: number;
  actualDemand: number | null;
  /** Forecast − actual. */
  forecastError: number | null;
  stockoutDays: number | null;
  lostUnits: number | null;
}

export interface OutcomeSummary {
  total: number;
  /** Outcomes whose window the sales history covers (everything but `pending`). */
  evaluated: number;
  pending: number;
  byVerdict: Record<OutcomeVerdict, number>;
  /** Mean of |forecast − actual| over evaluated outcomes, in units; null when none. */
  meanAbsoluteForecastError: number | null;
  /** Σ|forecast − actual| / Σ actual × 100 (weighted MAPE: big sellers weigh more); null when nothing sold. */
  weightedAbsolutePercentError: number | null;
  /** Share (0–1) of evaluated recommendations with at least one stockout day; null when none evaluated. */
  stockoutRate: number | null;
  /** Share (0–1) of the evaluated item-days that were stockout days; null when none evaluated. */
  stockoutDayRate: number | null;
  lostUnits: number;
}

/** Counts per verdict and the headline accuracy figures over a set of outcomes. Pure. */
export function summarizeOutcomes(outcomes: readonly SummaryInput[]): OutcomeSummary {
  const byVerdict = Object.fromEntries(OUTCOME_VERDICTS.map((verdict) => [verdict, 0])) as Record<OutcomeVerdict, number>;
  let evaluated = 0;
  let absoluteErrorSum = 0;
  let actualSum = 0;
  let withStockout = 0;
  let stockoutDays = 0;
  let windowDays = 0;
  let lostUnits = 0;
  for (const outcome of outcomes) {
    byVerdict[outcome.verdict]++;
    if (outcome.verdict === 'pending') continue;
    evaluated++;
    absoluteErrorSum += Math.abs(outcome.forecastError ?? 0);
    actualSum += outcome.actualDemand ?? 0;
    if ((outcome.stockoutDays ?? 0) > 0) withStockout++;
    stockoutDays += outcome.stockoutDays ?? 0;
    windowDays += outcome.windowDays;
    lostUnits += outcome.lostUnits ?? 0;
  }
  return {
    total: outcomes.length,
    evaluated,
    pending: byVerdict.pending,
    byVerdict,
    meanAbsoluteForecastError: evaluated > 0 ? absoluteErrorSum / evaluated : null,
    weightedAbsolutePercentError: actualSum > 0 ? (absoluteErrorSum / actualSum) * 100 : null,
    stockoutRate: evaluated > 0 ? withStockout / evaluated : null,
    stockoutDayRate: windowDays > 0 ? stockoutDays / windowDays : null,
    lostUnits,
  };
}
