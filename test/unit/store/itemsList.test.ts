import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, type ApiContext } from '../../../app/api';
import type { ItemSummary } from '../../../app/api/handlers/items';
import { addDays, daysBetween } from '../../../app/common/dates';
import { Rng } from '../../../app/random/rng';
import { openStore, type Store } from '../../../app/store';
import { InlineTaskRunner } from '../../../app/tasks/registry';
import { tempDir } from '../../helpers/tempDir';

const stamp = '2024-07-01T08:00:00Z';

/** `items.list` on a small catalogue whose every figure is worked out by hand below. */
describe('items.list statistics, sparklines and classes', () => {
  let cleanup: () => void;
  let store: Store;
  let ctx: ApiContext;
  let lineNumber = 0;
  beforeEach(() => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    store = openStore(join(temp.dir, 'items.db'));
    ctx = { store, now: () => new Date(stamp), progress: () => {}, files: { resolve: () => undefined }, tasks: new InlineTaskRunner(), resourcesDir: '' };
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  /** Stores sale lines the way an import does, then derives the items' daily demand from them. */
  function sell(sales: [sku: string, day: string, quantity: number][]): void {
    store.transaction(() => {
      const batchId = store.imports.start('test.csv', `hash-${lineNumber}`, 'sales', stamp);
      const ids = new Set<number>();
      for (const [sku, day, quantity] of sales) {
        const itemId = store.items.bySku(sku)!.id;
        ids.add(itemId);
        store.sales.insert({ batchId, rowKey: `line-${lineNumber++}`, itemId, saleDate: day, quantity, unitPrice: null, orderNumber: null, customer: null, location: null, category: 'sale' });
      }
      store.sales.rebuildDaily(ids);
    });
  }

  async function list(): Promise<{ items: ItemSummary[]; dataThrough: string | null }> {
    const result = await callApi(ctx, 'items.list', {});
    if (!result.ok) throw new Error(result.error.message);
    return result.value as { items: ItemSummary[]; dataThrough: string | null };
  }

  /** 26 weeks of zeros with the given weeks set; week 0 starts 2024-01-01 when data ends 2024-06-30. */
  const weeks = (set: Record<number, number> = {}): number[] => Array.from({ length: 26 }, (_, week) => set[week] ?? 0);

  it('gives each item its totals, mean, 26 weekly sums, stock and ABC/XYZ class', async () => {
    // Created out of SKU order: the list is in SKU order, ids are not.
    for (const [sku, unitCost] of [['M-MIXED', 4.5], ['A-NONE', null], ['C-STOPPED', 5], ['D-FRACTION', 11.5], ['E-RETURNS', null], ['F-STEADY', 0.01], ['G-VARIABLE', 0.01]] as const) {
      store.items.upsertMaster({ sku, unitCost }, stamp);
    }
    sell([
      ['M-MIXED', '2023-12-20', 5], // before the sparkline's 26 weeks
      ['M-MIXED', '2024-01-01', 3], // week 0 (2024-01-01 … 01-07)
      ['M-MIXED', '2024-01-07', 4], // week 0, its last day
      ['M-MIXED', '2024-01-08', 1], // week 1: two lines on one day
      ['M-MIXED', '2024-01-08', 1],
      ['M-MIXED', '2024-03-15', 10], // day 74: week 10
      ['M-MIXED', '2024-06-29', 6], // day 180: week 25
      ['C-STOPPED', '2023-11-01', 7],
      ['C-STOPPED', '2023-11-02', 7],
      ['D-FRACTION', '2024-06-24', 0.5], // days 175–177: week 25
      ['D-FRACTION', '2024-06-25', 0.25],
      ['D-FRACTION', '2024-06-26', 0.25],
      ['E-RETURNS', '2024-02-01', 4], // day 31: week 4
      ['E-RETURNS', '2024-03-01', 2], // day 60, week 8: a day that nets to 0 units
      ['E-RETURNS', '2024-03-01', -2],
      ['E-RETURNS', '2024-06-30', -1], // a negative day, and the last day in the database
    ]);
    // 2 units every day of the 26 weeks but the last; 1 or 3 units on the first day of alternate weeks.
    sell(Array.from({ length: 181 }, (_, day) => ['F-STEADY', addDays('2024-01-01', day), 2] as [string, string, number]));
    sell(Array.from({ length: 26 }, (_, week) => ['G-VARIABLE', addDays('2024-01-01', week * 7), week % 2 === 0 ? 1 : 3] as [string, string, number]));
    const id = (sku: string) => store.items.bySku(sku)!.id;
    store.inventory.setOnHand(id('M-MIXED'), '2024-06-01', 40, null);
    store.inventory.setOnHand(id('M-MIXED'), '2024-06-15', 35, null);
    store.inventory.setOnHand(id('M-MIXED'), '2024-07-15', 99, null); // after today: not yet
    const batchId = store.imports.start('orders.csv', 'orders', 'open-orders', stamp);
    store.purchaseOrders.importOpenOrderLine({ poNumber: 'PO-1', itemId: id('C-STOPPED'), quantity: 12, expectedDate: '2024-07-20', key: 'po-1', batchId, now: stamp });

    const { items, dataThrough } = await list();
    // The last stored day is E's negative day: no item's last *sale*.
    expect(dataThrough).toBe('2024-06-30');
    expect(store.sales.calendar().last).toBe('2024-06-30');
    expect(items.map((item) => item.sku)).toEqual(['A-NONE', 'C-STOPPED', 'D-FRACTION', 'E-RETURNS', 'F-STEADY', 'G-VARIABLE', 'M-MIXED']);
    const bySku = new Map(items.map((item) => [item.sku, item]));
    const figures = (sku: string) => {
      const { firstSale, lastSale, totalUnits, salesDays, meanDailyUnits, weeklyUnits, abc, xyz, onHand, onHandAsOf, onOrder } = bySku.get(sku)!;
      return { firstSale, lastSale, totalUnits, salesDays, meanDailyUnits, weeklyUnits, abc, xyz, onHand, onHandAsOf, onOrder };
    };
    // Yearly values (mean × 365 × cost): D 599.6, M 254.0, C 105.1, E 9.7, F 7.3, G 1.0, A 0 — of
    // 976.8 in all. Shares reached before each: D 0 → A, M 0.614 → A, C 0.874 → B, then C.
    // Weekly CV: F 14 × 25 and 12, 0.03 → X; G weeks 1,3,1,3… mean 2, sd √(26/25) ≈ 1.02 → 0.51 → Y; the rest Z
    // (M 2.67, E 7.07, D 5.10; A and C never sell in these weeks: no mean, Z).
    const none = { onHand: 0, onHandAsOf: null, onOrder: 0 };
    expect(figures('M-MIXED')).toEqual({
      // 2023-12-20 … 2024-06-30 is 194 days.
      firstSale: '2023-12-20', lastSale: '2024-06-29', totalUnits: 30, salesDays: 6, meanDailyUnits: 30 / 194,
      weeklyUnits: weeks({ 0: 7, 1: 2, 10: 10, 25: 6 }), abc: 'A', xyz: 'Z', onHand: 35, onHandAsOf: '2024-06-15', onOrder: 0,
    });
    expect(figures('A-NONE')).toEqual({ firstSale: null, lastSale: null, totalUnits: 0, salesDays: 0, meanDailyUnits: 0, weeklyUnits: weeks(), abc: 'C', xyz: 'Z', ...none });
    expect(figures('C-STOPPED')).toEqual({
      // 2023-11-01 … 2024-06-30 is 243 days: an item that stopped selling shows a falling mean.
      firstSale: '2023-11-01', lastSale: '2023-11-02', totalUnits: 14, salesDays: 2, meanDailyUnits: 14 / 243,
      weeklyUnits: weeks(), abc: 'B', xyz: 'Z', onHand: 0, onHandAsOf: null, onOrder: 12,
    });
    expect(figures('D-FRACTION')).toEqual({
      firstSale: '2024-06-24', lastSale: '2024-06-26', totalUnits: 1, salesDays: 3, meanDailyUnits: 1 / 7, weeklyUnits: weeks({ 25: 1 }), abc: 'A', xyz: 'Z', ...none,
    });
    expect(figures('E-RETURNS')).toEqual({
      // Only the 4-unit day is a sale day (2024-02-01 … 06-30: 151 days); the sparkline shows every stored day.
      firstSale: '2024-02-01', lastSale: '2024-02-01', totalUnits: 4, salesDays: 1, meanDailyUnits: 4 / 151,
      weeklyUnits: weeks({ 4: 4, 8: 0, 25: -1 }), abc: 'C', xyz: 'Z', ...none,
    });
    expect(figures('F-STEADY')).toEqual({
      firstSale: '2024-01-01', lastSale: '2024-06-29', totalUnits: 362, salesDays: 181, meanDailyUnits: 362 / 182,
      weeklyUnits: [...new Array<number>(25).fill(14), 12], abc: 'C', xyz: 'X', ...none,
    });
    expect(figures('G-VARIABLE')).toEqual({
      firstSale: '2024-01-01', lastSale: '2024-06-24', totalUnits: 52, salesDays: 26, meanDailyUnits: 52 / 182,
      weeklyUnits: Array.from({ length: 26 }, (_, week) => (week % 2 === 0 ? 1 : 3)), abc: 'C', xyz: 'Y', ...none,
    });
    // The other users of listWithStats get the same statistics.
    expect(store.items.listWithStats().map((item) => [item.sku, item.totalUnits, item.meanDailyUnits])).toEqual(
      items.map((item) => [item.sku, item.totalUnits, item.meanDailyUnits]),
    );
  });

  it('without any sales: no data-through day and empty sparklines', async () => {
    store.items.upsertMaster({ sku: 'ONLY', unitCost: 3 }, stamp);
    const { items, dataThrough } = await list();
    expect(dataThrough).toBeNull();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ firstSale: null, lastSale: null, totalUnits: 0, salesDays: 0, meanDailyUnits: 0, weeklyUnits: [], abc: 'C', xyz: 'Z' });
  });

  it('agrees with totals and weekly sums computed directly from the stored days (seeded catalogue)', async () => {
    const rng = new Rng(7);
    const skus = Array.from({ length: 40 }, (_, index) => `R-${String((index * 17) % 40).padStart(2, '0')}`);
    for (const sku of skus) store.items.upsertMaster({ sku }, stamp);
    const sales: [string, string, number][] = [];
    for (const sku of skus) {
      const start = rng.integer(400);
      const end = start + rng.integer(420 - start);
      const density = rng.uniform();
      for (let day = start; day <= end; day++) {
        if (rng.uniform() < density) sales.push([sku, addDays('2023-05-01', day), rng.uniform() < 0.05 ? -rng.integer(3) - 1 : rng.integer(10)]);
      }
    }
    sell(sales);
    const { items, dataThrough } = await list();
    const rows = store.db.prepare('SELECT item_id, day, units FROM daily_sales ORDER BY item_id, day').raw().all() as [number, string, number][];
    const lastDay = rows.reduce<string | null>((last, [, day]) => (last === null || day > last ? day : last), null);
    expect(dataThrough).toBe(lastDay);
    const from = addDays(lastDay!, -(26 * 7 - 1));
    for (const item of items) {
      const days = rows.filter(([itemId]) => itemId === item.id);
      const sold = days.filter(([, , units]) => units > 0);
      const totalUnits = sold.reduce((sum, [, , units]) => sum + units, 0);
      const weekly = new Array<number>(26).fill(0);
      for (const [, day, units] of days) if (day >= from) weekly[Math.floor(daysBetween(from, day) / 7)] += units;
      const firstSale = sold[0]?.[1] ?? null;
      expect(item).toMatchObject({
        firstSale, lastSale: sold.at(-1)?.[1] ?? null, totalUnits, salesDays: sold.length,
        meanDailyUnits: firstSale ? totalUnits / (daysBetween(firstSale, lastDay!) + 1) : 0, weeklyUnits: weekly,
      });
    }
  });
});
