/**
 * Units to add to daily demand, per item and day: those of the lines an import stores, summed
 * while it writes them (a line stored before is not counted again), or those of stored lines when
 * SalesRepository.rebuildDaily re-derives an item's demand. Adding
 * these to daily_sales (SalesRepository.addDaily) gives the same totals as re-deriving them from
 * every stored line, without reading any line back — on a first import of a million lines that
 * read was a second pass over the whole table.
 *
 * Each item's days are kept in pages of 32 days (PAGE_DAYS), cut from one slab of memory and
 * made only for the days an item has lines on; a line adds its units to its day's cell. The
 * totals come out in order by walking the items' pages, starting at the earliest day that can
 * still hold a total (`scanFrom`), so an import that hands over the days it is done with every
 * few thousand lines looks only at the pages since the last time; pages left empty are reused.
 * (Before pages, each item had one array of days, grown fourfold when a line fell outside it:
 * 1,000,000 lines of the CSV benchmark took 156–308 ms to sum and hand over in five steps, in
 * pages 96–206 ms, five runs each.) Items sold on few days over long spans could still need many
 * pages: past MAX_DENSE_CELLS day cells in all, the totals move to SortedEntries, which appends
 * lines to three typed arrays and sums them by sorting (a stable radix sort). Both add a total's
 * units in the order the lines came, so they give the same sums to the last bit. On the CSV
 * benchmark the sorting alone took 0.3 s of the import.
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

/** Days per page: a page holds one item's totals of 32 consecutive days, and a mask of the days in use. */
const PAGE_DAYS = 32;
const PAGE_BITS = 5;
/** Item ids below this find their pages by index in an array, the others in a Map. */
const INDEXED_ITEM_IDS = 1 << 22;
/** Day cells of the pages in use together (8 bytes each, and a bit) before the totals move to SortedEntries. */
const MAX_DENSE_CELLS = 1 << 23;
/** Day numbers here are below this (see DAY_OFFSET). */
const DAY_LIMIT = 1 << DAY_BITS;

/** One item's pages: `pages[k]` is the slab page of page number `firstPage + k` (day number >> PAGE_BITS), or -1. */
interface ItemPages {
  firstPage: number;
  pages: number[];
}

/** The 1-bits of a 32-bit mask. */
function bitCount(mask: number): number {
  let bits = mask - ((mask >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The mask of the days of a page before day number `end` (all 32 when the page ends before it). */
function daysBefore(pageNumber: number, end: number): number {
  const days = end - (pageNumber << PAGE_BITS);
  return days >= PAGE_DAYS ? -1 : days <= 0 ? 0 : -1 >>> (PAGE_DAYS - days);
}

export class DailyTotals {
  /** Every item's pages, by id (undefined once the totals moved to `entries`). */
  private items: Map<number, ItemPages> | undefined = new Map();
  /** The same for ids below INDEXED_ITEM_IDS, by index: a line finds its item without hashing. */
  private indexed: (ItemPages | undefined)[] = [];
  /** The items' ids in order (undefined when an item came since they were sorted). */
  private sortedIds: number[] | undefined = [];
  /** The pages of all items in one slab: day cells, and per page a mask of the cells in use. */
  private units = new Float64Array(PAGE_DAYS * 1024);
  private present = new Uint32Array(1024);
  /** Pages handed out from the slab, and those given back (every day taken) for reuse. */
  private pagesMade = 0;
  private readonly freePages: number[] = [];
  /** No day cell before this day number is in use: takes and sorts start looking here. */
  private scanFrom = DAY_LIMIT;
  private entries: SortedEntries | undefined;

  /** `maxDenseCells`: for tests of the move to sorted entries. */
  constructor(private readonly maxDenseCells = MAX_DENSE_CELLS) {}

  /** Adds `units` to item `itemId` on day `day` (calendar.ts's day number, days since 1970-01-01). */
  add(itemId: number, day: number, units: number): void {
    if (!(itemId > 0 && itemId <= 0x7fffffff && Number.isInteger(itemId))) throw new Error(`DailyTotals: item id ${itemId} is not a database id`);
    const dayNumber = day + DAY_OFFSET;
    if (!(dayNumber > 0 && dayNumber < DAY_LIMIT && Number.isInteger(dayNumber))) throw new Error(`DailyTotals: day ${day} is out of range`);
    if (this.items === undefined) {
      this.entries!.add(itemId, day, units);
      return;
    }
    const pageNumber = dayNumber >>> PAGE_BITS;
    let item = itemId < INDEXED_ITEM_IDS ? this.indexed[itemId] : this.items.get(itemId);
    if (item === undefined) {
      item = { firstPage: pageNumber, pages: [-1] };
      this.items.set(itemId, item);
      if (itemId < INDEXED_ITEM_IDS) this.indexed[itemId] = item;
      this.sortedIds = undefined;
    }
    let slot = pageNumber - item.firstPage;
    if (slot < 0 || slot >= item.pages.length) slot = this.cover(item, pageNumber);
    let page = item.pages[slot];
    if (page < 0) {
      if (this.freePages.length === 0 && (this.pagesMade + 1) * PAGE_DAYS > this.maxDenseCells) {
        this.moveToEntries();
        this.entries!.add(itemId, day, units);
        return;
      }
      page = this.freePages.pop() ?? this.makePage();
      item.pages[slot] = page;
    }
    const bit = 1 << (dayNumber & (PAGE_DAYS - 1));
    const cell = (page << PAGE_BITS) | (dayNumber & (PAGE_DAYS - 1));
    // The first line sets the total (a total of one line is that line's units, -0 included).
    if ((this.present[page] & bit) === 0) {
      this.present[page] |= bit;
      this.units[cell] = units;
    } else {
      this.units[cell] += units;
    }
    if (dayNumber < this.scanFrom) this.scanFrom = dayNumber;
  }

  /** How many (item, day) totals there are. */
  get size(): number {
    if (this.items === undefined) return this.entries!.size;
    let count = 0;
    for (const item of this.items.values()) for (const page of item.pages) if (page >= 0) count += bitCount(this.present[page]);
    return count;
  }

  /** The totals as columns, by item, then day: daily_sales' key order, so its rows are written in order. */
  sorted(): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    if (this.items === undefined) return this.entries!.sorted();
    return this.collect(DAY_LIMIT, false);
  }

  /**
   * The totals of the days before `day`, as `sorted` gives them, taken out of this (a later line
   * on such a day starts a new total). While totals are sorted entries, nothing is taken.
   */
  takeDaysBefore(day: number): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    if (this.items === undefined) return { itemIds: new Int32Array(0), days: [], units: new Float64Array(0) };
    const end = Math.max(0, Math.min(DAY_LIMIT, day + DAY_OFFSET));
    const taken = this.collect(end, true);
    // Every day before `end` is empty now.
    if (end > this.scanFrom) this.scanFrom = end;
    return taken;
  }

  /**
   * The totals of the days from `scanFrom` to day number `end` (exclusive) by item, then day; `take`:
   * and clear them, giving back the pages left empty. Only the pages in that range are looked at.
   */
  private collect(end: number, take: boolean): { itemIds: Int32Array; days: string[]; units: Float64Array } {
    const items = this.items!;
    this.sortedIds ??= [...items.keys()].sort((a, b) => a - b);
    const firstPage = this.scanFrom >>> PAGE_BITS;
    const endPage = (end + PAGE_DAYS - 1) >>> PAGE_BITS;
    const present = this.present;
    let count = 0;
    for (const item of items.values()) {
      const last = Math.min(item.pages.length, endPage - item.firstPage);
      for (let slot = Math.max(0, firstPage - item.firstPage); slot < last; slot++) {
        const page = item.pages[slot];
        if (page >= 0) count += bitCount(present[page] & daysBefore(item.firstPage + slot, end));
      }
    }
    const itemIds = new Int32Array(count);
    const days = new Array<string>(count);
    const units = new Float64Array(count);
    const dayText = new Map<number, string>();
    let out = 0;
    for (const itemId of this.sortedIds) {
      const item = items.get(itemId)!;
      const last = Math.min(item.pages.length, endPage - item.firstPage);
      for (let slot = Math.max(0, firstPage - item.firstPage); slot < last; slot++) {
        const page = item.pages[slot];
        if (page < 0) continue;
        const pageNumber = item.firstPage + slot;
        const inRange = present[page] & daysBefore(pageNumber, end);
        for (let mask = inRange; mask !== 0; mask &= mask - 1) {
          const offset = 31 - Math.clz32(mask & -mask);
          const dayNumber = (pageNumber << PAGE_BITS) + offset;
          let text = dayText.get(dayNumber);
          if (text === undefined) {
            text = isoDateOf(dayNumber - DAY_OFFSET);
            dayText.set(dayNumber, text);
          }
          itemIds[out] = itemId;
          days[out] = text;
          units[out] = this.units[(page << PAGE_BITS) | offset];
          out++;
        }
        if (take && inRange !== 0) {
          present[page] &= ~inRange;
          if (present[page] === 0) {
            item.pages[slot] = -1;
            this.freePages.push(page);
          }
        }
      }
    }
    return { itemIds, days, units };
  }

  /** Makes the item's page list reach page number `pageNumber`; returns its slot. */
  private cover(item: ItemPages, pageNumber: number): number {
    if (pageNumber < item.firstPage) {
      item.pages = [...new Array<number>(item.firstPage - pageNumber).fill(-1), ...item.pages];
      item.firstPage = pageNumber;
      return 0;
    }
    while (item.pages.length <= pageNumber - item.firstPage) item.pages.push(-1);
    return pageNumber - item.firstPage;
  }

  /** A new page from the slab (doubled when full). */
  private makePage(): number {
    if (this.pagesMade === this.present.length) {
      const present = new Uint32Array(this.present.length * 2);
      present.set(this.present);
      const units = new Float64Array(this.units.length * 2);
      units.set(this.units);
      this.present = present;
      this.units = units;
    }
    return this.pagesMade++;
  }

  /** Hands the totals so far to SortedEntries (each as one entry, so later lines add after it). */
  private moveToEntries(): void {
    const entries = new SortedEntries();
    for (const [itemId, item] of this.items!) {
      item.pages.forEach((page, slot) => {
        if (page < 0) return;
        for (let mask = this.present[page]; mask !== 0; mask &= mask - 1) {
          const offset = 31 - Math.clz32(mask & -mask);
          entries.add(itemId, (((item.firstPage + slot) << PAGE_BITS) + offset) - DAY_OFFSET, this.units[(page << PAGE_BITS) | offset]);
        }
      });
    }
    this.items = undefined;
    this.indexed = [];
    this.entries = entries;
  }
}
