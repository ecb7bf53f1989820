import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { SalesRecord } from '../../../app/import/types';
import { readAll, TempFiles } from './fileHelpers';

const temp = new TempFiles();
afterAll(() => temp.remove());

/** A sales sheet whose date column holds `dateCells` real date cells, then one text date. */
async function workbookWithLateTextDate(name: string, dateCells: number, textDate: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sales');
  sheet.addRow(['Date', 'SKU', 'Qty']);
  for (let index = 0; index < dateCells; index++) sheet.addRow([new Date(Date.UTC(2024, 0, 1 + (index % 28))), `A${index}`, 1]);
  sheet.addRow([textDate, 'LATE', 1]);
  return temp.write(name, new Uint8Array(await workbook.xlsx.writeBuffer()));
}

describe('a date column of real date cells (XLSX)', () => {
  it('is not scanned again for a text date: a late text date is read in the default day/month order', async () => {
    const path = await workbookWithLateTextDate('typed-then-dmy.xlsx', 2_000, '13/02/2024');
    const { records, summary } = await readAll(path);
    expect(summary.errorCount).toBe(0);
    expect(summary.warnings).toEqual([]);
    expect(records).toHaveLength(2_001);
    expect((records[0] as SalesRecord).date).toBe('2024-01-01');
    expect((records[2_000] as SalesRecord).date).toBe('2024-02-13');
  });

  it('reads a late ambiguous text date in the default day/month order, or in the chosen one', async () => {
    const path = await workbookWithLateTextDate('typed-then-either.xlsx', 2_000, '03/04/2024');
    const byDefault = await readAll(path);
    expect(byDefault.summary.errorCount).toBe(0);
    expect((byDefault.records[2_000] as SalesRecord).date).toBe('2024-04-03');
    // The column was not scanned for text dates, so this one value raises no column-wide question.
    expect(byDefault.summary.warnings).toEqual([]);
    const chosen = await readAll(path, { dateOrder: 'mdy' });
    expect((chosen.records[2_000] as SalesRecord).date).toBe('2024-03-04');
  });
});
