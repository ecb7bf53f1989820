import type { SqliteDatabase } from './database';
import { StatementCache } from './statements';

/** What an item has now and has coming: the inputs of its inventory position. */
export interface StockPosition {
  itemId: number;
  onHand: number;
  /** Date of the on-hand snapshot used, or null when no stock count was ever imported (on-hand 0). */
  onHandAsOf: string | null;
  onOrder: number;
  /** Open order lines not yet received, oldest expected first. */
  openOrders: { poNumber: string; quantity: number; expectedDate: string | null }[];
}

export class InventoryRepository {
  /** setOnHand runs once per row of a stock-count import (statements.ts). */
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  setOnHand(itemId: number, asOfDate: string, quantity: number, batchId: number | null): void {
    this.statements
      .get(
        `INSERT INTO inventory_snapshots (item_id, as_of_date, quantity, batch_id) VALUES (?, ?, ?, ?)
         ON CONFLICT(item_id, as_of_date) DO UPDATE SET quantity = excluded.quantity, batch_id = excluded.batch_id`,
      )
      .run(itemId, asOfDate, quantity, batchId);
  }

  /** Latest on-hand snapshot on or before `date` and open (draft or sent) order lines, per item. */
  positions(date: string): Map<number, StockPosition> {
    const result = new Map<number, StockPosition>();
    const ids = this.db.prepare('SELECT id FROM items').pluck().all() as number[];
    for (const id of ids) result.set(id, { itemId: id, onHand: 0, onHandAsOf: null, onOrder: 0, openOrders: [] });
    const snapshots = this.db
      .prepare(
        `SELECT s.item_id AS itemId, s.quantity, s.as_of_date AS asOf FROM inventory_snapshots s
         JOIN (SELECT item_id, MAX(as_of_date) AS d FROM inventory_snapshots WHERE as_of_date <= ? GROUP BY item_id) latest
           ON latest.item_id = s.item_id AND latest.d = s.as_of_date`,
      )
      .all(date) as { itemId: number; quantity: number; asOf: string }[];
    for (const snapshot of snapshots) {
      const position = result.get(snapshot.itemId);
      if (!position) continue;
      position.onHand = snapshot.quantity;
      position.onHandAsOf = snapshot.asOf;
    }
    const lines = this.db
      .prepare(
        `SELECT l.item_id AS itemId, po.po_number AS poNumber, l.quantity - l.received_quantity AS quantity,
                l.expected_date AS expectedDate
         FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.po_id
         WHERE po.status IN ('draft', 'sent') AND l.quantity > l.received_quantity
         ORDER BY l.expected_date`,
      )
      .all() as { itemId: number; poNumber: string; quantity: number; expectedDate: string | null }[];
    for (const line of lines) {
      const position = result.get(line.itemId);
      if (!position) continue;
      position.onOrder += line.quantity;
      position.openOrders.push({ poNumber: line.poNumber, quantity: line.quantity, expectedDate: line.expectedDate });
    }
    return result;
  }
}
