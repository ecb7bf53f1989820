/** The dashboard's one number and date formatter, in the planner's locale. */
const locale = typeof navigator !== 'undefined' ? navigator.language : 'en-GB';
const integerFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

export function formatQuantity(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? integerFormat.format(value) : decimalFormat.format(value);
}

export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '–';
  return dateFormat.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}
