import type { Migration } from './types';

/**
 * The schema for the whole product. STRICT tables (types are enforced), foreign keys, and
 * every timestamp as ISO-8601 text in UTC. Dates without time (sales days, plan dates) are
 * 'YYYY-MM-DD'. JSON columns hold plain objects that the typed store functions parse.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE suppliers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  currency TEXT,
  min_order_value REAL,
  default_lead_time_days REAL,
  email TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  description TEXT,
  supplier_id INTEGER REFERENCES suppliers(id),
  unit_cost REAL,
  currency TEXT,
  lead_time_days REAL,
  lead_time_spread_days REAL,
  moq REAL,
  order_multiple REAL,
  holding_cost_rate REAL,
  stockout_penalty REAL,
  service_level REAL CHECK (service_level IS NULL OR (service_level > 0 AND service_level < 1)),
  review_period_days INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE import_batches (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sales', 'items', 'inventory', 'open-orders')),
  rows_read INTEGER NOT NULL,
  rows_imported INTEGER NOT NULL,
  rows_skipped INTEGER NOT NULL,
  duplicates INTEGER NOT NULL,
  summary TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;

-- The raw accepted lines, so that daily demand can always be re-derived and re-imports recognised.
CREATE TABLE sales_lines (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  row_key TEXT NOT NULL UNIQUE,
  item_id INTEGER NOT NULL REFERENCES items(id),
  sale_date TEXT NOT NULL,
  quantity REAL NOT NULL,
  unit_price REAL,
  order_number TEXT,
  customer TEXT,
  location TEXT,
  -- 'sale' lines make demand; cancellations, returns and adjustments are kept but do not count.
  category TEXT NOT NULL CHECK (category IN ('sale', 'cancellation', 'return', 'adjustment'))
) STRICT;
CREATE INDEX sales_lines_item_date ON sales_lines(item_id, sale_date);

-- Daily demand per item: what every model and policy reads.
CREATE TABLE daily_sales (
  item_id INTEGER NOT NULL REFERENCES items(id),
  day TEXT NOT NULL,
  units REAL NOT NULL,
  PRIMARY KEY (item_id, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE inventory_snapshots (
  item_id INTEGER NOT NULL REFERENCES items(id),
  as_of_date TEXT NOT NULL,
  quantity REAL NOT NULL,
  batch_id INTEGER REFERENCES import_batches(id),
  PRIMARY KEY (item_id, as_of_date)
) STRICT;

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  plan_date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  budget REAL,
  policy_id INTEGER,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ordered', 'superseded')),
  summary TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TABLE plan_lines (
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items(id),
  policy TEXT NOT NULL,
  recommended_qty REAL NOT NULL,
  classical_policy TEXT,
  classical_qty REAL,
  inventory_position REAL NOT NULL,
  on_hand REAL NOT NULL,
  on_order REAL NOT NULL,
  reason TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}',
  override_qty REAL,
  skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
  PRIMARY KEY (plan_id, item_id)
) STRICT;

CREATE TABLE purchase_orders (
  id INTEGER PRIMARY KEY,
  po_number TEXT NOT NULL UNIQUE,
  supplier_id INTEGER REFERENCES suppliers(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'received', 'cancelled')),
  source TEXT NOT NULL CHECK (source IN ('imported', 'plan')),
  plan_id INTEGER REFERENCES plans(id),
  currency TEXT,
  notes TEXT,
  batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL,
  sent_at TEXT,
  closed_at TEXT
) STRICT;

CREATE TABLE purchase_order_lines (
  id INTEGER PRIMARY KEY,
  po_id INTEGER NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items(id),
  quantity REAL NOT NULL CHECK (quantity >= 0),
  received_quantity REAL NOT NULL DEFAULT 0,
  unit_cost REAL,
  expected_date TEXT,
  row_key TEXT UNIQUE
) STRICT;
CREATE INDEX purchase_order_lines_item ON purchase_order_lines(item_id);

CREATE TABLE column_mappings (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  mapping TEXT NOT NULL,
  header_signature TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE demand_models (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  fitted_at TEXT NOT NULL,
  model_kind TEXT NOT NULL,
  parameters TEXT NOT NULL,
  accuracy TEXT NOT NULL DEFAULT '{}',
  data_through TEXT,
  is_current INTEGER NOT NULL DEFAULT 1 CHECK (is_current IN (0, 1))
) STRICT;
CREATE INDEX demand_models_current ON demand_models(item_id, is_current);

CREATE TABLE policies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  version INTEGER NOT NULL,
  backend TEXT,
  spec TEXT NOT NULL DEFAULT '{}',
  weights BLOB,
  metadata TEXT NOT NULL DEFAULT '{}',
  parent_id INTEGER REFERENCES policies(id),
  is_active INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE training_runs (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER REFERENCES policies(id),
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed', 'interrupted')),
  seed INTEGER NOT NULL,
  config TEXT NOT NULL,
  backend TEXT,
  updates_done INTEGER NOT NULL DEFAULT 0,
  checkpoint BLOB,
  checkpoint_at TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
) STRICT;

CREATE TABLE training_metrics (
  run_id INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
  update_index INTEGER NOT NULL,
  steps INTEGER NOT NULL,
  metrics TEXT NOT NULL,
  PRIMARY KEY (run_id, update_index)
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`,
};
