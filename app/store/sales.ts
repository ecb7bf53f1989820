import { daysBetween } from '../common/dates';
import type { SqliteDatabase } from './database';

export interface SalesLineInsert {
  batchId: number;
  /** The line's identity: a signed 64-bit integer, or text turned into one by `rowKeyFromText`. */
  rowKey: bigint | string;
  itemId: number;
  saleDate: string;
  quantity: number;
  unitPrice: number | null;
  orderNumber: string | null;
  customer: string | null;
  location: string | null;
  category: SalesLineCategory;
}

export type SalesLineCategory = 'sale' | 'cancellation' | 'return' | 'adjustment';

export interface DailySeries {
  itemId: number;
  /** First day of `units` (YYYY-MM-DD). */
  startDate: string;
  /** Units sold per consecutive calendar day; days without a stored row are 0. */
  units: Float64Array;
}

const LINE_COLUMNS = 'batch_id, row_key, item_id, sale_date, quantity, unit_price, order_number, customer, location, category';
const KEYED_LINE_VALUES = '(?, (? << 32) | ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Bound parameters per line of insertKeyed / insertKeyedLines. */
export const KEYED_LINE_PARAMETERS = 11;
/**
 * Lines per INSERT during a bulk load. Entering SQLite once per line was most of a bulk load's
 * insert time: measured on 1,000,000 lines, 4.3 s one line per statement, 1.5 s with 32 per
 * statement (and the foreign-key checks with it).
 */
export const BULK_LINES_PER_STATEMENT = 64;
/** Daily totals per INSERT in addDaily, for the same reason. */
const DAILY_ROWS_PER_STATEMENT = 128;
/** Keys per INSERT when a bulk load appends its sorted keys to sales_line_keys. */
const KEYS_PER_STATEMENT = 256;
const BULK_IMPORT_CACHE_KIB = 128 * 1024;
const IMPORTER_KEY = /^[0-9a-f]{16}(\/[0-6])?$/;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/**
 * The integer identity of a text key. The importer's historical text form (16 hex digits of the
 * 64-bit hash, `/0` … `/6` for a weekly total's daily portions) maps to the value migration 004
 * gave such rows: the hash as a signed 64-bit integer, XOR portion + 1. Any other text (callers
 * with their own identities) is hashed with 64-bit FNV-1a — which SQL cannot compute, so migration
 * 004 gave such rows `-id` instead (no database the app made holds any).
 */
export function rowKeyFromText(text: string): bigint {
  if (IMPORTER_KEY.test(text)) {
    const portion = text.length === 18 ? BigInt(Number(text[17]) + 1) : 0n;
    return BigInt.asIntN(64, BigInt(`0x${text.slice(0, 16)}`) ^ portion);
  }
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index++) hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(index))) * FNV_PRIME);
  return BigInt.asIntN(64, hash);
}

function integerKey(rowKey: bigint | string): bigint {
  return typeof rowKey === 'bigint' ? rowKey : rowKeyFromText(rowKey);
}

export class SalesRepository {
  private readonly insertLine;
  private readonly insertKeyedLine;
  private readonly claimKey;
  private readonly claimKeyHalves;
  private readonly keyExists;
  /** Set between beginBulkLoad and endBulkLoad: keys are not claimed line by line, the caller de-duplicates. */
  private bulkInsert: ReturnType<SqliteDatabase['prepare']> | undefined;
  private bulkInsertMany: ReturnType<SqliteDatabase['prepare']> | undefined;
  private addDailyMany: ReturnType<SqliteDatabase['prepare']> | undefined;
  private addDailyOne: ReturnType<SqliteDatabase['prepare']> | undefined;

  constructor(private readonly db: SqliteDatabase) {
    // Positional parameters: binding named ones from an object costs a property lookup per value.
    this.insertLine = db.prepare(`INSERT INTO sales_lines (${LINE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // The importer hands keys over as two unsigned 32-bit halves: a JS number holds each exactly,
    // where one BigInt per line would cost an allocation. SQLite's << wraps like C's uint64.
    this.insertKeyedLine = db.prepare(`INSERT INTO sales_lines (${LINE_COLUMNS}) VALUES (?, (? << 32) | ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // A line is stored only after its key was claimed: sales_line_keys holds each key once (migration 007).
    this.claimKey = db.prepare('INSERT INTO sales_line_keys (row_key) VALUES (?) ON CONFLICT DO NOTHING');
    this.claimKeyHalves = db.prepare('INSERT INTO sales_line_keys (row_key) VALUES ((? << 32) | ?) ON CONFLICT DO NOTHING');
    this.keyExists = db.prepare('SELECT 1 FROM sales_line_keys WHERE row_key = ?').pluck();
  }

  /**
   * Tune this connection for a large import: a page cache of 128 MiB instead of SQLite's 2 MiB
   * (a big import's pages stay in memory instead of being spilled to the WAL and read back: measured
   * on 200,000 lines, 1.07 s CPU to insert with the default cache, 0.58 s with this one), and the
   * sorts SQLite does for the import in memory. Memory only: journal mode, synchronous and
   * the single transaction are unchanged, so a killed import still leaves nothing behind. Settings
   * go with the connection (imports use their own).
   */
  tuneForBulkImport(): void {
    this.db.pragma(`cache_size = -${BULK_IMPORT_CACHE_KIB}`);
    this.db.pragma('temp_store = memory');
  }

  /** Insert one line; false when a line with the same identity is already stored. */
  insert(line: SalesLineInsert): boolean {
    const key = integerKey(line.rowKey);
    if (this.claimKey.run(key).changes === 0) return false;
    this.insertLine.run(
      line.batchId, key, line.itemId, line.saleDate, line.quantity, line.unitPrice,
      line.orderNumber, line.customer, line.location, line.category,
    );
    return true;
  }

  /**
   * The importer's insert outside a bulk load: the key as unsigned 32-bit halves [high, low] of the
   * 64-bit hash. False when a line with that key is already stored. A bulk load claims no key per line:
   * its lines go in with insertKeyedLines.
   */
  insertKeyed(
    batchId: number, keyHigh: number, keyLow: number, itemId: number, saleDate: string, quantity: number,
    unitPrice: number | null, orderNumber: string | null, customer: string | null, location: string | null, category: SalesLineCategory,
  ): boolean {
    if (this.bulkInsert !== undefined) throw new Error('insertKeyed during a bulk load: use insertKeyedLines');
    if (this.claimKeyHalves.run(keyHigh, keyLow).changes === 0) return false;
    this.insertKeyedLine.run(batchId, keyHigh, keyLow, itemId, saleDate, quantity, unitPrice, orderNumber, customer, location, category);
    return true;
  }

  hasKey(rowKey: bigint | string): boolean {
    return this.keyExists.get(integerKey(rowKey)) !== undefined;
  }

  /** How many lines are stored, at most: the largest line id (nothing deletes lines), read in O(log n). */
  storedLineCeiling(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) FROM sales_lines').pluck().get() as number);
  }

  /**
   * Start loading many lines at once, inside the caller's transaction: lines are appended without
   * claiming their keys one by one — each claim lands on a random page of sales_line_keys, and
   * SQLite's own alternative, rebuilding a unique index after the load, scans and sorts every
   * stored line (about a second per million). Lines go in with insertKeyedLines; the caller
   * de-duplicates them and hands their keys to endBulkLoad, which appends them in key order.
   * `visitKey` receives every stored key as [high, low] halves, read from the key table.
   */
  beginBulkLoad(visitKey: (high: number, low: number) => void): void {
    if (this.bulkInsert !== undefined) throw new Error('a bulk load is already running');
    if (!this.db.inTransaction) throw new Error('a bulk load must run inside a transaction');
    const keys = this.db
      .prepare('SELECT (row_key >> 32) & 4294967295, row_key & 4294967295 FROM sales_line_keys')
      .raw()
      .iterate() as IterableIterator<[number, number]>;
    for (const [high, low] of keys) visitKey(high, low);
    this.bulkInsert = this.db.prepare(`INSERT INTO sales_lines (${LINE_COLUMNS}) VALUES ${KEYED_LINE_VALUES}`);
    this.bulkInsertMany ??= this.db.prepare(
      `INSERT INTO sales_lines (${LINE_COLUMNS}) VALUES ${new Array(BULK_LINES_PER_STATEMENT).fill(KEYED_LINE_VALUES).join(', ')}`,
    );
  }

  /**
   * During a bulk load: store the lines whose parameters lie one after the other in `parameters`,
   * KEYED_LINE_PARAMETERS per line in insertKeyed's order (the caller de-duplicated them). A full
   * statement's worth (BULK_LINES_PER_STATEMENT lines) goes in one statement, fewer one by one.
   */
  insertKeyedLines(parameters: unknown[]): void {
    if (this.bulkInsert === undefined || this.bulkInsertMany === undefined) throw new Error('insertKeyedLines is for bulk loads');
    if (parameters.length % KEYED_LINE_PARAMETERS !== 0) throw new Error('insertKeyedLines: parameters are not whole lines');
    if (parameters.length === BULK_LINES_PER_STATEMENT * KEYED_LINE_PARAMETERS) {
      this.bulkInsertMany.run(parameters);
      return;
    }
    for (let start = 0; start < parameters.length; start += KEYED_LINE_PARAMETERS) {
      this.bulkInsert.run(parameters.slice(start, start + KEYED_LINE_PARAMETERS));
    }
  }

  /**
   * End a bulk load: claim the keys of the lines it stored (`keys`, in any order; sorted here, in
   * place). Appended in key order, they fill sales_line_keys' pages one after the other. A key
   * stored twice after all — by the load, or before it — fails the INSERT, and the caller's
   * transaction with it.
   */
  endBulkLoad(keys: BigInt64Array): void {
    if (this.bulkInsert === undefined) throw new Error('no bulk load is running');
    this.bulkInsert = undefined;
    keys.sort();
    const insertMany = this.db.prepare(`INSERT INTO sales_line_keys (row_key) VALUES ${new Array(KEYS_PER_STATEMENT).fill('(?)').join(', ')}`);
    const insertOne = this.db.prepare('INSERT INTO sales_line_keys (row_key) VALUES (?)');
    const parameters = new Array<bigint>(KEYS_PER_STATEMENT);
    let next = 0;
    for (; next + KEYS_PER_STATEMENT <= keys.length; next += KEYS_PER_STATEMENT) {
      for (let offset = 0; offset < KEYS_PER_STATEMENT; offset++) parameters[offset] = keys[next + offset];
      insertMany.run(parameters);
    }
    for (; next < keys.length; next++) insertOne.run(keys[next]);
  }

  /**
   * Re-derive daily demand of the given items from all their stored lines, in one pass over the
   * lines (they have no index by item). Imports keep daily demand up to date with addDaily; this
   * is for lines stored with `insert`, and to check that the two agree.
   */
  rebuildDaily(itemIds: Iterable<number>): void {
    const ids = JSON.stringify([...itemIds]);
    this.db.prepare('DELETE FROM daily_sales WHERE item_id IN (SELECT value FROM json_each(?))').run(ids);
    this.db
      .prepare(
        `INSERT INTO daily_sales (item_id, day, units)
         SELECT item_id, sale_date, SUM(quantity) FROM sales_lines
         WHERE category = 'sale' AND item_id IN (SELECT value FROM json_each(?))
         GROUP BY item_id, sale_date`,
      )
      .run(ids);
  }

  /**
   * Add units to daily demand: `units[i]` to item `itemIds[i]` on `days[i]` (an import's
   * DailyTotals, the units of the lines it stored). The same as rebuildDaily of those items when
   * daily demand was right before the lines were stored, and far cheaper: nothing is read back.
   */
  addDaily(totals: { itemIds: ArrayLike<number>; days: string[]; units: ArrayLike<number> }): void {
    const upsert = 'ON CONFLICT (item_id, day) DO UPDATE SET units = units + excluded.units';
    this.addDailyMany ??= this.db.prepare(
      `INSERT INTO daily_sales (item_id, day, units) VALUES ${new Array(DAILY_ROWS_PER_STATEMENT).fill('(?, ?, ?)').join(', ')} ${upsert}`,
    );
    this.addDailyOne ??= this.db.prepare(`INSERT INTO daily_sales (item_id, day, units) VALUES (?, ?, ?) ${upsert}`);
    const { itemIds, days, units } = totals;
    const parameters = new Array<unknown>(3 * DAILY_ROWS_PER_STATEMENT);
    let row = 0;
    for (; row + DAILY_ROWS_PER_STATEMENT <= days.length; row += DAILY_ROWS_PER_STATEMENT) {
      for (let offset = 0; offset < DAILY_ROWS_PER_STATEMENT; offset++) {
        parameters[3 * offset] = itemIds[row + offset];
        parameters[3 * offset + 1] = days[row + offset];
        parameters[3 * offset + 2] = units[row + offset];
      }
      this.addDailyMany.run(parameters);
    }
    for (; row < days.length; row++) this.addDailyOne.run([itemIds[row], days[row], units[row]]);
  }

  /**
   * The first and last day with data in the whole database (the shared calendar). Two seeks per
   * item in daily_sales' (item_id, day) key: MIN(day) over the table would read every row.
   */
  calendar(): { first: string | null; last: string | null } {
    return this.db
      .prepare(
        `SELECT MIN(first) AS first, MAX(last) AS last FROM (
           SELECT (SELECT day FROM daily_sales WHERE item_id = items.id ORDER BY day LIMIT 1) AS first,
                  (SELECT day FROM daily_sales WHERE item_id = items.id ORDER BY day DESC LIMIT 1) AS last
           FROM items)`,
      )
      .get() as { first: string | null; last: string | null };
  }

  /** Daily demand of every item on the shared calendar [from, to] (inclusive). */
  dailySeries(from: string, to: string, itemIds?: number[]): DailySeries[] {
    const days = daysBetween(from, to) + 1;
    if (!(days > 0)) return [];
    const ids =
      itemIds ?? (this.db.prepare('SELECT id FROM items ORDER BY id').pluck().all() as number[]);
    const byItem = new Map<number, Float64Array>();
    for (const id of ids) byItem.set(id, new Float64Array(days));
    const rows = this.db
      .prepare('SELECT item_id AS itemId, day, units FROM daily_sales WHERE day BETWEEN ? AND ?')
      .raw()
      .iterate(from, to) as IterableIterator<[number, string, number]>;
    for (const [itemId, day, units] of rows) {
      const series = byItem.get(itemId);
      if (!series) continue;
      series[daysBetween(from, day)] = units;
    }
    return ids.map((itemId) => ({ itemId, startDate: from, units: byItem.get(itemId)! }));
  }
}
