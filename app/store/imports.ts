import type { SqliteDatabase } from './database';

export type ImportKind = 'sales' | 'items' | 'inventory' | 'open-orders';

export interface ImportBatchSummary {
  kind: ImportKind;
  file: string;
  rowsRead: number;
  rowsImported: number;
  rowsSkipped: number;
  duplicates: number;
  items: number;
  dateFrom: string | null;
  dateTo: string | null;
  warnings: string[];
  /** Counts per skip reason (cancellations, adjustments, …) for the summary screen. */
  skippedByReason: Record<string, number>;
}

export interface ImportBatchRow extends ImportBatchSummary {
  id: number;
  contentHash: string;
  importedAt: string;
}

export interface SavedMapping {
  id: number;
  name: string;
  kind: ImportKind;
  mapping: Record<string, string>;
  headerSignature: string;
  createdAt: string;
}

export class ImportsRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Open a batch row inside the import's transaction; its counts are filled in by `finish`. */
  start(fileName: string, contentHash: string, kind: ImportKind, now: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO import_batches (file_name, content_hash, kind, rows_read, rows_imported, rows_skipped, duplicates, summary, imported_at)
           VALUES (?, ?, ?, 0, 0, 0, 0, '{}', ?)`,
        )
        .run(fileName, contentHash, kind, now).lastInsertRowid,
    );
  }

  /** Fill in the batch's counts — and its content hash, when it was not known at `start`. */
  finish(batchId: number, summary: ImportBatchSummary, contentHash?: string): void {
    this.db
      .prepare(
        `UPDATE import_batches SET rows_read = ?, rows_imported = ?, rows_skipped = ?, duplicates = ?, summary = ?,
           content_hash = COALESCE(?, content_hash) WHERE id = ?`,
      )
      .run(summary.rowsRead, summary.rowsImported, summary.rowsSkipped, summary.duplicates, JSON.stringify(summary), contentHash ?? null, batchId);
  }

  list(): ImportBatchRow[] {
    const rows = this.db
      .prepare('SELECT id, content_hash AS contentHash, imported_at AS importedAt, summary FROM import_batches ORDER BY id DESC')
      .all() as { id: number; contentHash: string; importedAt: string; summary: string }[];
    return rows.map((row) => ({ ...(JSON.parse(row.summary) as ImportBatchSummary), id: row.id, contentHash: row.contentHash, importedAt: row.importedAt }));
  }

  saveMapping(name: string, kind: ImportKind, mapping: Record<string, string>, headerSignature: string, now: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO column_mappings (name, kind, mapping, header_signature, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, mapping = excluded.mapping,
             header_signature = excluded.header_signature
           RETURNING id`,
        )
        .pluck()
        .get(name, kind, JSON.stringify(mapping), headerSignature, now),
    );
  }

  listMappings(): SavedMapping[] {
    const rows = this.db
      .prepare('SELECT id, name, kind, mapping, header_signature AS headerSignature, created_at AS createdAt FROM column_mappings ORDER BY name')
      .all() as (Omit<SavedMapping, 'mapping'> & { mapping: string })[];
    return rows.map((row) => ({ ...row, mapping: JSON.parse(row.mapping) as Record<string, string> }));
  }
}
