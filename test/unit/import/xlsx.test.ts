import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewImportFile } from '../../../app/import/reader';
import type { SalesRecord } from '../../../app/import/types';
import { readAll, TempFiles, withoutRows } from './fileHelpers';

const temp = new TempFiles();
let workbookPath = '';
let csvPath = '';

const CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID',
  '536365,85123,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850',
  '536366,85123A,RED HEART,12,2010-12-01 09:00:00,1.25,',
  'C536379,85123,WHITE HANGING HEART,-2,2010-12-02 10:15:00,2.55,17850',
  '536380,POST,POSTAGE,6,2010-12-03 00:00:00,18,12583',
].join('\n');

beforeAll(async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Notes').addRow(['This sheet is not data']);
  const sales = workbook.addWorksheet('Sales');
  sales.addRow(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID']);
  // Mixed types as a Python writer leaves them: numbers when all digits, text otherwise.
  sales.addRow([536365, 85123, 'WHITE HANGING HEART', 6, new Date(Date.UTC(2010, 11, 1, 8, 26)), 2.55, 17850]);
  sales.addRow([536366, '85123A', { richText: [{ text: 'RED ' }, { font: { bold: true }, text: 'HEART' }] }, { formula: '3*4', result: 12 }, new Date(Date.UTC(2010, 11, 1, 9, 0)), 1.25, null]);
  sales.addRow(['C536379', 85123, 'WHITE HANGING HEART', -2, new Date(Date.UTC(2010, 11, 2, 10, 15)), 2.55, 17850]);
  sales.addRow([536380, 'POST', 'POSTAGE', 6, new Date(Date.UTC(2010, 11, 3)), 18, 12583]);
  const wide = workbook.addWorksheet('Wide');
  wide.addRow(['SKU', new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 0, 2))]);
  wide.addRow([85123, 4, 5]);
  workbookPath = temp.write('sales.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
  csvPath = temp.write('sales.csv', CSV);
});
afterAll(() => temp.remove());

describe('XLSX reading', () => {
  it('lists sheets and previews the chosen one', async () => {
    const preview = await previewImportFile(workbookPath, { sheet: 'Sales' });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.value.format).toBe('xlsx');
    expect(preview.value.sheets).toEqual(['Notes', 'Sales', 'Wide']);
    expect(preview.value.sheet).toBe('Sales');
    expect(preview.value.detectedKind).toBe('sales');
    expect(preview.value.sampleRows[0]).toEqual(['536365', '85123', 'WHITE HANGING HEART', '6', '2010-12-01 08:26:00', '2.55', '17850']);
    expect(preview.value.sampleRows[1][2]).toBe('RED HEART');
  });

  it('gives the same records as the CSV of the same data (dates, mixed types, rich text, formulas)', async () => {
    const fromXlsx = await readAll(workbookPath, { sheet: 'Sales' });
    const fromCsv = await readAll(csvPath);
    expect(fromXlsx.summary.errors).toEqual([]);
    expect(fromXlsx.records).toEqual(fromCsv.records);
    expect(fromXlsx.records.map((record) => (record as SalesRecord).item)).toEqual(['85123', '85123A', 'POST']);
    expect(fromXlsx.records[1]).toMatchObject({ quantity: 12, description: 'RED HEART', time: '09:00:00' });
    expect(fromXlsx.summary.skipped.cancellation).toBe(1);
  });

  it('reads the first sheet by default and fails clearly on an unknown sheet', async () => {
    const first = await readAll(workbookPath);
    expect(first.summary.errors[0].message).toMatch(/header row but no data/);
    const missing = await readAll(workbookPath, { sheet: 'Nope' });
    expect(missing.summary.errors[0].message).toMatch(/no sheet "Nope".*Notes, Sales, Wide/);
  });

  it('unpivots a wide sheet whose headers are date cells', async () => {
    const { records } = await readAll(workbookPath, { sheet: 'Wide' });
    expect(withoutRows(records).map((record) => [(record as SalesRecord).item, (record as SalesRecord).date, (record as SalesRecord).quantity])).toEqual([
      ['85123', '2024-01-01', 4], ['85123', '2024-01-02', 5],
    ]);
  });
});
