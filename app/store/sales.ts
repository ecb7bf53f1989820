import { daysBetween } from '../common/dates';
import type { SqliteDatabase } from './database';

export interface SalesLineInsert {
  batchId: number;
  rowKey: string;
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

export class SalesRepository {
  private readonly insertLine;
  private readonly keyExists;

  constructor(private readonly db: SqliteDatabase) {
    this.insertLine = db.prepare(
      `INSERT INTO sales_lines (batch_id, row_key, item_id, sale_date, quantity, unit_price, order_number, customer, location, category)
       VALUES (@batchId, @rowKey, @itemId, @saleDate, @quantity, @unitPrice, @orderNumber, @customer, @location, @category)
       ON CONFLICT(row_key) DO NOTHING`,
    );
    this.keyExists = db.prepare('SELECT 1 FROM sales_lines WHERE row_key = ?').pluck();
  }

  /** Insert one accepted line; false when a line with the same identity was imported before. */
  insert(line: SalesLineInsert): boolean {
    return this.insertLine.run(line).changes === 1;
  }

  hasKey(rowKey: string): boolean {
    return this.keyExists.get(rowKey) !== undefined;
  }

  /**
   * Re-derive daily demand of the given items from their stored lines. Deriving (rather than adding)
   * keeps daily_sales exactly the sum of the lines, whatever order files arrive in.
   */
  rebuildDaily(itemIds: Iterable<number>): void {
    const remove = this.db.prepare('DELETE FROM daily_sales WHERE item_id = ?');
    const insert = this.db.prepare(
      `INSERT INTO daily_sales (item_id, day, units)
       SELECT item_id, sale_date, SUM(quantity) FROM sales_lines WHERE item_id = ? AND category = 'sale' GROUP BY sale_date`,
    );
    for (const id of itemIds) {
      remove.run(id);
      insert.run(id);
    }
  }

  /** The first and last day with data in the whole database (the shared calendar). */
  calendar(): { first: string | null; last: string | null } {
    return this.db.prepare('SELECT MIN(day) AS first, MAX(day) AS last FROM daily_sales').get() as {
      first: string | null;
      last: string | null;
    };
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
