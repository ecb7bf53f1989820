/**
 * Daily demand from accepted sales records: the sum of quantity per item per calendar day.
 * The store does this aggregation in SQL; this pure version defines the expected result for
 * tests. Weekly totals (periodDays = 7) are kept whole on the week's first day (Monday), not
 * spread over seven days: spreading would invent a within-week pattern the data does not have,
 * and the demand model aggregates to weeks anyway when the data is weekly.
 */
import type { ImportRecord } from './types';

export interface DailyDemand {
  item: string;
  /** YYYY-MM-DD */
  date: string;
  quantity: number;
}

/** Sorted by item, then date. Records of other kinds are ignored. */
export function aggregateDailyDemand(records: Iterable<ImportRecord>): DailyDemand[] {
  const totals = new Map<string, Map<string, number>>();
  for (const record of records) {
    if (record.kind !== 'sales') continue;
    let byDate = totals.get(record.item);
    if (byDate === undefined) {
      byDate = new Map();
      totals.set(record.item, byDate);
    }
    byDate.set(record.date, (byDate.get(record.date) ?? 0) + record.quantity);
  }
  const demand: DailyDemand[] = [];
  for (const item of [...totals.keys()].sort()) {
    const byDate = totals.get(item)!;
    for (const date of [...byDate.keys()].sort()) demand.push({ item, date, quantity: byDate.get(date)! });
  }
  return demand;
}
