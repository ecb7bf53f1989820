/**
 * The writing half of an import: accepted records into the store, inside the import's one
 * transaction. Sales lines arrive as column batches (salesLines.ts) and are inserted one statement
 * per line with bound parameters; the other kinds arrive as records.
 *
 * A line's identity is its record key (the 64-bit hash of its normalised fields); a weekly total's
 * seven daily portions are keyed `hash ^ (portion + 1)`, the rule migration 004 applied to the
 * text keys it converted. A key already stored is not stored again: the line counts as imported
 * before. During a bulk load the store has no key index, so the writer checks the keys itself
 * against the keys stored before the load; keys within the file are unique already (the reader
 * drops repeated lines), and CREATE UNIQUE INDEX at the end would fail the import if one were not.
 */
import type { Store } from '../store';
import { dailyPortions } from './aggregate';
import { KeySet } from './recordKey';
import type { SalesLineBatch } from './salesLines';
import type { ImportRecord } from './types';

export class RecordWriter {
  readonly touchedItems = new Set<number>();
  /** Records stored (a weekly total counts once). */
  written = 0;
  /** Records whose identity was already stored by an earlier import. */
  alreadyImported = 0;
  private readonly itemIds = new Map<string, number>();
  /** Database id of each item of the import's item list (salesLines.ts). */
  private readonly lineItemIds: number[] = [];
  private bulkLoad: { storedKeys: KeySet | undefined } | undefined;

  constructor(
    private readonly store: Store,
    private readonly batchId: number,
    private readonly now: string,
  ) {}

  get bulkLoading(): boolean {
    return this.bulkLoad !== undefined;
  }

  /** Load the lines that follow without the line indexes (see SalesRepository.beginBulkLoad). */
  beginBulkLoad(): void {
    const keys = new KeySet();
    this.store.sales.beginBulkLoad((high, low) => keys.add(high, low));
    // An empty table (a first import) needs no look-ups at all.
    this.bulkLoad = { storedKeys: keys.size > 0 ? keys : undefined };
  }

  /** Re-create the line indexes after a bulk load; nothing to do otherwise. */
  finish(): void {
    if (this.bulkLoad === undefined) return;
    this.bulkLoad = undefined;
    this.store.sales.endBulkLoad();
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
      if (inserted > 0) {
        this.written++;
        this.touchedItems.add(itemId);
      } else this.alreadyImported++;
    }
  }

  private insert(keyHigh: number, keyLow: number, itemId: number, saleDate: string, quantity: number, unitPrice: number,
    orderNumber: string, customer: string, location: string): boolean {
    if (this.bulkLoad?.storedKeys?.has(keyHigh, keyLow)) return false;
    return this.store.sales.insertKeyed(
      this.batchId, keyHigh, keyLow, itemId, saleDate, quantity, Number.isNaN(unitPrice) ? null : unitPrice,
      orderNumber === '' ? null : orderNumber, customer === '' ? null : customer, location === '' ? null : location, 'sale',
    );
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
