/**
 * What the policy knows about an item: its *context*. One PPO policy serves the whole catalogue by
 * conditioning on these numbers, so a new item gets a recommendation from its context alone.
 *
 * Quantities are in units; the environment turns them into units of mean demand for the network
 * (scale-free: an item selling 5/day and one selling 500/day with the same ratios look alike).
 */
import { Rng } from '../random/rng';

export interface LaneContext {
  /** Periods between placing an order and using it (reference convention: arrives at step 1 of t + L). */
  leadTimePeriods: number;
  /** Orders may be placed every `reviewPeriods` periods (1 = every period). */
  reviewPeriods: number;
  /** Cost per unit on hand at the end of a period (h). */
  holdingCost: number;
  /** Cost per unit lost, or per unit backlogged per period (p). */
  stockoutCost: number;
  /** Fixed cost per order placed (K). */
  orderingCost: number;
  /** true: unmet demand is lost; false: backlogged. */
  lostSales: boolean;
  /** Mean demand per period (before the seasonal index). */
  demandMean: number;
  /**
   * Negative-binomial dispersion k (variance = mean + mean²/k); `Infinity` = Poisson. Stored as a
   * number so contexts stay plain JSON-able objects (Infinity is written as null by JSON.stringify:
   * callers serialising contexts should treat null as Poisson).
   */
  demandDispersion: number;
  /** Multiplicative seasonal index per period of the cycle (mean 1), empty for none. */
  seasonalIndex: number[];
  /** Minimum order quantity in units (0 = none). */
  minimumOrderQuantity: number;
  /** Orders are whole multiples of this many units (1 = any whole number). */
  orderMultiple: number;
}

/** The reference benchmark instance of ../shared/reference/README.md: Poisson(5) demand, h = 1. */
export function referenceContext(leadTimePeriods: number, stockoutCost: number, lostSales = true): LaneContext {
  return {
    leadTimePeriods,
    reviewPeriods: 1,
    holdingCost: 1,
    stockoutCost,
    orderingCost: 0,
    lostSales,
    demandMean: 5,
    demandDispersion: Number.POSITIVE_INFINITY,
    seasonalIndex: [],
    minimumOrderQuantity: 0,
    orderMultiple: 1,
  };
}

/** Ranges of the randomised contexts the general policy trains on. */
export interface ContextRanges {
  maxLeadTimePeriods: number;
  /** Stockout/holding ratio p/h, drawn log-uniformly between these. */
  costRatio: [number, number];
  /** Mean demand per period, log-uniform. */
  demandMean: [number, number];
  /** Probability that a lane is Poisson (otherwise negative binomial with dispersion log-uniform in `dispersion`). */
  poissonShare: number;
  dispersion: [number, number];
  /** Probability of a weekly seasonal profile, and its largest amplitude. */
  seasonalShare: number;
  seasonalAmplitude: number;
  /** Probability of an MOQ / order multiple, and their largest size in units of mean demand. */
  moqShare: number;
  multipleShare: number;
  maxLotInMeanDemand: number;
  /** Probability of a fixed ordering cost, and its largest size in units of h × mean demand. */
  orderingCostShare: number;
  maxOrderingCost: number;
  /** Probability of a review period > 1 (then uniform on 2..7). */
  periodicReviewShare: number;
  /** Probability that unmet demand is backlogged instead of lost. */
  backorderShare: number;
}

/**
 * Defaults: centred on the reference grid (lead times 1–4, p/h 4–39, Poisson) so the general policy is
 * strong where it is measured, with enough spread (dispersion, seasonality, lots, fixed costs) that a real
 * catalogue's items are not out of distribution.
 */
export const defaultContextRanges: ContextRanges = {
  maxLeadTimePeriods: 8,
  costRatio: [2, 50],
  demandMean: [0.5, 50],
  poissonShare: 0.5,
  dispersion: [1, 20],
  seasonalShare: 0.2,
  seasonalAmplitude: 0.4,
  moqShare: 0.15,
  multipleShare: 0.15,
  maxLotInMeanDemand: 3,
  orderingCostShare: 0.15,
  maxOrderingCost: 10,
  periodicReviewShare: 0.1,
  backorderShare: 0.2,
};

function logUniform(rng: Rng, [low, high]: [number, number]): number {
  return Math.exp(Math.log(low) + rng.uniform() * (Math.log(high) - Math.log(low)));
}

/** One random context (all draws from `rng`, so a seed fixes the whole training distribution). */
export function randomContext(rng: Rng, ranges: ContextRanges = defaultContextRanges): LaneContext {
  const demandMean = logUniform(rng, ranges.demandMean);
  const seasonal = rng.uniform() < ranges.seasonalShare;
  const amplitude = rng.uniform() * ranges.seasonalAmplitude;
  const phase = rng.integer(7);
  const lot = (share: number): number =>
    rng.uniform() < share ? Math.max(1, Math.round(rng.uniform() * ranges.maxLotInMeanDemand * demandMean)) : 0;
  const minimumOrderQuantity = lot(ranges.moqShare);
  const orderMultiple = Math.max(1, lot(ranges.multipleShare));
  const holdingCost = 1;
  return {
    leadTimePeriods: 1 + rng.integer(ranges.maxLeadTimePeriods),
    reviewPeriods: rng.uniform() < ranges.periodicReviewShare ? 2 + rng.integer(6) : 1,
    holdingCost,
    stockoutCost: holdingCost * logUniform(rng, ranges.costRatio),
    orderingCost: rng.uniform() < ranges.orderingCostShare ? rng.uniform() * ranges.maxOrderingCost * holdingCost * demandMean : 0,
    lostSales: rng.uniform() >= ranges.backorderShare,
    demandMean,
    demandDispersion: rng.uniform() < ranges.poissonShare ? Number.POSITIVE_INFINITY : logUniform(rng, ranges.dispersion),
    seasonalIndex: seasonal ? Array.from({ length: 7 }, (_, day) => 1 + amplitude * Math.sin((2 * Math.PI * (day + phase)) / 7)) : [],
    minimumOrderQuantity,
    orderMultiple,
  };
}
