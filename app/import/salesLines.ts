/**
 * Accepted sales records as columns: what the parsing side hands to the writing side of an import.
 * Everything per line travels in typed arrays (moved, not copied, between threads): dates as day
 * numbers, and the texts of a line (order number, customer, location) as indexes into the batch's
 * own list of distinct texts — the lines of one invoice share theirs, so a batch of 1,000 lines
 * holds a few dozen texts for the structured clone to copy instead of 3,000. Each item code comes
 * once per import: lines carry an index into the import's item list, and a batch lists the items
 * it mentions first. The same batches are written whether they were parsed on the writing thread
 * or in a worker, so there is one writer.
 */
import { dayNumberOf } from '../demand/calendar';
import type { SalesRecord } from './types';

export interface SalesLineBatch {
  count: number;
  /** The record's 64-bit key as unsigned 32-bit halves. */
  keyHigh: Uint32Array;
  keyLow: Uint32Array;
  /** Index into the import's item list (see `newItems`). */
  item: Uint32Array;
  /** 1 for a weekly total (spread over its seven days), 0 for a line or daily total. */
  weekly: Uint8Array;
  quantity: Float64Array;
  /** NaN when the line has no price. */
  unitPrice: Float64Array;
  /** The date as calendar.ts's day number (days since 1970-01-01). */
  day: Int32Array;
  /** Indexes into `texts`; 0 is '' (absent: the reader never produces an empty text value). */
  orderNumber: Uint32Array;
  customer: Uint32Array;
  location: Uint32Array;
  /** The batch's distinct texts, '' first. */
  texts: string[];
  /** Items first mentioned in this batch, in index order, with their first description ('' = none). */
  newItems: { sku: string; description: string }[];
}

/** The memory of a batch's typed arrays, for a postMessage transfer list (a full batch's arrays share one buffer). */
export function transferables(batch: SalesLineBatch): ArrayBuffer[] {
  const arrays = [batch.keyHigh, batch.keyLow, batch.item, batch.weekly, batch.quantity, batch.unitPrice, batch.day, batch.orderNumber, batch.customer, batch.location];
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}

/** Bytes per line of a batch's typed arrays: two Float64, seven 32-bit, one byte. */
const BYTES_PER_LINE = 2 * 8 + 7 * 4 + 1;

/** An empty batch whose typed arrays are views of one buffer: one allocation, one transfer. */
function emptyBatch(capacity: number): SalesLineBatch {
  const buffer = new ArrayBuffer(BYTES_PER_LINE * capacity);
  let offset = 0;
  const next = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, bytes: number): T => {
    const array = make(buffer, offset, capacity);
    offset += bytes * capacity;
    return array;
  };
  // Widest first: every view starts at a multiple of its element size.
  const quantity = next((b, o, n) => new Float64Array(b, o, n), 8);
  const unitPrice = next((b, o, n) => new Float64Array(b, o, n), 8);
  const keyHigh = next((b, o, n) => new Uint32Array(b, o, n), 4);
  const keyLow = next((b, o, n) => new Uint32Array(b, o, n), 4);
  const item = next((b, o, n) => new Uint32Array(b, o, n), 4);
  const day = next((b, o, n) => new Int32Array(b, o, n), 4);
  const orderNumber = next((b, o, n) => new Uint32Array(b, o, n), 4);
  const customer = next((b, o, n) => new Uint32Array(b, o, n), 4);
  const location = next((b, o, n) => new Uint32Array(b, o, n), 4);
  const weekly = next((b, o, n) => new Uint8Array(b, o, n), 1);
  return { count: 0, keyHigh, keyLow, item, weekly, quantity, unitPrice, day, orderNumber, customer, location, texts: [''], newItems: [] };
}

/**
 * Where one text column of a batch finds its texts' indexes: the batch's list of distinct texts,
 * shared by the three columns, and the column's last text (lines of one invoice repeat theirs).
 */
class TextColumn {
  private lastText = '';
  private lastIndex = 0;

  constructor(private readonly texts: string[], private readonly indexes: Map<string, number>) {}

  indexOf(text: string): number {
    if (text === this.lastText) return this.lastIndex;
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.texts.length;
      this.texts.push(text);
      this.indexes.set(text, index);
    }
    this.lastText = text;
    this.lastIndex = index;
    return index;
  }
}

/**
 * Fills column batches of accepted sales lines, one line at a time, from either the record path
 * (`addRecord`) or the reader's fast path for plain CSV lines (`add`). Items keep the reader's
 * numbers (0, 1, 2 … in order of first appearance): a line whose item is the next number must be
 * preceded by `listItem`.
 */
export class SalesLineBatchBuilder {
  /** Items listed so far. */
  private itemsListed = 0;
  private batch: SalesLineBatch;
  private orderNumbers!: TextColumn;
  private customers!: TextColumn;
  private locations!: TextColumn;
  /** The last date converted to a day number (lines of one invoice share their date). */
  private lastDate = '';
  private lastDay = 0;

  constructor(private readonly capacity: number) {
    this.batch = emptyBatch(capacity);
    this.startTexts();
  }

  private startTexts(): void {
    const indexes = new Map<string, number>([['', 0]]);
    this.orderNumbers = new TextColumn(this.batch.texts, indexes);
    this.customers = new TextColumn(this.batch.texts, indexes);
    this.locations = new TextColumn(this.batch.texts, indexes);
  }

  get count(): number {
    return this.batch.count;
  }

  get full(): boolean {
    return this.batch.count === this.capacity;
  }

  /** Whether the item numbered `itemIndex` is new (must be listed before its first line). */
  isNew(itemIndex: number): boolean {
    return itemIndex === this.itemsListed;
  }

  listItem(sku: string, description: string | undefined): void {
    this.itemsListed++;
    this.batch.newItems.push({ sku, description: description ?? '' });
  }

  /** One line; `date` is YYYY-MM-DD, absent texts are '' and an absent price is NaN (see SalesLineBatch). */
  add(keyHigh: number, keyLow: number, itemIndex: number, weekly: boolean, quantity: number, unitPrice: number,
    date: string, orderNumber: string, customer: string, location: string): void {
    const batch = this.batch;
    const index = batch.count++;
    batch.keyHigh[index] = keyHigh;
    batch.keyLow[index] = keyLow;
    batch.item[index] = itemIndex;
    batch.weekly[index] = weekly ? 1 : 0;
    batch.quantity[index] = quantity;
    batch.unitPrice[index] = unitPrice;
    batch.day[index] = this.dayOf(date);
    batch.orderNumber[index] = this.orderNumbers.indexOf(orderNumber);
    batch.customer[index] = this.customers.indexOf(customer);
    batch.location[index] = this.locations.indexOf(location);
  }

  private dayOf(date: string): number {
    if (date !== this.lastDate) {
      const day = dayNumberOf(date);
      // The reader's dates are real dates (dates.ts): this would be a bug.
      if (day === null) throw new Error(`SalesLineBatchBuilder: ${date} is not a date`);
      this.lastDate = date;
      this.lastDay = day;
    }
    return this.lastDay;
  }

  addRecord(record: SalesRecord, keyHigh: number, keyLow: number, itemIndex: number): void {
    if (this.isNew(itemIndex)) this.listItem(record.item, record.description);
    this.add(keyHigh, keyLow, itemIndex, record.periodDays === 7, record.quantity, record.unitPrice ?? NaN, record.date,
      record.orderNumber ?? '', record.customer ?? '', record.location ?? '');
  }

  /** The lines added since the last take (arrays cut to their count), and a fresh batch to fill. */
  take(): SalesLineBatch {
    const taken = this.batch;
    this.batch = emptyBatch(this.capacity);
    this.startTexts();
    if (taken.count === this.capacity) return taken;
    const count = taken.count;
    return {
      ...taken,
      keyHigh: taken.keyHigh.slice(0, count), keyLow: taken.keyLow.slice(0, count), item: taken.item.slice(0, count),
      weekly: taken.weekly.slice(0, count), quantity: taken.quantity.slice(0, count), unitPrice: taken.unitPrice.slice(0, count),
      day: taken.day.slice(0, count), orderNumber: taken.orderNumber.slice(0, count), customer: taken.customer.slice(0, count),
      location: taken.location.slice(0, count),
    };
  }
}
