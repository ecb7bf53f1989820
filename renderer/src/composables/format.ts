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

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in the settings' currency (ISO code), in the planner's locale; an unknown code is written after the number. */
export function formatMoney(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 });
    } catch {
      return `${decimalFormat.format(value)} ${currency}`;
    }
    moneyFormats.set(currency, format);
  }
  return format.format(value);
}
