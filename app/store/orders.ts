import type { SqliteDatabase } from './database';
import { StatementCache } from './statements';

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

export type PurchaseOrderStatus = 'draft' | 'sent' | 'received' | 'cancelled';

export interface PurchaseOrderLine {
  id: number;
  itemId: number;
  sku: string;
  description: string | null;
  quantity: number;
  receivedQuantity: number;
  unitCost: number | null;
  expectedDate: string | null;
}

export interface PurchaseOrder {
  id: number;
  poNumber: string;
  supplier: string | null;
  status: PurchaseOrderStatus;
  source: 'imported' | 'plan';
  planId: number | null;
  currency: string | null;
  notes: string | null;
  createdAt: string;
  sentAt: string | null;
  closedAt: string | null;
  lines: PurchaseOrderLine[];
}

export interface NewPurchaseOrder {
  poNumber: string;
  supplierId: number | null;
  planId: number;
  currency: string | null;
  createdAt: string;
  lines: { itemId: number; quantity: number; unitCost: number | null; expectedDate: string | null }[];
}

/** Purchase orders created in Replenish (and imported open orders) with their lines. */
export class PurchaseOrdersRepository {
  /** importOpenOrderLine runs once per row of an open-orders import (statements.ts). */
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
  }

  /**
   * Record an open purchase-order line from an import (an order placed outside Replenish). The PO
   * is created on first sight as 'sent'; a line seen before (same row identity) is not added again.
   */
  importOpenOrderLine(line: OpenOrderLineImport): boolean {
    const sql = this.statements;
    let supplierId: number | null = null;
    if (line.supplier) {
      supplierId =
        (sql.get('SELECT id FROM suppliers WHERE name = ?').get(line.supplier) as { id: number } | undefined)?.id ??
        Number(sql.get('INSERT INTO suppliers (name, created_at) VALUES (?, ?)').run(line.supplier, line.now).lastInsertRowid);
    }
    const poId =
      (sql.get('SELECT id FROM purchase_orders WHERE po_number = ?').get(line.poNumber) as { id: number } | undefined)?.id ??
      Number(
        sql
          .get(
            `INSERT INTO purchase_orders (po_number, supplier_id, status, source, batch_id, created_at, sent_at)
             VALUES (?, ?, 'sent', 'imported', ?, ?, ?)`,
          )
          .run(line.poNumber, supplierId, line.batchId, line.now, line.now).lastInsertRowid,
      );
    return (
      sql
        .get(
          `INSERT INTO purchase_order_lines (po_id, item_id, quantity, expected_date, row_key) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(row_key) DO NOTHING`,
        )
        .run(poId, line.itemId, line.quantity, line.expectedDate, line.key).changes === 1
    );
  }

  /** The next free number of the form PO-YYYYMMDD-NNN for that day. */
  nextNumber(day: string): string {
    const prefix = `PO-${day.replaceAll('-', '')}-`;
    const last = this.db
      .prepare(`SELECT po_number FROM purchase_orders WHERE po_number LIKE ? ORDER BY po_number DESC LIMIT 1`)
      .pluck()
      .get(`${prefix}%`) as string | undefined;
    const next = last ? Number(last.slice(prefix.length)) + 1 : 1;
    return `${prefix}${String(next).padStart(3, '0')}`;
  }

  create(order: NewPurchaseOrder): number {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO purchase_orders (po_number, supplier_id, status, source, plan_id, currency, created_at)
           VALUES (?, ?, 'draft', 'plan', ?, ?, ?)`,
        )
        .run(order.poNumber, order.supplierId, order.planId, order.currency, order.createdAt).lastInsertRowid,
    );
    const insert = this.db.prepare('INSERT INTO purchase_order_lines (po_id, item_id, quantity, unit_cost, expected_date) VALUES (?, ?, ?, ?, ?)');
    for (const line of order.lines) insert.run(id, line.itemId, line.quantity, line.unitCost, line.expectedDate);
    return id;
  }

  list(filter: { ids?: number[]; numbers?: string[] } = {}): PurchaseOrder[] {
    const orders = this.db
      .prepare(
        `SELECT po.id, po.po_number AS poNumber, s.name AS supplier, po.status, po.source, po.plan_id AS planId,
                po.currency, po.notes, po.created_at AS createdAt, po.sent_at AS sentAt, po.closed_at AS closedAt
         FROM purchase_orders po LEFT JOIN suppliers s ON s.id = po.supplier_id ORDER BY po.id DESC`,
      )
      .all() as Omit<PurchaseOrder, 'lines'>[];
    const wanted = orders.filter(
      (order) => (!filter.ids || filter.ids.includes(order.id)) && (!filter.numbers || filter.numbers.includes(order.poNumber)),
    );
    const lines = this.db.prepare(
      `SELECT l.id, l.item_id AS itemId, i.sku, i.description, l.quantity, l.received_quantity AS receivedQuantity,
              l.unit_cost AS unitCost, l.expected_date AS expectedDate
       FROM purchase_order_lines l JOIN items i ON i.id = l.item_id WHERE l.po_id = ? ORDER BY i.sku`,
    );
    return wanted.map((order) => ({ ...order, lines: lines.all(order.id) as PurchaseOrderLine[] }));
  }

  setStatus(id: number, status: PurchaseOrderStatus, at: string): void {
    const column = status === 'sent' ? 'sent_at' : status === 'draft' ? null : 'closed_at';
    if (column) this.db.prepare(`UPDATE purchase_orders SET status = ?, ${column} = ? WHERE id = ?`).run(status, at, id);
    else this.db.prepare('UPDATE purchase_orders SET status = ? WHERE id = ?').run(status, id);
  }

  setReceived(lineId: number, receivedQuantity: number): void {
    this.db.prepare('UPDATE purchase_order_lines SET received_quantity = ? WHERE id = ?').run(receivedQuantity, lineId);
  }

  markPlanOrdered(planId: number): void {
    this.db.prepare(`UPDATE plans SET status = 'ordered' WHERE id = ?`).run(planId);
  }
}
