/**
 * What the simulator needs to know about one item: its lead time (fixed or random), review
 * period, costs, order rules and starting stock. Periods are days in the app; nothing here
 * depends on that.
 */
import type { InputProblem, Result } from '../common/result';
import { fail, ok } from '../common/result';
import type { Rng } from '../random/rng';

/** A discrete lead-time distribution: `periods[k]` occurs with probability `probabilities[k]`. */
export interface LeadTimeDistribution {
  periods: number[];
  /** Non-negative weights; they are normalised, so an empirical histogram of counts works as is. */
  probabilities: number[];
}

export interface ItemSettings {
  /** Lead time in periods when `leadTimeSpread` is absent (0 = usable the same period). */
  leadTimePeriods: number;
  /**
   * Random lead time: each order's lead time is drawn from this distribution (and
   * `leadTimePeriods` is then only informative). Orders may cross.
   */
  leadTimeSpread?: LeadTimeDistribution;
  /** Orders are placed only on review days: periods t with (t - reviewOffset) mod R = 0. */
  reviewPeriod: number;
  reviewOffset?: number;
  /** Cost per unit on hand at the end of a period. */
  holdingCost: number;
  /** Cost per unit lost (lost sales) or per unit backlogged per period (backorders). */
  stockoutCost: number;
  lostSales: boolean;
  /** Fixed cost per order placed. */
  orderingCost: number;
  /** Smallest quantity that may be ordered (0 or 1 for none). */
  minimumOrderQuantity: number;
  /** Orders are whole multiples of this (1 for whole units, 0 for no rounding at all). */
  orderMultiple: number;
  initialOnHand: number;
  /** Orders already placed: `initialPipeline[k]` arrives k + 1 periods after the start. */
  initialPipeline?: number[];
}

/** The reference benchmark's item, with the lead time and stockout cost given. */
export function referenceItem(leadTimePeriods: number, stockoutCost: number, lostSales = true): ItemSettings {
  return {
    leadTimePeriods,
    reviewPeriod: 1,
    holdingCost: 1,
    stockoutCost,
    lostSales,
    orderingCost: 0,
    minimumOrderQuantity: 0,
    orderMultiple: 0,
    initialOnHand: 0,
  };
}

/** Longest lead time the item can ever have. */
export function maxLeadTime(item: ItemSettings): number {
  return item.leadTimeSpread ? Math.max(...item.leadTimeSpread.periods) : item.leadTimePeriods;
}

/** Mean and variance of the item's lead time. */
export function leadTimeMoments(item: ItemSettings): { mean: number; variance: number } {
  const spread = item.leadTimeSpread;
  if (!spread) return { mean: item.leadTimePeriods, variance: 0 };
  const total = spread.probabilities.reduce((sum, weight) => sum + weight, 0);
  let mean = 0;
  let second = 0;
  spread.periods.forEach((periods, k) => {
    const probability = spread.probabilities[k] / total;
    mean += probability * periods;
    second += probability * periods * periods;
  });
  return { mean, variance: second - mean * mean };
}

const NON_NEGATIVE_COLUMNS = ['holdingCost', 'stockoutCost', 'orderingCost', 'minimumOrderQuantity', 'orderMultiple', 'initialOnHand'] as const;

/**
 * Check one item's settings; problems name the field (and the item, via `row`). No closures are
 * made per call: fused evaluation checks 10,000 items per run, and this is then measurable.
 */
export function validateItemSettings(item: ItemSettings, index = 0): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!Number.isInteger(item.leadTimePeriods) || item.leadTimePeriods < 0) {
    addProblem(problems, index, 'leadTimePeriods', item.leadTimePeriods, 'an integer ≥ 0');
  }
  if (item.leadTimeSpread) {
    const { periods, probabilities } = item.leadTimeSpread;
    if (periods.length === 0 || periods.length !== probabilities.length) {
      addProblem(problems, index, 'leadTimeSpread', periods.length, 'as many probabilities as lead times, at least one');
    } else {
      if (!periods.every(isWholeNonNegative)) addProblem(problems, index, 'leadTimeSpread.periods', periods, 'integers ≥ 0');
      if (!probabilities.every(isFiniteNonNegative) || !(probabilities.reduce((a, b) => a + b, 0) > 0)) {
        addProblem(problems, index, 'leadTimeSpread.probabilities', probabilities, 'finite weights ≥ 0 with a positive sum');
      }
    }
  }
  if (!Number.isInteger(item.reviewPeriod) || item.reviewPeriod < 1) addProblem(problems, index, 'reviewPeriod', item.reviewPeriod, 'an integer ≥ 1');
  const offset = item.reviewOffset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) addProblem(problems, index, 'reviewOffset', offset, 'an integer ≥ 0');
  for (const column of NON_NEGATIVE_COLUMNS) {
    const value = item[column];
    if (!isFiniteNonNegative(value)) addProblem(problems, index, column, value, 'a finite number ≥ 0');
  }
  if (item.initialPipeline && !item.initialPipeline.every(isFiniteNonNegative)) {
    addProblem(problems, index, 'initialPipeline', item.initialPipeline, 'finite quantities ≥ 0');
  }
  return problems;
}

function addProblem(problems: InputProblem[], index: number, column: string, value: unknown, expected: string): void {
  problems.push({ row: index, column, value: String(value), expected, message: `item ${index}: ${column} must be ${expected}` });
}

function isWholeNonNegative(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

function isFiniteNonNegative(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Validate a list of items; the whole list is refused if any item is wrong. */
export function validateItems(items: ItemSettings[]): Result<ItemSettings[]> {
  if (items.length === 0) return fail('invalid-input', 'no items to simulate');
  const problems = items.flatMap((item, index) => validateItemSettings(item, index));
  if (problems.length > 0) {
    return fail('invalid-input', problems[0].message, { problems: problems.slice(0, 100), problemCount: problems.length });
  }
  return ok(items);
}

/**
 * The order rules, applied as the final step after a policy's raw quantity:
 *   1. a raw quantity ≤ 0 orders nothing;
 *   2. otherwise lift it to the minimum order quantity;
 *   3. then round UP to a whole multiple of `orderMultiple` (when it is > 0).
 * (Lifting first and rounding once equals "round up, then lift to the MOQ rounded up".)
 * Rounding up rather than to nearest keeps a policy's quantity a lower bound, so MOQ and pack
 * sizes never make the simulated item order less than the policy asked for.
 */
export function applyOrderRules(rawQuantity: number, minimumOrderQuantity: number, orderMultiple: number): number {
  if (!(rawQuantity > 0)) return 0;
  const quantity = rawQuantity < minimumOrderQuantity ? minimumOrderQuantity : rawQuantity;
  // The tolerance keeps 10.000000001 units in packs of 5 at 10, not 15 (floating-point residue).
  return orderMultiple > 0 ? Math.ceil(quantity / orderMultiple - 1e-9) * orderMultiple : quantity;
}

/** Cumulative table for drawing lead times by inversion. */
export interface LeadTimeSampler {
  periods: Int32Array;
  cumulative: Float64Array;
}

export function leadTimeSampler(spread: LeadTimeDistribution): LeadTimeSampler {
  const total = spread.probabilities.reduce((sum, weight) => sum + weight, 0);
  const cumulative = new Float64Array(spread.periods.length);
  let running = 0;
  spread.probabilities.forEach((weight, k) => {
    running += weight / total;
    cumulative[k] = running;
  });
  cumulative[cumulative.length - 1] = 1;
  return { periods: Int32Array.from(spread.periods), cumulative };
}

export function drawLeadTime(sampler: LeadTimeSampler, rng: Rng): number {
  const u = rng.uniform();
  const { cumulative, periods } = sampler;
  let k = 0;
  while (u >= cumulative[k] && k < cumulative.length - 1) k++;
  return periods[k];
}
