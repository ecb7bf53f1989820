import { describe, expect, it } from 'vitest';
import { plansToEvaluate } from '../../../app/outcomes/refresh';
import { summarizeOutcomes, type SummaryInput } from '../../../app/outcomes/summary';

describe('summary of outcomes', () => {
  it('counts verdicts and computes error and stockout rates over the evaluated ones only', () => {
    const outcomes: SummaryInput[] = [
      { verdict: 'stockout', windowDays: 5, actualDemand: 21, forecastError: -1, stockoutDays: 1, lostUnits: 2 },
      { verdict: 'ok', windowDays: 5, actualDemand: 20, forecastError: 0, stockoutDays: 0, lostUnits: 0 },
      { verdict: 'overstock', windowDays: 5, actualDemand: 5, forecastError: 15, stockoutDays: 0, lostUnits: 0 },
      { verdict: 'pending', windowDays: 5, actualDemand: null, forecastError: null, stockoutDays: null, lostUnits: null },
    ];
    const summary = summarizeOutcomes(outcomes);
    expect(summary).toMatchObject({ total: 4, evaluated: 3, pending: 1, stockoutRate: 1 / 3, stockoutDayRate: 1 / 15, lostUnits: 2 });
    expect(summary.byVerdict).toEqual({ pending: 1, ok: 1, stockout: 1, overstock: 1, 'forecast-high': 0, 'forecast-low': 0 });
    expect(summary.meanAbsoluteForecastError).toBeCloseTo(16 / 3, 12);
    expect(summary.weightedAbsolutePercentError).toBeCloseTo((16 / 46) * 100, 12);
  });

  it('has no rates when nothing is evaluated', () => {
    const summary = summarizeOutcomes([{ verdict: 'pending', windowDays: 5, actualDemand: null, forecastError: null, stockoutDays: null, lostUnits: null }]);
    expect(summary).toMatchObject({ evaluated: 0, meanAbsoluteForecastError: null, weightedAbsolutePercentError: null, stockoutRate: null, stockoutDayRate: null });
  });
});

describe('which plans are judged', () => {
  it('one per plan date: the newest ordered plan, else the newest plan', () => {
    const chosen = plansToEvaluate([
      { id: 1, planDate: '2024-03-01', createdAt: 'a', status: 'superseded' },
      { id: 2, planDate: '2024-03-01', createdAt: 'b', status: 'draft' },
      { id: 3, planDate: '2024-03-08', createdAt: 'c', status: 'ordered' },
      { id: 4, planDate: '2024-03-08', createdAt: 'd', status: 'draft' },
    ]);
    expect(chosen.map((plan) => plan.id)).toEqual([2, 3]);
  });
});
