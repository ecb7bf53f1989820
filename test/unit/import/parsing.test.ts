import { describe, expect, it } from 'vitest';
import { DateOrderDetector, dateOrderEvidence, excelSerialToDate, parseDateValue } from '../../../app/import/dates';
import { isPercentText, NumberStyleDetector, numberStyleEvidence, parseNumberText } from '../../../app/import/numbers';
import { detectKind, normalizeHeader, resolveColumns } from '../../../app/import/columns';
import { detectDelimiter } from '../../../app/import/sniff';
import { KeySet } from '../../../app/common/keySet';
import { recordKey } from '../../../app/import/recordKey';
import { aggregateDailyDemand } from '../../../app/import/aggregate';
import { classifySalesLine, SALES_RULES_TEXT } from '../../../app/import/rules';
import type { SalesRecord } from '../../../app/import/types';

describe('parseDateValue (the one date parser)', () => {
  it('reads ISO text with and without time, and machine variants', () => {
    expect(parseDateValue('2024-03-31')).toEqual({ date: '2024-03-31', periodDays: 1 });
    expect(parseDateValue('2010-12-01 08:26:00')).toEqual({ date: '2010-12-01', time: '08:26:00', periodDays: 1 });
    expect(parseDateValue('2024-03-31T23:59:59Z')).toEqual({ date: '2024-03-31', time: '23:59:59', periodDays: 1 });
    expect(parseDateValue('2024/3/9 7:05')).toEqual({ date: '2024-03-09', time: '07:05:00', periodDays: 1 });
    expect(parseDateValue('20240229')).toEqual({ date: '2024-02-29', periodDays: 1 });
  });

  it('reads d/m/y and m/d/y by the given order, dotted dates day first, two-digit years', () => {
    expect(parseDateValue('03/04/2024', 'dmy')?.date).toBe('2024-04-03');
    expect(parseDateValue('03/04/2024', 'mdy')?.date).toBe('2024-03-04');
    expect(parseDateValue('31.01.2024', 'mdy')?.date).toBe('2024-01-31');
    expect(parseDateValue('5-6-24', 'dmy')?.date).toBe('2024-06-05');
    expect(parseDateValue('1/2/99', 'mdy')?.date).toBe('1999-01-02');
    expect(parseDateValue('12/31/2023 1:30 PM', 'mdy')).toEqual({ date: '2023-12-31', time: '13:30:00', periodDays: 1 });
  });

  it('reads month names, ISO weeks, Excel serials and date cells', () => {
    expect(parseDateValue('5 Jan 2024')?.date).toBe('2024-01-05');
    expect(parseDateValue('05-Sep-11')?.date).toBe('2011-09-05');
    expect(parseDateValue('Jan 5, 2024')?.date).toBe('2024-01-05');
    expect(parseDateValue('2024-W01')).toEqual({ date: '2024-01-01', periodDays: 7 });
    expect(parseDateValue('2021W01')).toEqual({ date: '2021-01-04', periodDays: 7 });
    expect(parseDateValue('2020-W53')?.date).toBe('2020-12-28');
    expect(parseDateValue('2021-W53')).toBeUndefined();
    expect(parseDateValue(45383)).toEqual({ date: '2024-04-01', periodDays: 1 });
    expect(parseDateValue(40513.35)).toEqual({ date: '2010-12-01', time: '08:24:00', periodDays: 1 });
    expect(parseDateValue('45383')?.date).toBe('2024-04-01');
    expect(excelSerialToDate(12)).toBeUndefined();
    expect(parseDateValue(new Date(Date.UTC(2011, 4, 6, 13, 29)))).toEqual({ date: '2011-05-06', time: '13:29:00', periodDays: 1 });
  });

  it('rejects impossible dates and non-dates', () => {
    for (const text of ['2024-02-30', '2023-02-29', '31/31/2024', '2024-13-05', 'tomorrow', '', '12', '1/2/345', '25:00 2024-01-01']) {
      expect(parseDateValue(text), text).toBeUndefined();
    }
    expect(parseDateValue('2024-01-01 24:00:00')).toBeUndefined();
    expect(parseDateValue(null)).toBeUndefined();
  });

  it('decides d/m versus m/d from a whole column and reports ambiguity and conflicts', () => {
    expect(dateOrderEvidence('13/01/2024')).toBe('dmy');
    expect(dateOrderEvidence('01/13/2024')).toBe('mdy');
    expect(dateOrderEvidence('01/02/2024')).toBe('either');
    expect(dateOrderEvidence('2024-01-02')).toBe('ymd');
    const deciding = new DateOrderDetector();
    for (const value of ['01/02/2024', '03/04/2024', '12/25/2024']) deciding.observe(value);
    expect(deciding.decided).toBe('mdy');
    expect(deciding.ambiguous).toBe(false);
    const ambiguous = new DateOrderDetector();
    for (const value of ['01/02/2024', '03/04/2024']) ambiguous.observe(value);
    expect(ambiguous.decided).toBeUndefined();
    expect(ambiguous.ambiguous).toBe(true);
    const conflicting = new DateOrderDetector();
    for (const value of ['13/01/2024', '01/13/2024']) conflicting.observe(value);
    expect(conflicting.conflicting).toBe(true);
    expect(conflicting.decided).toBeUndefined();
  });
});

describe('parseNumberText', () => {
  it('reads point and comma decimals with thousands separators', () => {
    expect(parseNumberText('1,234.5', 'point')).toBe(1234.5);
    expect(parseNumberText('1.234,5', 'comma')).toBe(1234.5);
    expect(parseNumberText('1 234,5', 'comma')).toBe(1234.5);
    expect(parseNumberText("1'234.50", 'point')).toBe(1234.5);
    expect(parseNumberText('0,99', 'comma')).toBe(0.99);
    expect(parseNumberText('-12', 'point')).toBe(-12);
    expect(parseNumberText('12-', 'point')).toBe(-12);
    expect(parseNumberText('(3.50)', 'point')).toBe(-3.5);
    expect(parseNumberText('€ 2,50', 'comma')).toBe(2.5);
    expect(parseNumberText('1e3', 'point')).toBe(1000);
  });

  it('reads percentages as fractions and says so', () => {
    expect(parseNumberText('25%', 'point')).toBe(0.25);
    expect(parseNumberText('12,5 %', 'comma')).toBe(0.125);
    expect(isPercentText('12,5 % ')).toBe(true);
    expect(isPercentText('12.5')).toBe(false);
  });

  it('rejects text that is not a number or contradicts the column style', () => {
    for (const text of ['', 'lots', '1.2.3x', '--1', '1,5']) expect(parseNumberText(text, 'point'), text).toBeUndefined();
    expect(parseNumberText('1.5', 'comma')).toBeUndefined();
  });

  it('decides the decimal separator per column', () => {
    expect(numberStyleEvidence('1,5')).toBe('comma');
    expect(numberStyleEvidence('1.234,5')).toBe('comma');
    expect(numberStyleEvidence('1,234.5')).toBe('point');
    expect(numberStyleEvidence('1,234')).toBeUndefined();
    expect(numberStyleEvidence('1.234.567')).toBe('comma');
    const detector = new NumberStyleDetector();
    for (const value of ['1.234', '2', '3,5']) detector.observe(value);
    expect(detector.decided('point')).toBe('comma');
    expect(new NumberStyleDetector().decided('comma')).toBe('comma');
  });
});

describe('column mapping and kind detection', () => {
  it('normalises headers: case, spacing, punctuation, accents', () => {
    expect(normalizeHeader(' Invoice-Date ')).toBe('invoicedate');
    expect(normalizeHeader('Qté.')).toBe('qte');
    expect(normalizeHeader('Artículo')).toBe('articulo');
    expect(normalizeHeader('Stückzahl')).toBe('stuckzahl');
  });

  it('maps synonyms in several languages', () => {
    const cases: [string[], Record<string, number>][] = [
      [['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate'], { orderNumber: 0, item: 1, quantity: 2, date: 3 }],
      [['Datum', 'Artikel', 'Menge'], { date: 0, item: 1, quantity: 2 }],
      [['Fecha', 'Artículo', 'Cantidad'], { date: 0, item: 1, quantity: 2 }],
      [['Date', 'Produit', 'Quantité'], { date: 0, item: 1, quantity: 2 }],
      [['Datum', 'Artikelnummer', 'Aantal'], { date: 0, item: 1, quantity: 2 }],
      [['date', 'SKU', 'Units', 'Store'], { date: 0, item: 1, quantity: 2, location: 3 }],
    ];
    for (const [headers, expected] of cases) {
      const resolved = resolveColumns('sales', headers);
      expect(resolved.indexes, headers.join()).toEqual(expected);
      expect(resolved.missingFields).toEqual([]);
    }
  });

  it('lets an explicit mapping override detection and reports what is missing or wrong', () => {
    const resolved = resolveColumns('sales', ['When', 'What', 'Qty'], { date: 'When', item: 'what' });
    expect(resolved.indexes).toEqual({ date: 0, item: 1, quantity: 2 });
    const missing = resolveColumns('open-orders', ['SKU', 'Qty']);
    expect(missing.missingFields).toEqual(['poNumber', 'expectedDate']);
    const wrong = resolveColumns('sales', ['Date', 'SKU', 'Qty'], { colour: 'SKU', item: 'Nope' });
    expect(wrong.mappingProblems).toHaveLength(2);
  });

  it('detects the record kind from headers', () => {
    expect(detectKind(['Date', 'SKU', 'Qty'])).toBe('sales');
    expect(detectKind(['SKU', '2024-01-01', '2024-01-02'])).toBe('sales');
    expect(detectKind(['SKU', 'On hand', 'As of'])).toBe('inventory');
    expect(detectKind(['PO number', 'SKU', 'Qty', 'ETA'])).toBe('open-orders');
    expect(detectKind(['SKU', 'Supplier', 'Lead time'])).toBe('items');
    expect(detectKind(['Colour', 'Size'])).toBeUndefined();
  });

  it('detects the delimiter outside quotes', () => {
    expect(detectDelimiter('a;b;c\n"1,5";2;3\n4;5;6\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe('|');
    expect(detectDelimiter('name,note\n"x;y;z",1\n"p;q",2\n')).toBe(',');
  });
});

describe('record keys, rules and daily demand', () => {
  const sale = (fields: Partial<SalesRecord>): SalesRecord => ({
    kind: 'sales', key: '', row: 2, date: '2024-01-01', periodDays: 1, item: 'A', quantity: 1, ...fields,
  });

  it('keys depend on the fields only, not on row or prior key', () => {
    const a = recordKey(sale({ row: 2 }));
    expect(recordKey(sale({ row: 99, key: 'x' }))).toBe(a);
    expect(recordKey(sale({ quantity: 2 }))).not.toBe(a);
    expect(recordKey(sale({ description: '' }))).not.toBe(recordKey(sale({})));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('KeySet remembers 64-bit keys across growth', () => {
    const keys = new KeySet();
    for (let index = 0; index < 5000; index++) expect(keys.add(index * 7919, index)).toBe(true);
    for (let index = 0; index < 5000; index++) expect(keys.add(index * 7919, index)).toBe(false);
    expect(keys.size).toBe(5000);
  });

  it('classifies sales lines in the documented order', () => {
    expect(classifySalesLine({ orderNumber: 'C536379', quantity: -2, unitPrice: 2 }, false)).toBe('cancellation');
    expect(classifySalesLine({ orderNumber: 'CASH1', quantity: 2, unitPrice: 2 }, false)).toBe('demand');
    expect(classifySalesLine({ quantity: 2 }, true)).toBe('cancellation');
    expect(classifySalesLine({ quantity: -13, unitPrice: 0 }, false)).toBe('negativeQuantity');
    expect(classifySalesLine({ quantity: 100, unitPrice: 0 }, false)).toBe('zeroPriceAdjustment');
    expect(classifySalesLine({ quantity: 3 }, false)).toBe('demand');
    expect(SALES_RULES_TEXT).toMatch(/Cancellations/);
  });

  it('aggregates accepted sales per item per day, weekly totals spread over their week', () => {
    const demand = aggregateDailyDemand([
      sale({ item: 'B', quantity: 2 }), sale({ item: 'A', quantity: 1, time: '08:00' }), sale({ item: 'A', quantity: 4, time: '09:00' }),
      sale({ item: 'A', date: '2024-01-08', periodDays: 7, quantity: 70 }),
      { kind: 'inventory', key: '', row: 2, item: 'A', quantity: 5, asOfDate: '2024-01-01' },
    ]);
    expect(demand).toEqual([
      { item: 'A', date: '2024-01-01', quantity: 5 },
      ...['08', '09', '10', '11', '12', '13', '14'].map((day) => ({ item: 'A', date: `2024-01-${day}`, quantity: 10 })),
      { item: 'B', date: '2024-01-01', quantity: 2 },
    ]);
  });
});

describe('time normalisation', () => {
  it('writes times as HH:MM:SS and treats midnight as no time, so text and date cells agree', () => {
    expect(parseDateValue('2010-12-03 00:00:00')).toEqual({ date: '2010-12-03', periodDays: 1 });
    expect(parseDateValue('03/12/2010 00:00', 'dmy')).toEqual({ date: '2010-12-03', periodDays: 1 });
    expect(parseDateValue(new Date(Date.UTC(2010, 11, 3)))).toEqual({ date: '2010-12-03', periodDays: 1 });
    expect(parseDateValue('03/12/2010 8:26', 'dmy')).toEqual(parseDateValue(new Date(Date.UTC(2010, 11, 3, 8, 26))));
  });
});
