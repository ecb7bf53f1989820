import { describe, expect, it } from 'vitest';
import { arrivalDay, evaluateOutcome, outcomeWindow, type OutcomeInput } from '../../../app/outcomes/evaluate';

/** Plan on 2024-03-01, lead time 2 days, review 3 days: the window is 1–5 March; the order arrives on day 2. */
const input = (overrides: Partial<OutcomeInput>): OutcomeInput => ({
  planDate: '2024-03-01',
  leadTimeDays: 2,
  reviewPeriodDays: 3,
  onHand: 10,
  openOrderArrivals: [],
  orderQty: 20,
  forecastDemand: 20,
  meanDailyForecast: 4,
  dailySales: [4, 4, 4, 4, 4],
  ...overrides,
});

describe('the window a recommendation was meant to cover', () => {
  it('is lead time + review period days from the plan date', () => {
    expect(outcomeWindow('2024-03-01', 2, 3)).toEqual({ from: '2024-03-01', to: '2024-03-05', days: 5 });
    expect(outcomeWindow('2024-02-28', 0, 2)).toEqual({ from: '2024-02-28', to: '2024-02-29', days: 2 });
  });

  it('puts open orders on their expected day, overdue ones on the plan date, undated ones after the lead time', () => {
    expect(arrivalDay('2024-03-01', '2024-03-04', 7)).toBe(3);
    expect(arrivalDay('2024-03-01', '2024-02-20', 7)).toBe(0);
    expect(arrivalDay('2024-03-01', null, 7)).toBe(7);
  });
});

describe('evaluateOutcome (day-by-day replay with actual sales)', () => {
  it('is pending while the sales cover only part of the window', () => {
    const outcome = evaluateOutcome(input({ dailySales: [4, 4, 4] }));
    expect(outcome).toMatchObject({ verdict: 'pending', coveredDays: 3, windowDays: 5, windowTo: '2024-03-05', actualDemand: null, stockoutDays: null });
    expect(outcome.explanation).toMatch(/3 of the 5 days/);
  });

  it('demand as forecast and no stockout: ok', () => {
    // 10 → 6 → 2 → (+20) 18 → 14 → 10; expected 10 + 20 − 20 = 10.
    const outcome = evaluateOutcome(input({}));
    expect(outcome).toMatchObject({
      verdict: 'ok', coveredDays: 5, actualDemand: 20, forecastError: 0, absoluteForecastError: 0, forecastErrorPct: 0,
      stockoutDays: 0, firstStockoutDate: null, lostUnits: 0, endingStock: 10, expectedEndingStock: 10,
    });
  });

  it('a day the stock cannot cover is a stockout, whatever else happened', () => {
    // 10 → 4; day 1 wants 6, has 4: 2 lost; day 2 the 20 arrive: 20 → 17 → 14 → 11.
    const outcome = evaluateOutcome(input({ dailySales: [6, 6, 3, 3, 3] }));
    expect(outcome).toMatchObject({ verdict: 'stockout', actualDemand: 21, forecastError: -1, stockoutDays: 1, firstStockoutDate: '2024-03-02', lostUnits: 2, endingStock: 11, expectedEndingStock: 10 });
    expect(outcome.forecastErrorPct).toBeCloseTo((-1 / 21) * 100, 10);
    expect(outcome.explanation).toMatch(/Ran out on 1 of 5 days \(first on 2024-03-02\), 2 units/);
  });

  it('ending stock above the expectation by more than a review period of forecast demand: overstock', () => {
    // Sold 5: ends with 10 + 20 − 5 = 25. Margin max(tolerance 2·√20 = 8.94, 4/day × 3 days = 12) = 12; 25 > 10 + 12.
    const outcome = evaluateOutcome(input({ dailySales: [1, 1, 1, 1, 1] }));
    expect(outcome).toMatchObject({ verdict: 'overstock', actualDemand: 5, forecastError: 15, forecastErrorPct: 300, endingStock: 25, expectedEndingStock: 10 });
  });

  it('demand below forecast beyond the noise but the leftover within the margin: forecast-high', () => {
    // Sold 10: error 10 > tolerance 8.94; ends with 20 ≤ 10 + 12.
    const outcome = evaluateOutcome(input({ dailySales: [2, 2, 2, 2, 2] }));
    expect(outcome).toMatchObject({ verdict: 'forecast-high', actualDemand: 10, forecastError: 10, endingStock: 20 });
  });

  it('demand above forecast beyond the noise with enough stock: forecast-low', () => {
    // 40 on hand, nothing ordered, sold 30: ends with 10; expected 40 − 20 = 20; error −10 beyond 8.94.
    const outcome = evaluateOutcome(input({ onHand: 40, orderQty: 0, dailySales: [6, 6, 6, 6, 6] }));
    expect(outcome).toMatchObject({ verdict: 'forecast-low', actualDemand: 30, forecastError: -10, stockoutDays: 0, endingStock: 10, expectedEndingStock: 20 });
  });

  it('counts open orders as they fall due and ignores those due after the window', () => {
    // Day 0: 5 overdue arrive → 5 − 3 = 2; day 1: +5 → 4; day 2: 1; day 3: 2 lost; day 4: 3 lost. The 100 due on day 9 never come.
    const outcome = evaluateOutcome(
      input({
        onHand: 0,
        orderQty: 0,
        forecastDemand: 10,
        meanDailyForecast: 2,
        openOrderArrivals: [{ day: 0, quantity: 5 }, { day: 1, quantity: 5 }, { day: 9, quantity: 100 }],
        dailySales: [3, 3, 3, 3, 3],
      }),
    );
    expect(outcome).toMatchObject({ verdict: 'stockout', actualDemand: 15, stockoutDays: 2, firstStockoutDate: '2024-03-04', lostUnits: 5, endingStock: 0, expectedEndingStock: 0 });
  });

  it('an order with no lead time serves the plan date itself', () => {
    // 5 arrive at once: 5 → 2; day 1 wants 3, has 2.
    const outcome = evaluateOutcome(input({ leadTimeDays: 0, reviewPeriodDays: 2, onHand: 0, orderQty: 5, forecastDemand: 6, meanDailyForecast: 3, dailySales: [3, 3, 99] }));
    expect(outcome).toMatchObject({ windowDays: 2, coveredDays: 2, actualDemand: 6, stockoutDays: 1, lostUnits: 1, endingStock: 0 });
  });
});
