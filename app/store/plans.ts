import type { SqliteDatabase } from './database';

export interface PlanLineRecord {
  itemId: number;
  policy: string;
  recommendedQty: number;
  classicalPolicy: string | null;
  classicalQty: number | null;
  inventoryPosition: number;
  onHand: number;
  onOrder: number;
  reason: string;
  details: Record<string, unknown>;
  overrideQty: number | null;
  skipped: boolean;
}

export interface PlanRecord {
  id: number;
  planDate: string;
  createdAt: string;
  budget: number | null;
  status: 'draft' | 'ordered' | 'superseded';
  summary: Record<string, unknown>;
}

export class PlansRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Save a new plan with all its lines (one transaction; earlier drafts become superseded). */
  save(plan: Omit<PlanRecord, 'id' | 'status'>, lines: PlanLineRecord[]): number {
    return this.db.transaction(() => {
      this.db.prepare(`UPDATE plans SET status = 'superseded' WHERE status = 'draft'`).run();
      const planId = Number(
        this.db
          .prepare('INSERT INTO plans (plan_date, created_at, budget, summary) VALUES (?, ?, ?, ?)')
          .run(plan.planDate, plan.createdAt, plan.budget, JSON.stringify(plan.summary)).lastInsertRowid,
      );
      const insert = this.db.prepare(
        `INSERT INTO plan_lines (plan_id, item_id, policy, recommended_qty, classical_policy, classical_qty,
           inventory_position, on_hand, on_order, reason, details, override_qty, skipped)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const line of lines) {
        insert.run(
          planId, line.itemId, line.policy, line.recommendedQty, line.classicalPolicy, line.classicalQty,
          line.inventoryPosition, line.onHand, line.onOrder, line.reason, JSON.stringify(line.details),
          line.overrideQty, line.skipped ? 1 : 0,
        );
      }
      return planId;
    })();
  }

  latest(): PlanRecord | undefined {
    const id = this.db.prepare('SELECT MAX(id) FROM plans').pluck().get() as number | null;
    return id === null ? undefined : this.get(id);
  }

  get(planId: number): PlanRecord | undefined {
    const row = this.db
      .prepare(`SELECT id, plan_date AS planDate, created_at AS createdAt, budget, status, summary FROM plans WHERE id = ?`)
      .get(planId) as (Omit<PlanRecord, 'summary'> & { summary: string }) | undefined;
    return row ? { ...row, summary: JSON.parse(row.summary) as Record<string, unknown> } : undefined;
  }

  lines(planId: number): PlanLineRecord[] {
    const rows = this.db
      .prepare(
        `SELECT item_id AS itemId, policy, recommended_qty AS recommendedQty, classical_policy AS classicalPolicy,
                classical_qty AS classicalQty, inventory_position AS inventoryPosition, on_hand AS onHand,
                on_order AS onOrder, reason, details, override_qty AS overrideQty, skipped
         FROM plan_lines WHERE plan_id = ? ORDER BY item_id`,
      )
      .all(planId) as (Omit<PlanLineRecord, 'details' | 'skipped'> & { details: string; skipped: number })[];
    return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown>, skipped: row.skipped === 1 }));
  }

  setOverride(planId: number, itemId: number, overrideQty: number | null, skipped: boolean): boolean {
    return (
      this.db
        .prepare('UPDATE plan_lines SET override_qty = ?, skipped = ? WHERE plan_id = ? AND item_id = ?')
        .run(overrideQty, skipped ? 1 : 0, planId, itemId).changes === 1
    );
  }
}
