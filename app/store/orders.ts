import type { SqliteDatabase } from './database';

export interface OpenOrderLineImport {
  poNumber: string;
  itemId: number;
  quantity: number;
  expectedDate: string;
  supplier?: string;
  key: string;
  batchId: number;
  now: string;
}

export class OrdersRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /**
   * Record an open purchase-order line from an import (an order placed outside Replenish). The PO
   * is created on first sight as 'sent'; a line seen before (same row identity) is not added again.
   */
  importOpenOrderLine(line: OpenOrderLineImport): boolean {
    let supplierId: number | null = null;
    if (line.supplier) {
      supplierId =
        (this.db.prepare('SELECT id FROM suppliers WHERE name = ?').pluck().get(line.supplier) as number | undefined) ??
        Number(this.db.prepare('INSERT INTO suppliers (name, created_at) VALUES (?, ?)').run(line.supplier, line.now).lastInsertRowid);
    }
    const poId =
      (this.db.prepare('SELECT id FROM purchase_orders WHERE po_number = ?').pluck().get(line.poNumber) as number | undefined) ??
      Number(
        this.db
          .prepare(
            `INSERT INTO purchase_orders (po_number, supplier_id, status, source, batch_id, created_at, sent_at)
             VALUES (?, ?, 'sent', 'imported', ?, ?, ?)`,
          )
          .run(line.poNumber, supplierId, line.batchId, line.now, line.now).lastInsertRowid,
      );
    return (
      this.db
        .prepare(
          `INSERT INTO purchase_order_lines (po_id, item_id, quantity, expected_date, row_key) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(row_key) DO NOTHING`,
        )
        .run(poId, line.itemId, line.quantity, line.expectedDate, line.key).changes === 1
    );
  }
}
