import type Database from 'better-sqlite3';
import { addDays } from '../common/dates';
import type { SqliteDatabase } from './database';

/** An item's demand statistics over all its stored days (only days with units > 0 count). */
export interface ItemSalesTotals {
  firstSale: string | null;
  lastSale: string | null;
  totalUnits: number;
  salesDays: number;
}

type Statement = Database.Statement<unknown[]>;

/**
 * Per-item aggregates of daily_sales for the catalogue list, written for 50,000 items × years of
 * days. daily_sales is stored in (item_id, day) order (its WITHOUT ROWID key), so one item's days
 * are one contiguous run: a first or last day is one seek, a week is one seek and ≤ 7 rows.
 * Measured at 50,000 items × 366 days (9.4 million rows; CPU seconds, shared machine): MAX(day)
 * over the table 0.48, per-item last-day seeks 0.25; the GROUP BY with MIN/MAX(day) 1.5, without
 * them 1.0 plus 0.27 for three seeks per item; the last 26 weeks' rows read into JS with a date
 * parse per row (the previous sparkline) ~6, 26 per-week sums in SQL ~1.2. Rejected, each slower
 * than the per-week seeks: bucketing days by week (CASE or julianday) then GROUP BY, which sorts
 * every row; a FILTER clause per week (26 tests per row); a JS aggregate function; group_concat
 * or rows sent across to JS; one statement for totals and weeks (5 % faster, not worth a second
 * way of computing the totals). test/bench/itemsList.bench.ts measures the whole list.
 */
export class ItemSalesQueries {
  private readonly totalsStatement: Statement;
  private readonly itemIdsStatement: Statement;
  private readonly weeklyStatements = new Map<number, Statement>();

  constructor(private readonly db: SqliteDatabase) {
    // Items in id order, the order of daily_sales' key: the seeks walk the table forwards. The
    // sums come from one GROUP BY pass that needs no sort, for the same reason. The last column,
    // each item's last stored day whatever its units, gives the database's last day: daily_sales'
    // foreign key keeps every row's item in items.
    this.totalsStatement = db
      .prepare(
        `SELECT i.id,
                (SELECT day FROM daily_sales WHERE item_id = i.id AND units > 0 ORDER BY day LIMIT 1),
                (SELECT day FROM daily_sales WHERE item_id = i.id AND units > 0 ORDER BY day DESC LIMIT 1),
                COALESCE(st.totalUnits, 0), COALESCE(st.salesDays, 0),
                (SELECT day FROM daily_sales WHERE item_id = i.id ORDER BY day DESC LIMIT 1)
         FROM items i
         LEFT JOIN (SELECT item_id, SUM(units) AS totalUnits, COUNT(*) AS salesDays
                    FROM daily_sales WHERE units > 0 GROUP BY item_id) st ON st.item_id = i.id
         ORDER BY i.id`,
      )
      .raw();
    this.itemIdsStatement = db.prepare('SELECT id FROM items ORDER BY id').pluck();
  }

  /**
   * Totals of every item by item id (items without sales included, with nulls and zeros), and
   * the last day with a stored row in the whole database (any units; null when there is none).
   */
  totals(): { byItem: Map<number, ItemSalesTotals>; lastDay: string | null } {
    const byItem = new Map<number, ItemSalesTotals>();
    let lastDay: string | null = null;
    const rows = this.totalsStatement.all() as [number, string | null, string | null, number, number, string | null][];
    for (const [id, firstSale, lastSale, totalUnits, salesDays, lastStored] of rows) {
      byItem.set(id, { firstSale, lastSale, totalUnits, salesDays });
      if (lastStored !== null && (lastDay === null || lastStored > lastDay)) lastDay = lastStored;
    }
    return { byItem, lastDay };
  }

  /**
   * Units of every item in each of `weeks` consecutive 7-day weeks, the last one ending on
   * `through` (inclusive), oldest first; 0 for a week without rows. Every stored row counts,
   * whatever its sign — the same days and units as `SalesRepository.dailySeries` over that range.
   * SQLite sums with error compensation: with fractional units a week can differ from a plain
   * left-to-right sum in the last bits.
   */
  weeklyUnits(through: string, weeks: number): Map<number, number[]> {
    const result = new Map<number, number[]>();
    if (!(Number.isInteger(weeks) && weeks > 0)) return result;
    // bounds[k] is the first day of week k; bounds[weeks] the day after `through`.
    const bounds = Array.from({ length: weeks + 1 }, (_, week) => addDays(through, 1 - (weeks - week) * 7));
    const parameters = [...bounds.slice(0, weeks).flatMap((first, week) => [first, bounds[week + 1]]), bounds[0], bounds[weeks]];
    for (const row of this.weeklyStatement(weeks).all(...parameters) as number[][]) result.set(row.shift()!, row);
    for (const id of this.itemIdsStatement.all() as number[]) if (!result.has(id)) result.set(id, new Array<number>(weeks).fill(0));
    return result;
  }

  /**
   * One statement per week count: an id and `weeks` sums per item with a row in the range.
   * Parameters, in the order they appear: each week's first day and the next week's, then the
   * range's first day and the day after it.
   */
  private weeklyStatement(weeks: number): Statement {
    let statement = this.weeklyStatements.get(weeks);
    if (!statement) {
      // One seek per week: a JOIN with a table of weeks seeks the same number of times, and
      // anything that reads the days once and buckets them costs more per row than the seeks.
      // Items without a row in the range (a catalogue's long tail) cost one seek instead of `weeks`.
      const sums = Array.from(
        { length: weeks },
        () => `(SELECT total(units) FROM daily_sales WHERE item_id = i.id AND day >= ? AND day < ?)`,
      );
      statement = this.db
        .prepare(
          `SELECT i.id, ${sums.join(', ')} FROM items i
           WHERE EXISTS (SELECT 1 FROM daily_sales WHERE item_id = i.id AND day >= ? AND day < ?)
           ORDER BY i.id`,
        )
        .raw();
      this.weeklyStatements.set(weeks, statement);
    }
    return statement;
  }
}
