import { describe, expect, it } from 'vitest';
import { fitAndEvaluate, mase } from '../../../app/demand/accuracy';
import { dayNumberOf } from '../../../app/demand/calendar';
import { forecastMean, samplePaths } from '../../../app/demand/forecast';
import { fitDemandModel } from '../../../app/demand/model';
import { Rng } from '../../../app/random/rng';
import { intermittentSeries, smoothSeries } from './synthetic';

const DAY_OF_WEEK = [0.6, 1.2, 1.1, 1.0, 1.0, 1.3, 0.8];

describe('mase', () => {
  it('matches a hand-computed case', () => {
    // Seasonal naive errors |y[t] − y[t−7]| for t = 7…13: 1, 0, 1, 0, 1, 0, 1 → mean 4/7.
    const training = [1, 2, 3, 4, 5, 6, 7, 2, 2, 4, 4, 6, 6, 8];
    // Forecast errors |3 − 4|, |5 − 4| → MAE 1; MASE = 1 / (4/7) = 1.75.
    expect(mase([3, 5], [4, 4], training)).toBeCloseTo(1.75, 12);
    // Masked: only the second hold-out day, and only training days 7, 8 (errors 1, 0).
    const trainingMask = training.map((_, t) => (t === 7 || t === 8 ? 1 : 0));
    expect(mase([3, 6], [4, 4], training, [0, 1], trainingMask)).toBeCloseTo(2 / 0.5, 12);
    // A training series without weekly variation gives no scale.
    expect(mase([1], [2], [3, 3, 3, 3, 3, 3, 3, 3])).toBeNaN();
  });
});

describe('fitAndEvaluate', () => {
  it('scores a correctly specified model near nominal coverage and beats seasonal naive', () => {
    const series = smoothSeries({ seed: 21, days: 500, startDay: dayNumberOf('2021-01-04')!, level: 30, dayOfWeek: DAY_OF_WEEK, dispersion: 8 });
    const result = fitAndEvaluate(series, { startDate: '2021-01-04' });
    if (!result.ok) throw new Error(result.error.message);
    const { accuracy, model } = result.value;
    expect(accuracy).not.toBeNull();
    expect(accuracy!.holdoutDays).toBe(56);
    expect(accuracy!.scoredDays).toBe(56);
    // The naive forecast carries one day's noise twice over; a good mean forecast only once.
    expect(accuracy!.mase).toBeLessThan(0.85);
    expect(accuracy!.mae).toBeLessThan(accuracy!.naiveMae);
    expect(Math.abs(accuracy!.bias)).toBeLessThan(0.1);
    // 56 days: the binomial standard error of an 80 % coverage is 0.053.
    expect(accuracy!.coverage80).toBeGreaterThan(0.68);
    expect(accuracy!.coverage80).toBeLessThan(0.93);
    expect(accuracy!.coverage95).toBeGreaterThan(0.85);
    // The returned model is refitted on the whole history.
    expect(model.nextDate).toBe('2022-05-19');
    expect(JSON.parse(JSON.stringify(result.value.accuracy))).toEqual(accuracy);
  });

  it('evaluates intermittent items', () => {
    const series = intermittentSeries(8, 600, 0.2, 5, 3);
    const result = fitAndEvaluate(series, { startDate: '2021-01-04', holdoutWeeks: 12 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.model.core.kind).toBe('intermittent');
    expect(result.value.accuracy!.holdoutDays).toBe(84);
    expect(result.value.accuracy!.coverage95).toBeGreaterThan(0.85);
  });

  it('fits but does not score a history too short for the hold-out', () => {
    const series = new Float64Array(120);
    for (let t = 60; t < 120; t++) series[t] = 3; // first sale on day 60
    const result = fitAndEvaluate(series, { startDate: '2021-01-04' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.accuracy).toBeNull();
    expect(result.value.accuracyNote).toMatch(/hold-out/);
    expect(result.value.model.fittedOpenDays).toBe(60);
  });

  it('returns bad input as errors, not exceptions', () => {
    const good = new Float64Array(200).fill(2);
    expect(fitAndEvaluate(good, { startDate: '2021-02-30' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fitAndEvaluate(new Float64Array([1, Number.NaN, 2]), { startDate: '2021-01-04' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fitAndEvaluate(new Float64Array([1, -2, 2]), { startDate: '2021-01-04' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fitAndEvaluate(new Float64Array(0), { startDate: '2021-01-04' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fitAndEvaluate(good, { startDate: '2021-01-04', holdoutWeeks: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fitAndEvaluate(good, { startDate: '2021-01-04', promotions: new Uint8Array(3) })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('gives an item that never sold a zero forecast', () => {
    const result = fitDemandModel(new Float64Array(100), { startDate: '2021-01-04' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.stats.meanDaily).toBe(0);
    expect(Array.from(forecastMean(result.value.model, 14)).every((y) => y === 0)).toBe(true);
    expect(Array.from(samplePaths(result.value.model, 14, 100, new Rng(1))).every((y) => y === 0)).toBe(true);
  });
});
