/**
 * Everything decided before records are produced: file format, header row, record kind, column
 * mapping, date order and decimal style per column. Decisions look at the first DECISION_ROWS
 * data rows (kept and replayed, so nothing is read twice); only a column of text dates that is
 * still undecided after them is scanned further, from a second pass that stops as soon as a value
 * decides it.
 */
import { detectKind, FIELD_SPECS, headerTexts, resolveColumns } from './columns';
import type { ResolvedColumns } from './columns';
import { DateOrderDetector } from './dates';
import { NumberStyleDetector } from './numbers';
import type { NumberStyle } from './numbers';
import { isBlankRow } from './records';
import type { ColumnFormats } from './records';
import { sniffFile } from './sniff';
import type { SniffedFile } from './sniff';
import { FileReadError, readRows } from './sources';
import type { CsvLineSink, RowChunk } from './sources';
import type { DateOrder, ImportError, ImportOptions, RawCell, RecordKind, Result } from './types';

const DECISION_ROWS = 1000;
const DATE_FIELDS = ['date', 'asOfDate', 'expectedDate'];
const TEXT_FIELDS = new Set(['item', 'location', 'orderNumber', 'customer', 'description', 'supplier', 'currency', 'poNumber', 'cancelled']);

export interface PreparedImport {
  sniffed: SniffedFile;
  sheets?: string[];
  headerRow: RawCell[];
  headers: string[];
  headerRowNumber: number;
  kind: RecordKind | undefined;
  columns: ResolvedColumns | undefined;
  formats: ColumnFormats;
  /** What the columns said about date order before any option was applied. */
  detectedDateOrder: DateOrder | 'ymd' | undefined;
  ambiguities: string[];
  /** Data rows already read (after the header), replayed before `rest`. */
  buffered: RowChunk[];
  rest: AsyncGenerator<RowChunk>;
  /** Where `rest` hands whole lines of a text file to a fast path, once one is set (sources.ts). */
  lines: CsvLineSink;
  exhausted: boolean;
}

function fileError(file: string, message: string, extra: Partial<ImportError> = {}): { ok: false; error: ImportError } {
  return { ok: false, error: { file, message, ...extra } };
}

/** Reads the header and the rows that decide formats. Never throws for bad input. */
export async function prepareImport(path: string, options: ImportOptions): Promise<Result<PreparedImport>> {
  const sniffedResult = await sniffFile(path);
  if (!sniffedResult.ok) return sniffedResult;
  const sniffed = sniffedResult.value;
  let sheets: string[] | undefined;
  const lines: CsvLineSink = {};
  const source = readRows(path, sniffed, {
    sheet: options.sheet, chunkBytes: options.chunkBytes, inWorker: options.rowsInWorker, onSheets: (names) => { sheets = names; }, lines,
  });
  let headerRow: RawCell[] | undefined;
  let headerRowNumber = 0;
  const buffered: RowChunk[] = [];
  let bufferedRows = 0;
  let exhausted = false;
  try {
    while (bufferedRows < DECISION_ROWS) {
      const next = await source.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      let chunk = next.value;
      if (headerRow === undefined) {
        const headerIndex = chunk.rows.findIndex((row) => !isBlankRow(row));
        if (headerIndex < 0) continue;
        headerRow = chunk.rows[headerIndex];
        headerRowNumber = chunk.rowNumbers[headerIndex];
        chunk = sliceChunk(chunk, headerIndex + 1);
      }
      buffered.push(chunk);
      bufferedRows += chunk.rows.length;
    }
  } catch (cause) {
    await source.return(undefined);
    if (cause instanceof FileReadError) return fileError(path, cause.message);
    throw cause;
  }
  if (headerRow === undefined) {
    await source.return(undefined);
    return fileError(path, 'the file is empty: no header row and no data');
  }
  if (exhausted && buffered.every((chunk) => chunk.rows.every(isBlankRow))) {
    return fileError(path, 'the file has a header row but no data rows', { row: headerRowNumber });
  }
  const headers = headerTexts(headerRow);
  const kind = options.kind ?? detectKind(headerRow);
  const columns = kind === undefined ? undefined : resolveColumns(kind, headerRow, options.mapping);
  const ambiguities: string[] = [];
  const detector = new DateOrderDetector();
  const dateColumn = columns === undefined ? undefined : DATE_FIELDS.map((field) => columns.indexes[field]).find((index) => index !== undefined);
  if (columns !== undefined && columns.periodColumns.length > 0) {
    for (const index of columns.periodColumns) detector.observe(headerRow[index]);
  } else if (dateColumn !== undefined) {
    let textDates = false;
    for (const chunk of buffered) {
      for (const row of chunk.rows) {
        const cell = row[dateColumn];
        if (typeof cell === 'string') textDates = true;
        detector.observe(cell);
      }
    }
    // Only text dates can leave the order undecided. A column whose first rows are real date cells
    // (as spreadsheet programs save dates) is not scanned again: that second pass read the whole
    // workbook twice and doubled the time of an XLSX import. A text date further down such a
    // column is read in the default (or chosen) order, and an error names it if it does not fit.
    if (textDates && !detector.settled && !exhausted && options.dateOrder === undefined) {
      const scanned = await scanDateColumn(path, sniffed, options, dateColumn, headerRowNumber, detector);
      if (!scanned.ok) {
        await source.return(undefined);
        return scanned;
      }
    }
  }
  const dateColumnName = columns !== undefined && columns.periodColumns.length > 0 ? 'the date headers' : `column "${headers[dateColumn ?? 0]}"`;
  if (detector.ambiguous) {
    ambiguities.push(`Every date in ${dateColumnName} fits both day/month and month/day order: choose the date order${options.dateOrder ? ` (using ${options.dateOrder})` : ' (assuming day/month)'}.`);
  }
  if (detector.conflicting) ambiguities.push(`Dates in ${dateColumnName} mix day/month and month/day order: the ones that do not fit the chosen order are errors.`);
  const decided = detector.decided;
  const dateOrder: DateOrder = decided === 'dmy' || decided === 'mdy' ? decided : options.dateOrder ?? 'dmy';
  const fallbackStyle: NumberStyle = sniffed.delimiter === ';' ? 'comma' : 'point';
  const numberStyles = new Map<number, NumberStyle>();
  if (kind !== undefined && columns !== undefined) {
    const numericColumns = Object.entries(columns.indexes)
      .filter(([field]) => !TEXT_FIELDS.has(field) && !DATE_FIELDS.includes(field))
      .map(([, index]) => index)
      .concat(columns.periodColumns);
    for (const index of numericColumns) {
      const styleDetector = new NumberStyleDetector();
      for (const chunk of buffered) for (const row of chunk.rows) styleDetector.observe(row[index]);
      numberStyles.set(index, styleDetector.decided(fallbackStyle));
    }
  }
  return {
    ok: true,
    value: {
      sniffed, sheets, headerRow, headers, headerRowNumber, kind, columns, formats: { dateOrder, numberStyles },
      detectedDateOrder: decided, ambiguities, buffered, rest: source, lines, exhausted,
    },
  };
}

function sliceChunk(chunk: RowChunk, start: number): RowChunk {
  let rowProblems: Map<number, string> | undefined;
  if (chunk.rowProblems !== undefined) {
    rowProblems = new Map();
    for (const [index, message] of chunk.rowProblems) if (index >= start) rowProblems.set(index - start, message);
  }
  return { rows: chunk.rows.slice(start), rowNumbers: chunk.rowNumbers.slice(start), rowProblems, bytesRead: chunk.bytesRead };
}

async function scanDateColumn(path: string, sniffed: SniffedFile, options: ImportOptions, column: number,
  headerRowNumber: number, detector: DateOrderDetector): Promise<Result<true>> {
  const source = readRows(path, sniffed, { sheet: options.sheet, chunkBytes: options.chunkBytes });
  try {
    for await (const chunk of source) {
      for (let index = 0; index < chunk.rows.length; index++) {
        if (chunk.rowNumbers[index] > headerRowNumber) detector.observe(chunk.rows[index][column]);
      }
      if (detector.settled) break;
    }
    return { ok: true, value: true };
  } catch (cause) {
    if (cause instanceof FileReadError) return fileError(path, cause.message);
    throw cause;
  }
}

/** Errors for a mapping that cannot produce records of its kind: names each missing field. */
export function mappingErrors(path: string, prepared: PreparedImport): ImportError[] {
  if (prepared.kind === undefined || prepared.columns === undefined) {
    return [{
      file: path, row: prepared.headerRowNumber,
      expected: 'headers of sales, items, inventory or open orders',
      message: `cannot tell what this file holds from its headers (${prepared.headers.join(', ')}): choose the kind and map the columns`,
    }];
  }
  const specs = FIELD_SPECS[prepared.kind];
  const errors: ImportError[] = prepared.columns.mappingProblems.map((message) => ({ file: path, row: prepared.headerRowNumber, message }));
  for (const field of prepared.columns.missingFields) {
    errors.push({
      file: path, row: prepared.headerRowNumber, column: field,
      expected: `a column named like ${specs[field].synonyms.slice(0, 4).join(', ')} …`,
      message: `required column for "${field}" is missing (${prepared.kind} need ${Object.entries(specs).filter(([, spec]) => spec.required).map(([name]) => name).join(', ')}); map it explicitly if it has another name`,
    });
  }
  for (const [field, spec] of Object.entries(specs)) {
    const column = prepared.columns.indexes[field];
    if (spec.needs === undefined || column === undefined || prepared.columns.indexes[spec.needs] !== undefined) continue;
    errors.push({
      file: path, row: prepared.headerRowNumber, column: prepared.headers[column],
      expected: `a column for "${spec.needs}" beside it, named like ${specs[spec.needs].synonyms.slice(0, 4).join(', ')} …`,
      message: `column "${prepared.headers[column]}" (${field}) belongs to a ${spec.needs}, but the file has no ${spec.needs} column; add one or map it explicitly`,
    });
  }
  return errors;
}
