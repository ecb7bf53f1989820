/**
 * Rows of a workbook: exceljs's streaming WorkbookReader; cell values are reduced to plain values
 * (rich text → text, formulas → cached result, hyperlinks → text). exceljs takes most of a second
 * to load, so it is loaded here, when the first workbook is read, and never for a text file.
 */
import { createReadStream } from 'node:fs';
import { FileReadError } from './sources';
import { worksheetsLast } from './zipEntryOrder';
import { sheetRows, sheetSource } from './xlsxSheetRows';
import type { SheetRow } from './xlsxSheetRows';
import type { RowChunk, SourceOptions } from './sources';
import type { RawCell } from './types';

const XLSX_ROWS_PER_CHUNK = 500;

/** One exceljs cell value as a plain value. */
export function plainCellValue(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const cell = value as Record<string, unknown>;
    if (Array.isArray(cell.richText)) return (cell.richText as { text: string }[]).map((part) => part.text).join('');
    if ('formula' in cell || 'sharedFormula' in cell) return plainCellValue(cell.result);
    if ('error' in cell) return String(cell.error);
    if ('text' in cell) return plainCellValue(cell.text);
  }
  return String(value);
}

/** exceljs, loaded once per thread (a warm parse worker loads it before its job arrives). */
export async function loadExcelJs(): Promise<typeof import('exceljs')> {
  return (await import('exceljs')).default as unknown as typeof import('exceljs');
}

/**
 * A worksheet's rows: decoded from exceljs's SAX events (xlsxSheetRows.ts), or — when its reader is
 * not shaped as expected, or `exceljsRows` asks for it — through exceljs's Row objects.
 */
async function* worksheetRows(worksheet: unknown, exceljsRows: boolean): AsyncGenerator<SheetRow[]> {
  const source = exceljsRows ? undefined : sheetSource(worksheet);
  if (source !== undefined) {
    yield* sheetRows(source, plainCellValue);
    return;
  }
  for await (const row of worksheet as AsyncIterable<{ values: unknown; number: number }>) {
    const values = row.values as unknown[];
    const cells = new Array<RawCell>(Math.max(0, values.length - 1));
    for (let column = 1; column < values.length; column++) cells[column - 1] = plainCellValue(values[column]);
    yield [{ number: row.number, cells }];
  }
}

/** How a workbook is read; tests compare the ways. */
export interface XlsxReading {
  /** Through exceljs's Row objects instead of xlsxSheetRows.ts. */
  exceljsRows?: boolean;
  /** The zip's entries in the order they are stored (worksheets are otherwise read last). */
  entriesAsStored?: boolean;
}

export async function* xlsxRows(path: string, options: SourceOptions & XlsxReading): AsyncGenerator<RowChunk> {
  const ExcelJS = await loadExcelJs();
  // Worksheets after the shared strings, so that exceljs decodes them as they are inflated instead
  // of through a temporary file (zipEntryOrder.ts); the file as it is when that cannot be done.
  const reordered = options.entriesAsStored === true ? undefined : await worksheetsLast(path).catch(() => undefined);
  const input = reordered ?? createReadStream(path, { highWaterMark: options.chunkBytes ?? 64 * 1024 });
  let bytesRead = 0;
  input.on('data', (buffer: Buffer) => { bytesRead += buffer.length; });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  const names: string[] = [];
  let found = false;
  let sheetsReported = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      names.push(name);
      // workbook.xml (all sheet names) normally precedes the sheets in the zip: report them early
      // so a preview that stops after a few rows still lists every sheet.
      const declared = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets;
      if (!sheetsReported && declared !== undefined && declared.length > 0) {
        sheetsReported = true;
        options.onSheets?.(declared.map((sheet) => sheet.name));
      }
      const wanted = options.sheet === undefined ? !found : name === options.sheet;
      if (!wanted || found) {
        // Drain a sheet we skip: exceljs deletes a buffered sheet's temporary file as soon as we
        // move on, and an unread sheet's file stream would then open a deleted file (uncaught ENOENT).
        for await (const _row of worksheet) void _row;
        continue;
      }
      found = true;
      let rows: RawCell[][] = [];
      let rowNumbers: number[] = [];
      for await (const sheetRows of worksheetRows(worksheet, options.exceljsRows === true)) {
        for (const sheetRow of sheetRows) {
          rows.push(sheetRow.cells);
          rowNumbers.push(sheetRow.number);
          if (rows.length >= XLSX_ROWS_PER_CHUNK) {
            yield { rows, rowNumbers, bytesRead };
            rows = [];
            rowNumbers = [];
          }
        }
      }
      if (rows.length > 0) yield { rows, rowNumbers, bytesRead };
      // No early `break`: abandoning exceljs's reader mid-workbook has the same effect.
    }
  } catch (cause) {
    if (cause instanceof FileReadError) throw cause;
    throw new FileReadError(`the workbook cannot be read: ${(cause as Error).message}`);
  } finally {
    input.destroy();
  }
  if (!sheetsReported) options.onSheets?.(names);
  if (!found) {
    throw new FileReadError(options.sheet === undefined
      ? 'the workbook has no worksheet'
      : `there is no sheet "${options.sheet}" in the workbook (sheets: ${names.join(', ')})`);
  }
}
