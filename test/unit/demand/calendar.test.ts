import { describe, expect, it } from 'vitest';
import {
  closedMaskFor,
  dayNumberOf,
  detectClosedDays,
  isClosedByRule,
  isoDateOf,
  monthDayOf,
  weekOfYearOf,
  weekdayOf,
} from '../../../app/demand/calendar';
import { forecastMean, samplePaths } from '../../../app/demand/forecast';
import { fitDemandModel } from '../../../app/demand/model';
import { Rng } from '../../../app/random/rng';

/** Three items on one calendar: no trade on Saturdays, nor from Dec 24 to Jan 1 in any year. */
function shopHistory(startDate: string, days: number, seed: number): Float64Array[] {
  const start = dayNumberOf(startDate)!;
  const rng = new Rng(seed);
  const items = [5, 2, 0.3].map(() => new Float64Array(days));
  for (let t = 0; t < days; t++) {
    const monthDay = isoDateOf(start + t).slice(5);
    const holiday = monthDay >= '12-24' || monthDay === '01-01';
    if (weekdayOf(start + t) === 6 || holiday) continue;
    items[0][t] = 1 + rng.poisson(4); // never 0 on an open day, so closures are unambiguous
    items[1][t] = rng.poisson(2);
    items[2][t] = rng.poisson(0.3);
  }
  return items;
}

describe('dates', () => {
  it('converts ISO dates and weekdays', () => {
    const day = dayNumberOf('2010-12-01')!;
    expect(isoDateOf(day)).toBe('2010-12-01');
    expect(weekdayOf(day)).toBe(3); // a Wednesday
    expect(weekdayOf(dayNumberOf('2011-12-10')!)).toBe(6); // a Saturday
    expect(weekOfYearOf(dayNumberOf('2011-01-07')!)).toBe(0);
    expect(weekOfYearOf(dayNumberOf('2011-01-08')!)).toBe(1);
    expect(weekOfYearOf(dayNumberOf('2012-12-31')!)).toBe(52);
  });

  it('integer calendar arithmetic agrees with the ISO dates for 30 years', () => {
    const from = dayNumberOf('2000-01-01')!;
    const mismatches: string[] = [];
    for (let day = from; day < from + 30 * 366; day++) {
      const iso = isoDateOf(day);
      const yearStart = dayNumberOf(`${iso.slice(0, 4)}-01-01`)!;
      if (
        monthDayOf(day) !== iso.slice(5) ||
        weekOfYearOf(day) !== Math.min(52, Math.floor((day - yearStart) / 7)) ||
        weekdayOf(day) !== new Date(`${iso}T00:00:00Z`).getUTCDay()
      ) {
        mismatches.push(iso);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects malformed and impossible dates', () => {
    expect(dayNumberOf('2011-02-29')).toBeNull();
    expect(dayNumberOf('2010-13-01')).toBeNull();
    expect(dayNumberOf('2010-12-00')).toBeNull();
    expect(dayNumberOf('2010-12-32')).toBeNull();
    expect(dayNumberOf('2011-2-3')).toBeNull();
    expect(dayNumberOf('yesterday')).toBeNull();
  });
});

describe('detectClosedDays', () => {
  it('marks days without any sale as closed and learns the closed weekday', () => {
    const items = shopHistory('2010-12-01', 374, 1);
    const result = detectClosedDays(items, '2010-12-01');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const calendar = result.value;
    const start = dayNumberOf('2010-12-01')!;
    for (let t = 0; t < 374; t++) {
      const date = isoDateOf(start + t);
      const expectedClosed = weekdayOf(start + t) === 6 || date.slice(5) >= '12-24' || date.slice(5) === '01-01';
      expect(calendar.closed[t], date).toBe(expectedClosed ? 1 : 0);
    }
    expect(calendar.rule.closedWeekdays).toEqual([6]);
    expect(calendar.weekdayClosedShare[6]).toBe(1);
    // A single year is not enough to call Christmas a recurring closure.
    expect(calendar.rule.closedAnnualDates).toEqual([]);
  });

  it('learns dates closed in every one of two or more years', () => {
    const items = shopHistory('2019-06-03', 900, 2);
    const result = detectClosedDays(items, '2019-06-03');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rule.closedAnnualDates).toEqual(['01-01', '12-24', '12-25', '12-26', '12-27', '12-28', '12-29', '12-30', '12-31']);
    expect(isClosedByRule(result.value.rule, dayNumberOf('2025-12-25')!)).toBe(true);
    expect(isClosedByRule(result.value.rule, dayNumberOf('2025-12-23')!)).toBe(false); // a Tuesday
  });

  it('does not close a weekday that is closed in only some weeks', () => {
    const items = shopHistory('2010-12-01', 364, 3);
    const start = dayNumberOf('2010-12-01')!;
    // Close Mondays in every other week only.
    for (let t = 0; t < 364; t++) if (weekdayOf(start + t) === 1 && Math.floor(t / 7) % 2 === 0) for (const s of items) s[t] = 0;
    const result = detectClosedDays(items, '2010-12-01');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.weekdayClosedShare[1]).toBeCloseTo(0.5, 1);
    expect(result.value.rule.closedWeekdays).toEqual([6]);
  });

  it('returns errors as data', () => {
    expect(detectClosedDays([new Float64Array(3)], '2010-13-01').ok).toBe(false);
    expect(detectClosedDays([], '2010-12-01').ok).toBe(false);
    expect(detectClosedDays([new Float64Array(3)], '2010-12-01', { weekdayClosedShare: 1.5 }).ok).toBe(false);
  });

  it('re-aligns the closed mask to a series that starts later', () => {
    const items = shopHistory('2010-12-01', 60, 4);
    const result = detectClosedDays(items, '2010-12-01');
    if (!result.ok) throw new Error(result.error.message);
    const mask = closedMaskFor(result.value, dayNumberOf('2010-12-04')!, 70);
    expect(mask[0]).toBe(1); // 2010-12-04 is a Saturday
    expect(mask[1]).toBe(0);
    expect(mask[65]).toBe(0); // beyond the calendar: assumed open
  });
});

describe('closed days in models', () => {
  it('skips closed days when fitting and forecasts 0 on future closed weekdays', () => {
    const items = shopHistory('2010-12-01', 374, 5);
    const calendar = detectClosedDays(items, '2010-12-01');
    if (!calendar.ok) throw new Error(calendar.error.message);
    const fit = fitDemandModel(items[0], { startDate: '2010-12-01', calendar: calendar.value });
    if (!fit.ok) throw new Error(fit.error.message);
    const model = fit.value.model;
    // Closed days are not zero-demand observations: the level is the open-day mean (5), not 5·6/7.
    expect(fit.value.stats.meanDaily).toBeGreaterThan(4.7);
    expect(forecastMean(model, 7).reduce((a, b) => a + b, 0) / 6).toBeCloseTo(5, 0);
    const paths = samplePaths(model, 14, 200, new Rng(9));
    const start = dayNumberOf(model.nextDate)!;
    for (let t = 0; t < 14; t++) {
      let sum = 0;
      for (let p = 0; p < 200; p++) sum += paths[p * 14 + t];
      if (weekdayOf(start + t) === 6) expect(sum).toBe(0);
      else expect(sum).toBeGreaterThan(0);
    }
    // Without the calendar, Saturdays look like zero-demand days and drag the mean down.
    const naive = fitDemandModel(items[0], { startDate: '2010-12-01' });
    if (!naive.ok) throw new Error(naive.error.message);
    expect(naive.value.stats.meanDaily).toBeLessThan(4.5);
  });
});
