/**
 * The writing half of an import: accepted records into the store, inside the import's one
 * transaction. Sales lines arrive as column batches (salesLines.ts) and are inserted with bound
 * parameters — one statement per line normally, BULK_LINES_PER_STATEMENT lines per statement during
 * a bulk load — and their units are summed per item and day for daily demand (dailyTotals.ts);
 * the other kinds arrive as records.
 *
 * A line's identity is its record key (the 64-bit hash of its normalised fields); a weekly total's
 * seven daily portions are keyed `hash ^ (portion + 1)`, the rule migration 004 applied to the
 * text keys it converted. A key already stored is not stored again: the line counts as imported
 * before. During a bulk load the store claims no key line by line, so the writer checks the keys
 * itself against the keys stored before the load (keys within the file are unique already: the
 * reader drops repeated lines) and hands the stored lines' keys to the store at the end, which
 * would fail the import if one were stored twice after all.
 */
import type { Store } from '../store';
import { BULK_LINES_PER_STATEMENT, KEYED_LINE_PARAMETERS } from '../store/sales';
import { dailyPortions } from './aggregate';
import { DailyTotals } from './dailyTotals';
import { KeyList, KeySet } from './recordKey';
import type { SalesLineBatch } from './salesLines';
import type { ImportRecord } from './types';

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
  private bulkLoad: { storedKeys: KeySet | undefined; newKeys: KeyList } | undefined;
  /** Bulk load: parameters of the lines not yet inserted, KEYED_LINE_PARAMETERS per line. */
  private readonly pendingLines = new Array<unknown>(BULK_LINES_PER_STATEMENT * KEYED_LINE_PARAMETERS);
  /** How many of pendingLines' values are set. */
  private pendingValues = 0;

  constructor(
    private readonly store: Store,
    private readonly batchId: number,
    private readonly now: string,
  ) {}

  get bulkLoading(): boolean {
    return this.bulkLoad !== undefined;
  }

  /** Load the lines that follow without claiming their keys one by one (see SalesRepository.beginBulkLoad). */
  beginBulkLoad(): void {
    const keys = new KeySet();
    this.store.sales.beginBulkLoad((high, low) => keys.add(high, low));
    // An empty table (a first import) needs no look-ups at all.
    this.bulkLoad = { storedKeys: keys.size > 0 ? keys : undefined, newKeys: new KeyList() };
  }

  /** Store what is pending, claim a bulk load's keys, and add the stored lines to daily demand. */
  finish(): void {
    if (this.bulkLoad !== undefined) {
      if (this.pendingValues > 0) this.store.sales.insertKeyedLines(this.pendingLines.slice(0, this.pendingValues));
      this.pendingValues = 0;
      const { newKeys } = this.bulkLoad;
      this.bulkLoad = undefined;
      this.store.sales.endBulkLoad(newKeys.keys());
    }
    this.store.sales.addDaily(this.daily.sorted());
  }

  writeLines(lines: SalesLineBatch): void {
    for (const item of lines.newItems) this.lineItemIds.push(this.itemId(item.sku, item.description === '' ? undefined : item.description));
    const { keyHigh, keyLow, quantity, unitPrice, date, orderNumber, customer, location } = lines;
    for (let index = 0; index < lines.count; index++) {
      const itemId = this.lineItemIds[lines.item[index]];
      const price = unitPrice[index];
      const order = orderNumber[index];
      const buyer = customer[index];
      const place = location[index];
      let inserted = 0;
      if (lines.weekly[index] === 1) {
        // Weekly totals are spread over their week (the one rule, in aggregate.ts).
        const portions = dailyPortions({ date: date[index], quantity: quantity[index], periodDays: 7 });
        for (let portion = 0; portion < portions.length; portion++) {
          if (this.insert(keyHigh[index], (keyLow[index] ^ (portion + 1)) >>> 0, itemId, portions[portion].date, portions[portion].quantity, price, order, buyer, place)) inserted++;
        }
      } else if (this.insert(keyHigh[index], keyLow[index], itemId, date[index], quantity[index], price, order, buyer, place)) {
        inserted++;
      }
      if (inserted > 0) this.written++;
      else this.alreadyImported++;
    }
  }

  private insert(keyHigh: number, keyLow: number, itemId: number, saleDate: string, quantity: number, unitPrice: number,
    orderNumber: string, customer: string, location: string): boolean {
    const price = Number.isNaN(unitPrice) ? null : unitPrice;
    const order = orderNumber === '' ? null : orderNumber;
    const buyer = customer === '' ? null : customer;
    const place = location === '' ? null : location;
    if (this.bulkLoad !== undefined) {
      if (this.bulkLoad.storedKeys?.has(keyHigh, keyLow)) return false;
      this.bulkLoad.newKeys.add(keyHigh, keyLow);
      const pending = this.pendingLines;
      let value = this.pendingValues;
      pending[value++] = this.batchId;
      pending[value++] = keyHigh;
      pending[value++] = keyLow;
      pending[value++] = itemId;
      pending[value++] = saleDate;
      pending[value++] = quantity;
      pending[value++] = price;
      pending[value++] = order;
      pending[value++] = buyer;
      pending[value++] = place;
      pending[value++] = 'sale';
      if (value === pending.length) {
        this.store.sales.insertKeyedLines(pending);
        value = 0;
      }
      this.pendingValues = value;
    } else if (!this.store.sales.insertKeyed(this.batchId, keyHigh, keyLow, itemId, saleDate, quantity, price, order, buyer, place, 'sale')) {
      return false;
    }
    this.daily.add(itemId, saleDate, quantity);
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
