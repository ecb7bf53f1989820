import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateDailyDemand } from '../../../app/import/aggregate';
import type { ImportRecord, ImportSummary, SalesRecord } from '../../../app/import/types';
import { readAll } from './fileHelpers';

const DATA = join(__dirname, '../../../../shared/data');
const CSV = join(DATA, 'online_retail_uci_top15.csv');
const XLSX = join(DATA, 'online_retail_uci_top15.xlsx');

let fromCsv: { records: ImportRecord[]; summary: ImportSummary };
let fromXlsx: { records: ImportRecord[]; summary: ImportSummary };

beforeAll(async () => {
  fromCsv = await readAll(CSV);
  fromXlsx = await readAll(XLSX);
});

describe('UCI Online Retail subset (../shared/data)', () => {
  it('finds both files', () => {
    expect(existsSync(CSV) && existsSync(XLSX)).toBe(true);
  });

  it('counts what the README describes', () => {
    const { summary } = fromCsv;
    expect(summary.errors).toEqual([]);
    expect(summary.rowsRead).toBe(23633);
    expect(summary.items).toBe(15);
    expect([summary.dateFrom, summary.dateTo]).toEqual(['2010-12-01', '2011-12-09']);
    expect(summary.duplicates).toBe(161);
    // 698 cancellation lines, of which 2 are exact duplicates of another cancellation line:
    // duplicates are removed first, so 696 distinct cancellations remain.
    expect(summary.skipped.cancellation).toBe(696);
    expect(summary.skipped.negativeQuantity).toBe(7);
    // 26 lines at price 0: the 7 negative adjustments above and 19 positive ones (the +100 mailout,
    // samples, postage and other corrections), all skipped as stock adjustments.
    expect(summary.skipped.zeroPriceAdjustment).toBe(19);
    expect(summary.accepted).toBe(23633 - 161 - 696 - 7 - 19);
  });

  it('matches an independent reading of the CSV', () => {
    const rows = Papa.parse<string[]>(readFileSync(CSV, 'utf8').trim()).data.slice(1);
    const distinct = [...new Set(rows.map((row) => JSON.stringify(row)))].map((text) => JSON.parse(text) as string[]);
    expect(distinct).toHaveLength(23633 - 161);
    expect(distinct.filter((row) => row[0].startsWith('C'))).toHaveLength(696);
    const demand = distinct.filter((row) => !row[0].startsWith('C') && Number(row[3]) > 0 && Number(row[5]) !== 0);
    const mailout = distinct.filter((row) => row[2] === 'mailout');
    expect(mailout).toHaveLength(1);
    expect(mailout[0][3]).toBe('100');
    const totalUnits = demand.reduce((sum, row) => sum + Number(row[3]), 0);
    expect(fromCsv.records.reduce((sum, record) => sum + (record as SalesRecord).quantity, 0)).toBe(totalUnits);
  });

  it('gives identical records and identical daily demand from the CSV and the XLSX', () => {
    expect(fromXlsx.summary.errors).toEqual([]);
    expect({ ...fromXlsx.summary, file: '' }).toEqual({ ...fromCsv.summary, file: '' });
    expect(fromXlsx.records).toEqual(fromCsv.records);
    const daily = aggregateDailyDemand(fromCsv.records);
    expect(aggregateDailyDemand(fromXlsx.records)).toEqual(daily);
    expect(new Set(daily.map((day) => day.item)).size).toBe(15);
    expect(daily.every((day) => day.quantity > 0)).toBe(true);
  });
});
