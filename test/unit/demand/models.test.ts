import { describe, expect, it } from 'vitest';
import { dayNumberOf, weekOfYearOf, weekdayOf } from '../../../app/demand/calendar';
import { forecastMoments, forecastQuantiles, horizonDemand, samplePaths } from '../../../app/demand/forecast';
import { fitDemandModel } from '../../../app/demand/model';
import { classifyDemand, demandStats } from '../../../app/demand/stats';
import type { FittedDemandModel, IntermittentModel, SmoothModel } from '../../../app/demand/types';
import { Rng } from '../../../app/random/rng';
import { intermittentSeries, smoothSeries, yearlyFactor } from './synthetic';

const START = '2020-01-01';
const START_DAY = dayNumberOf(START)!;
const DAY_OF_WEEK = [0.6, 1.2, 1.1, 1.0, 1.0, 1.3, 0.8]; // mean 1

function fitOrThrow(series: Float64Array, promotions?: Uint8Array) {
  const result = fitDemandModel(series, { startDate: START, promotions });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('demand statistics', () => {
  it('computes the classification inputs on a hand-checked series', () => {
    const stats = demandStats(new Float64Array([0, 2, 0, 0, 4, 6]));
    expect(stats.openDays).toBe(6);
    expect(stats.meanDaily).toBe(2);
    expect(stats.zeroShare).toBe(0.5);
    expect(stats.adi).toBe(2);
    expect(stats.cv2).toBeCloseTo(4 / 16, 12); // sizes 2, 4, 6: variance 4, mean 4
    expect(stats.demandClass).toBe('intermittent');
    const masked = demandStats(new Float64Array([0, 2, 0, 0, 4, 6]), new Uint8Array([0, 1, 1, 0, 1, 1]));
    expect(masked.openDays).toBe(4);
    expect(masked.adi).toBeCloseTo(4 / 3, 12);
  });

  it('classifies by the Syntetos–Boylan cut-offs', () => {
    expect(classifyDemand(1.1, 0.2)).toBe('smooth');
    expect(classifyDemand(1.1, 0.8)).toBe('erratic');
    expect(classifyDemand(2.0, 0.2)).toBe('intermittent');
    expect(classifyDemand(2.0, 0.8)).toBe('lumpy');
  });
});

describe('smooth model recovers known parameters', () => {
  // Tolerances: the end-of-history level of a smoothing filter with α ≈ 0.01–0.02 has a standard
  // error of ~5 % here; weekday factors use ~100 days with a daily CV of 0.5 each (se ≈ 0.05,
  // tolerance 2.4 se); k from 700 days (se ≈ 8 %).
  for (const seed of [1, 2, 3]) {
    it(`level, weekday profile and dispersion (seed ${seed})`, () => {
      const series = smoothSeries({ seed, days: 700, startDay: START_DAY, level: 20, dayOfWeek: DAY_OF_WEEK, dispersion: 5 });
      const { model, stats } = fitOrThrow(series);
      expect(model.core.kind).toBe('smooth');
      const core = model.core as SmoothModel;
      expect(core.level).toBeGreaterThan(20 * 0.88);
      expect(core.level).toBeLessThan(20 * 1.12);
      model.seasonal.dayOfWeek.forEach((factor, d) => expect(Math.abs(factor - DAY_OF_WEEK[d])).toBeLessThan(0.12));
      expect(core.dispersion).toBeGreaterThan(5 * 0.75);
      expect(core.dispersion).toBeLessThan(5 * 1.25);
      expect(model.seasonal.weekOfYear).toBeNull(); // under two years
      expect(stats.demandClass === 'smooth' || stats.demandClass === 'erratic').toBe(true);
    });
  }

  it('recovers a yearly cycle from three years of history', () => {
    const series = smoothSeries({ seed: 7, days: 1095, startDay: START_DAY, level: 20, dayOfWeek: DAY_OF_WEEK, dispersion: 5, yearlyAmplitude: 0.3 });
    const { model } = fitOrThrow(series);
    const weekOfYear = model.seasonal.weekOfYear;
    expect(weekOfYear).not.toBeNull();
    let worst = 0;
    for (let t = 0; t < 364; t++) worst = Math.max(worst, Math.abs(weekOfYear![weekOfYearOf(START_DAY + t)] - yearlyFactor(0.3, START_DAY + t)));
    // Amplitude 0.3; weekly factors from 21 noisy days each, smoothed over 5 weeks.
    expect(worst).toBeLessThan(0.15);
  });

  it('recovers a promotion uplift', () => {
    const promotions = new Uint8Array(700);
    for (let t = 3; t < 700; t += 10) promotions[t] = 1;
    const series = smoothSeries({ seed: 11, days: 700, startDay: START_DAY, level: 20, dayOfWeek: DAY_OF_WEEK, dispersion: 5, promotions, uplift: 2.5 });
    const { model } = fitOrThrow(series, promotions);
    expect(Math.abs(model.promotionUplift - 2.5)).toBeLessThan(0.3);
    const future = new Uint8Array(7);
    future[2] = 1;
    const plain = forecastMoments(model, 7).mean;
    const promoted = forecastMoments(model, 7, undefined, future).mean;
    expect(promoted[2] / plain[2]).toBeCloseTo(model.promotionUplift, 6);
    expect(promoted[3]).toBeCloseTo(plain[3], 9);
  });
});

describe('intermittent model recovers known parameters', () => {
  // p = 0.15, size 1 + NB(3, 2) (mean 4), two years. TSB's end-of-history probability with
  // α = 0.01 has se ≈ 0.025; sizes come from ~110 demand days.
  const estimates: IntermittentModel[] = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`is chosen and fitted (seed ${seed})`, () => {
      const { model, stats } = fitOrThrow(intermittentSeries(seed, 730, 0.15, 4, 2));
      expect(['intermittent', 'lumpy']).toContain(stats.demandClass);
      expect(model.core.kind).toBe('intermittent');
      expect(model.selection.candidates.map((c) => c.kind)).toEqual(['smooth', 'intermittent']);
      const core = model.core as IntermittentModel;
      expect(Math.abs(core.probability - 0.15)).toBeLessThan(0.04);
      expect(Math.abs(core.size - 4)).toBeLessThan(0.8);
      expect(core.sizeDispersion).toBeGreaterThan(1);
      expect(core.sizeDispersion).toBeLessThan(4);
      estimates.push(core);
    });
  }
  it('is unbiased on average over the seeds', () => {
    expect(estimates.length).toBe(5);
    const mean = (f: (m: IntermittentModel) => number) => estimates.reduce((s, m) => s + f(m), 0) / estimates.length;
    expect(Math.abs(mean((m) => m.probability) - 0.15)).toBeLessThan(0.02);
    expect(Math.abs(mean((m) => m.size) - 4)).toBeLessThan(0.4);
  });

  it('keeps smooth data on the smooth model', () => {
    const { model } = fitOrThrow(smoothSeries({ seed: 3, days: 400, startDay: START_DAY, level: 8, dayOfWeek: DAY_OF_WEEK, dispersion: 20 }));
    expect(model.core.kind).toBe('smooth');
    expect(model.selection.candidates).toHaveLength(1);
  });
});

function baseModel(core: FittedDemandModel['core']): FittedDemandModel {
  return {
    version: 1,
    nextDate: '2024-03-04',
    seasonal: { dayOfWeek: [0.7, 1.2, 1.1, 1.0, 1.0, 1.3, 1], weekOfYear: null },
    closedRule: { closedWeekdays: [6], closedAnnualDates: [] },
    promotionUplift: 1,
    core,
    selection: { criterion: 'aic', candidates: [] },
    fittedOpenDays: 300,
  };
}

/** Per-day and total mean/variance of sample paths. */
function pathMoments(samples: Float64Array, paths: number, horizon: number) {
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  let total = 0;
  let totalSq = 0;
  for (let p = 0; p < paths; p++) {
    let rowTotal = 0;
    for (let t = 0; t < horizon; t++) {
      const y = samples[p * horizon + t];
      mean[t] += y;
      variance[t] += y * y;
      rowTotal += y;
    }
    total += rowTotal;
    totalSq += rowTotal * rowTotal;
  }
  for (let t = 0; t < horizon; t++) {
    mean[t] /= paths;
    variance[t] = variance[t] / paths - mean[t] * mean[t];
  }
  const totalMean = total / paths;
  return { mean, variance, totalMean, totalVariance: totalSq / paths - totalMean * totalMean };
}

describe('sample paths match the model moments', () => {
  const cases: [string, FittedDemandModel][] = [
    ['smooth with damped trend', baseModel({ kind: 'smooth', alpha: 0.1, beta: 0.05, damping: 0.9, level: 10, trend: 0.2, dispersion: 3 })],
    ['intermittent', baseModel({ kind: 'intermittent', alphaProbability: 0.05, alphaSize: 0.1, probability: 0.2, size: 5, sizeDispersion: 2 })],
  ];
  for (const [name, model] of cases) {
    it(name, () => {
      const horizon = 28;
      const paths = 20_000;
      const samples = samplePaths(model, horizon, paths, new Rng(5));
      for (const y of samples.subarray(0, 2000)) expect(Number.isInteger(y) && y >= 0).toBe(true);
      const simulated = pathMoments(samples, paths, horizon);
      const exact = forecastMoments(model, horizon);
      const start = dayNumberOf(model.nextDate)!;
      for (let t = 0; t < horizon; t++) {
        if (weekdayOf(start + t) === 6) {
          // Saturdays are closed: exactly 0.
          expect(simulated.mean[t]).toBe(0);
          expect(exact.mean[t]).toBe(0);
          continue;
        }
        const standardError = Math.sqrt(exact.variance[t] / paths);
        expect(Math.abs(simulated.mean[t] - exact.mean[t])).toBeLessThan(4 * standardError);
        // Sample variance of a skewed variable: allow 10 %.
        expect(simulated.variance[t] / exact.variance[t]).toBeGreaterThan(0.9);
        expect(simulated.variance[t] / exact.variance[t]).toBeLessThan(1.1);
      }
      expect(Math.abs(simulated.totalMean - exact.totalMean)).toBeLessThan(4 * Math.sqrt(exact.totalVariance / paths));
      expect(simulated.totalVariance / exact.totalVariance).toBeGreaterThan(0.92);
      expect(simulated.totalVariance / exact.totalVariance).toBeLessThan(1.08);
      // The level is uncertain: the total varies more than independent days would.
      let independent = 0;
      for (let t = 0; t < horizon; t++) independent += exact.variance[t];
      expect(exact.totalVariance).toBeGreaterThan(independent);

      const horizonStats = horizonDemand(model, horizon);
      expect(horizonStats.mean).toBeCloseTo(exact.totalMean, 9);
      expect(horizonStats.sd).toBeCloseTo(Math.sqrt(exact.totalVariance), 9);
      expect(horizonStats.seasonalIndex).toBeCloseTo((0.7 + 1.2 + 1.1 + 1 + 1 + 1.3) / 6, 9);

      const [median] = forecastQuantiles(samples, paths, horizon, [0.5]);
      for (let t = 0; t < horizon; t++) expect(Number.isInteger(median[t])).toBe(true);
    });
  }

  it('is reproducible from the seed and survives a JSON round trip', () => {
    const series = smoothSeries({ seed: 2, days: 400, startDay: START_DAY, level: 12, dayOfWeek: DAY_OF_WEEK, dispersion: 4 });
    const { model } = fitOrThrow(series);
    const restored = JSON.parse(JSON.stringify(model)) as FittedDemandModel;
    expect(restored).toEqual(model);
    expect(samplePaths(restored, 30, 50, new Rng(3))).toEqual(samplePaths(model, 30, 50, new Rng(3)));
    expect(samplePaths(model, 30, 50, new Rng(4))).not.toEqual(samplePaths(model, 30, 50, new Rng(3)));
  });
});

describe('weekdays without sales', () => {
  it('fits an item never sold on an open weekday without dividing by zero', () => {
    const series = smoothSeries({ seed: 5, days: 400, startDay: START_DAY, level: 10, dayOfWeek: [0, 1.2, 1.2, 1.2, 1.2, 1.2, 1], dispersion: 10 });
    const { model } = fitOrThrow(series);
    const core = model.core as SmoothModel;
    expect(Number.isFinite(core.level)).toBe(true);
    expect(core.level).toBeGreaterThan(8);
    expect(model.seasonal.dayOfWeek[0]).toBeLessThan(0.05);
    const mean = forecastMoments(model, 14).mean;
    for (const value of mean) expect(Number.isFinite(value)).toBe(true);
  });
});
