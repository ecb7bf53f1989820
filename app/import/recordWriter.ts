/**
 * The writing half of an import: accepted records into the store, inside the import's one
 * transaction. Sales lines arrive as column batches (salesLines.ts) and are stored in blocks of
 * lines (app/store/salesLineBlocks.ts); their units are summed per item and day for daily demand
 * (app/store/dailyTotals.ts); the other kinds arrive as records.
 *
 * A line's identity is its record key (the 64-bit hash of its normalised fields); a weekly total's
 * seven daily portions are keyed `hash ^ (portion + 1)`, the rule migration 004 applied to the
 * text keys it converted. A key already stored is not stored again: the line counts as imported
 * before. The writer reads the stored keys when the first lines come (SalesRepository.storedKeys,
 * inside the import's transaction). Within the import the keys are unique already — the reader
 * drops repeated lines — so the lines' keys are only looked up, not added (adding them, a
 * million keys into a set of 32 MB, took writing the benchmark file's lines from 0.6–0.7 s to
 * 1.1–1.3 s, three runs each).
 */
import type { Store } from '../store';
import { categoryCodeOf, SalesLineBlockBuilder } from '../store/salesLineBlocks';
import { weeklyPortion } from './aggregate';
import { DailyTotals } from '../store/dailyTotals';
import type { KeySet } from '../common/keySet';
import type { SalesLineBatch } from './salesLines';
import type { ImportRecord } from './types';

/** The importer stores only lines that count as demand (rules.ts). */
const SALE = categoryCodeOf('sale');
/**
 * Every this many lines, the totals of days well before the latest day so far go to daily_sales
 * (added to what is there), while the file is still being read: in a file in date order no more
 * lines come for them, and this thread has time to spare now and none after the last line
 * (1,000,000-line CSV, six alternating runs: 3.59 s on average, against 3.72 s adding all at the
 * end). What is left after the last line is the days of at most the last 65,536 lines and the
 * last week: every 65,536 lines rather than every 262,144, adding them at the end took 36–37 ms
 * instead of 110–117 ms, and the import 2.25–2.28 s instead of 2.31–2.39 s (three alternating
 * runs; handing the days over is cheap since DailyTotals looks only at the days since the last
 * time). A day that gets lines after all is added to again: its total is then (a + b) + (c + d)
 * instead of ((a + b) + c) + d — the same for whole quantities, within a rounding step for
 * fractions, as for a day two imports add to.
 */
const DAILY_LINES_PER_ADDITION = 1 << 16;
/** Days before the latest that may still get lines (files in date order within a week). */
const DAYS_STILL_OPEN = 7;

export class RecordWriter {
  /** Units of the stored lines per item and day, for daily demand (`finish`). */
  private readonly daily = new DailyTotals();
  /** Records stored (a weekly total counts once). */
  written = 0;
  /** Records whose identity was already stored by an earlier import. */
  alreadyImported = 0;
  private readonly itemIds = new Map<string, number>();
  /** Database id of each item of the import's item list (salesLines.ts). */
  private readonly lineItemIds: number[] = [];
  /** Keys of the lines stored before this import (read when the first lines come); null when there are none. */
  private storedKeys: KeySet | null | undefined;
  /** The latest day of a line so far, and lines since daily totals were last added to daily_sales. */
  private latestDay = -Infinity;
  private linesSinceDaily = 0;
  /** The lines of the block being filled. */
  private readonly block = new SalesLineBlockBuilder();

  /** `dailyLinesPerAddition`: see DAILY_LINES_PER_ADDITION (tests make it small). */
  constructor(
    private readonly store: Store,
    private readonly batchId: number,
    private readonly now: string,
    private readonly dailyLinesPerAddition = DAILY_LINES_PER_ADDITION,
  ) {}

  /** Store the block being filled, and add the stored lines to daily demand. */
  finish(): void {
    if (this.block.count > 0) this.store.sales.appendBlock(this.block, this.batchId);
    this.store.sales.addDaily(this.daily.sorted());
  }

  writeLines(lines: SalesLineBatch): void {
    for (const item of lines.newItems) this.lineItemIds.push(this.itemId(item.sku, item.description === '' ? undefined : item.description));
    if (this.storedKeys === undefined) {
      const keys = this.store.sales.storedKeys();
      this.storedKeys = keys.size > 0 ? keys : null;
    }
    const { keyHigh, keyLow, quantity, unitPrice, day, orderNumber, customer, location } = lines;
    // Index 0 of a batch's texts is '' (absent): stored as null.
    const texts: (string | null)[] = lines.texts.map((text) => (text === '' ? null : text));
    for (let index = 0; index < lines.count; index++) {
      const itemId = this.lineItemIds[lines.item[index]];
      const price = unitPrice[index];
      const order = texts[orderNumber[index]];
      const buyer = texts[customer[index]];
      const place = texts[location[index]];
      let inserted = 0;
      if (lines.weekly[index] === 1) {
        // Weekly totals are spread over their week (the one rule, in aggregate.ts).
        const portion = weeklyPortion(quantity[index]);
        for (let offset = 0; offset < 7; offset++) {
          if (this.insert(keyHigh[index], (keyLow[index] ^ (offset + 1)) >>> 0, itemId, day[index] + offset, portion, price, order, buyer, place)) inserted++;
        }
      } else if (this.insert(keyHigh[index], keyLow[index], itemId, day[index], quantity[index], price, order, buyer, place)) {
        inserted++;
      }
      if (inserted > 0) this.written++;
      else this.alreadyImported++;
      if (day[index] > this.latestDay) this.latestDay = day[index];
    }
    this.linesSinceDaily += lines.count;
    if (this.linesSinceDaily >= this.dailyLinesPerAddition) {
      this.linesSinceDaily = 0;
      this.store.sales.addDaily(this.daily.takeDaysBefore(this.latestDay - DAYS_STILL_OPEN));
    }
  }

  private insert(keyHigh: number, keyLow: number, itemId: number, saleDay: number, quantity: number, unitPrice: number,
    orderNumber: string | null, customer: string | null, location: string | null): boolean {
    if (this.storedKeys?.has(keyHigh, keyLow)) return false;
    if (this.block.full) this.store.sales.appendBlock(this.block, this.batchId);
    this.block.add(keyHigh, keyLow, itemId, saleDay, quantity, unitPrice, orderNumber, customer, location, SALE);
    this.daily.add(itemId, saleDay, quantity);
    return true;
  }

  /** Records of the other kinds (sales lines come through writeLines). */
  write(record: ImportRecord): void {
    switch (record.kind) {
      case 'sales':
        throw new Error('sales records are written as line batches (writeLines)');
      case 'items': {
        const { item, key: _key, row: _row, kind: _kind, ...master } = record;
        this.itemIds.set(item, this.store.items.upsertMaster({ sku: item, ...master }, this.now));
        this.written++;
        return;
      }
      case 'inventory':
        this.store.inventory.setOnHand(this.itemId(record.item), record.asOfDate, record.quantity, this.batchId);
        this.written++;
        return;
      case 'open-orders':
        if (this.store.purchaseOrders.importOpenOrderLine({ ...record, itemId: this.itemId(record.item), batchId: this.batchId, now: this.now })) this.written++;
        else this.alreadyImported++;
        return;
    }
  }

  private itemId(sku: string, description?: string): number {
    let id = this.itemIds.get(sku);
    if (id === undefined) {
      id = this.store.items.ensure(sku, description ?? null, this.now);
      this.itemIds.set(sku, id);
    }
    return id;
  }
}
