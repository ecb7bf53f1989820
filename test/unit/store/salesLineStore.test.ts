import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../app/store';
import type { Store } from '../../../app/store';
import { saleDayOf, SalesLineBlockBuilder } from '../../../app/store/salesLineBlocks';
import { migrate } from '../../../app/store/database';
import { migrations } from '../../../app/store/migrations';
import { rowKeyFromText, SalesRepository } from '../../../app/store/sales';
import type { SalesLineInsert } from '../../../app/store/sales';
import { tempDir } from '../../helpers/tempDir';

/** A builder holding one line per [high, low] key, dated `day`. */
function blockOf(itemId: number, day: string, keys: [number, number][]): SalesLineBlockBuilder {
  const builder = new SalesLineBlockBuilder();
  for (const [high, low] of keys) builder.add(high, low, itemId, saleDayOf(day), 1, NaN, null, null, null, 0);
  return builder;
}

describe('sales lines in blocks, each identity stored once (migrations 008, 009 and 010)', () => {
  let dir: string;
  let cleanup: () => void;
  let store: Store;
  let batchId: number;
  let itemId: number;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    store = openStore(join(dir, 'keys.db'));
    batchId = store.imports.start('f.csv', 'hash', 'sales', '2026-01-01T00:00:00Z');
    itemId = store.items.ensure('A', null, '2026-01-01T00:00:00Z');
  });
  afterEach(() => {
    store.close();
    cleanup();
  });
  const count = (table: string): number => store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const line = (rowKey: bigint | string, saleDate: string, extra: Partial<SalesLineInsert> = {}): SalesLineInsert => ({
    batchId, rowKey, itemId, saleDate, quantity: 1, unitPrice: null, orderNumber: null, customer: null, location: null, category: 'sale', ...extra,
  });

  it('stores a line once: a second line with its identity is left out', () => {
    expect(store.sales.insert(line(2n ** 32n + 2n, '2024-01-03'))).toBe(true);
    expect(store.sales.insert(line(2n ** 32n + 2n, '2024-01-04'))).toBe(false);
    // 0 and 1 are two identities (0 is the key set's empty mark, kept apart).
    expect(store.sales.insertLines([line(0n, '2024-01-04'), line(1n, '2024-01-05'), line(0n, '2024-01-06')])).toBe(2);
    expect(store.sales.insertLines([line(6n, '2024-01-04'), line(1n, '2024-01-05'), line(6n, '2024-01-06')])).toBe(1);
    expect(store.sales.storedLineCount()).toBe(4);
    const keys = store.sales.storedKeys();
    expect([keys.size, keys.has(1, 2), keys.has(0, 0), keys.has(0, 1), keys.has(0, 6), keys.has(0, 7)]).toEqual([4, true, true, true, true, false]);
    // All or nothing: a line that is not storable leaves the call's other lines out too.
    expect(() => store.sales.insertLines([line(7n, '2024-01-07'), line(8n, '2024-02-30')])).toThrow(/not a date/);
    expect([store.sales.storedLineCount(), store.sales.storedKeys().has(0, 7)]).toEqual([4, false]);
  });

  it('gives back every field of every line, in the order stored, a block never mixing two imports', () => {
    const other = store.imports.start('g.csv', 'hash-2', 'sales', '2026-01-01T00:00:00Z');
    const lines: SalesLineInsert[] = [
      line(-1n, '1999-12-31', { quantity: 2.5, unitPrice: 0.1, orderNumber: 'C536001', customer: 'Émile "E"', location: 'Zürich', category: 'cancellation' }),
      line(2n ** 63n - 1n, '2024-02-29', { quantity: -3, unitPrice: 0, category: 'return' }),
      line('own-text-key', '2100-06-30', { batchId: other, quantity: 1e-9, location: '', category: 'adjustment' }),
      line(-(2n ** 63n), '1970-01-01', { quantity: 4, unitPrice: 12.75, orderNumber: '0042' }),
    ];
    expect(store.sales.insertLines(lines)).toBe(4);
    expect([...store.sales.storedLines()]).toEqual(lines.map((stored) => ({
      ...stored,
      rowKey: typeof stored.rowKey === 'bigint' ? stored.rowKey : rowKeyFromText(stored.rowKey),
    })));
    expect(store.db.prepare('SELECT batch_id, line_count FROM sales_line_blocks ORDER BY id').raw().all()).toEqual([[batchId, 2], [other, 1], [batchId, 1]]);
  });

  it('splits a long run of lines into blocks of 4,096 and re-derives daily demand from them', () => {
    const many = Array.from({ length: 9000 }, (_, index) => line(BigInt(index + 1), index % 2 === 0 ? '2024-01-01' : '2024-01-02', { quantity: 1 }));
    expect(store.sales.insertLines(many)).toBe(9000);
    expect(store.db.prepare('SELECT line_count FROM sales_line_blocks ORDER BY id').pluck().all()).toEqual([4096, 4096, 808]);
    store.sales.insert(line(99_999n, '2024-01-01', { category: 'return', quantity: 7 }));
    store.sales.rebuildDaily([itemId]);
    expect(store.db.prepare('SELECT day, units FROM daily_sales WHERE item_id = ? ORDER BY day').raw().all(itemId)).toEqual([['2024-01-01', 4500], ['2024-01-02', 4500]]);
  });

  it('refuses a block that does not hold what it says (the table checks each column)', () => {
    expect(() => store.db.prepare(`INSERT INTO sales_line_blocks (batch_id, line_count, row_keys, item_ids, sale_days, quantities, unit_prices, categories, texts)
      VALUES (?, 2, zeroblob(16), zeroblob(8), zeroblob(8), zeroblob(16), zeroblob(8), zeroblob(2), '[[],[],[]]')`).run(batchId)).toThrow(/CHECK constraint failed/);
  });

  it('stores a block\'s texts as runs of equal values (migration 010), and still reads texts stored one value per line', () => {
    const invoice = (orderNumber: string | null, customer: string | null, location: string | null, lines: number, first: number): SalesLineInsert[] =>
      Array.from({ length: lines }, (_, index) => line(BigInt(first + index), '2024-03-01', { orderNumber, customer, location }));
    const lines = [
      ...invoice('536001', 'Émile "E"', 'Zürich', 3, 1), ...invoice('536002', 'Émile "E"', '', 2, 10), ...invoice(null, null, null, 1, 20),
      ...invoice('536003', null, '', 2, 30),
    ];
    expect(store.sales.insertLines(lines)).toBe(8);
    const texts = store.db.prepare('SELECT texts FROM sales_line_blocks').pluck().get() as string;
    expect(JSON.parse(texts)).toEqual({
      runs: [['536001', 3, '536002', 2, null, 1, '536003', 2], ['Émile "E"', 5, null, 3], ['Zürich', 3, '', 2, null, 1, '', 2]],
    });
    expect([...store.sales.storedLines()].map(({ orderNumber, customer, location }) => [orderNumber, customer, location]))
      .toEqual(lines.map(({ orderNumber, customer, location }) => [orderNumber, customer, location]));
    // A block written before migration 010: one value per line.
    store.db.prepare('UPDATE sales_line_blocks SET texts = ?').run(JSON.stringify([
      lines.map((stored) => stored.orderNumber), lines.map((stored) => stored.customer), lines.map((stored) => stored.location),
    ]));
    expect([...store.sales.storedLines()].map(({ orderNumber, customer, location }) => [orderNumber, customer, location]))
      .toEqual(lines.map(({ orderNumber, customer, location }) => [orderNumber, customer, location]));
    // Texts that do not hold the block's lines are refused when read.
    for (const broken of [
      { runs: [['536001', 7], ['x', 8], ['y', 8]] }, { runs: [['536001', 8, 'x'], ['x', 8], ['y', 8]] }, { runs: [['536001', 8], ['x', 0, 'y', 8], ['y', 8]] },
      { runs: [['536001', 8], [1, 8], ['y', 8]] }, { runs: [['536001', 8], ['x', 8]] }, [[], [], []],
    ]) {
      store.db.prepare('UPDATE sales_line_blocks SET texts = ?').run(JSON.stringify(broken));
      expect(() => [...store.sales.storedLines()], JSON.stringify(broken)).toThrow(/texts do not hold 8 lines/);
    }
  });

  it('reads every stored identity back from the blocks', () => {
    const keys: [number, number][] = Array.from({ length: 4000 }, (_, index) => [(index * 2654435761) >>> 0, (index * 40503 + 1) >>> 0]);
    store.transaction(() => {
      store.sales.appendBlock(blockOf(itemId, '2024-01-01', keys.slice(0, 3)), batchId);
      store.sales.appendBlock(blockOf(itemId, '2024-01-02', keys.slice(3)), batchId);
    });
    const stored = store.sales.storedKeys(10);
    expect(stored.size).toBe(4000);
    expect(keys.every(([high, low]) => stored.has(high, low))).toBe(true);
    expect(stored.has(keys[0][1], keys[0][0])).toBe(false);
  });
});

describe('migration 008: lines of a schema-7 database into blocks', () => {
  it('keeps every line and field in the order of its id, one import per block, and drops the old table', () => {
    const db = new Database(':memory:');
    migrate(db, 0, migrations.slice(0, 7));
    db.exec(`INSERT INTO items (id, sku, created_at, updated_at) VALUES (1, 'A', 'x', 'x'), (2, 'B', 'x', 'x');
             INSERT INTO import_batches (id, file_name, content_hash, kind, rows_read, rows_imported, rows_skipped, duplicates, summary, imported_at)
             VALUES (1, 'f', 'h', 'sales', 0, 0, 0, 0, '{}', 'x'), (2, 'g', 'h2', 'sales', 0, 0, 0, 0, '{}', 'x')`);
    const insert = db.prepare(`INSERT INTO sales_lines (batch_id, row_key, item_id, sale_date, quantity, unit_price, order_number, customer, location, category)
                               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const claim = db.prepare('INSERT INTO sales_line_keys (row_key) VALUES (?)');
    const rows: [number, bigint, number, string, number, number | null, string | null, string | null, string | null, string][] = [];
    for (let index = 0; index < 5000; index++) {
      const batch = index < 4500 ? 1 : 2;
      rows.push([batch, BigInt(index) * 0x1_0000_0001n - 2n ** 62n, 1 + (index % 2), `2024-0${1 + (index % 9)}-1${index % 10}`, index / 4,
        index % 3 === 0 ? null : index % 7, index % 5 === 0 ? null : `C${index}`, index % 11 === 0 ? 'Zoë' : null, index % 13 === 0 ? 'Lyon' : null,
        ['sale', 'cancellation', 'return', 'adjustment'][index % 4]]);
    }
    // Stored out of key order (ids are the order lines came in), with the keys claimed as migration 007 left them.
    db.transaction(() => {
      for (const row of rows) {
        insert.run(...row);
        claim.run(row[1]);
      }
    })();
    migrate(db, 7, migrations.slice(0, 8));
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'sales_lines'`).all()).toEqual([]);
    expect(db.prepare('SELECT batch_id, line_count FROM sales_line_blocks ORDER BY id').raw().all()).toEqual([[1, 4096], [1, 404], [2, 500]]);
    const store = new SalesRepository(db);
    expect([...store.storedLines()]).toEqual(rows.map(([batchId, rowKey, itemId, saleDate, quantity, unitPrice, orderNumber, customer, location, category]) => ({
      batchId, rowKey, itemId, saleDate, quantity, unitPrice, orderNumber, customer, location, category,
    })));
    expect(db.prepare('SELECT COUNT(*) FROM sales_line_keys').pluck().get()).toBe(5000);
    // Migration 009: the identities are kept in the blocks only.
    migrate(db, 8);
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'sales_line_keys'`).all()).toEqual([]);
    const keys = store.storedKeys();
    expect(keys.size).toBe(5000);
    expect(rows.every(([, rowKey]) => keys.has(Number(BigInt.asUintN(64, rowKey) >> 32n), Number(BigInt.asUintN(64, rowKey) & 0xffffffffn)))).toBe(true);
    db.close();
  });

  it('gives the old table\'s pages back when a database file is opened (VACUUM after the migration)', () => {
    const { dir: folder, cleanup: remove } = tempDir();
    try {
      const path = join(folder, 'v7.db');
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      migrate(db, 0, migrations.slice(0, 7));
      db.exec(`INSERT INTO items (id, sku, created_at, updated_at) VALUES (1, 'A', 'x', 'x');
               INSERT INTO import_batches (id, file_name, content_hash, kind, rows_read, rows_imported, rows_skipped, duplicates, summary, imported_at)
               VALUES (1, 'f', 'h', 'sales', 0, 0, 0, 0, '{}', 'x')`);
      const insert = db.prepare(`INSERT INTO sales_lines (batch_id, row_key, item_id, sale_date, quantity, order_number, customer, category)
                                 VALUES (1, ?, 1, '2024-05-01', 1, ?, 'A customer with a long name', 'sale')`);
      db.transaction(() => {
        for (let index = 1; index <= 20_000; index++) insert.run(index, `ORDER-${index}`);
        db.exec('INSERT INTO sales_line_keys (row_key) SELECT row_key FROM sales_lines');
      })();
      db.close();
      const store = openStore(path);
      try {
        expect(store.sales.storedLineCount()).toBe(20_000);
        expect(store.db.pragma('freelist_count', { simple: true })).toBe(0);
      } finally {
        store.close();
      }
    } finally {
      remove();
    }
  });
});
