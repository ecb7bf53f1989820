import { afterAll, describe, expect, it } from 'vitest';
import { previewImportFile, readImportFile } from '../../../app/import/reader';
import type { ImportBatch, SalesRecord } from '../../../app/import/types';
import { fixture, latin1, readAll, TempFiles, utf16, withoutRows } from './fileHelpers';

const temp = new TempFiles();
afterAll(() => temp.remove());

describe('sales rules and duplicates', () => {
  it('counts cancellations, negative adjustments, zero-price lines and duplicates, keeps postage', async () => {
    const { records, summary } = await readAll(fixture('sales-rules.csv'));
    expect(summary.rowsRead).toBe(7);
    expect(summary.skipped).toEqual({ cancellation: 1, negativeQuantity: 1, zeroPriceAdjustment: 1, blankRow: 0 });
    expect(summary.duplicates).toBe(1);
    expect(summary.errorCount).toBe(0);
    expect(records.map((record) => (record as SalesRecord).item)).toEqual(['85123A', 'POST', '22423']);
    expect(records[0]).toMatchObject({ date: '2010-12-01', time: '08:26:00', quantity: 6, unitPrice: 2.55, orderNumber: '536365', customer: '17850', row: 2 });
    expect(records[2]).not.toHaveProperty('customer');
    expect(summary).toMatchObject({ accepted: 3, items: 3, dateFrom: '2010-12-01', dateTo: '2010-12-02' });
  });

  it('honours a cancellation column', async () => {
    const { records, summary } = await readAll(fixture('cancel-column.csv'));
    expect(summary.skipped.cancellation).toBe(1);
    expect(records.map((record) => record.row)).toEqual([2, 4]);
  });

  it('gives the same key to the same line in another file', async () => {
    const line = '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom';
    const other = temp.write('other.csv', `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536999,X,Y,1,2011-01-01 00:00:00,1,1,UK\n${line}\n`);
    const first = await readAll(fixture('sales-rules.csv'));
    const second = await readAll(other);
    expect(second.records[1].key).toBe(first.records[0].key);
    expect(second.records[1].row).toBe(3);
  });
});

describe('errors name file, row, column, value and expectation', () => {
  it('reports bad dates, non-numeric quantities and empty items, and drops those rows whole', async () => {
    const path = fixture('sales-errors.csv');
    const { records, summary } = await readAll(path);
    expect(records.map((record) => record.row)).toEqual([2, 7]);
    expect(summary.errorCount).toBe(5);
    expect(summary.errors[0]).toEqual({
      file: path, row: 3, column: 'Date', value: '2024-13-05', expected: 'a date such as 2024-03-31 or 31/03/2024',
      message: 'date is not a date in column "Date", row 3',
    });
    expect(summary.errors.map((error) => [error.row, error.column, error.value])).toEqual([
      [3, 'Date', '2024-13-05'], [4, 'Qty', 'lots'], [5, 'SKU', ''], [6, 'Date', 'not a date'], [6, 'Qty', 'x'],
    ]);
  });

  it('reports missing required columns by field when the kind is given', async () => {
    const path = fixture('missing-columns.csv');
    const { records, summary } = await readAll(path, { kind: 'sales' });
    expect(records).toEqual([]);
    expect(summary.errors.map((error) => error.column)).toEqual(['item', 'quantity']);
    expect(summary.errors[0]).toMatchObject({ file: path, row: 1 });
    const undetected = await readAll(path);
    expect(undetected.summary.errors[0].message).toMatch(/cannot tell what this file holds/);
    const preview = await previewImportFile(path, { kind: 'sales' });
    expect(preview.ok && preview.value.missingFields).toEqual(['item', 'quantity']);
  });

  it('rejects header-only, empty, binary and PDF files with a clear message', async () => {
    const cases: [string, RegExp][] = [
      [fixture('header-only.csv'), /header row but no data/],
      [temp.write('empty.csv', ''), /empty/],
      [temp.write('blank.csv', '\n\n  \n'), /empty/],
      [temp.write('image.csv', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48])), /binary/],
      [temp.write('report.xlsx', '%PDF-1.7\n%âãÏÓ\n1 0 obj'), /PDF/],
      [temp.write('old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), /legacy Excel/],
      [temp.write('broken.xlsx', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])), /workbook|worksheet/],
      [`${temp.dir}/does-not-exist.csv`, /cannot open/],
    ];
    for (const [path, message] of cases) {
      const { records, summary } = await readAll(path);
      expect(records, path).toEqual([]);
      expect(summary.errorCount, path).toBeGreaterThan(0);
      expect(summary.errors[0].message, path).toMatch(message);
      expect(summary.errors[0].file).toBe(path);
      const preview = await previewImportFile(path);
      expect(preview.ok, path).toBe(false);
    }
  });

  it('keeps 100 errors in detail and counts them all', async () => {
    const lines = ['Date,SKU,Qty'];
    for (let index = 0; index < 250; index++) lines.push(`2024-01-01,A,bad${index}`);
    const { summary } = await readAll(temp.write('many-errors.csv', lines.join('\n')));
    expect(summary.errorCount).toBe(250);
    expect(summary.errors).toHaveLength(100);
    expect(summary.errors[99].row).toBe(101);
  });
});

describe('formats, encodings and delimiters', () => {
  const expectedRecords = [
    { date: '2024-01-31', item: 'Café', quantity: 1234.5 },
    { date: '2024-02-01', item: 'Crème', quantity: 2 },
  ];
  const text = 'Datum;Artikel;Menge\r\n31.01.2024;Café;1.234,5\r\n01.02.2024;Crème;2\r\n';

  it.each([
    ['utf-8', new TextEncoder().encode(text)],
    ['utf-8 with BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])],
    ['utf-16le', utf16(text, 'le')],
    ['utf-16be', utf16(text, 'be')],
    ['windows-1252', latin1(text)],
  ])('reads %s the same way', async (encoding, bytes) => {
    const path = temp.write(`enc-${encoding}.csv`, bytes);
    const preview = await previewImportFile(path);
    expect(preview.ok && preview.value.encoding).toBe(encoding === 'utf-8 with BOM' ? 'utf-8' : encoding);
    expect(preview.ok && preview.value.headers).toEqual(['Datum', 'Artikel', 'Menge']);
    const { records, summary } = await readAll(path);
    expect(summary.errorCount).toBe(0);
    expect((records as SalesRecord[]).map(({ date, item, quantity }) => ({ date, item, quantity }))).toEqual(expectedRecords);
  });

  it('detects comma, semicolon, tab and pipe files with their date orders and decimal styles', async () => {
    const german = await readAll(fixture('german-semicolon.csv'));
    expect(german.records.map((record) => [(record as SalesRecord).quantity, (record as SalesRecord).unitPrice])).toEqual([[1234, 1234.5], [2, 0.99], [3.5, 12]]);
    const spanish = await previewImportFile(fixture('spanish-tab.csv'));
    expect(spanish.ok && [spanish.value.delimiter, spanish.value.dateOrder, spanish.value.mapping.item]).toEqual(['\t', 'dmy', 'Artículo']);
    const us = await readAll(fixture('us-pipe.csv'));
    expect(us.records.map((record) => (record as SalesRecord).date)).toEqual(['2024-03-04', '2024-04-13']);
  });

  it('reports a column of ambiguous dates and uses the dateOrder option', async () => {
    const path = fixture('ambiguous-dates.csv');
    const preview = await previewImportFile(path);
    expect(preview.ok && preview.value.dateOrder).toBeUndefined();
    expect(preview.ok && preview.value.ambiguities[0]).toMatch(/both day\/month and month\/day/);
    const dayFirst = await readAll(path, { dateOrder: 'dmy' });
    const monthFirst = await readAll(path, { dateOrder: 'mdy' });
    expect(dayFirst.records.map((record) => (record as SalesRecord).date)).toEqual(['2024-04-03', '2024-06-05']);
    expect(monthFirst.records.map((record) => (record as SalesRecord).date)).toEqual(['2024-03-04', '2024-05-06']);
    expect(monthFirst.summary.warnings[0]).toMatch(/using mdy/);
  });

  it('decides the date order from a value far down the column (second pass)', async () => {
    const lines = ['Date,SKU,Qty'];
    for (let index = 0; index < 3000; index++) lines.push('01/02/2024,A,1');
    lines.push('02/13/2024,A,1');
    const { records, summary } = await readAll(temp.write('late-decider.csv', lines.join('\n')));
    expect(summary.warnings).toEqual([]);
    expect((records[0] as SalesRecord).date).toBe('2024-01-02');
    expect(summary.duplicates).toBe(2999);
  });

  it('keeps quoted fields with newlines, delimiters and quotes across chunk boundaries', async () => {
    for (const chunkBytes of [1, 7, 1 << 20]) {
      const { records, summary } = await readAll(fixture('quoted-newlines.csv'), { chunkBytes });
      expect(summary.errorCount, String(chunkBytes)).toBe(0);
      expect(records.map((record) => [record.row, (record as SalesRecord).item]), String(chunkBytes)).toEqual([[2, 'A1'], [3, 'A2'], [4, 'A3']]);
    }
    const preview = await previewImportFile(fixture('quoted-newlines.csv'));
    expect(preview.ok && preview.value.sampleRows[0][1]).toBe('first line\nsecond line, with comma');
    expect(preview.ok && preview.value.sampleRows[1][1]).toBe('quote "inside"');
  });

  it('reports an unterminated quote as an error of its row', async () => {
    const { summary } = await readAll(temp.write('open-quote.csv', 'Date,SKU,Qty\n2024-01-01,A,1\n2024-01-02,"B,2\n'));
    expect(summary.errorCount).toBe(1);
    expect(summary.errors[0].row).toBe(3);
  });
});

describe('layouts and kinds', () => {
  it('unpivots the wide daily layout, skipping blank cells', async () => {
    const { records, summary } = await readAll(fixture('wide-daily.csv'));
    expect(withoutRows(records).map((record) => {
      const sale = record as SalesRecord;
      return [sale.item, sale.date, sale.quantity, sale.periodDays];
    })).toEqual([
      ['W1', '2024-01-01', 3, 1], ['W1', '2024-01-03', 5, 1], ['W2', '2024-01-01', 0, 1], ['W2', '2024-01-02', 2, 1], ['W2', '2024-01-03', 1, 1],
    ]);
    expect(summary).toMatchObject({ rowsRead: 2, accepted: 5, items: 2 });
  });

  it('unpivots ISO-week columns as weekly totals and drops a row with a bad cell whole', async () => {
    const { records, summary } = await readAll(fixture('wide-weekly.csv'));
    expect(records.map((record) => [(record as SalesRecord).item, (record as SalesRecord).date, (record as SalesRecord).periodDays])).toEqual([
      ['K1', '2024-01-01', 7], ['K1', '2024-01-08', 7],
    ]);
    expect(summary.errors[0]).toMatchObject({ row: 3, column: '2024-W02', value: 'x' });
  });

  it('reads items with percentages, currency codes and range checks', async () => {
    const { records, summary } = await readAll(fixture('items.csv'));
    expect(summary.kind).toBe('items');
    expect(records[0]).toMatchObject({ item: 'A1', currency: 'EUR', unitCost: 2.5, holdingCostRate: 0.25, serviceLevel: 0.95, orderMultiple: 5, leadTimeDays: 14 });
    expect(records[1]).toMatchObject({ item: 'A2', unitCost: 1200, holdingCostRate: 0.2 });
    expect(summary.errors.map((error) => error.column).sort()).toEqual(['Currency', 'Lead time days', 'Pack size', 'Service level', 'Unit cost']);
    expect(summary.errors.every((error) => error.row === 4)).toBe(true);
  });

  it('reads inventory and open orders with their own synonyms', async () => {
    const inventory = await readAll(fixture('inventory-de.csv'));
    expect(inventory.summary.kind).toBe('inventory');
    expect(withoutRows(inventory.records).map(({ key: _key, ...rest }) => rest)).toEqual([
      { kind: 'inventory', item: 'A1', quantity: 120, asOfDate: '2024-03-31' },
      { kind: 'inventory', item: 'A2', quantity: 0, asOfDate: '2024-03-31' },
    ]);
    const orders = await readAll(fixture('open-orders.csv'));
    expect(orders.summary.kind).toBe('open-orders');
    expect(orders.records.map((record) => record.row)).toEqual([2, 4]);
    expect(orders.records[1]).toMatchObject({ poNumber: 'PO-2', expectedDate: '2024-04-15', supplier: 'Acme' });
    expect(orders.summary.errors[0]).toMatchObject({ row: 3, column: 'Qty ordered', value: '0' });
  });

  it('applies an explicit mapping', async () => {
    const path = temp.write('odd-headers.csv', 'When,What,How many\n2024-01-01,A,3\n');
    const { records } = await readAll(path, { kind: 'sales', mapping: { date: 'When', item: 'What', quantity: 'How many' } });
    expect(records[0]).toMatchObject({ date: '2024-01-01', item: 'A', quantity: 3 });
  });
});

describe('streaming', () => {
  it('yields batches while reading, reports progress, and ends with the summary', async () => {
    const lines = ['Date,SKU,Qty'];
    for (let index = 0; index < 2500; index++) lines.push(`2024-01-${String(1 + (index % 28)).padStart(2, '0')},I${index % 50},${index}`);
    const path = temp.write('batches.csv', lines.join('\n'));
    const progress: number[] = [];
    const batches: ImportBatch[] = [];
    for await (const batch of readImportFile(path, { batchSize: 1000, chunkBytes: 4096, onProgress: (bytesRead) => progress.push(bytesRead) })) batches.push(batch);
    expect(batches.map((batch) => batch.records.length)).toEqual([1000, 1000, 500]);
    expect(batches.slice(0, -1).every((batch) => batch.summary === undefined)).toBe(true);
    expect(batches.at(-1)?.summary).toMatchObject({ rowsRead: 2500, accepted: 2500, items: 50, dateFrom: '2024-01-01', dateTo: '2024-01-28' });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(lines.join('\n').length);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });
});
