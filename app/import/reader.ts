/**
 * The importer's public entry points: a preview for the import wizard, and a streaming read
 * that yields validated records in batches (so the store can insert while parsing continues)
 * and ends with a summary. Bad input never throws: it ends up in `summary.errors`.
 */
import { cellText, isBlankRow, RowConverter } from './records';
import { mappingErrors, prepareImport } from './prepare';
import type { PreparedImport } from './prepare';
import { KeySet } from '../common/keySet';
import { TextNumbers } from './recordKey';
import { classifySalesLine, classifySalesValues, SALES_RULES_TEXT } from './rules';
import { CsvLineFields, FastSalesLine, salesColumnIndexes } from './csvSalesLines';
import type { NumberStyle } from './numbers';
import { SalesLineBatchBuilder } from './salesLines';
import { FileReadError } from './sources';
import type { RowChunk } from './sources';
import { parseDateValue } from './dates';
import type {
  ImportBatch, ImportError, ImportOptions, ImportPreview, ImportRecord, ImportSummary, RawCell, Result, SalesRecord, SkipReason,
} from './types';

const MAX_DETAILED_ERRORS = 100;
const SAMPLE_ROWS = 20;

function displayCell(cell: RawCell | undefined): string {
  if (cell instanceof Date) {
    const parsed = parseDateValue(cell);
    return parsed === undefined ? '' : parsed.time === undefined ? parsed.date : `${parsed.date} ${parsed.time}`;
  }
  return cellText(cell) ?? '';
}

export async function previewImportFile(path: string, options: ImportOptions = {}): Promise<Result<ImportPreview>> {
  let prepared: PreparedImport;
  try {
    const result = await prepareImport(path, options);
    if (!result.ok) return result;
    prepared = result.value;
  } catch (cause) {
    return { ok: false, error: { file: path, message: `the file cannot be read: ${(cause as Error).message}` } };
  }
  await prepared.rest.return(undefined);
  const sampleRows: string[][] = [];
  for (const chunk of prepared.buffered) {
    for (const row of chunk.rows) {
      if (sampleRows.length >= SAMPLE_ROWS) break;
      if (!isBlankRow(row)) sampleRows.push(prepared.headers.map((_, index) => displayCell(row[index])));
    }
  }
  const mapping: Record<string, string> = {};
  if (prepared.columns !== undefined) {
    for (const [field, index] of Object.entries(prepared.columns.indexes)) mapping[field] = prepared.headers[index];
  }
  const { sniffed } = prepared;
  return {
    ok: true,
    value: {
      format: sniffed.format,
      encoding: sniffed.encoding,
      delimiter: sniffed.delimiter,
      sheets: prepared.sheets,
      sheet: sniffed.format === 'xlsx' ? options.sheet ?? prepared.sheets?.[0] : undefined,
      headers: prepared.headers,
      sampleRows,
      detectedKind: prepared.kind,
      mapping,
      missingFields: prepared.columns?.missingFields ?? [],
      dateOrder: prepared.detectedDateOrder ?? options.dateOrder,
      ambiguities: [...prepared.ambiguities, ...(prepared.columns?.mappingProblems ?? [])],
      rulesText: SALES_RULES_TEXT,
    },
  };
}

function emptySummary(file: string): ImportSummary {
  return {
    file, kind: undefined, rowsRead: 0, accepted: 0,
    skipped: { cancellation: 0, negativeQuantity: 0, zeroPriceAdjustment: 0, blankRow: 0 },
    duplicates: 0, errors: [], errorCount: 0, items: 0, dateFrom: undefined, dateTo: undefined, warnings: [],
  };
}

function recordDate(record: ImportRecord): string | undefined {
  switch (record.kind) {
    case 'sales': return record.date;
    case 'inventory': return record.asOfDate;
    case 'open-orders': return record.expectedDate;
    default: return undefined;
  }
}

/** How a sales file's accepted lines come out: as records, or packed into column batches (salesLines.ts). */
export type SalesOutput = 'records' | 'lines';

/**
 * Streams the file's records in batches of exactly `batchSize` (default 1,000) records, the last
 * one possibly smaller (or empty); batches are yielded while the file is still being read, so the
 * store can insert one while the next is parsed. The last batch carries `summary`; a file-level failure (not a spreadsheet, missing columns) gives one batch with no
 * records and the failure in `summary.errors`.
 *
 * With `salesOutput` 'lines', a sales file's accepted lines come in `lines` instead of `records`,
 * and the plain lines of a UTF-8 CSV of sales lines are read by the fast path (csvSalesLines.ts)
 * unless `options.csvFastPath` is false; it gives exactly the same lines, counts and errors.
 */
export async function* readImportFile(path: string, options: ImportOptions = {}, salesOutput: SalesOutput = 'records'): AsyncGenerator<ImportBatch> {
  const summary = emptySummary(path);
  const addError = (error: ImportError): void => {
    summary.errorCount++;
    if (summary.errors.length < MAX_DETAILED_ERRORS) summary.errors.push(error);
  };
  let prepared: PreparedImport;
  try {
    const result = await prepareImport(path, options);
    if (!result.ok) {
      addError(result.error);
      yield { records: [], keyParts: [], itemNumbers: [], rowsRead: 0, summary };
      return;
    }
    prepared = result.value;
  } catch (cause) {
    addError({ file: path, message: `the file cannot be read: ${(cause as Error).message}` });
    yield { records: [], keyParts: [], itemNumbers: [], rowsRead: 0, summary };
    return;
  }
  summary.kind = prepared.kind;
  summary.warnings.push(...prepared.ambiguities);
  const problems = mappingErrors(path, prepared);
  if (problems.length > 0 || prepared.kind === undefined || prepared.columns === undefined) {
    await prepared.rest.return(undefined);
    problems.forEach(addError);
    yield { records: [], keyParts: [], itemNumbers: [], rowsRead: 0, summary };
    return;
  }
  const { columns, formats } = prepared;
  const converter = new RowConverter(path, prepared.kind, prepared.headers, prepared.headerRow, columns, formats);
  const isSales = prepared.kind === 'sales';
  // Sized for the lines the file probably holds (a sales line takes 50–100 bytes; a file of shorter
  // lines makes it grow once), at most 4 million: a table no bigger than needed misses the caches less.
  const seenKeys = new KeySet(Math.min(prepared.sniffed.totalBytes / 64, 4_000_000));
  const items = new TextNumbers();
  const batchSize = options.batchSize ?? 1000;
  const lines = isSales && salesOutput === 'lines' ? new SalesLineBatchBuilder(batchSize) : undefined;
  const rowErrors: ImportError[] = [];
  const totalBytes = prepared.sniffed.totalBytes;
  let batch: ImportRecord[] = [];
  let batchKeys: number[] = [];
  let batchItems: number[] = [];
  /** Full batches waiting to be yielded (a chunk of rows can fill several), with their keys and item numbers. */
  const ready: Omit<ImportBatch, 'rowsRead' | 'summary'>[] = [];
  let dateFrom = '';
  let dateTo = '';
  const noteDate = (date: string): void => {
    if (dateFrom === '' || date < dateFrom) dateFrom = date;
    if (date > dateTo) dateTo = date;
  };
  const addLine = (): void => {
    if (lines!.full) ready.push({ records: [], keyParts: [], itemNumbers: [], lines: lines!.take() });
  };

  const consumeRow = (cells: RawCell[], row: number, problem: string | undefined): void => {
    summary.rowsRead++;
    if (problem !== undefined) {
      addError({ file: path, row, message: `row ${row} cannot be split into columns: ${problem}` });
      return;
    }
    if (isBlankRow(cells)) {
      summary.skipped.blankRow++;
      return;
    }
    rowErrors.length = 0;
    if (!converter.convert(cells, row, rowErrors)) {
      rowErrors.forEach(addError);
      return;
    }
    const converted = converter.out;
    for (let recordIndex = 0; recordIndex < converted.records.length; recordIndex++) {
      const record = converted.records[recordIndex];
      const keyHigh = converted.keyParts[2 * recordIndex];
      const keyLow = converted.keyParts[2 * recordIndex + 1];
      if (!seenKeys.add(keyHigh, keyLow)) {
        summary.duplicates++;
        continue;
      }
      if (isSales && record.kind === 'sales') {
        const lineClass = classifySalesLine(record, converted.cancelled);
        if (lineClass !== 'demand') {
          summary.skipped[lineClass as SkipReason]++;
          continue;
        }
      }
      summary.accepted++;
      const itemNumber = items.numberOf(record.item);
      const date = recordDate(record);
      if (date !== undefined) noteDate(date);
      if (lines !== undefined) {
        lines.addRecord(record as SalesRecord, keyHigh, keyLow, itemNumber);
        addLine();
        continue;
      }
      batchItems.push(itemNumber);
      batch.push(record);
      batchKeys.push(keyHigh, keyLow);
      if (batch.length === batchSize) {
        ready.push({ records: batch, keyParts: batchKeys, itemNumbers: batchItems });
        batch = [];
        batchKeys = [];
        batchItems = [];
      }
    }
  };

  const consume = (chunk: RowChunk): void => {
    const { rows, rowNumbers, rowProblems } = chunk;
    for (let index = 0; index < rows.length; index++) consumeRow(rows[index], rowNumbers[index], rowProblems?.get(index));
    options.onProgress?.(chunk.bytesRead, totalBytes);
  };

  // The fast path: plain lines of a UTF-8 CSV of sales lines, straight from their bytes.
  const delimiter = prepared.sniffed.delimiter ?? ',';
  if (lines !== undefined && options.csvFastPath !== false && prepared.sniffed.format === 'csv' && (prepared.sniffed.encoding ?? 'utf-8') === 'utf-8'
    && columns.periodColumns.length === 0 && delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80) {
    const fields = new CsvLineFields(delimiter.charCodeAt(0));
    const indexes = salesColumnIndexes(columns.indexes);
    const styleOf = (column: number): NumberStyle => formats.numberStyles.get(column) ?? 'point';
    const fast = new FastSalesLine(indexes, formats.dateOrder, styleOf(indexes.quantity), styleOf(indexes.unitPrice));
    const decode = (start: number, end: number): string => fast.decode(start, end);
    prepared.lines.take = (bytes, start, end, row) => {
      if (!fields.split(bytes, start, end)) return false;
      if (!fields.plain || !fast.convert(bytes, fields)) {
        consumeRow(fields.cells(bytes), row, undefined);
        return true;
      }
      summary.rowsRead++;
      if (!seenKeys.add(fast.keyHigh, fast.keyLow)) {
        summary.duplicates++;
        return true;
      }
      const lineClass = classifySalesValues(fast.orderNumber, fast.quantity, fast.unitPrice, fast.cancelled);
      if (lineClass !== 'demand') {
        summary.skipped[lineClass]++;
        return true;
      }
      summary.accepted++;
      const itemNumber = items.numberOfAscii(bytes, fast.itemStart, fast.itemEnd, decode);
      if (lines.isNew(itemNumber)) lines.listItem(items.textOf(itemNumber), fast.description());
      noteDate(fast.date);
      lines.add(fast.keyHigh, fast.keyLow, itemNumber, fast.weekly, fast.quantity, fast.unitPrice, fast.date, fast.orderNumber, fast.customer, fast.location);
      addLine();
      return true;
    };
  }

  try {
    for (const chunk of prepared.buffered) {
      consume(chunk);
      while (ready.length > 0) yield { ...ready.shift()!, rowsRead: summary.rowsRead };
    }
    prepared.buffered = [];
    for await (const chunk of prepared.rest) {
      consume(chunk);
      while (ready.length > 0) yield { ...ready.shift()!, rowsRead: summary.rowsRead };
    }
  } catch (cause) {
    addError({
      file: path,
      message: cause instanceof FileReadError ? cause.message : `the file cannot be read: ${(cause as Error).message}`,
    });
  } finally {
    await prepared.rest.return(undefined);
  }
  if (summary.rowsRead === summary.skipped.blankRow && summary.errorCount === 0) {
    addError({ file: path, row: prepared.headerRowNumber, message: 'the file has a header row but no data rows' });
  }
  summary.items = items.size;
  summary.dateFrom = dateFrom === '' ? undefined : dateFrom;
  summary.dateTo = dateTo === '' ? undefined : dateTo;
  yield { records: batch, keyParts: batchKeys, itemNumbers: batchItems, lines: lines?.take(), rowsRead: summary.rowsRead, summary };
}

/** Reads a whole file into memory: for tests, small files and callers that need everything at once. */
export async function readImportFileAll(path: string, options: ImportOptions = {}): Promise<{ records: ImportRecord[]; summary: ImportSummary }> {
  const records: ImportRecord[] = [];
  let summary: ImportSummary | undefined;
  for await (const batch of readImportFile(path, options)) {
    for (const record of batch.records) records.push(record);
    if (batch.summary !== undefined) summary = batch.summary;
  }
  return { records, summary: summary ?? emptySummary(path) };
}
