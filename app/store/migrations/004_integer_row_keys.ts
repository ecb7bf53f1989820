import type { Migration } from './types';

/**
 * Sales lines get a 64-bit INTEGER identity instead of its 16-hex-digit text, and the item/date
 * index carries the two columns daily demand is summed from.
 *
 * Why: a unique index of random text keys was most of the cost of a large import (every insert
 * lands on a random page of it); an integer key halves that index and compares in one step. The
 * item/date index now also holds category and quantity, so re-deriving daily demand reads the
 * index alone instead of visiting every line in the table.
 *
 * Existing rows keep their identity: the importer's text key is the 64-bit hash written as 16
 * lower-case hex digits (high half first), and a weekly total's seven daily portions had
 * `/0` … `/6` appended. The integer key is that hash read as a signed 64-bit integer, with the
 * portion number plus one XOR-ed into it (`hash ^ (portion + 1)`), exactly what the importer now
 * computes — so re-importing a file after this migration adds nothing. A text key the importer
 * cannot have written (none exist in a database the app made) gets `-id`, unique among lines.
 * SQLite has no hex parser or XOR, hence the digit-by-digit sum of shifts and `(a | b) & ~(a & b)`.
 */
const HEX_DIGITS = '0123456789abcdef';
const HEX_PATTERN = '[0-9a-f]'.repeat(16);

/** The 64-bit value of the first 16 hex digits of `row_key`, built from 4-bit shifts (wrapping like C). */
const hashOfText = Array.from(
  { length: 16 },
  (_, digit) => `((instr('${HEX_DIGITS}', substr(row_key, ${digit + 1}, 1)) - 1) << ${60 - 4 * digit})`,
).join(' | ');

const isImporterKey = `(length(row_key) = 16 AND row_key GLOB '${HEX_PATTERN}')
       OR (length(row_key) = 18 AND row_key GLOB '${HEX_PATTERN}/[0-6]')`;

/** The two indexes of sales_lines; sales.ts drops and re-creates them around a bulk load. */
export const SALES_LINE_INDEXES = {
  rowKey: 'CREATE UNIQUE INDEX sales_lines_row_key ON sales_lines(row_key)',
  itemDate: 'CREATE INDEX sales_lines_item_date ON sales_lines(item_id, sale_date, category, quantity)',
} as const;

export const integerRowKeys: Migration = {
  version: 4,
  name: 'integer sales line keys',
  sql: `
CREATE TABLE sales_lines_v4 (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  -- 64-bit hash of the line's normalised fields (app/import/recordKey.ts): the line's identity.
  row_key INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  sale_date TEXT NOT NULL,
  quantity REAL NOT NULL,
  unit_price REAL,
  order_number TEXT,
  customer TEXT,
  location TEXT,
  -- 'sale' lines make demand; cancellations, returns and adjustments are kept but do not count.
  category TEXT NOT NULL CHECK (category IN ('sale', 'cancellation', 'return', 'adjustment'))
) STRICT;

INSERT INTO sales_lines_v4 (id, batch_id, row_key, item_id, sale_date, quantity, unit_price, order_number, customer, location, category)
SELECT id, batch_id,
       CASE WHEN importer_key THEN (hash | portion) & ~(hash & portion) ELSE -id END,
       item_id, sale_date, quantity, unit_price, order_number, customer, location, category
FROM (
  SELECT *,
         ${isImporterKey} AS importer_key,
         ${hashOfText} AS hash,
         CASE WHEN length(row_key) = 18 THEN CAST(substr(row_key, 18, 1) AS INTEGER) + 1 ELSE 0 END AS portion
  FROM sales_lines
)
ORDER BY id;

DROP TABLE sales_lines;
ALTER TABLE sales_lines_v4 RENAME TO sales_lines;
${SALES_LINE_INDEXES.rowKey};
${SALES_LINE_INDEXES.itemDate};
`,
};
