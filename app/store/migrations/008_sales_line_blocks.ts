import type { Database } from 'better-sqlite3';
import { BLOCK_LINES, categoryCodeOf, saleDayOf, SalesLineBlockBuilder } from '../salesLineBlocks';
import type { SalesLineBlockRow, SalesLineCategory } from '../salesLineBlocks';
import type { Migration } from './types';

/**
 * Sales lines move from a table of one row per line to blocks of up to 4,096 lines of one import,
 * stored as columns (app/store/salesLineBlocks.ts says why, and how they are encoded). Each line
 * keeps its identity, batch, item, date, quantity, price, texts and category; its key stays
 * claimed in sales_line_keys. The lines are copied in their order (by id), a block never mixing
 * two imports, and the old table is dropped.
 */
const INSERT_BLOCK = `INSERT INTO sales_line_blocks (batch_id, line_count, row_keys, item_ids, sale_days, quantities, unit_prices, categories, texts)
  VALUES (@batch_id, @line_count, @row_keys, @item_ids, @sale_days, @quantities, @unit_prices, @categories, @texts)`;

function packLines(db: Database): void {
  const insert = db.prepare(INSERT_BLOCK);
  const builder = new SalesLineBlockBuilder();
  let blockBatch = 0;
  const flush = (): void => {
    if (builder.count > 0) insert.run(builder.take(blockBatch) satisfies SalesLineBlockRow);
  };
  // Read a page of lines at a time: better-sqlite3 cannot insert while a query is being iterated.
  const page = db.prepare(`SELECT id, batch_id, (row_key >> 32) & 4294967295, row_key & 4294967295, item_id, sale_date, quantity,
                                  unit_price, order_number, customer, location, category
                           FROM sales_lines WHERE id > ? ORDER BY id LIMIT ${BLOCK_LINES}`).raw();
  type Line = [number, number, number, number, number, string, number, number | null, string | null, string | null, string | null, SalesLineCategory];
  let lastId = 0;
  for (let lines = page.all(lastId) as Line[]; lines.length > 0; lines = page.all(lastId) as Line[]) {
    for (const [id, batchId, keyHigh, keyLow, itemId, saleDate, quantity, unitPrice, orderNumber, customer, location, category] of lines) {
      if (batchId !== blockBatch || builder.full) {
        flush();
        blockBatch = batchId;
      }
      builder.add(keyHigh, keyLow, itemId, saleDayOf(saleDate), quantity, unitPrice ?? NaN, orderNumber, customer, location, categoryCodeOf(category));
      lastId = id;
    }
  }
  flush();
}

export const salesLineBlocks: Migration = {
  version: 8,
  name: 'sales lines in blocks',
  sql: `
CREATE TABLE sales_line_blocks (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  line_count INTEGER NOT NULL CHECK (line_count BETWEEN 1 AND ${BLOCK_LINES}),
  -- One value per line, little-endian: int64 identities (each also in sales_line_keys), int32
  -- items.id, int32 days since 1970-01-01, float64 quantities, float64 unit prices (NaN: none),
  -- uint8 categories (0 sale, 1 cancellation, 2 return, 3 adjustment).
  row_keys BLOB NOT NULL CHECK (length(row_keys) = 8 * line_count),
  item_ids BLOB NOT NULL CHECK (length(item_ids) = 4 * line_count),
  sale_days BLOB NOT NULL CHECK (length(sale_days) = 4 * line_count),
  quantities BLOB NOT NULL CHECK (length(quantities) = 8 * line_count),
  unit_prices BLOB NOT NULL CHECK (length(unit_prices) = 8 * line_count),
  categories BLOB NOT NULL CHECK (length(categories) = line_count),
  -- JSON [order numbers, customers, locations]: three arrays of line_count strings or nulls.
  texts TEXT NOT NULL
) STRICT;
`,
  migrate(db) {
    packLines(db);
    db.exec('DROP TABLE sales_lines;');
  },
  // The old table's pages (about 40 % of a database of a million lines) would stay in the file.
  vacuumAfter: true,
};
