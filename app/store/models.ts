import type { SqliteDatabase } from './database';

export interface StoredDemandModel<Model = unknown, Accuracy = unknown> {
  itemId: number;
  fittedAt: string;
  modelKind: string;
  model: Model;
  accuracy: Accuracy;
  dataThrough: string | null;
}

/** Fitted demand models, one current per item; earlier fits are kept for comparison. */
export class DemandModelsRepository {
  constructor(private readonly db: SqliteDatabase) {}

  save(entry: StoredDemandModel): void {
    this.db.prepare('UPDATE demand_models SET is_current = 0 WHERE item_id = ? AND is_current = 1').run(entry.itemId);
    this.db
      .prepare(
        `INSERT INTO demand_models (item_id, fitted_at, model_kind, parameters, accuracy, data_through, is_current)
         VALUES (?, ?, ?, ?, ?, ?, 1)`,
      )
      .run(entry.itemId, entry.fittedAt, entry.modelKind, JSON.stringify(entry.model), JSON.stringify(entry.accuracy), entry.dataThrough);
  }

  /** The current model of each item that has one (or of one item). */
  current<Model, Accuracy>(itemId?: number): Map<number, StoredDemandModel<Model, Accuracy>> {
    const rows = this.db
      .prepare(
        `SELECT item_id AS itemId, fitted_at AS fittedAt, model_kind AS modelKind, parameters, accuracy, data_through AS dataThrough
         FROM demand_models WHERE is_current = 1 AND (? IS NULL OR item_id = ?)`,
      )
      .all(itemId ?? null, itemId ?? null) as { itemId: number; fittedAt: string; modelKind: string; parameters: string; accuracy: string; dataThrough: string | null }[];
    return new Map(
      rows.map((row) => [
        row.itemId,
        { itemId: row.itemId, fittedAt: row.fittedAt, modelKind: row.modelKind, dataThrough: row.dataThrough, model: JSON.parse(row.parameters) as Model, accuracy: JSON.parse(row.accuracy) as Accuracy },
      ]),
    );
  }

  /** How many items have a current model (without parsing any). */
  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM demand_models WHERE is_current = 1').pluck().get() as number;
  }

}

export interface StoredClassicalPolicy {
  itemId: number;
  policy: string;
  parameters: Record<string, number>;
  meanCost: number;
  standardError: number;
  tunedAt: string;
}

/** Tuned classical policies per item (the yardsticks every learned policy is measured against). */
export class ClassicalPoliciesRepository {
  constructor(private readonly db: SqliteDatabase) {}

  save(entry: StoredClassicalPolicy): void {
    this.db
      .prepare(
        `INSERT INTO classical_policies (item_id, policy, parameters, mean_cost, standard_error, tuned_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(item_id, policy) DO UPDATE SET parameters = excluded.parameters, mean_cost = excluded.mean_cost,
           standard_error = excluded.standard_error, tuned_at = excluded.tuned_at`,
      )
      .run(entry.itemId, entry.policy, JSON.stringify(entry.parameters), entry.meanCost, entry.standardError, entry.tunedAt);
  }

  /** Every tuned policy, grouped by item. */
  byItem(): Map<number, StoredClassicalPolicy[]> {
    const rows = this.db
      .prepare(
        `SELECT item_id AS itemId, policy, parameters, mean_cost AS meanCost, standard_error AS standardError, tuned_at AS tunedAt
         FROM classical_policies ORDER BY item_id, mean_cost`,
      )
      .all() as (Omit<StoredClassicalPolicy, 'parameters'> & { parameters: string })[];
    const grouped = new Map<number, StoredClassicalPolicy[]>();
    for (const row of rows) {
      const list = grouped.get(row.itemId) ?? [];
      list.push({ ...row, parameters: JSON.parse(row.parameters) as Record<string, number> });
      grouped.set(row.itemId, list);
    }
    return grouped;
  }
}
