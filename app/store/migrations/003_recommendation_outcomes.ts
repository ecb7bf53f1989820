import type { Migration } from './types';

/**
 * What happened to each recommendation of a plan once the sales history covered its window
 * (app/outcomes). One row per plan line that is evaluated; recomputed (replaced) after every sales
 * import, so a row is never added twice. Figures are NULL while the verdict is 'pending'.
 *
 * The supplier minimum order value needs no schema change: `suppliers.min_order_value` exists
 * since the initial schema and is now read by the plan (app/plan/supplierMinimum.ts).
 */
export const recommendationOutcomes: Migration = {
  version: 3,
  name: 'recommendation outcomes',
  sql: `
CREATE TABLE recommendation_outcomes (
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items(id),
  plan_date TEXT NOT NULL,
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  window_days INTEGER NOT NULL CHECK (window_days > 0),
  covered_days INTEGER NOT NULL CHECK (covered_days >= 0),
  verdict TEXT NOT NULL CHECK (verdict IN ('pending', 'ok', 'stockout', 'overstock', 'forecast-high', 'forecast-low')),
  policy TEXT NOT NULL,
  recommended_qty REAL NOT NULL,
  ordered_qty REAL NOT NULL,
  forecast_demand REAL NOT NULL,
  actual_demand REAL,
  forecast_error REAL,
  forecast_error_pct REAL,
  stockout_days INTEGER,
  first_stockout_date TEXT,
  lost_units REAL,
  ending_stock REAL,
  expected_ending_stock REAL,
  explanation TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (plan_id, item_id)
) STRICT;
CREATE INDEX recommendation_outcomes_verdict ON recommendation_outcomes(verdict);
CREATE INDEX recommendation_outcomes_item ON recommendation_outcomes(item_id);
`,
};
