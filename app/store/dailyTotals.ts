/**
 * Units to add to daily demand, per item and day: those of the lines an import stores, summed
 * while it writes them (a line stored before is not counted again), or those of stored lines when
 * SalesRepository.rebuildDaily re-derives an item's demand. Adding
 * these to daily_sales (SalesRepository.addDaily) gives the same totals as re-deriving them from
 * every stored line, without reading any line back — on a first import of a million lines that
 * read was a second pass over the whole table.
 *
 * Each item gets an array of days covering the days of its lines (grown as lines come), and a
 * line adds its units to its day's cell: one memory access per line, and the totals come out in
 * order by walking the items' arrays. Items sold over long, sparse spans could make those arrays
 * large: past MAX_DENSE_CELLS day cells in all, the totals move to SortedEntries, which appends lines
 * to three typed arrays and sums them by sorting (a stable radix sort). Both add a total's units
 * in the order the lines came, so they give the same sums to the last bit. On the 1,000,000
 * invoice lines of the CSV benchmark (700,000 totals) the sorting alone took 0.3 s of the import;
 * the arrays of days take a few hundredths.
 */

import { isoDateOf } from '../demand/calendar';

/** Day numbers here are calendar.ts's plus this, so that any year from 535 to 3405 is positive and below 2^20. */
const DAY_OFFSET = 1 << 19;
const DAY_BITS = 20;
/** Bits per radix pass: 2^11 counters stay in the fastest cache. */
const RADIX_BITS = 11;

/** Totals by sorting appended lines (see the file's comment). */
class SortedEntries {
  private itemIds = new Int32Array(1 << 16);
  private dayNumbers = new Int32Array(1 << 16);
  private units = new Float64Array(1 << 16);
  /** Entries in use; the first `summed` of them are distinct totals in key order. */
  private count = 0;
  private summed = 0;

  /** Adds `units` to item `itemId` on day `day` (calendar.ts's day number, days since 1970-01-01). */
  add(itemId: number, day: number, units: number): void {
    if (!(itemId > 0 && itemId <= 0x7fffffff && Number.isInteger(itemId))) throw new Error(`DailyTotals: item id ${itemId} is not a database id`);
    const dayNumber = day + DAY_OFFSET;
    if (!(dayNumber > 0 && dayNumber < 1 << DAY_BITS && Number.isInteger(dayNumber))) throw new Error(`DailyTotals: day ${day} is out of range`);
    if (this.count === this.itemIds.length) this.makeRoom();
    this.itemIds[this.count] = itemId;
    this.dayNumbers[this.count] = dayNumber;
    this.units[this.count] = units;
    this.count++;
  }

  /** How many (item, day) totals there are. */
  get size(): number {
    this.sum();
    return this.count;
  }

  /** The totals as columns, by item, then day: daily_sales' key order, so its rows are written in order. */
  sorted(): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    this.sum();
    const dayText = new Map<number, string>();
    const days = new Array<string>(this.count);
    for (let index = 0; index < this.count; index++) {
      const dayNumber = this.dayNumbers[index];
      let text = dayText.get(dayNumber);
      if (text === undefined) {
        text = isoDateOf(dayNumber - DAY_OFFSET);
        dayText.set(dayNumber, text);
      }
      days[index] = text;
    }
    return { itemIds: this.itemIds.slice(0, this.count), days, units: this.units.slice(0, this.count) };
  }

  /** Full: sum what is there; still more than half full afterwards, grow. */
  private makeRoom(): void {
    this.sum();
    if (this.count * 2 > this.itemIds.length) {
      const capacity = this.itemIds.length * 2;
      const grow = <T extends Int32Array | Float64Array>(array: T, make: (size: number) => T): T => {
        const grown = make(capacity);
        grown.set(array);
        return grown;
      };
      this.itemIds = grow(this.itemIds, (size) => new Int32Array(size));
      this.dayNumbers = grow(this.dayNumbers, (size) => new Int32Array(size));
      this.units = grow(this.units, (size) => new Float64Array(size));
    }
  }

  /** Sort the entries by item, then day (stable), and merge each run of equal keys into one total. */
  private sum(): void {
    if (this.summed === this.count) return;
    const n = this.count;
    let items = this.itemIds.subarray(0, n);
    let days = this.dayNumbers.subarray(0, n);
    let units = this.units.subarray(0, n);
    let spareItems = new Int32Array(n);
    let spareDays = new Int32Array(n);
    let spareUnits = new Float64Array(n);
    let maxItem = 0;
    for (let index = 0; index < n; index++) if (items[index] > maxItem) maxItem = items[index];
    // Least significant digit first: the day's digits, then the item's.
    const passes: [source: 'day' | 'item', shift: number][] = [];
    for (let shift = 0; shift < DAY_BITS; shift += RADIX_BITS) passes.push(['day', shift]);
    for (let shift = 0; shift === 0 || maxItem >>> shift > 0; shift += RADIX_BITS) passes.push(['item', shift]);
    const counts = new Int32Array(1 << RADIX_BITS);
    const mask = (1 << RADIX_BITS) - 1;
    for (const [source, shift] of passes) {
      const digits = source === 'day' ? days : items;
      counts.fill(0);
      for (let index = 0; index < n; index++) counts[(digits[index] >>> shift) & mask]++;
      let total = 0;
      for (let digit = 0; digit < counts.length; digit++) {
        const here = counts[digit];
        counts[digit] = total;
        total += here;
      }
      for (let index = 0; index < n; index++) {
        const to = counts[(digits[index] >>> shift) & mask]++;
        spareItems[to] = items[index];
        spareDays[to] = days[index];
        spareUnits[to] = units[index];
      }
      [items, spareItems] = [spareItems, items];
      [days, spareDays] = [spareDays, days];
      [units, spareUnits] = [spareUnits, units];
    }
    // Merge runs of one (item, day), adding in the order the lines came (the sort is stable).
    let out = 0;
    for (let index = 0; index < n; index++) {
      if (out > 0 && items[index] === this.itemIds[out - 1] && days[index] === this.dayNumbers[out - 1]) {
        this.units[out - 1] += units[index];
      } else {
        this.itemIds[out] = items[index];
        this.dayNumbers[out] = days[index];
        this.units[out] = units[index];
        out++;
      }
    }
    this.count = out;
    this.summed = out;
  }
}

/** One item's days: `units[d]` is the total of day `firstDay + d` when `present[d]` is 1. */
interface ItemDays {
  firstDay: number;
  units: Float64Array;
  present: Uint8Array;
}

/** Days per item's array when it is made; it grows fourfold (at least) when a line falls outside it: few copies, at most 4× the room. */
const FIRST_ITEM_DAYS = 64;
const GROWTH = 4;
/** Item ids below this find their days by index in an array, the others in a Map. */
const INDEXED_ITEM_IDS = 1 << 22;
/** Day cells of all items' arrays together (9 bytes each) before the totals move to SortedEntries. */
const MAX_DENSE_CELLS = 1 << 23;

export class DailyTotals {
  /** Every item's days, by id (undefined once the totals moved to `entries`). */
  private items: Map<number, ItemDays> | undefined = new Map();
  /** The same for ids below INDEXED_ITEM_IDS, by index: a line finds its item without hashing. */
  private indexed: (ItemDays | undefined)[] = [];
  private cells = 0;
  private entries: SortedEntries | undefined;

  /** `maxDenseCells`: for tests of the move to sorted entries. */
  constructor(private readonly maxDenseCells = MAX_DENSE_CELLS) {}

  /** Adds `units` to item `itemId` on day `day` (calendar.ts's day number, days since 1970-01-01). */
  add(itemId: number, day: number, units: number): void {
    if (!(itemId > 0 && itemId <= 0x7fffffff && Number.isInteger(itemId))) throw new Error(`DailyTotals: item id ${itemId} is not a database id`);
    const dayNumber = day + DAY_OFFSET;
    if (!(dayNumber > 0 && dayNumber < 1 << DAY_BITS && Number.isInteger(dayNumber))) throw new Error(`DailyTotals: day ${day} is out of range`);
    if (this.items === undefined) {
      this.entries!.add(itemId, day, units);
      return;
    }
    let item = itemId < INDEXED_ITEM_IDS ? this.indexed[itemId] : this.items.get(itemId);
    if (item === undefined) {
      item = { firstDay: day, units: new Float64Array(FIRST_ITEM_DAYS), present: new Uint8Array(FIRST_ITEM_DAYS) };
      this.items.set(itemId, item);
      if (itemId < INDEXED_ITEM_IDS) this.indexed[itemId] = item;
      this.cells += FIRST_ITEM_DAYS;
    }
    let cell = day - item.firstDay;
    if (cell < 0 || cell >= item.units.length) {
      this.widen(item, day);
      if (this.cells > this.maxDenseCells) {
        this.moveToEntries();
        this.entries!.add(itemId, day, units);
        return;
      }
      cell = day - item.firstDay;
    }
    // The first line sets the total (a total of one line is that line's units, -0 included).
    if (item.present[cell] === 0) {
      item.present[cell] = 1;
      item.units[cell] = units;
    } else {
      item.units[cell] += units;
    }
  }

  /** How many (item, day) totals there are. */
  get size(): number {
    if (this.items === undefined) return this.entries!.size;
    let count = 0;
    for (const item of this.items.values()) for (let cell = 0; cell < item.present.length; cell++) count += item.present[cell];
    return count;
  }

  /** The totals as columns, by item, then day: daily_sales' key order, so its rows are written in order. */
  sorted(): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    if (this.items === undefined) return this.entries!.sorted();
    return this.collect(Infinity, false);
  }

  /**
   * The totals of the days before `day`, as `sorted` gives them, taken out of this (a later line
   * on such a day starts a new total). While totals are sorted entries, nothing is taken.
   */
  takeDaysBefore(day: number): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    if (this.items === undefined) return { itemIds: new Int32Array(0), days: [], units: new Float64Array(0) };
    return this.collect(day, true);
  }

  /** The totals of the days before `beforeDay` by item, then day; `take`: and clear them. */
  private collect(beforeDay: number, take: boolean): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    const items = this.items!;
    const endOf = (item: ItemDays): number => Math.min(item.present.length, beforeDay - item.firstDay);
    let count = 0;
    for (const item of items.values()) {
      const end = endOf(item);
      for (let cell = 0; cell < end; cell++) count += item.present[cell];
    }
    const itemIds = new Int32Array(count);
    const days = new Array<string>(count);
    const units = new Float64Array(count);
    const dayText = new Map<number, string>();
    let out = 0;
    for (const itemId of [...items.keys()].sort((a, b) => a - b)) {
      const item = items.get(itemId)!;
      const end = endOf(item);
      for (let cell = 0; cell < end; cell++) {
        if (item.present[cell] === 0) continue;
        const day = item.firstDay + cell;
        let text = dayText.get(day);
        if (text === undefined) {
          text = isoDateOf(day);
          dayText.set(day, text);
        }
        itemIds[out] = itemId;
        days[out] = text;
        units[out] = item.units[cell];
        if (take) item.present[cell] = 0;
        out++;
      }
    }
    return { itemIds, days, units };
  }

  /** Grows the item's array to cover `day`: at least GROWTH times its length, toward the day. */
  private widen(item: ItemDays, day: number): void {
    const lastDay = item.firstDay + item.units.length - 1;
    const low = Math.min(item.firstDay, day);
    const high = Math.max(lastDay, day);
    const length = Math.max(high - low + 1, GROWTH * item.units.length);
    const firstDay = day < item.firstDay ? high - length + 1 : low;
    const units = new Float64Array(length);
    const present = new Uint8Array(length);
    units.set(item.units, item.firstDay - firstDay);
    present.set(item.present, item.firstDay - firstDay);
    this.cells += length - item.units.length;
    item.firstDay = firstDay;
    item.units = units;
    item.present = present;
  }

  /** Hands the totals so far to SortedEntries (each as one entry, so later lines add after it). */
  private moveToEntries(): void {
    const entries = new SortedEntries();
    for (const [itemId, item] of this.items!) {
      for (let cell = 0; cell < item.present.length; cell++) if (item.present[cell] === 1) entries.add(itemId, item.firstDay + cell, item.units[cell]);
    }
    this.items = undefined;
    this.indexed = [];
    this.entries = entries;
  }
}
