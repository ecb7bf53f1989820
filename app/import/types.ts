/**
 * Shapes shared by the file-reading half of the importer: what it accepts (options), what it
 * produces (validated records in batches, a summary) and the one error type that crosses the
 * boundary as data.
 */
import type { InputProblem } from '../common/result';
import type { SalesLineBatch } from './salesLines';

export type RecordKind = 'sales' | 'items' | 'inventory' | 'open-orders';
export const RECORD_KINDS: readonly RecordKind[] = ['sales', 'items', 'inventory', 'open-orders'];

/** Order of day and month in slash/dot dates; ISO text (year first) never needs one. */
export type DateOrder = 'dmy' | 'mdy';

/**
 * One problem with the input: the app's InputProblem (../common/result) with the file always
 * named. `row` is 1-based as a spreadsheet shows it (the header is row 1); `column` is the header
 * text of the column. File-level problems leave row/column out.
 */
export type ImportError = InputProblem & { file: string };

/** Outcome of a file-level step: a value, or the one problem that stops it. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ImportError };

interface KeyedRecord {
  /** Stable identity: a hash of the normalised fields, equal for the same line in any file. */
  key: string;
  /** Spreadsheet row the record came from (1-based, header = 1). */
  row: number;
}

export interface SalesRecord extends KeyedRecord {
  kind: 'sales';
  /** Calendar day, YYYY-MM-DD. */
  date: string;
  /** Time of day HH:MM:SS when the source had one other than midnight. */
  time?: string;
  /** 1 for a line or daily total, 7 for a weekly total (dated on the ISO week's Monday). */
  periodDays: 1 | 7;
  item: string;
  quantity: number;
  location?: string;
  unitPrice?: number;
  orderNumber?: string;
  customer?: string;
  description?: string;
}

export interface ItemRecord extends KeyedRecord {
  kind: 'items';
  item: string;
  description?: string;
  supplier?: string;
  unitCost?: number;
  currency?: string;
  leadTimeDays?: number;
  leadTimeSpreadDays?: number;
  moq?: number;
  orderMultiple?: number;
  /** Fraction per year (25 % → 0.25). */
  holdingCostRate?: number;
  stockoutPenalty?: number;
  /** Fraction (95 % → 0.95). */
  serviceLevel?: number;
  reviewPeriodDays?: number;
  /**
   * The supplier's minimum order value, in the planner's currency (as Settings and the plan read it),
   * for `supplier`; 0 clears the stored minimum, absent (an empty cell) keeps it. Every row of one
   * supplier that gives a value gives the same one (records.ts rejects the others).
   */
  supplierMinOrderValue?: number;
}

export interface InventoryRecord extends KeyedRecord {
  kind: 'inventory';
  item: string;
  quantity: number;
  asOfDate: string;
}

export interface OpenOrderRecord extends KeyedRecord {
  kind: 'open-orders';
  poNumber: string;
  item: string;
  quantity: number;
  expectedDate: string;
  supplier?: string;
}

export type ImportRecord = SalesRecord | ItemRecord | InventoryRecord | OpenOrderRecord;

/** A record before its key is computed (Omit distributed over the union). */
export type UnkeyedRecord = ImportRecord extends infer R ? (R extends ImportRecord ? Omit<R, 'key'> : never) : never;

/** Canonical field name → header text as it appears in the file. */
export type ColumnMapping = Record<string, string>;

export interface ImportOptions {
  kind?: RecordKind;
  /** Worksheet name (XLSX); the first sheet when absent. */
  sheet?: string;
  /** Explicit {field: headerName}; overrides detection for the fields it names. */
  mapping?: ColumnMapping;
  /** Used when every date in a column fits both d/m and m/d. */
  dateOrder?: DateOrder;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Records per yielded batch (default 1,000: small batches keep the garbage collector cheap). */
  batchSize?: number;
  /** Bytes per read from disk (default 16 KiB for text, 64 KiB for XLSX); tiny values test chunk boundaries. */
  chunkBytes?: number;
  /** Read a workbook's rows in a worker thread (sources.ts); text files ignore it. */
  rowsInWorker?: boolean;
  /** False: read every row through the general path, never the fast path for plain CSV sales lines (for tests comparing the two). */
  csvFastPath?: boolean;
}

export type SkipReason = 'cancellation' | 'negativeQuantity' | 'zeroPriceAdjustment' | 'blankRow';

export interface ImportSummary {
  file: string;
  kind: RecordKind | undefined;
  /** Data rows read (header and rows above it excluded). */
  rowsRead: number;
  /** Records accepted (a wide-layout row can give several). */
  accepted: number;
  skipped: Record<SkipReason, number>;
  /** Exact repeats of an earlier line of the same file, counted once. */
  duplicates: number;
  /** The first 100 errors in detail. */
  errors: ImportError[];
  errorCount: number;
  /** Distinct item codes among accepted records. */
  items: number;
  dateFrom: string | undefined;
  dateTo: string | undefined;
  /** Things the caller should show but that do not reject rows (ambiguous dates, ignored columns). */
  warnings: string[];
}

/** Records are yielded in batches; the last batch carries the summary. */
export interface ImportBatch {
  records: ImportRecord[];
  /** The 64-bit key of each record as unsigned 32-bit halves: [high, low, high, low, …]. */
  keyParts: number[];
  /** Each record's item as a number: 0, 1, 2 … in order of first appearance in the file. */
  itemNumbers: number[];
  /** A sales file's accepted lines as columns, when they were asked for that way (reader.ts). */
  lines?: SalesLineBatch;
  rowsRead: number;
  summary?: ImportSummary;
}

export type FileFormat = 'csv' | 'xlsx';
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface ImportPreview {
  format: FileFormat;
  encoding?: TextEncodingName;
  delimiter?: string;
  sheets?: string[];
  sheet?: string;
  headers: string[];
  /** First 20 data rows as text, cells as the file shows them. */
  sampleRows: string[][];
  detectedKind: RecordKind | undefined;
  mapping: ColumnMapping;
  missingFields: string[];
  /** The order dates were read in ('ymd' for ISO), undefined when no date column or ambiguous. */
  dateOrder: DateOrder | 'ymd' | undefined;
  ambiguities: string[];
  rulesText: string;
}

/** A raw cell as a reader hands it over: text (CSV), or typed values (XLSX). */
export type RawCell = string | number | boolean | Date | null;
