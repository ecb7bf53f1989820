/**
 * Shapes shared by the demand models. Every model is a plain JSON-serialisable object (numbers,
 * arrays, strings; no typed arrays, no Infinity) so the store can keep it as a JSON column and a
 * worker thread can receive it by structured clone.
 */

/** When the store is closed in the future, learned from the history of every item. */
export interface ClosedRule {
  /** Weekdays (0 = Sunday … 6 = Saturday) closed in most weeks of the history. */
  closedWeekdays: number[];
  /** 'MM-DD' dates closed in every observed year (only when ≥ 2 years were observed). */
  closedAnnualDates: string[];
}

/** Multiplicative seasonal factors shared by both model kinds. */
export interface SeasonalProfile {
  /** Factor per weekday (0 = Sunday), mean 1 over open days; closed weekdays keep 1 (unused). */
  dayOfWeek: number[];
  /** 53 week-of-year factors (week = floor(dayOfYear / 7)), or null below two years of history. */
  weekOfYear: number[] | null;
}

/**
 * Level + damped trend exponential smoothing on the deseasonalised series, negative-binomial
 * observations: y_t ~ NB(mean = (level + damping·trend) · season_t · uplift^promo_t, dispersion).
 * Time runs over open days only (closed days are neither observations nor steps).
 */
export interface SmoothModel {
  kind: 'smooth';
  alpha: number;
  beta: number;
  damping: number;
  /** State after the last history day. */
  level: number;
  trend: number;
  /** NB dispersion k (variance = mean + mean²/k); 1e6 stands for Poisson. */
  dispersion: number;
}

/**
 * Teunter–Syntetos–Babai: demand occurs on an open day with probability min(1, w_weekday·p) and
 * then has size 1 + NB(size − 1, sizeDispersion). p is smoothed every open day, size only on
 * demand days, so an item that stops selling sees its probability decay.
 */
export interface IntermittentModel {
  kind: 'intermittent';
  alphaProbability: number;
  alphaSize: number;
  probability: number;
  size: number;
  sizeDispersion: number;
}

export interface FittedDemandModel {
  version: 1;
  /** The day after the last history day: the default start of sample paths. */
  nextDate: string;
  seasonal: SeasonalProfile;
  closedRule: ClosedRule;
  /** Multiplier on expected demand on promotion days (1 when no promotions were flagged). */
  promotionUplift: number;
  core: SmoothModel | IntermittentModel;
  /** How the core was chosen: AIC of each candidate fitted (lower is better). */
  selection: { criterion: 'aic'; candidates: { kind: 'smooth' | 'intermittent'; aic: number }[] };
  /** Open days the model was fitted on (leading days before the first sale are dropped). */
  fittedOpenDays: number;
}

/** The NB dispersion used to stand for "no over-dispersion" (JSON has no Infinity). */
export const POISSON_DISPERSION = 1e6;
