import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ProgressSink } from '../api/progress';
import { AppFailure } from '../common/result';
import { openStore } from '../store';
import type { ImportBatchSummary } from '../store/imports';
import { refreshOutcomesAfterImport } from '../outcomes/refresh';
import { parseImportFile, prepareToParse } from './parsedBatches';
import type { ParseLocation, ParseSplit } from './parsedBatches';
import { RecordWriter } from './recordWriter';
import { sniffFile } from './sniff';
import { supplierMinimumChanges, supplierMinimumNote } from './supplierTerms';
import type { ColumnMapping, DateOrder, FileFormat, ImportSummary, RecordKind } from './types';

export interface ImportTaskInput {
  dbPath: string;
  filePath: string;
  /** The name the planner knows the file by (uploads are stored under a random name). */
  fileName: string;
  kind?: RecordKind;
  sheet?: string;
  mapping?: ColumnMapping;
  dateOrder?: DateOrder;
  /** Validate and count everything, then roll back. */
  dryRun: boolean;
  taskId: string;
  /** ISO timestamp of the import (the caller's clock). */
  now: string;
}

export interface ImportTaskOutput extends ImportBatchSummary {
  dryRun: boolean;
  batchId: number | null;
  /**
   * Suppliers whose terms (minimum order value) the import changed; item masters carry them.
   * Always set by importTask; optional so that clients built before it still type-check.
   */
  suppliersUpdated?: number;
  /** Where the file was parsed: in a worker ('worker', or 'rows-in-worker' for exceljs's part) or on the importing thread. */
  parsedIn?: ParseSplit;
}

/** How the work is done, not what is done: the defaults decide by file size; tests force each way. */
export interface ImportTuning {
  /** Where the file is parsed (parsedBatches.ts); default 'auto': a worker thread for big files. */
  parse?: ParseLocation;
  /** Lines between additions to daily demand while the file is read (RecordWriter; tests make it small). */
  dailyLinesPerAddition?: number;
}

/** What an import about to run looks like: enough to start its parse worker early. */
export interface ImportWarmUp {
  format: FileFormat | undefined;
  totalBytes: number;
  /** Where the import will parse (ImportTuning.parse): 'auto' unless a test forces it. */
  parse?: ParseLocation;
}

/**
 * Get this thread ready for an import of such a file (the import wizard calls it, through the
 * task runner, while the planner checks the preview): its parse worker starts and loads its
 * modules — for a workbook exceljs too, most of a second — before the import needs it.
 */
export async function warmUpImport(file: ImportWarmUp): Promise<void> {
  await prepareToParse(file, file.parse);
}

/**
 * Import one file into the database as ONE transaction: parse in batches (streaming, in a worker
 * thread for a big file, so parsing and inserting overlap), write each batch, re-derive daily
 * demand of the touched items, record the batch — and roll everything back when any row had an
 * error, when cancelled, or for a dry run. Runs on its own connection (worker thread or CLI), so
 * the transaction may span the awaits of the streaming reader.
 */
export async function importTask(input: ImportTaskInput, progress: ProgressSink, signal: AbortSignal, tuning: ImportTuning = {}): Promise<ImportTaskOutput> {
  const totalBytes = statSync(input.filePath).size;
  const startedAt = Date.now();
  const report = (phase: string, done: number, total: number | null, finished = false): void => {
    const elapsed = (Date.now() - startedAt) / 1000;
    const etaSeconds = total && done > 0 && done < total ? (elapsed * (total - done)) / done : undefined;
    progress({ taskId: input.taskId, kind: 'import', phase, done, total, etaSeconds, finished });
  };
  report('checking file', 0, totalBytes);
  const sniffed = await sniffFile(input.filePath);
  // Started first: a worker loads its modules while this thread hashes the file.
  const source = parseImportFile(input.filePath, { totalBytes, format: sniffed.ok ? sniffed.value.format : undefined }, {
    kind: input.kind, sheet: input.sheet, mapping: input.mapping, dateOrder: input.dateOrder,
  }, tuning.parse);
  const rollback = new AppFailure({ code: 'cancelled', message: 'rolled back' });
  let output: ImportTaskOutput | undefined;
  try {
    // Hashed while the file is read and written: this thread waits for parsed batches part of the
    // time, and hashing 75 MB first delayed the first insert by 0.4 s.
    const hashing = hashFile(input.filePath);
    hashing.catch(() => {}); // awaited below; an import that fails first must not leave it unhandled
    // One turn of the event loop before opening the database, which blocks this thread for tens of
    // milliseconds (more when it migrates): the worker gets its job now, through a few promise steps.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const store = openStore(input.dbPath);
    store.sales.tuneForBulkImport();
    try {
      await store.asyncTransaction(async () => {
        const batchId = store.imports.start(input.fileName, PENDING_HASH, input.kind ?? 'sales', input.now);
        const writer = new RecordWriter(store, batchId, input.now, tuning.dailyLinesPerAddition);
        // Supplier terms are written behind the item master (ItemsRepository.upsertMaster): compare before and after.
        const minimumsBefore = store.suppliers.minimumOrderValues();
        let summary: ImportSummary | undefined;
        for await (const batch of source.batches) {
          if (signal.aborted) throw new AppFailure({ code: 'cancelled', message: `Import of ${input.fileName} cancelled: nothing was written.` });
          if (batch.lines !== undefined) writer.writeLines(batch.lines);
          for (const record of batch.records) writer.write(record);
          if (batch.summary) summary = batch.summary;
          report('reading', batch.bytesRead, totalBytes);
        }
        if (!summary) throw new Error('the reader ended without a summary');
        if (summary.errorCount > 0) {
          const fileLevel = summary.errorCount === 1 && summary.errors[0]?.row === undefined;
          throw new AppFailure({
            code: 'invalid-input',
            message: fileLevel
              ? `${input.fileName} was not imported: ${summary.errors[0].message}.`
              : `${input.fileName}: ${summary.errorCount} problem${summary.errorCount === 1 ? '' : 's'} found; nothing was imported. Fix the file (or the column mapping) and import it again.`,
            problems: summary.errors.map((error) => ({ ...error, file: input.fileName })),
            problemCount: summary.errorCount,
          });
        }
        report('updating daily demand', totalBytes, totalBytes);
        writer.finish();
        const supplierChanges = supplierMinimumChanges(minimumsBefore, store.suppliers.minimumOrderValues());
        const result: ImportBatchSummary = {
          kind: summary.kind ?? input.kind ?? 'sales',
          file: input.fileName,
          rowsRead: summary.rowsRead,
          rowsImported: writer.written,
          rowsSkipped: Object.values(summary.skipped).reduce((a, b) => a + b, 0),
          duplicates: summary.duplicates + writer.alreadyImported,
          items: summary.items,
          dateFrom: summary.dateFrom ?? null,
          dateTo: summary.dateTo ?? null,
          warnings: [
            ...summary.warnings,
            ...(writer.alreadyImported > 0 ? [`${writer.alreadyImported} lines had been imported before and were not added again.`] : []),
            ...(supplierChanges.length > 0 ? [supplierMinimumNote(supplierChanges, store.settings.get().currency)] : []),
          ],
          skippedByReason: Object.fromEntries(Object.entries(summary.skipped).filter(([, count]) => count > 0)),
        };
        store.imports.finish(batchId, result, await hashing);
        output = { ...result, dryRun: input.dryRun, batchId: input.dryRun ? null : batchId, suppliersUpdated: supplierChanges.length, parsedIn: source.parsedIn };
        if (input.dryRun) throw rollback;
      });
      // Feedback loop (app/outcomes): the new sales may complete the windows of past recommendations.
      if (output && !output.dryRun && output.kind === 'sales') {
        const warning = refreshOutcomesAfterImport(store, output.dateFrom, input.now);
        if (warning) output.warnings.push(warning);
      }
    } catch (error) {
      if (error !== rollback) throw error;
    } finally {
      store.close();
    }
  } finally {
    await source.close();
  }
  report('done', totalBytes, totalBytes, true);
  return output!;
}

/** The batch's content hash until the file is hashed (the transaction never commits with it). */
const PENDING_HASH = '';

/** Bytes read per step while hashing: one buffer, reused. */
const HASH_READ_BYTES = 1024 * 1024;

/**
 * The file's SHA-256, read into one reused buffer. A read stream's fresh 64 KiB buffer per chunk
 * cost this thread two to five times the hashing itself (the 75 MB benchmark file: 140–340 ms of
 * CPU against 65 ms, three runs each): new memory is page-faulted in, and used once.
 */
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(HASH_READ_BYTES);
    for (let position = 0; ;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return hash.digest('hex');
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await file.close();
  }
}
