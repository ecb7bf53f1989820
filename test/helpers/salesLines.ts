/**
 * The stored sales lines and daily totals of a database in a fixed order, for tests that compare
 * what different import paths wrote (lines are kept in blocks: app/store/salesLineBlocks.ts).
 */
import { openStore } from '../../app/store';
import type { Store } from '../../app/store';

/** Each line as [key, sku, date, quantity, price, order, customer, location, category], by key. */
export function lineRows(store: Store): unknown[][] {
  const skus = new Map(store.db.prepare('SELECT id, sku FROM items').raw().all() as [number, string][]);
  return [...store.sales.storedLines()]
    .sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0))
    .map((line) => [String(line.rowKey), skus.get(line.itemId), line.saleDate, line.quantity, line.unitPrice, line.orderNumber, line.customer, line.location, line.category]);
}

export function dailyRows(store: Store): unknown[][] {
  return store.db.prepare('SELECT i.sku, d.day, d.units FROM daily_sales d JOIN items i ON i.id = d.item_id ORDER BY i.sku, d.day').raw().all() as unknown[][];
}

/** Lines and daily totals of the database at `dbPath`, opened read-only. */
export function storedTables(dbPath: string): { lines: unknown[][]; daily: unknown[][] } {
  const store = openStore(dbPath, { readonly: true });
  try {
    return { lines: lineRows(store), daily: dailyRows(store) };
  } finally {
    store.close();
  }
}
