/**
 * Daily demand from accepted sales records: the sum of quantity per item per calendar day.
 * Weekly totals (periodDays = 7, dated on the week's Monday) are spread evenly over the seven days
 * of their week: every model and policy in Replenish works in days, and a whole week's demand on
 * Mondays would read as six days without demand and a spike — a weekday pattern the data does not
 * have. `dailyPortions` is that one rule; the import task stores its portions, and
 * `aggregateDailyDemand` (the pure version tests compare the database with) sums them.
 */
import { addDays } from '../common/dates';
import type { ImportRecord, SalesRecord } from './types';

export interface DailyDemand {
  item: string;
  /** YYYY-MM-DD */
  date: string;
  quantity: number;
}

/** What each of the seven days of a week gets of the week's total. */
export function weeklyPortion(quantity: number): number {
  return quantity / 7;
}

/** The calendar days a sales record's quantity falls on, with the quantity of each. */
export function dailyPortions(record: Pick<SalesRecord, 'date' | 'quantity' | 'periodDays'>): { date: string; quantity: number }[] {
  if (record.periodDays !== 7) return [{ date: record.date, quantity: record.quantity }];
  return Array.from({ length: 7 }, (_, day) => ({ date: addDays(record.date, day), quantity: weeklyPortion(record.quantity) }));
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
    for (const portion of dailyPortions(record)) byDate.set(portion.date, (byDate.get(portion.date) ?? 0) + portion.quantity);
  }
  const demand: DailyDemand[] = [];
  for (const item of [...totals.keys()].sort()) {
    const byDate = totals.get(item)!;
    for (const date of [...byDate.keys()].sort()) demand.push({ item, date, quantity: byDate.get(date)! });
  }
  return demand;
}
