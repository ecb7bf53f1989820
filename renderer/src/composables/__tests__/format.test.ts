import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * format.ts reads the planner's locale once, when it is first imported; each case stubs
 * `navigator.language` and imports a fresh copy, so the locale is explicit in every assertion.
 */
async function formatIn(language: string | undefined): Promise<typeof import('../format')> {
  vi.stubGlobal('navigator', language === undefined ? undefined : { language });
  vi.resetModules();
  return import('../format');
}

describe('format in the planner’s locale', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('groups whole quantities the German way and uses a decimal comma', async () => {
    const { formatQuantity } = await formatIn('de-DE');
    expect(formatQuantity(1234567)).toBe('1.234.567');
    expect(formatQuantity(1234.5)).toBe('1.234,5');
    expect(formatQuantity(2.346)).toBe('2,35');
    expect(formatQuantity(-40)).toBe('-40');
  });

  it('groups quantities the US way', async () => {
    const { formatQuantity } = await formatIn('en-US');
    expect(formatQuantity(1234567)).toBe('1,234,567');
    expect(formatQuantity(0.125)).toBe('0.13');
    expect(formatQuantity(0)).toBe('0');
  });

  it('writes amounts in the settings’ currency the planner’s way', async () => {
    expect((await formatIn('de-DE')).formatMoney(1234.5, 'EUR')).toBe('1.234,50\u00a0€');
    expect((await formatIn('en-GB')).formatMoney(1234.5, 'GBP')).toBe('£1,234.50');
    expect((await formatIn('en-US')).formatMoney(-12, 'USD')).toBe('-$12.00');
    const { formatMoney } = await formatIn('en-GB');
    expect(formatMoney(null, 'GBP')).toBe('–');
    // Not an ISO currency code: the number with the code after it, never an exception.
    expect(formatMoney(3.5, 'X1')).toBe('3.5 X1');
  });

  it('uses the French narrow no-break space between groups', async () => {
    expect((await formatIn('fr-FR')).formatQuantity(1234567.25)).toBe('1\u202f234\u202f567,25');
  });

  it('shows a dash for missing or non-finite quantities', async () => {
    const { formatQuantity } = await formatIn('en-GB');
    for (const missing of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatQuantity(missing)).toBe('–');
  });

  it('writes dates in the locale’s medium style', async () => {
    expect((await formatIn('en-GB')).formatDate('2024-03-05')).toBe('5 Mar 2024');
    expect((await formatIn('en-US')).formatDate('2024-03-05')).toBe('Mar 5, 2024');
    expect((await formatIn('de-DE')).formatDate('2024-03-05')).toBe('05.03.2024');
  });

  it('takes the calendar day of a timestamp, whatever its time or offset', async () => {
    const { formatDate } = await formatIn('en-GB');
    expect(formatDate('2024-12-31T23:30:00-05:00')).toBe('31 Dec 2024');
    expect(formatDate('2024-01-01T00:10:00+09:00')).toBe('1 Jan 2024');
  });

  it('shows a dash for a missing date', async () => {
    const { formatDate } = await formatIn('en-GB');
    expect(formatDate(null)).toBe('–');
    expect(formatDate('')).toBe('–');
  });

  it('falls back to British English where there is no navigator', async () => {
    const { formatDate, formatQuantity } = await formatIn(undefined);
    expect(formatQuantity(9876.5)).toBe('9,876.5');
    expect(formatDate('2024-07-01')).toBe('1 Jul 2024');
  });
});
