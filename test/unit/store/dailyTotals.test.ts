import { describe, expect, it } from 'vitest';
import { addDays } from '../../../app/common/dates';
import { DailyTotals } from '../../../app/store/dailyTotals';
import { dayNumberOf, isoDateOf } from '../../../app/demand/calendar';
import { Rng } from '../../../app/random/rng';

function entries(totals: DailyTotals): [number, string, number][] {
  const { itemIds, days, units } = totals.sorted();
  return days.map((day, index) => [itemIds[index], day, units[index]]);
}

describe('DailyTotals', () => {
  it('sums units per item and day and lists them by item, then day', () => {
    const totals = new DailyTotals();
    totals.add(7, dayNumberOf('2024-03-02')!, 5);
    totals.add(2, dayNumberOf('2024-03-01')!, 1);
    totals.add(7, dayNumberOf('2024-03-01')!, 2);
    totals.add(7, dayNumberOf('2024-03-02')!, 0.5);
    totals.add(12, dayNumberOf('2023-12-31')!, 4);
    expect(entries(totals)).toEqual([
      [2, '2024-03-01', 1],
      [7, '2024-03-01', 2],
      [7, '2024-03-02', 5.5],
      [12, '2023-12-31', 4],
    ]);
    expect(totals.size).toBe(4);
  });

  it('agrees with a plain Map over many items and days, through several growths of its table', () => {
    const rng = new Rng(11);
    const totals = new DailyTotals();
    const expected = new Map<string, number>();
    for (let line = 0; line < 100_000; line++) {
      const itemId = 1 + rng.integer(3000);
      const day = addDays('2022-01-01', rng.integer(400));
      const units = rng.integer(20);
      totals.add(itemId, dayNumberOf(day)!, units);
      const key = `${String(itemId).padStart(6, '0')} ${day}`;
      expected.set(key, (expected.get(key) ?? 0) + units);
    }
    const want = [...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, units]) => {
      const [item, day] = key.split(' ');
      return [Number(item), day, units];
    });
    expect(want.length).toBeGreaterThan(60_000);
    expect(totals.size).toBe(want.length);
    expect(entries(totals)).toEqual(want);
  });

  it('gives the same sums to the last bit whether its totals stay in pages of days or move to sorted entries', () => {
    const rng = new Rng(5);
    const lines: [number, number, number][] = [];
    for (let line = 0; line < 50_000; line++) {
      // Fractions whose sums depend on the order of the additions; some items with a few days years apart.
      const itemId = 1 + rng.integer(400);
      const day = dayNumberOf('2023-01-01')! + (itemId % 50 === 0 ? rng.integer(4000) : rng.integer(90));
      lines.push([itemId, day, rng.integer(1000) / 7]);
    }
    const results = [undefined, 64, 20_000].map((maxDenseCells) => {
      const totals = new DailyTotals(maxDenseCells);
      for (const [itemId, day, units] of lines) totals.add(itemId, day, units);
      return entries(totals);
    });
    expect(results[0].length).toBeGreaterThan(20_000);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    // The order of additions: each total is its lines' units added one after the other, as they came.
    const expected = new Map<string, number>();
    for (const [itemId, day, units] of lines) {
      const key = `${itemId} ${day}`;
      expected.set(key, expected.has(key) ? expected.get(key)! + units : units);
    }
    expect(results[0].map(([itemId, day, units]) => [`${itemId} ${dayNumberOf(day)}`, units])).toEqual(
      [...expected].sort(([a], [b]) => {
        const [itemA, dayA] = a.split(' ').map(Number);
        const [itemB, dayB] = b.split(' ').map(Number);
        return itemA - itemB || dayA - dayB;
      }),
    );
  });

  it('hands over the totals of the days before a day, and starts those days afresh', () => {
    const totals = new DailyTotals();
    const day = (date: string): number => dayNumberOf(date)!;
    totals.add(9, day('2024-03-01'), 1);
    totals.add(4, day('2024-03-03'), 2);
    totals.add(9, day('2024-03-05'), 3);
    totals.add(4, day('2024-02-28'), 4);
    const taken = totals.takeDaysBefore(day('2024-03-04'));
    expect(taken.days.map((text, index) => [taken.itemIds[index], text, taken.units[index]])).toEqual([
      [4, '2024-02-28', 4], [4, '2024-03-03', 2], [9, '2024-03-01', 1],
    ]);
    totals.add(9, day('2024-03-01'), 10);
    expect(entries(totals)).toEqual([[9, '2024-03-01', 10], [9, '2024-03-05', 3]]);
  });

  it('takes and adds again in any order, reusing emptied pages, with the sums a plain Map gives', () => {
    // A model: open totals by item and day; a take hands over (in key order) and forgets the days before a day.
    const rng = new Rng(23);
    const base = dayNumberOf('2023-06-01')!;
    for (const maxDenseCells of [undefined, 3_000]) {
      const totals = new DailyTotals(maxDenseCells);
      const open = new Map<string, [number, number, number]>();
      const handedOver: [number, string, number][] = [];
      const expected: [number, string, number][] = [];
      const keyOf = (itemId: number, day: number): string => `${String(itemId).padStart(4, '0')} ${String(day).padStart(8, '0')}`;
      for (let step = 0; step < 30_000; step++) {
        if (step % 2_000 === 1_999) {
          // Mostly forwards, sometimes back before days already taken.
          const before = base + rng.integer(500);
          const taken = totals.takeDaysBefore(before);
          taken.days.forEach((day, index) => handedOver.push([taken.itemIds[index], day, taken.units[index]]));
          const due = [...open.entries()].filter(([, [, day]]) => day < before).sort(([a], [b]) => (a < b ? -1 : 1));
          for (const [key, [itemId, day, units]] of due) {
            expected.push([itemId, isoDateOf(day), units]);
            open.delete(key);
          }
          // While its totals are sorted entries, DailyTotals hands nothing over: the model keeps them too.
          if (taken.days.length === 0 && due.length > 0) {
            expected.length -= due.length;
            for (const [key, value] of due) open.set(key, value);
          }
          continue;
        }
        const itemId = 1 + rng.integer(60);
        const day = base + rng.integer(500);
        const units = rng.integer(1000) / 7;
        totals.add(itemId, day, units);
        const key = keyOf(itemId, day);
        const total = open.get(key);
        open.set(key, [itemId, day, total === undefined ? units : total[2] + units]);
      }
      expect(handedOver).toEqual(expected);
      const rest = [...open.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, [itemId, day, units]]) => [itemId, isoDateOf(day), units]);
      expect(entries(totals)).toEqual(rest);
      expect(totals.size).toBe(rest.length);
      if (maxDenseCells === undefined) expect(handedOver.length).toBeGreaterThan(5_000);
    }
  });

  it('refuses an item id that cannot be a database id (0 marks an empty slot)', () => {
    expect(() => new DailyTotals().add(0, dayNumberOf('2024-01-01')!, 1)).toThrow(/not a database id/);
  });

  it('refuses a day it cannot order (outside the years 535 to 3405)', () => {
    expect(() => new DailyTotals().add(1, dayNumberOf('0100-01-01')!, 1)).toThrow(/out of range/);
    expect(() => new DailyTotals().add(1, 0.5, 1)).toThrow(/out of range/);
  });

  it('orders large item ids and far-apart days, and keeps the order lines came in within a total', () => {
    const totals = new DailyTotals();
    const lines: [number, string, number][] = [
      [5_000_000, '2024-01-01', 1], [3, '1999-12-31', 2], [2_048, '2024-01-01', 3], [5_000_000, '1970-01-01', 4],
      [3, '1999-12-31', 0.1], [2_047, '2100-06-30', 5], [3, '1999-12-31', 0.2], [0x7fffffff, '2024-01-01', 6],
    ];
    for (const [itemId, day, units] of lines) totals.add(itemId, dayNumberOf(day)!, units);
    expect(entries(totals)).toEqual([
      [3, '1999-12-31', 2 + 0.1 + 0.2],
      [2_047, '2100-06-30', 5],
      [2_048, '2024-01-01', 3],
      [5_000_000, '1970-01-01', 4],
      [5_000_000, '2024-01-01', 1],
      [0x7fffffff, '2024-01-01', 6],
    ]);
  });
});
