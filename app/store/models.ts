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

  /** The current model of each item that has one. */
  current<Model, Accuracy>(): Map<number, StoredDemandModel<Model, Accuracy>> {
    const rows = this.db
      .prepare(
        `SELECT item_id AS itemId, fitted_at AS fittedAt, model_kind AS modelKind, parameters, accuracy, data_through AS dataThrough
         FROM demand_models WHERE is_current = 1`,
      )
      .all() as { itemId: number; fittedAt: string; modelKind: string; parameters: string; accuracy: string; dataThrough: string | null }[];
    return new Map(
      rows.map((row) => [
        row.itemId,
        { itemId: row.itemId, fittedAt: row.fittedAt, modelKind: row.modelKind, dataThrough: row.dataThrough, model: JSON.parse(row.parameters) as Model, accuracy: JSON.parse(row.accuracy) as Accuracy },
      ]),
    );
  }
}
