import { daysBetween } from '../common/dates';
import type { SqliteDatabase } from './database';
import { StatementCache } from './statements';
import { ItemSalesQueries } from './itemSales';
import { SuppliersRepository } from './suppliers';

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
  private readonly sales: ItemSalesQueries;

  /** The writes an import makes per row (statements.ts). */
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sales = new ItemSalesQueries(db);
    this.statements = new StatementCache(db);
  }

  /** Id of the item with this SKU, creating a bare item when it is new. */
  ensure(sku: string, description: string | null, now: string): number {
    const existing = this.statements.get('SELECT id, description FROM items WHERE sku = ?').get(sku) as
      | { id: number; description: string | null }
      | undefined;
    if (existing) {
      if (existing.description === null && description) {
        this.statements.get('UPDATE items SET description = ?, updated_at = ? WHERE id = ?').run(description, now, existing.id);
      }
      return existing.id;
    }
    return Number(this.statements.get('INSERT INTO items (sku, description, created_at, updated_at) VALUES (?, ?, ?, ?)').run(sku, description, now, now).lastInsertRowid);
  }

  /**
   * Create or update master data; fields given as undefined keep their stored value.
   * `supplierMinOrderValue` is a term of the item's supplier (the one given, else the stored one):
   * it sets that supplier's minimum order value (0 or null clears it; undefined keeps it).
   */
  upsertMaster(master: Partial<ItemMaster> & { sku: string; supplierMinOrderValue?: number | null }, now: string): number {
    const { sku, supplierMinOrderValue, ...changes } = master;
    const supplier = supplierMinOrderValue === undefined ? undefined : this.supplierTakingTerms(master);
    const id = this.ensure(sku, master.description ?? null, now);
    this.updateMaster(id, changes, now);
    // 0 means "no minimum", stored as none, as the suppliers API stores it.
    if (supplier !== undefined) new SuppliersRepository(this.db).setMinimumOrderValue(supplier, supplierMinOrderValue === 0 ? null : supplierMinOrderValue ?? null);
    return id;
  }

  /** The supplier whose terms an item-master row sets; checked before anything is written (none is a caller's bug). */
  private supplierTakingTerms(master: { sku: string; supplier?: string | null }): string {
    const supplier = master.supplier !== undefined ? master.supplier : this.bySku(master.sku)?.supplier;
    if (!supplier) throw new Error(`item ${master.sku} has no supplier to take a minimum order value`);
    return supplier;
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
    this.statements.get(`UPDATE items SET ${assignments.join(', ')}, updated_at = ? WHERE id = ?`).run(...values, now, id);
  }

  ensureSupplier(name: string, now: string): number {
    const row = this.statements.get('SELECT id FROM suppliers WHERE name = ?').get(name) as { id: number } | undefined;
    if (row) return row.id;
    return Number(this.statements.get('INSERT INTO suppliers (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid);
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
   * Every item with its demand statistics, in SKU order. The mean is over the calendar days from
   * the item's first sale to the last day of data in the database, so that items that stopped
   * selling show a falling mean rather than the mean of their active days.
   */
  listWithStats(): ItemWithStats[] {
    return this.listWithStatsThrough().items;
  }

  /**
   * `listWithStats`, and that last day of data in the database (any item, any units: the same
   * day as `SalesRepository.calendar().last`), read in the same pass.
   */
  listWithStatsThrough(): { items: ItemWithStats[]; lastDay: string | null } {
    // Two statements, one read transaction: an import committing in between cannot add an item
    // that the totals have not seen.
    const { byItem, lastDay, items } = this.db.transaction(() => ({ ...this.sales.totals(), items: this.list() as ItemWithStats[] }))();
    // Filled in place, in the order the fields were always listed: no copy of 50,000 objects.
    for (const item of items) {
      const stats = byItem.get(item.id)!;
      item.firstSale = stats.firstSale;
      item.lastSale = stats.lastSale;
      item.totalUnits = stats.totalUnits;
      item.salesDays = stats.salesDays;
      const days = stats.firstSale && lastDay ? daysBetween(stats.firstSale, lastDay) + 1 : 0;
      item.meanDailyUnits = days > 0 ? stats.totalUnits / days : 0;
    }
    return { items, lastDay };
  }

  /**
   * Units of every item in each of the `weeks` weeks ending on `through`, oldest first, by item id
   * (see ItemSalesQueries.weeklyUnits).
   */
  weeklyUnits(through: string, weeks: number): Map<number, number[]> {
    return this.sales.weeklyUnits(through, weeks);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
  }
}
