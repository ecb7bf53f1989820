import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../app/common/result';
import { aggregateDailyDemand, dailyPortions } from '../../app/import/aggregate';
import { importTask, type ImportTaskInput, type ImportTuning } from '../../app/import/importTask';
import { readImportFileAll } from '../../app/import/reader';
import type { SalesRecord } from '../../app/import/types';
import { openStore, schemaVersion } from '../../app/store';
import { migrate } from '../../app/store/database';
import { migrations } from '../../app/store/migrations';
import { rowKeyFromText } from '../../app/store/sales';
import { dailyRows, lineRows } from '../helpers/salesLines';
import { tempDir } from '../helpers/tempDir';

const temp = tempDir();
const dbPath = join(temp.dir, 'import.db');
afterAll(() => temp.cleanup());

function file(name: string, text: string): string {
  const path = join(temp.dir, name);
  writeFileSync(path, text);
  return path;
}

function run(filePath: string, extra: Partial<ImportTaskInput> = {}) {
  return importTask(
    { dbPath, filePath, fileName: filePath.split('/').pop()!, dryRun: false, taskId: 't', now: '2024-05-01T00:00:00Z', ...extra },
    () => {},
    new AbortController().signal,
  );
}

function count(sql: string): number {
  const store = openStore(dbPath);
  try {
    return store.db.prepare(sql).pluck().get() as number;
  } finally {
    store.close();
  }
}

describe('importing into the database (one transaction per file)', () => {
  it('spreads weekly totals of the wide layout evenly over their week', async () => {
    const summary = await run(file('weekly.csv', 'SKU,2024-W01,2024-W02\nA1,70,14\n'));
    expect(summary.kind).toBe('sales');
    const store = openStore(dbPath);
    const [series] = store.sales.dailySeries('2024-01-01', '2024-01-14', [store.items.bySku('A1')!.id]);
    store.close();
    expect(Array.from(series.units)).toEqual([10, 10, 10, 10, 10, 10, 10, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('a dry run counts everything and writes nothing', async () => {
    const before = count('SELECT COALESCE(SUM(line_count), 0) FROM sales_line_blocks');
    const summary = await run(file('dry.csv', 'Date,SKU,Qty\n2024-02-01,B1,5\n2024-02-02,B1,6\n'), { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, batchId: null, rowsImported: 2 });
    expect(count('SELECT COALESCE(SUM(line_count), 0) FROM sales_line_blocks')).toBe(before);
    expect(count(`SELECT COUNT(*) FROM items WHERE sku = 'B1'`)).toBe(0);
  });

  it('rolls the whole file back when any row is bad, naming row and column', async () => {
    const before = count('SELECT COALESCE(SUM(line_count), 0) FROM sales_line_blocks');
    const bad = file('bad.csv', 'Date,SKU,Qty\n2024-02-01,C1,5\n2024-02-02,C1,lots\n2024-02-03,C1,7\n');
    const failure = await run(bad).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppFailure);
    const error = (failure as AppFailure).error;
    expect(error.code).toBe('invalid-input');
    expect(error.problems?.[0]).toMatchObject({ file: 'bad.csv', row: 3, column: 'Qty' });
    expect(count('SELECT COALESCE(SUM(line_count), 0) FROM sales_line_blocks')).toBe(before);
    expect(count(`SELECT COUNT(*) FROM items WHERE sku = 'C1'`)).toBe(0);
  });

  it('feeds stock counts and open orders into the inventory position, once', async () => {
    await run(file('master.csv', 'SKU,Description,Supplier,Unit cost,Lead time days,MOQ,Case pack\nD1,Dowel,Acme,0.4,10,100,25\n'));
    await run(file('stock.csv', 'SKU,On hand,As of\nD1,40,2024-04-30\n'));
    const orders = file('open.csv', 'PO,SKU,Qty,Expected\nEXT-1,D1,60,2024-05-10\n');
    await run(orders);
    const again = await run(orders);
    expect(again.rowsImported).toBe(0);
    const store = openStore(dbPath);
    const item = store.items.bySku('D1')!;
    expect(item).toMatchObject({ supplier: 'Acme', unitCost: 0.4, leadTimeDays: 10, moq: 100, orderMultiple: 25 });
    const position = store.inventory.positions('2024-05-01').get(item.id)!;
    store.close();
    expect(position).toMatchObject({ onHand: 40, onHandAsOf: '2024-04-30', onOrder: 60 });
  });
});

/** An invoice-line sales file with repeated lines, cancellations and a zero-price adjustment. */
function invoiceLines(rows: number, seed: number, from = 0): string {
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID'];
  for (let index = from; index < from + rows; index++) {
    const value = (index * 7919 + seed) % 1000;
    const cancelled = value % 41 === 0;
    const day = String(1 + (index % 28)).padStart(2, '0');
    lines.push(`${cancelled ? 'C' : ''}${5000 + (index >> 3)},SKU${value % 37},Item ${value % 37},${cancelled ? -1 : 1 + (value % 9)},2024-02-${day} 10:${String(index % 60).padStart(2, '0')},${value % 97 === 0 ? 0 : 1.25},${12000 + (value % 50)}`);
    if (index % 50 === 0) lines.push(lines[lines.length - 1]);
  }
  return lines.join('\n') + '\n';
}

function tables(path: string): { lines: unknown[]; daily: unknown[]; repeatedKeys: number } {
  const store = openStore(path);
  try {
    const lineKeys = [...store.sales.storedLines()].map((line) => line.rowKey);
    return {
      lines: lineRows(store),
      daily: dailyRows(store),
      // A line's identity is stored once (in its block: migration 009).
      repeatedKeys: lineKeys.length - new Set(lineKeys).size,
    };
  } finally {
    store.close();
  }
}

/** Daily demand re-derived from every stored line: what imports' running totals must equal. */
function dailyFromLines(path: string): unknown[] {
  const store = openStore(path);
  try {
    const skus = new Map(store.db.prepare('SELECT id, sku FROM items').raw().all() as [number, string][]);
    const totals = new Map<string, number>();
    for (const line of store.sales.storedLines()) {
      if (line.category !== 'sale') continue;
      const key = `${skus.get(line.itemId)}\u0000${line.saleDate}`;
      totals.set(key, (totals.get(key) ?? 0) + line.quantity);
    }
    return [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, units]) => [...key.split('\u0000'), units]);
  } finally {
    store.close();
  }
}

describe('imports into empty and filled databases, parsed here or in a worker (same result every way)', () => {
  const csv = file('lines.csv', invoiceLines(3000, 17));
  const importInto = (path: string, filePath: string, tuning: ImportTuning, extra: Partial<ImportTaskInput> = {}) =>
    importTask({ dbPath: path, filePath, fileName: 'lines.csv', dryRun: false, taskId: 't', now: '2024-05-01T00:00:00Z', ...extra }, () => {}, new AbortController().signal, tuning);

  it('stores the same lines, daily demand and counts whether parsed here or in a worker, and however often it adds to daily demand', async () => {
    // The file's lines are not in date order: daily totals added every 100 lines are added to again later.
    const ways: ImportTuning[] = [{ parse: 'here' }, { parse: 'worker' }, { parse: 'here', dailyLinesPerAddition: 100 }];
    const results = [];
    for (const [index, tuning] of ways.entries()) {
      const path = join(temp.dir, `ways-${index}.db`);
      const { parsedIn, ...summary } = await importInto(path, csv, tuning);
      expect(parsedIn).toBe(tuning.parse);
      results.push({ summary: { ...summary, batchId: undefined }, tables: tables(path) });
    }
    const { records, summary: read } = await readImportFileAll(csv);
    expect(results[0].summary).toMatchObject({ rowsRead: 3060, rowsImported: read.accepted, duplicates: 60, rowsSkipped: read.rowsRead - read.accepted - 60 });
    expect(results[0].tables.lines).toHaveLength(read.accepted);
    expect(results[0].tables.repeatedKeys).toBe(0);
    for (const result of results.slice(1)) expect(result).toEqual(results[0]);
    // Daily demand is the sum of the lines (integer quantities: exact).
    const expected = aggregateDailyDemand(records).map(({ item, date, quantity }) => [item, date, quantity]);
    expect(results[0].tables.daily).toEqual(expected);
  });

  it('records the file\'s SHA-256 with the batch (hashed while the file is read)', async () => {
    const path = join(temp.dir, 'hash.db');
    for (const tuning of [{ parse: 'worker' }, { parse: 'here' }] as ImportTuning[]) {
      await importInto(path, csv, tuning);
    }
    const store = openStore(path);
    try {
      const expected = createHash('sha256').update(readFileSync(csv)).digest('hex');
      expect(store.imports.list().map((batch) => batch.contentHash)).toEqual([expected, expected]);
    } finally {
      store.close();
    }
  });

  it('adds nothing on a re-import, and only the new lines of an overlapping file', async () => {
    const path = join(temp.dir, 'again.db');
    const first = await importInto(path, csv, {});
    const before = tables(path);
    for (const tuning of [{}, { parse: 'here' }, { parse: 'worker' }] as ImportTuning[]) {
      const again = await importInto(path, csv, tuning);
      expect(again).toMatchObject({ rowsImported: 0, duplicates: first.rowsImported + first.duplicates });
      expect(again.warnings).toContain(`${first.rowsImported} lines had been imported before and were not added again.`);
      expect(tables(path)).toEqual(before);
    }
    // Rows 2000–3999: the first 1000 are stored already.
    const overlapping = file('overlap.csv', invoiceLines(2000, 17, 2000));
    const { summary: read } = await readImportFileAll(overlapping);
    const sharedLines = (await readImportFileAll(file('shared.csv', invoiceLines(1000, 17, 2000)))).summary.accepted;
    const added = await importInto(path, overlapping, {});
    expect(added.rowsImported).toBe(read.accepted - sharedLines);
    expect(added.duplicates).toBe(read.duplicates + sharedLines);
    const after = tables(path);
    expect(after.lines).toHaveLength(before.lines.length + added.rowsImported);
    expect(after.repeatedKeys).toBe(0);
    // The overlap's new lines were added to the days the first file had already filled.
    expect(after.daily).not.toEqual(before.daily);
    expect(after.daily).toEqual(dailyFromLines(path));
    expect(await importInto(path, overlapping, { parse: 'here' })).toMatchObject({ rowsImported: 0 });
    // A small import of new lines into the filled database adds to daily demand the same way.
    const later = await importInto(path, file('later.csv', invoiceLines(500, 17, 4000)), { parse: 'here' });
    expect(later.rowsImported).toBeGreaterThan(0);
    expect(tables(path).daily).toEqual(dailyFromLines(path));
  });

  it('writes nothing when an import fails, is cancelled or is a dry run', async () => {
    const path = join(temp.dir, 'failing.db');
    await importInto(path, file('small.csv', invoiceLines(100, 3)), { parse: 'here' });
    const before = tables(path);
    const bad = file('bad-bulk.csv', invoiceLines(500, 5) + '5999,SKU1,Item 1,lots,2024-02-03 10:00,1.25,12001\n');
    const failure = await importInto(path, bad, {}).catch((error: unknown) => error);
    expect((failure as AppFailure).error.problems?.[0]).toMatchObject({ file: 'lines.csv', row: 512, column: 'Quantity' });
    expect(tables(path)).toEqual(before);
    const dry = await importInto(path, csv, {}, { dryRun: true });
    expect(dry.rowsImported).toBeGreaterThan(2000);
    expect(tables(path)).toEqual(before);
    const controller = new AbortController();
    const cancelled = importTask(
      { dbPath: path, filePath: csv, fileName: 'lines.csv', dryRun: false, taskId: 't', now: '2024-05-01T00:00:00Z' },
      (event) => { if (event.phase === 'reading') controller.abort(); }, controller.signal, { parse: 'worker' },
    );
    await expect(cancelled).rejects.toMatchObject({ error: { code: 'cancelled' } });
    expect(tables(path)).toEqual(before);
  });

  it('spreads weekly totals into seven keyed daily lines, once', async () => {
    const path = join(temp.dir, 'weekly.db');
    const weekly = file('weekly-bulk.csv', 'SKU,2024-W01,2024-W02\nA1,70,14\nB2,7,\n');
    const first = await importInto(path, weekly, {});
    expect(first.rowsImported).toBe(3);
    const stored = tables(path);
    expect(stored.lines).toHaveLength(21);
    expect(new Set(stored.lines.map((line) => (line as unknown[])[0])).size).toBe(21);
    expect(await importInto(path, weekly, {})).toMatchObject({ rowsImported: 0, duplicates: 3 });
    expect(await importInto(path, weekly, { parse: 'here' })).toMatchObject({ rowsImported: 0, duplicates: 3 });
    expect(tables(path)).toEqual(stored);
  });
});

describe('a database from before integer row keys (schema 3)', () => {
  /** What the importer of schema 3 wrote: text keys (16 hex digits, `/n` per weekly portion) and daily demand. */
  async function oldFormatDatabase(path: string, filePath: string): Promise<void> {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    migrate(db, 0, migrations.slice(0, 3));
    const { records } = await readImportFileAll(filePath);
    const batch = Number(db.prepare(`INSERT INTO import_batches (file_name, content_hash, kind, rows_read, rows_imported, rows_skipped, duplicates, summary, imported_at)
                                     VALUES ('old.csv', 'x', 'sales', 0, 0, 0, 0, '{}', 'then')`).run().lastInsertRowid);
    const itemIds = new Map<string, number>();
    const insertLine = db.prepare(`INSERT INTO sales_lines (batch_id, row_key, item_id, sale_date, quantity, unit_price, order_number, customer, location, category)
                                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sale')`);
    db.transaction(() => {
      for (const record of records as SalesRecord[]) {
        let itemId = itemIds.get(record.item);
        if (itemId === undefined) {
          itemId = Number(db.prepare(`INSERT INTO items (sku, created_at, updated_at) VALUES (?, 'then', 'then')`).run(record.item).lastInsertRowid);
          itemIds.set(record.item, itemId);
        }
        const portions = dailyPortions(record);
        portions.forEach((portion, index) => insertLine.run(batch, portions.length === 1 ? record.key : `${record.key}/${index}`, itemId,
          portion.date, portion.quantity, record.unitPrice ?? null, record.orderNumber ?? null, record.customer ?? null, record.location ?? null));
      }
      db.exec(`INSERT INTO daily_sales (item_id, day, units) SELECT item_id, sale_date, SUM(quantity) FROM sales_lines GROUP BY item_id, sale_date`);
    })();
    db.close();
  }

  it('keeps every line under its converted key, and re-importing the same files after the migration adds nothing', async () => {
    const path = join(temp.dir, 'schema3.db');
    const daily = file('old-daily.csv', invoiceLines(400, 29));
    const weekly = file('old-weekly.csv', 'SKU,2024-W05,2024-W06\nW1,70,14\nW2,7,\n');
    await oldFormatDatabase(path, daily);
    const oldKeys = (() => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare('SELECT id, row_key FROM sales_lines ORDER BY id').raw().all() as [number, string][];
      } finally {
        db.close();
      }
    })();
    const store = openStore(path);
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(4);
    // Every line, in the order of its old id, under its converted key.
    const newKeys = [...store.sales.storedLines()].map((line) => line.rowKey);
    store.close();
    expect(newKeys).toEqual(oldKeys.map(([, key]) => rowKeyFromText(key)));
    const before = tables(path);
    const again = await run(daily, { dbPath: path });
    expect(again).toMatchObject({ rowsImported: 0 });
    expect(again.duplicates).toBe(before.lines.length + (await readImportFileAll(daily)).summary.duplicates);
    expect(tables(path)).toEqual(before);
    // Weekly portions: an old database holding them, then the same file again.
    const weeklyPath = join(temp.dir, 'schema3-weekly.db');
    await oldFormatDatabase(weeklyPath, weekly);
    const weeklyBefore = tables(weeklyPath);
    expect(weeklyBefore.lines).toHaveLength(21);
    expect(await run(weekly, { dbPath: weeklyPath })).toMatchObject({ rowsImported: 0, duplicates: 3 });
    expect(await run(weekly, { dbPath: weeklyPath, kind: 'sales' })).toMatchObject({ rowsImported: 0 });
    expect(tables(weeklyPath)).toEqual(weeklyBefore);
  });

  it('turns text keys into integers the way the migration did', () => {
    const db = new Database(':memory:');
    migrate(db, 0, migrations.slice(0, 3));
    db.exec(`INSERT INTO items (id, sku, created_at, updated_at) VALUES (1, 'A', 'x', 'x');
             INSERT INTO import_batches (id, file_name, content_hash, kind, rows_read, rows_imported, rows_skipped, duplicates, summary, imported_at)
             VALUES (1, 'f', 'h', 'sales', 0, 0, 0, 0, '{}', 'x')`);
    const texts = ['0123456789abcdef', 'ffffffffffffffff', '8000000000000000', '0000000000000000', 'deadbeef00000001/0', 'deadbeef00000001/6', '7fffffffffffffff/3'];
    const insert = db.prepare(`INSERT INTO sales_lines (batch_id, row_key, item_id, sale_date, quantity, category) VALUES (1, ?, 1, '2024-01-01', 1, 'sale')`);
    for (const text of texts) insert.run(text);
    insert.run('not-an-importer-key');
    migrate(db, 3, migrations.slice(0, 4));
    db.defaultSafeIntegers(true);
    const keys = db.prepare('SELECT row_key FROM sales_lines ORDER BY id').pluck().all() as bigint[];
    db.close();
    expect(keys.slice(0, texts.length)).toEqual(texts.map(rowKeyFromText));
    expect(keys.slice(0, 3)).toEqual([0x0123456789abcdefn, -1n, -(2n ** 63n)]);
    expect(keys[texts.length]).toBe(-BigInt(texts.length + 1));
    expect(rowKeyFromText('deadbeef00000001/0')).toBe(BigInt.asIntN(64, 0xdeadbeef00000000n));
    expect(rowKeyFromText('SKU-1')).toBe(rowKeyFromText('SKU-1'));
    expect(rowKeyFromText('SKU-1')).not.toBe(rowKeyFromText('SKU-2'));
  });
});
