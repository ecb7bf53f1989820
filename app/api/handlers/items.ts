import { z } from 'zod';
import { addDays, toIsoDate } from '../../common/dates';
import type { ItemWithStats } from '../../store/items';
import { method } from '../define';

/** Weeks of history in the list's sparkline. */
export const sparklineWeeks = 26;

export interface ItemSummary extends ItemWithStats {
  /** Units per week for the last `sparklineWeeks` weeks of data, oldest first. */
  weeklyUnits: number[];
  onHand: number;
  onHandAsOf: string | null;
  onOrder: number;
}

export const itemsHandlers = {
  'items.list': method(z.object({}).strict(), (ctx): { items: ItemSummary[]; dataThrough: string | null } => {
    const items = ctx.store.items.listWithStats();
    const calendar = ctx.store.sales.calendar();
    const positions = ctx.store.inventory.positions(toIsoDate(ctx.now()));
    const weekly = new Map<number, number[]>();
    if (calendar.last) {
      const from = addDays(calendar.last, -(sparklineWeeks * 7 - 1));
      for (const series of ctx.store.sales.dailySeries(from, calendar.last)) {
        const weeks = new Array<number>(sparklineWeeks).fill(0);
        series.units.forEach((units, day) => (weeks[Math.floor(day / 7)] += units));
        weekly.set(series.itemId, weeks);
      }
    }
    return {
      dataThrough: calendar.last,
      items: items.map((item) => {
        const position = positions.get(item.id);
        return {
          ...item,
          weeklyUnits: weekly.get(item.id) ?? [],
          onHand: position?.onHand ?? 0,
          onHandAsOf: position?.onHandAsOf ?? null,
          onOrder: position?.onOrder ?? 0,
        };
      }),
    };
  }),
};
