/**
 * Numbers written by people and by spreadsheets in several locales: decimal comma or point,
 * thousands separators (`,` `.` space, no-break space, apostrophe), currency symbols, accounting
 * parentheses for negatives, trailing minus, and percentages.
 *
 * Whether `,` is the decimal mark is decided per column (NumberStyleDetector), because "1.234"
 * alone is undecidable; a value that contradicts its column's style is an error, not a guess.
 */

/** Decimal separator of a column. */
export type NumberStyle = 'point' | 'comma';

/** The text is a percentage ("25%", "12,5 %"): parseNumberText has divided it by 100. */
export function isPercentText(text: string): boolean {
  return text.trimEnd().endsWith('%');
}

/** True for `-?digits(.digits)?`, checked by char code (this runs for every numeric cell). */
function isPlainNumber(text: string): boolean {
  const length = text.length;
  let index = text.charCodeAt(0) === 45 ? 1 : 0;
  if (index >= length) return false;
  let digitsBefore = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) break;
    digitsBefore++;
    index++;
  }
  if (digitsBefore === 0) return false;
  if (index === length) return true;
  if (text.charCodeAt(index) !== 46 || index === length - 1) return false;
  for (index++; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
const STRIP = /[\s\u00a0\u202f'’£$€¥₹]|^(?:USD|EUR|GBP|CHF)\s*|\s*(?:USD|EUR|GBP|CHF)$/g;
const POINT_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const COMMA_GROUPED = /^\d{1,3}(?:\.\d{3})+(?:,\d*)?$/;
const FINAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * What one text value says about its column's decimal separator: 'comma' for "1,5" or
 * "1.234,56", 'point' for "1.5" or "1,234.56", undefined when it fits both ("1,234", "12").
 */
export function numberStyleEvidence(text: string): NumberStyle | undefined {
  const lastComma = text.lastIndexOf(',');
  const lastPoint = text.lastIndexOf('.');
  if (lastComma < 0 && lastPoint < 0) return undefined;
  if (lastComma >= 0 && lastPoint >= 0) return lastComma > lastPoint ? 'comma' : 'point';
  const separator = lastComma >= 0 ? ',' : '.';
  const index = lastComma >= 0 ? lastComma : lastPoint;
  const occurrences = text.split(separator).length - 1;
  const digitsAfter = text.length - index - 1 - (/[^\d]+$/.exec(text.slice(index + 1))?.[0].length ?? 0);
  // One separator followed by exactly three digits could be either: "1,234".
  if (occurrences === 1 && digitsAfter === 3 && /\d/.test(text.slice(0, index))) return undefined;
  if (occurrences > 1) return separator === ',' ? 'point' : 'comma';
  return separator === ',' ? 'comma' : 'point';
}

/**
 * Parse a numeric text with the column's decimal style; undefined when it is not a number.
 * Percentages come back as fractions ("25%" → 0.25). Returns a bare number: this runs for every
 * numeric cell, and an object per cell was a measurable share of the import's garbage.
 */
export function parseNumberText(raw: string, style: NumberStyle = 'point'): number | undefined {
  // Fast path: the common machine-written form needs no cleaning.
  if (style === 'point' && isPlainNumber(raw)) return Number(raw);
  let text = raw.trim();
  if (text === '') return undefined;
  let negative = false;
  let percent = false;
  if (text.endsWith('%')) {
    percent = true;
    text = text.slice(0, -1).trim();
  }
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1);
  }
  text = text.replace(STRIP, '');
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  } else if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  text = text.replace(STRIP, '');
  if (style === 'point') {
    if (text.includes(',')) {
      if (!POINT_GROUPED.test(text)) return undefined;
      text = text.replace(/,/g, '');
    }
  } else {
    if (text.includes('.')) {
      if (!COMMA_GROUPED.test(text)) return undefined;
      text = text.replace(/\./g, '');
    }
    text = text.replace(',', '.');
  }
  if (!FINAL.test(text)) return undefined;
  let value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  if (negative) value = -value;
  if (percent) value /= 100;
  return value;
}

/**
 * Decides a column's decimal separator from its values. Undecided columns (only integers, or
 * only "1,234"-like values) use the file's default: comma for semicolon-separated files (the
 * locales that use `;` in CSV use a decimal comma), point otherwise.
 */
export class NumberStyleDetector {
  private commaVotes = 0;
  private pointVotes = 0;

  observe(value: unknown): void {
    if (typeof value !== 'string') return;
    const evidence = numberStyleEvidence(value);
    if (evidence === 'comma') this.commaVotes++;
    else if (evidence === 'point') this.pointVotes++;
  }

  decided(fallback: NumberStyle): NumberStyle {
    if (this.commaVotes === 0 && this.pointVotes === 0) return fallback;
    return this.commaVotes > this.pointVotes ? 'comma' : 'point';
  }
}
