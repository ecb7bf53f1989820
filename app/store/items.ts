import { daysBetween } from '../common/dates';
import type { SqliteDatabase } from './database';

/** Master data of one item as the planner maintains it. Optional fields are null when unknown. */
export interface ItemMaster {
  sku: string;
  description: string | null;
  supplier: string | null;
  unitCost: number | null;
  currency: string | null;
  leadTimeDays: number | null;
  leadTimeSpreadDays: number | null;
  moq: number | null;
  orderMultiple: number | null;
  holdingCostRate: number | null;
  stockoutPenalty: number | null;
  serviceLevel: number | null;
  reviewPeriodDays: number | null;
}

export interface ItemRow extends ItemMaster {
  id: number;
}

export interface ItemWithStats extends ItemRow {
  firstSale: string | null;
  lastSale: string | null;
  totalUnits: number;
  salesDays: number;
  meanDailyUnits: number;
}

const itemColumns = `
  i.id, i.sku, i.description, s.name AS supplier, i.unit_cost AS unitCost, i.currency,
  i.lead_time_days AS leadTimeDays, i.lead_time_spread_days AS leadTimeSpreadDays, i.moq,
  i.order_multiple AS orderMultiple, i.holding_cost_rate AS holdingCostRate,
  i.stockout_penalty AS stockoutPenalty, i.service_level AS serviceLevel,
  i.review_period_days AS reviewPeriodDays`;

export class ItemsRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Id of the item with this SKU, creating a bare item when it is new. */
  ensure(sku: string, description: string | null, now: string): number {
    const existing = this.db.prepare('SELECT id, description FROM items WHERE sku = ?').get(sku) as
      | { id: number; description: string | null }
      | undefined;
    if (existing) {
      if (existing.description === null && description) {
        this.db.prepare('UPDATE items SET description = ?, updated_at = ? WHERE id = ?').run(description, now, existing.id);
      }
      return existing.id;
    }
    const info = this.db
      .prepare('INSERT INTO items (sku, description, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(sku, description, now, now);
    return Number(info.lastInsertRowid);
  }

  /** Create or update master data; fields given as undefined keep their stored value. */
  upsertMaster(master: Partial<ItemMaster> & { sku: string }, now: string): number {
    const { sku, ...changes } = master;
    const id = this.ensure(sku, master.description ?? null, now);
    this.updateMaster(id, changes, now);
    return id;
  }

  /** Set master-data fields of an existing item; null clears a field, absent keeps it. */
  updateMaster(id: number, changes: Partial<Omit<ItemMaster, 'sku'>>, now: string): void {
    const columns: Record<keyof Omit<ItemMaster, 'sku' | 'supplier'>, string> = {
      description: 'description', unitCost: 'unit_cost', currency: 'currency', leadTimeDays: 'lead_time_days',
      leadTimeSpreadDays: 'lead_time_spread_days', moq: 'moq', orderMultiple: 'order_multiple', holdingCostRate: 'holding_cost_rate',
      stockoutPenalty: 'stockout_penalty', serviceLevel: 'service_level', reviewPeriodDays: 'review_period_days',
    };
    const assignments: string[] = [];
    const values: unknown[] = [];
    for (const [field, column] of Object.entries(columns)) {
      const value = changes[field as keyof typeof columns];
      if (value === undefined) continue;
      assignments.push(`${column} = ?`);
      values.push(value);
    }
    if (changes.supplier !== undefined) {
      assignments.push('supplier_id = ?');
      values.push(changes.supplier === null ? null : this.ensureSupplier(changes.supplier, now));
    }
    if (assignments.length === 0) return;
    this.db.prepare(`UPDATE items SET ${assignments.join(', ')}, updated_at = ? WHERE id = ?`).run(...values, now, id);
  }

  ensureSupplier(name: string, now: string): number {
    const row = this.db.prepare('SELECT id FROM suppliers WHERE name = ?').get(name) as { id: number } | undefined;
    if (row) return row.id;
    return Number(this.db.prepare('INSERT INTO suppliers (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid);
  }

  get(id: number): ItemRow | undefined {
    return this.db.prepare(`SELECT ${itemColumns} FROM items i LEFT JOIN suppliers s ON s.id = i.supplier_id WHERE i.id = ?`).get(id) as
      | ItemRow
      | undefined;
  }

  bySku(sku: string): ItemRow | undefined {
    return this.db.prepare(`SELECT ${itemColumns} FROM items i LEFT JOIN suppliers s ON s.id = i.supplier_id WHERE i.sku = ?`).get(sku) as
      | ItemRow
      | undefined;
  }

  /** Every item's master data, without statistics (cheap: no scan of the sales). */
  list(): ItemRow[] {
    return this.db.prepare(`SELECT ${itemColumns} FROM items i LEFT JOIN suppliers s ON s.id = i.supplier_id ORDER BY i.sku`).all() as ItemRow[];
  }

  /**
   * Every item with its demand statistics. The mean is over the calendar days from the item's
   * first sale to the last day of data in the database, so that items that stopped selling show
   * a falling mean rather than the mean of their active days.
   */
  listWithStats(): ItemWithStats[] {
    const lastDay = (this.db.prepare('SELECT MAX(day) AS day FROM daily_sales').get() as { day: string | null }).day;
    const rows = this.db
      .prepare(
        `SELECT ${itemColumns}, st.firstSale, st.lastSale, COALESCE(st.totalUnits, 0) AS totalUnits,
                COALESCE(st.salesDays, 0) AS salesDays
         FROM items i
         LEFT JOIN suppliers s ON s.id = i.supplier_id
         LEFT JOIN (SELECT item_id, MIN(day) AS firstSale, MAX(day) AS lastSale, SUM(units) AS totalUnits,
                           COUNT(*) AS salesDays
                    FROM daily_sales WHERE units > 0 GROUP BY item_id) st ON st.item_id = i.id
         ORDER BY i.sku`,
      )
      .all() as Omit<ItemWithStats, 'meanDailyUnits'>[];
    return rows.map((row) => {
      const days = row.firstSale && lastDay ? daysBetween(row.firstSale, lastDay) + 1 : 0;
      return { ...row, meanDailyUnits: days > 0 ? row.totalUnits / days : 0 };
    });
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
  }
}
