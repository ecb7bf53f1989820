/**
 * ABC × XYZ classes, the planner's usual map of a catalogue.
 *  - ABC by yearly demand value (units × unit cost; units when no cost is known): the items making
 *    the first 80 % of value are A, the next 15 % B, the rest C.
 *  - XYZ by the variability of weekly demand (coefficient of variation): X ≤ 0.5 steady,
 *    Y ≤ 1.0 variable, Z above (erratic or intermittent).
 */
export interface ClassInput {
  itemId: number;
  /** Demand value per year (or units when costs are unknown). */
  yearlyValue: number;
  /** Units per week over the history used. */
  weeklyUnits: number[];
}

export type AbcClass = 'A' | 'B' | 'C';
export type XyzClass = 'X' | 'Y' | 'Z';

export function abcXyzClasses(inputs: ClassInput[]): Map<number, { abc: AbcClass; xyz: XyzClass; cv: number | null }> {
  const total = inputs.reduce((sum, input) => sum + Math.max(0, input.yearlyValue), 0);
  const ranked = [...inputs].sort((a, b) => b.yearlyValue - a.yearlyValue);
  const result = new Map<number, { abc: AbcClass; xyz: XyzClass; cv: number | null }>();
  let cumulative = 0;
  for (const input of ranked) {
    // An item's class is decided by the share reached before it: the item that crosses 80 % is still A.
    const shareBefore = total > 0 ? cumulative / total : 1;
    cumulative += Math.max(0, input.yearlyValue);
    const abc: AbcClass = input.yearlyValue <= 0 ? 'C' : shareBefore < 0.8 ? 'A' : shareBefore < 0.95 ? 'B' : 'C';
    const weeks = input.weeklyUnits;
    const mean = weeks.length > 0 ? weeks.reduce((sum, value) => sum + value, 0) / weeks.length : 0;
    const variance = weeks.length > 1 ? weeks.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (weeks.length - 1) : 0;
    const cv = mean > 0 ? Math.sqrt(variance) / mean : null;
    const xyz: XyzClass = cv === null ? 'Z' : cv <= 0.5 ? 'X' : cv <= 1 ? 'Y' : 'Z';
    result.set(input.itemId, { abc, xyz, cv });
  }
  return result;
}
