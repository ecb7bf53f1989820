import type { SqliteDatabase } from './database';

/** Planner-wide defaults used where an item's master data is silent. */
export interface Settings {
  currency: string;
  /** Lead time in days for items without one. */
  defaultLeadTimeDays: number;
  /** Days between order opportunities for items without one. */
  defaultReviewPeriodDays: number;
  /** Target probability of not running out in a cycle, for the textbook safety stock. */
  defaultServiceLevel: number;
  /** Yearly holding cost as a fraction of unit cost. */
  defaultHoldingCostRate: number;
  /** Cost of a lost sale per unit (lost margin and goodwill), as a share of the unit cost. */
  defaultStockoutPenaltyShare: number;
}

export const defaultSettings: Settings = {
  currency: 'GBP',
  defaultLeadTimeDays: 14,
  defaultReviewPeriodDays: 7,
  defaultServiceLevel: 0.95,
  defaultHoldingCostRate: 0.25,
  defaultStockoutPenaltyShare: 0.5,
};

export class SettingsRepository {
  constructor(private readonly db: SqliteDatabase) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
    return { ...defaultSettings, ...(stored as Partial<Settings>) };
  }

  update(changes: Partial<Settings>): Settings {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
