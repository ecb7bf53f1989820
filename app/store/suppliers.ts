import type { SqliteDatabase } from './database';

export interface SupplierRecord {
  id: number;
  name: string;
  /** Smallest order total (in the planner's currency) the supplier accepts; null when none. */
  minOrderValue: number | null;
  /** Items whose master data names this supplier. */
  items: number;
}

/** Suppliers and their order terms. Suppliers are created by the item and open-order importers. */
export class SuppliersRepository {
  constructor(private readonly db: SqliteDatabase) {}

  list(): SupplierRecord[] {
    return this.db
      .prepare(
        `SELECT s.id, s.name, s.min_order_value AS minOrderValue, COUNT(i.id) AS items
         FROM suppliers s LEFT JOIN items i ON i.supplier_id = s.id GROUP BY s.id ORDER BY s.name`,
      )
      .all() as SupplierRecord[];
  }

  /** Minimum order value per supplier name, for the suppliers that have one. */
  minimumOrderValues(): Map<string, number> {
    const rows = this.db
      .prepare('SELECT name, min_order_value AS value FROM suppliers WHERE min_order_value IS NOT NULL AND min_order_value > 0')
      .all() as { name: string; value: number }[];
    return new Map(rows.map((row) => [row.name, row.value]));
  }

  /** Set (or clear, with null) a supplier's minimum order value; false when no supplier has that name. */
  setMinimumOrderValue(name: string, value: number | null): boolean {
    return this.db.prepare('UPDATE suppliers SET min_order_value = ? WHERE name = ?').run(value, name).changes === 1;
  }
}
