/**
 * Calendar handling for daily demand: ISO dates to day numbers, and which days the store was
 * (and will be) closed. A missing sale is a zero-demand observation only on a day the store was
 * open; on a closed day there was no chance to sell, so models skip it instead of learning "0".
 */
import { addDays, daysBetween, isIsoDate } from '../common/dates';
import { fail, ok, type Result } from '../common/result';
import type { ClosedRule } from './types';

const EPOCH = '1970-01-01';

/**
 * Days since 1970-01-01 of an ISO 'YYYY-MM-DD' date, or null when it is not a real date. Models
 * work on day numbers: weekday and week-of-year are then integer arithmetic.
 */
export function dayNumberOf(isoDate: string): number | null {
  // isIsoDate (app/common/dates) throws on a month or day outside 1–12 / 1–31 (an invalid Date's
  // toISOString); those are rejected here first.
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return isIsoDate(isoDate) ? daysBetween(EPOCH, isoDate) : null;
}

export function isoDateOf(dayNumber: number): string {
  return addDays(EPOCH, dayNumber);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * Year, month (1–12) and day of a day number, in integer arithmetic (Hinnant's civil_from_days):
 * the seasonal factors ask for this for every day of every item, and a Date object per call
 * was the largest cost of a fit.
 */
export function civilOf(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYearFromMarch = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYearFromMarch + 2) / 153);
  const day = dayOfYearFromMarch - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day number of January 1 of a year (the inverse direction of civilOf, for that one date). */
function newYearDayNumber(year: number): number {
  const y = year - 1;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  // March 1 of `year - 1` is day 0 of the shifted year; January 1 of `year` is 306 days later.
  const dayOfEra = 365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + 306;
  return era * 146_097 + dayOfEra - 719_468;
}

/** 'MM-DD' of a day number. */
export function monthDayOf(dayNumber: number): string {
  const { month, day } = civilOf(dayNumber);
  return `${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Week of the year 0 … 52 (floor(dayOfYear / 7)), used to index yearly seasonal factors. */
export function weekOfYearOf(dayNumber: number): number {
  const { year } = civilOf(dayNumber);
  return Math.min(52, Math.floor((dayNumber - newYearDayNumber(year)) / 7));
}

export interface StoreCalendar {
  startDate: string;
  /** 1 where no item sold anything that day (the store was closed), per day from startDate. */
  closed: Uint8Array;
  /** The rule that predicts closures after the history ends. */
  rule: ClosedRule;
  /** Share of weeks each weekday was closed (for the UI: "closed on Saturdays in 100 % of weeks"). */
  weekdayClosedShare: number[];
}

export interface ClosedDayOptions {
  /** A weekday closed in more than this share of the weeks is closed in the future (default 0.9). */
  weekdayClosedShare?: number;
}

/**
 * Closed days from every item's daily series on one shared calendar (all series start at
 * startDate; shorter series count as zero at the end). A day with no sale of any item is closed.
 * With few items, a closed day is indistinguishable from a quiet one; the caller decides whether
 * the assortment is big enough for this to be meaningful.
 */
export function detectClosedDays(
  allSeries: readonly Float64Array[],
  startDate: string,
  options: ClosedDayOptions = {},
): Result<StoreCalendar> {
  const start = dayNumberOf(startDate);
  if (start === null) return fail('invalid-input', `startDate '${startDate}' is not a YYYY-MM-DD date`);
  const threshold = options.weekdayClosedShare ?? 0.9;
  if (!(threshold > 0 && threshold <= 1)) {
    return fail('invalid-input', `weekdayClosedShare must be in (0, 1], got ${threshold}`);
  }
  let days = 0;
  for (const series of allSeries) days = Math.max(days, series.length);
  if (days === 0) return fail('invalid-input', 'no demand series given');

  const closed = new Uint8Array(days).fill(1);
  for (const series of allSeries) {
    for (let t = 0; t < series.length; t++) if (series[t] > 0) closed[t] = 0;
  }

  const weekdayCount = new Array<number>(7).fill(0);
  const weekdayClosed = new Array<number>(7).fill(0);
  const monthDayYears = new Map<string, { seen: number; closed: number }>();
  for (let t = 0; t < days; t++) {
    const day = start + t;
    const weekday = weekdayOf(day);
    weekdayCount[weekday]++;
    weekdayClosed[weekday] += closed[t];
    const key = monthDayOf(day);
    const entry = monthDayYears.get(key) ?? { seen: 0, closed: 0 };
    entry.seen++;
    entry.closed += closed[t];
    monthDayYears.set(key, entry);
  }
  const weekdayClosedShare = weekdayCount.map((count, d) => (count > 0 ? weekdayClosed[d] / count : 0));
  const closedWeekdays: number[] = [];
  for (let d = 0; d < 7; d++) if (weekdayCount[d] >= 4 && weekdayClosedShare[d] > threshold) closedWeekdays.push(d);
  // One closed Christmas could be a one-off; a date closed in every one of ≥ 2 years is a holiday.
  const closedAnnualDates: string[] = [];
  for (const [key, entry] of monthDayYears) if (entry.seen >= 2 && entry.closed === entry.seen) closedAnnualDates.push(key);
  closedAnnualDates.sort();
  return ok({ startDate, closed, rule: { closedWeekdays, closedAnnualDates }, weekdayClosedShare });
}

/** Whether the rule predicts the store closed on this day number. */
export function isClosedByRule(rule: ClosedRule, dayNumber: number): boolean {
  if (rule.closedWeekdays.includes(weekdayOf(dayNumber))) return true;
  return rule.closedAnnualDates.length > 0 && rule.closedAnnualDates.includes(monthDayOf(dayNumber));
}

/** A 0/1 closed mask for `horizonDays` days from day number `start` under the rule. */
export function closedMaskByRule(rule: ClosedRule, start: number, horizonDays: number): Uint8Array {
  const mask = new Uint8Array(horizonDays);
  for (let t = 0; t < horizonDays; t++) mask[t] = isClosedByRule(rule, start + t) ? 1 : 0;
  return mask;
}

/** The calendar's closed mask re-aligned to a series starting at another date (outside → open). */
export function closedMaskFor(calendar: StoreCalendar, seriesStart: number, days: number): Uint8Array {
  const offset = seriesStart - (dayNumberOf(calendar.startDate) ?? seriesStart);
  const mask = new Uint8Array(days);
  for (let t = 0; t < days; t++) {
    const c = t + offset;
    mask[t] = c >= 0 && c < calendar.closed.length ? calendar.closed[c] : 0;
  }
  return mask;
}
