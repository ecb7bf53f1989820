import type { Migration } from './types';

/**
 * Drops the sales lines' item/date index. It existed so that an import could re-derive an item's
 * daily demand from its stored lines; imports now add the units of the lines they store to
 * daily_sales as they go (app/import/dailyTotals.ts), so nothing reads lines by item any more. The
 * index cost every import its upkeep — after a bulk load of a million lines, a sort of every
 * stored line, about a second — and a quarter of the lines' disk space.
 */
export const dailyDemandWithoutLineIndex: Migration = {
  version: 6,
  name: 'daily demand without the line item/date index',
  sql: 'DROP INDEX sales_lines_item_date;',
};
