import type { Migration } from './types';

/**
 * Sales line identities move from a unique index on sales_lines(row_key) to a table of their own,
 * keyed by the identity (an INTEGER PRIMARY KEY: the key is the row id, no payload).
 *
 * Why: after a bulk load the index had to be rebuilt by SQLite — a scan of every stored line and
 * a sort, about a second per million lines, the largest single step of a big import. The importer
 * already holds the keys of the lines it stores: it sorts them itself (about 0.1 s per million)
 * and appends them to this table in key order, which SQLite writes page after page (about 0.35 s
 * per million). The table answers the same questions the index did: "is this line stored?"
 * (SalesRepository.insert/insertKeyed claim the key first, so a key can be stored once only) and
 * "which keys are stored?" (a bulk load reads them from this small table instead of the lines).
 * sales_lines.row_key stays the line's identity; every key in one is in the other.
 */
export const salesLineKeyTable: Migration = {
  version: 7,
  name: 'sales line keys in a table of their own',
  sql: `
CREATE TABLE sales_line_keys (
  -- The line's 64-bit identity (sales_lines.row_key).
  row_key INTEGER PRIMARY KEY
) STRICT;
INSERT INTO sales_line_keys (row_key) SELECT row_key FROM sales_lines ORDER BY row_key;
DROP INDEX sales_lines_row_key;
`,
};
