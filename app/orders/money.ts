/**
 * Amounts in exported documents (purchase orders): one description of a currency used for the
 * spreadsheet's number format and for the printed text, so both show the same thing.
 *
 * Documents use one fixed locale, so that a PO reads the same whichever machine exported it (the
 * dashboard, on screen, uses the planner's own locale).
 */
const documentLocale = 'en-GB';

export interface CurrencyStyle {
  /** The currency as recorded (normally an ISO 4217 code such as GBP); '' when none is known. */
  code: string;
  /** What is written next to an amount: '£', 'US$', 'CHF', or the recorded text Intl does not know. */
  symbol: string;
  symbolFirst: boolean;
  /** Between symbol and number: '' for '£1.00', ' ' for 'CHF 1.00'. */
  gap: string;
  /** The currency's minor unit: 2 for most, 0 for JPY, 3 for BHD. */
  fractionDigits: number;
}

/** How amounts in `code` are written; a code Intl rejects is written after the number, as given. */
export function currencyStyle(code: string | null | undefined): CurrencyStyle {
  const text = (code ?? '').trim();
  if (text === '') return { code: '', symbol: '', symbolFirst: false, gap: '', fractionDigits: 2 };
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(documentLocale, { style: 'currency', currency: text });
  } catch {
    return { code: text, symbol: text, symbolFirst: false, gap: ' ', fractionDigits: 2 };
  }
  const parts = format.formatToParts(1);
  const symbolAt = parts.findIndex((part) => part.type === 'currency');
  const numberAt = parts.findIndex((part) => part.type === 'integer');
  const between = parts.slice(Math.min(symbolAt, numberAt) + 1, Math.max(symbolAt, numberAt)).map((part) => part.value).join('');
  return {
    code: text.toUpperCase(),
    symbol: parts[symbolAt].value,
    symbolFirst: symbolAt < numberAt,
    // Intl separates with a no-break space; documents use a plain one (copy, search and pdftotext find it).
    gap: between.replace(/\s/g, ' '),
    fractionDigits: format.resolvedOptions().maximumFractionDigits ?? 2,
  };
}

/** The style with its ISO code instead of a symbol a standard PDF font cannot draw (₹, ₩, ₺ …). */
export function printableStyle(style: CurrencyStyle): CurrencyStyle {
  // Helvetica in PDF covers Latin-1 (£, ¥ and the rest) and the euro sign.
  if (/^[\u0020-\u007e\u00a0-\u00ff€]*$/.test(style.symbol)) return style;
  return { ...style, symbol: style.code, symbolFirst: true, gap: ' ' };
}

/** An amount rounded to the currency's minor unit (what the documents show and add up). */
export function roundMoney(amount: number, style: CurrencyStyle): number {
  const scale = 10 ** style.fractionDigits;
  return Math.round(amount * scale) / scale;
}

/**
 * `amount` written with the currency, e.g. '£1,234.50', '-CHF 12.00', '1,234.50 XYZ'. Up to
 * `extraDigits` more decimals are shown when the amount has them (unit costs such as £0.125).
 */
export function formatMoney(amount: number, style: CurrencyStyle, extraDigits = 0): string {
  const number = new Intl.NumberFormat(documentLocale, {
    minimumFractionDigits: style.fractionDigits,
    maximumFractionDigits: style.fractionDigits + extraDigits,
  }).format(Math.abs(amount));
  const sign = amount < 0 && number.replace(/[^1-9]/g, '') !== '' ? '-' : '';
  if (style.symbol === '') return `${sign}${number}`;
  return style.symbolFirst ? `${sign}${style.symbol}${style.gap}${number}` : `${sign}${number}${style.gap}${style.symbol}`;
}

/**
 * The spreadsheet number format that writes amounts like `formatMoney`: '"£"#,##0.00',
 * '"CHF "#,##0.00', '#,##0.00" XYZ"'; `extraDigits` optional decimals ('#,##0.00##').
 * Negative amounts get their minus sign from the spreadsheet.
 */
export function spreadsheetMoneyFormat(style: CurrencyStyle, extraDigits = 0): string {
  const decimals = style.fractionDigits + extraDigits === 0 ? '' : `.${'0'.repeat(style.fractionDigits)}${'#'.repeat(extraDigits)}`;
  const number = `#,##0${decimals}`;
  if (style.symbol === '') return number;
  // A literal in a number format is quoted; a quote cannot appear inside it.
  const literal = style.symbol.replace(/"/g, '');
  return style.symbolFirst ? `"${literal}${style.gap}"${number}` : `${number}"${style.gap}${literal}"`;
}
