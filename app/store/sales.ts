import { daysBetween } from '../common/dates';
import { KeySet } from '../common/keySet';
import { DailyTotals } from './dailyTotals';
import type { SqliteDatabase } from './database';
import {
  categoryCodeOf, decodeSalesLineBlock, linesOf, rowKeyWordsOf, saleDayOf, SalesLineBlockBuilder,
} from './salesLineBlocks';
import type { SalesLineBlockRow, SalesLineCategory, SalesLineColumns, StoredSalesLine } from './salesLineBlocks';

export type { SalesLineCategory, StoredSalesLine };

/** A line to store: a stored line whose identity may also be given as text (turned into an integer by `rowKeyFromText`). */
export type SalesLineInsert = Omit<StoredSalesLine, 'rowKey'> & { rowKey: bigint | string };

export interface DailySeries {
  itemId: number;
  /** First day of `units` (YYYY-MM-DD). */
  startDate: string;
  /** Units sold per consecutive calendar day; days without a stored row are 0. */
  units: Float64Array;
}

const BLOCK_COLUMNS = 'batch_id, line_count, row_keys, item_ids, sale_days, quantities, unit_prices, categories, texts';
/** Daily totals per INSERT in addDaily: entering SQLite once per row was most of the cost. */
const DAILY_ROWS_PER_STATEMENT = 128;
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
  private readonly insertBlock;
  private addDailyMany: ReturnType<SqliteDatabase['prepare']> | undefined;
  private addDailyOne: ReturnType<SqliteDatabase['prepare']> | undefined;

  constructor(private readonly db: SqliteDatabase) {
    this.insertBlock = db.prepare(`INSERT INTO sales_line_blocks (${BLOCK_COLUMNS})
      VALUES (@batch_id, @line_count, @row_keys, @item_ids, @sale_days, @quantities, @unit_prices, @categories, @texts)`);
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
    return this.insertLines([line]) === 1;
  }

  /**
   * Insert lines (of any batches), in blocks; a line whose identity is already stored — before, or
   * earlier in `lines` — is left out. Returns how many were stored. All or nothing: a line that
   * cannot be stored (a date that is not one) throws, and no line of the call is kept.
   */
  insertLines(lines: readonly SalesLineInsert[]): number {
    return this.db.transaction(() => {
      const keys = this.storedKeys(lines.length);
      const builder = new SalesLineBlockBuilder();
      let blockBatch = 0;
      let stored = 0;
      for (const line of lines) {
        const saleDay = saleDayOf(line.saleDate);
        const categoryCode = categoryCodeOf(line.category);
        const keyBits = BigInt.asUintN(64, integerKey(line.rowKey));
        const keyHigh = Number(keyBits >> 32n);
        const keyLow = Number(keyBits & 0xffffffffn);
        if (!keys.add(keyHigh, keyLow)) continue;
        if (builder.count > 0 && (line.batchId !== blockBatch || builder.full)) this.appendBlock(builder, blockBatch);
        blockBatch = line.batchId;
        builder.add(keyHigh, keyLow, line.itemId, saleDay, line.quantity, line.unitPrice ?? NaN, line.orderNumber, line.customer, line.location, categoryCode);
        stored++;
      }
      if (builder.count > 0) this.appendBlock(builder, blockBatch);
      return stored;
    })();
  }

  /**
   * The identities of every stored line, as a KeySet with room for `moreKeys` more: what a caller
   * storing lines checks them against (and adds them to), inside its transaction. A line's
   * identity is stored once, in its block (migration 009): whoever stores lines must check here
   * first. Reads 8 bytes per stored line — about a tenth of a second per million.
   */
  storedKeys(moreKeys = 0): KeySet {
    const keys = new KeySet(this.storedLineCount() + moreKeys);
    const blocks = this.db.prepare('SELECT line_count, row_keys FROM sales_line_blocks').iterate() as IterableIterator<Pick<SalesLineBlockRow, 'line_count' | 'row_keys'>>;
    for (const block of blocks) {
      const words = rowKeyWordsOf(block);
      for (let word = 0; word < words.length; word += 2) keys.add(words[word + 1], words[word]);
    }
    return keys;
  }

  /** Store the builder's lines as a block of `batchId`. The caller has checked their keys against storedKeys. */
  appendBlock(builder: SalesLineBlockBuilder, batchId: number): void {
    this.insertBlock.run(builder.take(batchId) satisfies SalesLineBlockRow);
  }

  /** How many lines are stored (a sum over the blocks: about one row per 4,096 lines). */
  storedLineCount(): number {
    return this.db.prepare('SELECT COALESCE(SUM(line_count), 0) FROM sales_line_blocks').pluck().get() as number;
  }

  /** Every stored block, decoded, in the order stored. Read-only while it runs: better-sqlite3 cannot write during a query. */
  *blocks(): Generator<SalesLineColumns> {
    const rows = this.db.prepare(`SELECT ${BLOCK_COLUMNS} FROM sales_line_blocks ORDER BY id`).iterate() as IterableIterator<SalesLineBlockRow>;
    for (const row of rows) yield decodeSalesLineBlock(row);
  }

  /** Every stored line, in the order stored: for checks (nothing in the app reads lines one by one). */
  *storedLines(): Generator<StoredSalesLine> {
    for (const block of this.blocks()) yield* linesOf(block);
  }

  /**
   * Re-derive daily demand of the given items from all their stored lines, in one pass over the
   * blocks. Imports keep daily demand up to date with addDaily; this is for lines stored with
   * `insert`/`insertLines`, and to check that the two agree.
   */
  rebuildDaily(itemIds: Iterable<number>): void {
    const items = new Set(itemIds);
    const totals = new DailyTotals();
    const saleCode = categoryCodeOf('sale');
    for (const block of this.blocks()) {
      for (let line = 0; line < block.count; line++) {
        if (block.categories[line] === saleCode && items.has(block.itemIds[line])) totals.add(block.itemIds[line], block.saleDays[line], block.quantities[line]);
      }
    }
    this.db.prepare('DELETE FROM daily_sales WHERE item_id IN (SELECT value FROM json_each(?))').run(JSON.stringify([...items]));
    this.addDaily(totals.sorted());
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
