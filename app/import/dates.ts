/**
 * The one date parser of Replenish. Every date that enters the app (import files, CLI options,
 * wizard input) goes through `parseDateValue`, so "what is a date" has one answer.
 *
 * Accepted: real date cells (a JS Date whose UTC fields are the wall clock, as exceljs gives them),
 * Excel serial numbers (1900 system, fraction = time of day), and text:
 *   - ISO `YYYY-MM-DD` (also `/` or `.` separators), optional `T`/space time and zone suffix;
 *   - compact `YYYYMMDD`;
 *   - ISO weeks `YYYY-Www` / `YYYYWww` (a weekly total, dated on the week's Monday);
 *   - `d/m/y` or `m/d/y` with `/` or `-` (order decided per column, see DateOrderDetector);
 *   - `d.m.y` (dots are day-first in every locale that uses them);
 *   - day and English month name: `5 Jan 2024`, `05-Jan-24`, `Jan 5, 2024`;
 *   two-digit years are 2000–2069 / 1970–1999; times `HH:MM[:SS]` with optional AM/PM.
 * Time zones are ignored on purpose: a sale belongs to the calendar day the shop wrote down.
 */
import type { DateOrder, RawCell } from './types';

export interface ParsedDate {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS when present; midnight counts as no time, so a date cell and its text agree. */
  time?: string;
  periodDays: 1 | 7;
}

/** What a text value says about the day/month order of its column. */
export type DateOrderEvidence = 'ymd' | 'dmy' | 'mdy' | 'either' | 'invalid';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;
/** Serials outside 1901-01-01 … 2199-12-31 are not dates but quantities or codes. */
const MIN_SERIAL = 367;
const MAX_SERIAL = 109_574;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

const NUMERIC_DATE =
  /^(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})(?:(?:[ T]+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp][Mm])?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/;
const ISO_WEEK = /^(\d{4})-?W(\d{1,2})(?:-?([1-7]))?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_MONTH_NAME = /^(\d{1,2})[ .\-/]+([A-Za-z]{3,9})\.?[ .\-/,]+(\d{2,4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const MONTH_NAME_DAY = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

function fullYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

function buildDate(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function buildTime(hourText: string | undefined, minuteText: string | undefined, secondText: string | undefined,
  meridiem: string | undefined): string | undefined | null {
  if (hourText === undefined) return undefined;
  let hour = Number(hourText);
  const minute = Number(minuteText);
  const second = secondText === undefined ? undefined : Number(secondText);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    const pm = meridiem.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || (second !== undefined && second > 59)) return null;
  if (hour === 0 && minute === 0 && !second) return undefined;
  return `${pad2(hour)}:${pad2(minute)}:${pad2(second ?? 0)}`;
}

function fromEpochMs(ms: number, withTime: boolean): ParsedDate | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const moment = new Date(ms);
  const date = buildDate(moment.getUTCFullYear(), moment.getUTCMonth() + 1, moment.getUTCDate());
  if (date === undefined) return undefined;
  const seconds = moment.getUTCHours() * 3600 + moment.getUTCMinutes() * 60 + moment.getUTCSeconds();
  if (!withTime || seconds === 0) return { date, periodDays: 1 };
  return { date, time: `${pad2(moment.getUTCHours())}:${pad2(moment.getUTCMinutes())}:${pad2(moment.getUTCSeconds())}`, periodDays: 1 };
}

/** An Excel serial day number (1900 date system) as a date; undefined outside 1901–2199. */
export function excelSerialToDate(serial: number): ParsedDate | undefined {
  if (!(serial >= MIN_SERIAL && serial < MAX_SERIAL + 1)) return undefined;
  // Round to the second: serials carry binary fractions of a day.
  const ms = EXCEL_EPOCH_MS + Math.round(serial * 86_400) * 1000;
  return fromEpochMs(ms, true);
}

/** Monday of ISO week `week` of ISO year `year`. */
function isoWeekMonday(year: number, week: number): string | undefined {
  if (week < 1 || week > 53) return undefined;
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  const monday = jan4 - jan4Weekday * MS_PER_DAY + (week - 1) * 7 * MS_PER_DAY;
  const parsed = fromEpochMs(monday, false);
  if (parsed === undefined) return undefined;
  // Week 53 exists only in long years: its Monday must still belong to the same ISO year.
  if (week === 53) {
    const nextJan4 = Date.UTC(year + 1, 0, 4);
    const nextWeekOneMonday = nextJan4 - ((new Date(nextJan4).getUTCDay() + 6) % 7) * MS_PER_DAY;
    if (monday >= nextWeekOneMonday) return undefined;
  }
  return parsed.date;
}

/** The day/month order a text value allows, for column-wide detection. */
export function dateOrderEvidence(text: string): DateOrderEvidence {
  const trimmed = text.trim();
  const match = NUMERIC_DATE.exec(trimmed);
  if (match === null) {
    return parseDateText(trimmed, 'dmy') === undefined ? 'invalid' : 'ymd';
  }
  if (match[1].length >= 3) return parseDateText(trimmed, 'dmy') === undefined ? 'invalid' : 'ymd';
  if (match[2] === '.') return parseDateText(trimmed, 'dmy') === undefined ? 'invalid' : 'dmy';
  const dmy = parseDateText(trimmed, 'dmy') !== undefined;
  const mdy = parseDateText(trimmed, 'mdy') !== undefined;
  if (dmy && mdy) return 'either';
  if (dmy) return 'dmy';
  if (mdy) return 'mdy';
  return 'invalid';
}

function parseDateText(text: string, order: DateOrder): ParsedDate | undefined {
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric !== null) {
    const [, first, separator, second, third, hour, minute, sec, meridiem] = numeric;
    let year: number;
    let month: number;
    let day: number;
    if (first.length >= 3) {
      if (third.length > 2) return undefined;
      year = Number(first);
      month = Number(second);
      day = Number(third);
    } else {
      if (third.length === 3 || third.length === 1) return undefined;
      year = fullYear(Number(third), third.length);
      const dayFirst = separator === '.' || order === 'dmy';
      day = Number(dayFirst ? first : second);
      month = Number(dayFirst ? second : first);
    }
    const date = buildDate(year, month, day);
    const time = buildTime(hour, minute, sec, meridiem);
    if (date === undefined || time === null) return undefined;
    return time === undefined ? { date, periodDays: 1 } : { date, time, periodDays: 1 };
  }
  const week = ISO_WEEK.exec(text);
  if (week !== null) {
    const monday = isoWeekMonday(Number(week[1]), Number(week[2]));
    if (monday === undefined) return undefined;
    if (week[3] === undefined) return { date: monday, periodDays: 7 };
    const dayMs = Date.parse(`${monday}T00:00:00Z`) + (Number(week[3]) - 1) * MS_PER_DAY;
    return fromEpochMs(dayMs, false);
  }
  const compact = COMPACT.exec(text);
  if (compact !== null) {
    const date = buildDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    return date === undefined ? undefined : { date, periodDays: 1 };
  }
  const named = DAY_MONTH_NAME.exec(text);
  const namedFirst = named === null ? MONTH_NAME_DAY.exec(text) : null;
  if (named !== null || namedFirst !== null) {
    const monthName = (named !== null ? named[2] : namedFirst![1]).toLowerCase();
    const month = MONTHS[monthName] ?? MONTHS[monthName.slice(0, 3)];
    if (month === undefined) return undefined;
    const dayText = named !== null ? named[1] : namedFirst![2];
    const yearText = named !== null ? named[3] : namedFirst![3];
    if (yearText.length === 3) return undefined;
    const date = buildDate(fullYear(Number(yearText), yearText.length), month, Number(dayText));
    const timeParts = named !== null ? named.slice(4, 7) : namedFirst!.slice(4, 7);
    const time = buildTime(timeParts[0], timeParts[1], timeParts[2], undefined);
    if (date === undefined || time === null) return undefined;
    return time === undefined ? { date, periodDays: 1 } : { date, time, periodDays: 1 };
  }
  return undefined;
}

/**
 * Parse one value as a date. `order` resolves d/m versus m/d text (default day first, the order of
 * most of the world); callers decide it per column with DateOrderDetector. Numbers are Excel serials.
 */
export function parseDateValue(value: RawCell | undefined, order: DateOrder = 'dmy'): ParsedDate | undefined {
  if (value === null || value === undefined || typeof value === 'boolean') return undefined;
  if (value instanceof Date) {
    // Lines of one invoice share their timestamp cell: remember the last answer here too.
    const ms = value.getTime();
    if (ms !== lastMs) {
      lastMs = ms;
      lastMsParsed = fromEpochMs(ms, true);
    }
    return lastMsParsed;
  }
  if (typeof value === 'number') return excelSerialToDate(value);
  // Lines of one invoice share their timestamp: remember the last answer.
  if (value === lastText && order === lastOrder) return lastParsed;
  const parsed = parseDateString(value, order);
  lastText = value;
  lastOrder = order;
  lastParsed = parsed;
  return parsed;
}

let lastText = '';
let lastOrder: DateOrder = 'dmy';
let lastParsed: ParsedDate | undefined;
let lastMs = NaN;
let lastMsParsed: ParsedDate | undefined;

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (the machine-written forms) without a regular expression. */
function parseIsoFast(text: string): ParsedDate | undefined | null {
  const length = text.length;
  if ((length !== 10 && length !== 19) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return null;
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const date = text.slice(0, 10);
  if (length === 10) return { date, periodDays: 1 };
  const separator = text.charCodeAt(10);
  if ((separator !== 32 && separator !== 84) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (hour < 0 || minute < 0 || second < 0) return null;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (hour === 0 && minute === 0 && second === 0) return { date, periodDays: 1 };
  return { date, time: text.slice(11, 19), periodDays: 1 };
}

function parseDateString(value: string, order: DateOrder): ParsedDate | undefined {
  const fast = parseIsoFast(value);
  if (fast !== null) return fast;
  const text = value.trim();
  if (text === '') return undefined;
  const parsed = parseDateText(text, order);
  if (parsed !== undefined) return parsed;
  // Serial numbers stored as text (a CSV saved from a sheet whose date column lost its format).
  if (/^\d{3,6}(\.\d+)?$/.test(text)) return excelSerialToDate(Number(text));
  return undefined;
}

/**
 * Decides d/m versus m/d from the values of a whole column: the first value whose first part is
 * over 12 (or second part over 12) decides; ISO, dotted and named-month values say nothing.
 * Conflicting evidence (both orders seen) is reported, and the column stays undecided.
 */
export class DateOrderDetector {
  private sawDayFirst = false;
  private sawMonthFirst = false;
  private sawEither = false;
  private sawYearFirst = false;

  observe(value: RawCell | undefined): void {
    if (typeof value !== 'string') return;
    switch (dateOrderEvidence(value)) {
      case 'dmy': this.sawDayFirst = true; break;
      case 'mdy': this.sawMonthFirst = true; break;
      case 'either': this.sawEither = true; break;
      case 'ymd': this.sawYearFirst = true; break;
      default: break;
    }
  }

  /** True once more values cannot change the outcome. */
  get settled(): boolean {
    return this.sawDayFirst || this.sawMonthFirst || (!this.sawEither && this.sawYearFirst);
  }

  get conflicting(): boolean {
    return this.sawDayFirst && this.sawMonthFirst;
  }

  /** The order to parse with; undefined when nothing decides it (ambiguous or no such values). */
  get decided(): DateOrder | 'ymd' | undefined {
    if (this.conflicting) return undefined;
    if (this.sawDayFirst) return 'dmy';
    if (this.sawMonthFirst) return 'mdy';
    if (this.sawEither) return undefined;
    return this.sawYearFirst ? 'ymd' : undefined;
  }

  /** Every slash date fits both orders: the user must say which. */
  get ambiguous(): boolean {
    return this.sawEither && !this.sawDayFirst && !this.sawMonthFirst;
  }
}
