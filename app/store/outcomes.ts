import type { OutcomeVerdict } from '../outcomes/rules';
import type { SqliteDatabase } from './database';

/** What happened to one recommendation (one plan line); figures are null while pending. */
export interface OutcomeRecord {
  planId: number;
  itemId: number;
  planDate: string;
  windowFrom: string;
  windowTo: string;
  windowDays: number;
  coveredDays: number;
  verdict: OutcomeVerdict;
  policy: string;
  recommendedQty: number;
  /** The quantity the plan settled on (the planner's override or skip included). */
  orderedQty: number;
  forecastDemand: number;
  actualDemand: number | null;
  forecastError: number | null;
  forecastErrorPct: number | null;
  stockoutDays: number | null;
  firstStockoutDate: string | null;
  lostUnits: number | null;
  endingStock: number | null;
  expectedEndingStock: number | null;
  explanation: string;
  computedAt: string;
}

export interface OutcomeView extends OutcomeRecord {
  sku: string;
  description: string | null;
  supplier: string | null;
}

export interface OutcomeFilter {
  planId?: number;
  itemId?: number;
  verdicts?: OutcomeVerdict[];
  limit?: number;
}

/** A saved plan as the outcome refresh sees it. */
export interface PlanHeader {
  id: number;
  planDate: string;
  createdAt: string;
  status: 'draft' | 'ordered' | 'superseded';
}

const columns = [
  ['plan_id', 'planId'], ['item_id', 'itemId'], ['plan_date', 'planDate'], ['window_from', 'windowFrom'], ['window_to', 'windowTo'],
  ['window_days', 'windowDays'], ['covered_days', 'coveredDays'], ['verdict', 'verdict'], ['policy', 'policy'],
  ['recommended_qty', 'recommendedQty'], ['ordered_qty', 'orderedQty'], ['forecast_demand', 'forecastDemand'],
  ['actual_demand', 'actualDemand'], ['forecast_error', 'forecastError'], ['forecast_error_pct', 'forecastErrorPct'],
  ['stockout_days', 'stockoutDays'], ['first_stockout_date', 'firstStockoutDate'], ['lost_units', 'lostUnits'],
  ['ending_stock', 'endingStock'], ['expected_ending_stock', 'expectedEndingStock'], ['explanation', 'explanation'],
  ['computed_at', 'computedAt'],
] as const satisfies readonly (readonly [string, keyof OutcomeRecord])[];

const selectColumns = columns.map(([column, field]) => `o.${column} AS ${field}`).join(', ');

/** Outcomes of past recommendations (app/outcomes computes them; this only stores and reads). */
export class OutcomesRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Every saved plan, oldest first (the refresh picks which ones are evaluated). */
  planHeaders(): PlanHeader[] {
    return this.db
      .prepare('SELECT id, plan_date AS planDate, created_at AS createdAt, status FROM plans ORDER BY id')
      .all() as PlanHeader[];
  }

  /** How complete one plan's stored outcomes are (to skip plans that cannot have changed). */
  completeness(planId: number): { lines: number; outcomes: number; pending: number; lastWindowTo: string | null } {
    return this.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM plan_lines WHERE plan_id = ?) AS lines, COUNT(*) AS outcomes,
                COALESCE(SUM(verdict = 'pending'), 0) AS pending, MAX(window_to) AS lastWindowTo
         FROM recommendation_outcomes WHERE plan_id = ?`,
      )
      .get(planId, planId) as { lines: number; outcomes: number; pending: number; lastWindowTo: string | null };
  }

  /** Replace the outcomes of one plan with these (recomputing never adds a row twice). */
  replaceForPlan(planId: number, outcomes: OutcomeRecord[]): void {
    const insert = this.db.prepare(
      `INSERT INTO recommendation_outcomes (${columns.map(([column]) => column).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM recommendation_outcomes WHERE plan_id = ?').run(planId);
      for (const outcome of outcomes) insert.run(...columns.map(([, field]) => outcome[field]));
    })();
  }

  /** Drop the outcomes of every plan not in `planIds` (plans no longer evaluated); returns rows removed. */
  keepOnlyPlans(planIds: number[]): number {
    const keep = new Set(planIds);
    const stored = this.db.prepare('SELECT DISTINCT plan_id FROM recommendation_outcomes').pluck().all() as number[];
    const remove = this.db.prepare('DELETE FROM recommendation_outcomes WHERE plan_id = ?');
    let removed = 0;
    for (const planId of stored) if (!keep.has(planId)) removed += remove.run(planId).changes;
    return removed;
  }

  list(filter: OutcomeFilter = {}): OutcomeView[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.planId !== undefined) {
      where.push('o.plan_id = ?');
      values.push(filter.planId);
    }
    if (filter.itemId !== undefined) {
      where.push('o.item_id = ?');
      values.push(filter.itemId);
    }
    if (filter.verdicts && filter.verdicts.length > 0) {
      where.push(`o.verdict IN (${filter.verdicts.map(() => '?').join(', ')})`);
      values.push(...filter.verdicts);
    }
    const limit = filter.limit === undefined ? -1 : Math.max(0, Math.floor(filter.limit));
    return this.db
      .prepare(
        `SELECT ${selectColumns}, i.sku, i.description, s.name AS supplier
         FROM recommendation_outcomes o JOIN items i ON i.id = o.item_id LEFT JOIN suppliers s ON s.id = i.supplier_id
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY o.plan_date DESC, o.plan_id DESC, i.sku LIMIT ?`,
      )
      .all(...values, limit) as OutcomeView[];
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM recommendation_outcomes').pluck().get() as number;
  }
}
