import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { ProgressSink } from '../api/progress';
import { AppFailure } from '../common/result';
import { openStore, type Store } from '../store';
import type { ImportBatchSummary } from '../store/imports';
import { dailyPortions } from './aggregate';
import { readImportFile } from './index';
import type { ColumnMapping, DateOrder, ImportRecord, ImportSummary, RecordKind } from './types';

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
}

/**
 * Import one file into the database as ONE transaction: parse in batches (streaming), write each
 * batch, re-derive daily demand of the touched items, record the batch — and roll everything back
 * when any row had an error, when cancelled, or for a dry run. Runs on its own connection (worker
 * thread or CLI), so the transaction may span the awaits of the streaming reader.
 */
export async function importTask(input: ImportTaskInput, progress: ProgressSink, signal: AbortSignal): Promise<ImportTaskOutput> {
  const totalBytes = statSync(input.filePath).size;
  const startedAt = Date.now();
  const report = (phase: string, done: number, total: number | null, finished = false): void => {
    const elapsed = (Date.now() - startedAt) / 1000;
    const etaSeconds = total && done > 0 && done < total ? (elapsed * (total - done)) / done : undefined;
    progress({ taskId: input.taskId, kind: 'import', phase, done, total, etaSeconds, finished });
  };
  report('checking file', 0, totalBytes);
  const contentHash = await hashFile(input.filePath);
  const store = openStore(input.dbPath);
  store.sales.useBulkImportCache();
  const rollback = new AppFailure({ code: 'cancelled', message: 'rolled back' });
  let output: ImportTaskOutput | undefined;
  try {
    await store
      .asyncTransaction(async () => {
        const writer = new RecordWriter(store, input.now);
        const batchId = store.imports.start(input.fileName, contentHash, input.kind ?? 'sales', input.now);
        let summary: ImportSummary | undefined;
        const batches = readImportFile(input.filePath, {
          kind: input.kind,
          sheet: input.sheet,
          mapping: input.mapping,
          dateOrder: input.dateOrder,
          onProgress: (bytesRead, total) => report('reading', bytesRead, total),
        });
        for await (const batch of batches) {
          if (signal.aborted) throw new AppFailure({ code: 'cancelled', message: `Import of ${input.fileName} cancelled: nothing was written.` });
          for (const record of batch.records) writer.write(record, batchId);
          if (batch.summary) summary = batch.summary;
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
        store.sales.rebuildDaily(writer.touchedItems);
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
          ],
          skippedByReason: Object.fromEntries(Object.entries(summary.skipped).filter(([, count]) => count > 0)),
        };
        store.imports.finish(batchId, result);
        output = { ...result, dryRun: input.dryRun, batchId: input.dryRun ? null : batchId };
        if (input.dryRun) throw rollback;
      });
  } catch (error) {
    if (error !== rollback) throw error;
  } finally {
    store.close();
  }
  report('done', totalBytes, totalBytes, true);
  return output!;
}

/** Writes records of every kind, remembering item ids and which items' demand must be re-derived. */
class RecordWriter {
  readonly touchedItems = new Set<number>();
  written = 0;
  alreadyImported = 0;
  private readonly itemIds = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly now: string,
  ) {}

  write(record: ImportRecord, batchId: number): void {
    switch (record.kind) {
      case 'sales': {
        const itemId = this.itemId(record.item, record.description);
        // Weekly totals are spread over their week (the one rule, in aggregate.ts).
        const portions = dailyPortions(record);
        let inserted = 0;
        portions.forEach((portion, index) => {
          const added = this.store.sales.insert({
            batchId,
            rowKey: portions.length === 1 ? record.key : `${record.key}/${index}`,
            itemId,
            saleDate: portion.date,
            quantity: portion.quantity,
            unitPrice: record.unitPrice ?? null,
            orderNumber: record.orderNumber ?? null,
            customer: record.customer ?? null,
            location: record.location ?? null,
            category: 'sale',
          });
          if (added) inserted++;
        });
        if (inserted > 0) {
          this.written++;
          this.touchedItems.add(itemId);
        } else this.alreadyImported++;
        return;
      }
      case 'items': {
        const { item, key: _key, row: _row, kind: _kind, ...master } = record;
        this.itemIds.set(item, this.store.items.upsertMaster({ sku: item, ...master }, this.now));
        this.written++;
        return;
      }
      case 'inventory':
        this.store.inventory.setOnHand(this.itemId(record.item), record.asOfDate, record.quantity, batchId);
        this.written++;
        return;
      case 'open-orders':
        if (this.store.purchaseOrders.importOpenOrderLine({ ...record, itemId: this.itemId(record.item), batchId, now: this.now })) this.written++;
        else this.alreadyImported++;
        return;
    }
  }

  private itemId(sku: string, description?: string): number {
    let id = this.itemIds.get(sku);
    if (id === undefined) {
      id = this.store.items.ensure(sku, description ?? null, this.now);
      this.itemIds.set(sku, id);
    }
    return id;
  }
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
