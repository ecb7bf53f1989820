import type { Migration } from './types';

/** Classical policies tuned per item by simulation on the item's fitted demand model. */
export const classicalPolicies: Migration = {
  version: 2,
  name: 'classical policies tuned per item',
  sql: `
CREATE TABLE classical_policies (
  item_id INTEGER NOT NULL REFERENCES items(id),
  policy TEXT NOT NULL,
  parameters TEXT NOT NULL,
  mean_cost REAL NOT NULL,
  standard_error REAL NOT NULL,
  tuned_at TEXT NOT NULL,
  PRIMARY KEY (item_id, policy)
) STRICT;
`,
};
