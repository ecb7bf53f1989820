import { describe, expect, it } from 'vitest';
import { forecastTolerance, overstockMargin, verdictFor, type VerdictFigures } from '../../../app/outcomes/rules';

const figures = (overrides: Partial<VerdictFigures>): VerdictFigures => ({
  forecastDemand: 100, meanDailyForecast: 10, reviewPeriodDays: 2, actualDemand: 100, stockoutDays: 0, endingStock: 30, expectedEndingStock: 30, ...overrides,
});

describe('outcome rules', () => {
  it('forecast tolerance is the largest of 25 %, 2·√forecast and one unit', () => {
    expect(forecastTolerance(0)).toBe(1);
    expect(forecastTolerance(4)).toBe(4); // 2·√4 = 4 beats 25 % = 1
    expect(forecastTolerance(100)).toBe(25); // 25 % = 25 beats 2·√100 = 20
  });

  it('overstock margin is a review period of forecast demand, never below the tolerance', () => {
    expect(overstockMargin(20, 4, 3)).toBe(12);
    expect(overstockMargin(100, 10, 2)).toBe(25);
  });

  it('applies the verdicts in order: stockout, overstock, forecast-high, forecast-low, ok', () => {
    expect(verdictFor(figures({ stockoutDays: 1, endingStock: 500 }))).toBe('stockout');
    expect(verdictFor(figures({ actualDemand: 60, endingStock: 70 }))).toBe('overstock'); // 70 > 30 + 25
    expect(verdictFor(figures({ actualDemand: 70, endingStock: 55 }))).toBe('forecast-high'); // 30 > 25, 55 ≤ 55
    expect(verdictFor(figures({ actualDemand: 126, endingStock: 4 }))).toBe('forecast-low');
    expect(verdictFor(figures({ actualDemand: 125, endingStock: 5 }))).toBe('ok'); // exactly at the tolerance
  });
});
