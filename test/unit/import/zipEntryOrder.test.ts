/**
 * Workbooks read with their worksheets last (zipEntryOrder.ts): the same sheets and rows as the
 * file read as stored, without exceljs's temporary copy of a worksheet met before the shared
 * strings; files it cannot follow are read as they are.
 */
import ExcelJS from 'exceljs';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxRows } from '../../../app/import/xlsxSource';
import type { RawCell } from '../../../app/import/types';
import { worksheetsLast } from '../../../app/import/zipEntryOrder';
import { storedZip } from './storedZip';
import { TempFiles } from './fileHelpers';

const temp = new TempFiles();
afterAll(() => temp.remove());

/** exceljs's temporary files of this process (the `tmp` package names them tmp-PID-…). */
const temporaryCopies = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));

async function read(path: string, sheet: string | undefined, entriesAsStored: boolean) {
  const rows: RawCell[][] = [];
  const numbers: number[] = [];
  let sheets: string[] = [];
  let copiesWhileReading: number | undefined;
  for await (const chunk of xlsxRows(path, { sheet, entriesAsStored, onSheets: (names) => { sheets = names; } })) {
    copiesWhileReading ??= temporaryCopies().length;
    rows.push(...chunk.rows);
    numbers.push(...chunk.rowNumbers);
  }
  return { rows, numbers, sheets, copiesWhileReading };
}

describe('worksheets read last', () => {
  let workbookPath = '';
  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    for (const name of ['Notes', 'Sales', 'Stock']) {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(['SKU', 'Date', 'Qty', 'Note']);
      for (let row = 0; row < 2_000; row++) sheet.addRow([`${name}-${row % 37}`, new Date(Date.UTC(2024, 0, 1 + (row % 300))), row % 11, `text ${row} ${name}`]);
    }
    workbookPath = temp.write('three-sheets.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
  });

  it('gives every sheet the same rows as the file read as stored, without a temporary copy', async () => {
    // exceljs writes the worksheets before the shared strings: reordering applies.
    expect(await worksheetsLast(workbookPath)).toBeDefined();
    for (const sheet of [undefined, 'Sales', 'Stock']) {
      const reordered = await read(workbookPath, sheet, false);
      const stored = await read(workbookPath, sheet, true);
      expect(reordered.rows).toHaveLength(2_001);
      expect({ ...reordered, copiesWhileReading: 0 }).toEqual({ ...stored, copiesWhileReading: 0 });
      expect(reordered.sheets).toEqual(['Notes', 'Sales', 'Stock']);
      expect(reordered.copiesWhileReading).toBe(0);
      expect(stored.copiesWhileReading).toBeGreaterThan(0);
    }
  });

  it('keeps every entry\'s bytes: the reordered stream holds the same bytes, rearranged', async () => {
    const stream = (await worksheetsLast(workbookPath))!;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const reordered = Buffer.concat(chunks);
    const original = readFileSync(workbookPath);
    expect(reordered.length).toBe(original.length);
    expect([...reordered].sort((a, b) => a - b)).toEqual([...original].sort((a, b) => a - b));
    expect(reordered.equals(original)).toBe(false);
  });

  it('reads the file as it is when the worksheets are last already, or it is not a zip it can follow', async () => {
    const sheetsLast = temp.write('sheets-last.zip', storedZip({ 'xl/workbook.xml': '<workbook/>', 'xl/sharedStrings.xml': '<sst/>', 'xl/worksheets/sheet1.xml': '<worksheet/>' }));
    expect(await worksheetsLast(sheetsLast)).toBeUndefined();
    const noSheets = temp.write('no-sheets.zip', storedZip({ 'a.txt': 'a', 'b.txt': 'b' }));
    expect(await worksheetsLast(noSheets)).toBeUndefined();
    const notZip = temp.write('not-a-zip.xlsx', 'Date,SKU,Qty\n2024-01-01,A,1\n');
    expect(await worksheetsLast(notZip)).toBeUndefined();
    const truncated = temp.write('truncated.xlsx', readFileSync(workbookPath).subarray(0, 5_000));
    expect(await worksheetsLast(truncated)).toBeUndefined();
  });
});
