import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { neutraliseFormula, toCsv } from '../../../app/orders/csv';

describe('CSV export', () => {
  it('neutralises text that a spreadsheet would run as a formula', () => {
    for (const dangerous of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tX', '\rY']) expect(neutraliseFormula(dangerous)).toBe(`'${dangerous}`);
    expect(neutraliseFormula('Heart holder')).toBe('Heart holder');
  });

  it('quotes separators, quotes and newlines and reads back identically', () => {
    const rows = [['Item', 'Description', 'Qty'], ['A"1', 'line one\nline two, with comma', 12], ['=HYPERLINK("x")', null, -3.5]];
    const text = toCsv(rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { newline: '\r\n', skipEmptyLines: true }).data;
    expect(parsed[1]).toEqual(['A"1', 'line one\nline two, with comma', '12']);
    expect(parsed[2]).toEqual([`'=HYPERLINK("x")`, '', '-3.5']);
  });
});
