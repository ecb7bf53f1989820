/**
 * Accepted sales records as columns: what the parsing side hands to the writing side of an import.
 * Numbers travel in typed arrays (moved, not copied, between threads), text in plain string arrays
 * (copied once by the structured clone, far cheaper than cloning one object per line), and each
 * item code once per import: lines carry an index into the import's item list, and a batch lists
 * the items it mentions first. The same batches are written whether they were parsed on the
 * writing thread or in a worker, so there is one writer.
 */
import type { ImportBatch, SalesRecord } from './types';

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
  /** YYYY-MM-DD */
  date: string[];
  /** '' when absent: the reader never produces an empty text value. */
  orderNumber: string[];
  customer: string[];
  location: string[];
  /** Items first mentioned in this batch, in index order, with their first description ('' = none). */
  newItems: { sku: string; description: string }[];
}

/** The typed arrays of a batch, for a postMessage transfer list. */
export function transferables(batch: SalesLineBatch): ArrayBuffer[] {
  return [batch.keyHigh, batch.keyLow, batch.item, batch.weekly, batch.quantity, batch.unitPrice].map((array) => array.buffer as ArrayBuffer);
}

/** Turns the reader's sales batches into column batches; items keep the reader's numbers. */
export class SalesLinePacker {
  /** Items listed so far: the reader numbers them in order, so a new one is always the next number. */
  private itemsListed = 0;

  pack(batch: ImportBatch): SalesLineBatch {
    const count = batch.records.length;
    const packed: SalesLineBatch = {
      count,
      keyHigh: new Uint32Array(count),
      keyLow: new Uint32Array(count),
      item: new Uint32Array(count),
      weekly: new Uint8Array(count),
      quantity: new Float64Array(count),
      unitPrice: new Float64Array(count),
      date: new Array<string>(count),
      orderNumber: new Array<string>(count),
      customer: new Array<string>(count),
      location: new Array<string>(count),
      newItems: [],
    };
    const { keyParts, itemNumbers } = batch;
    for (let index = 0; index < count; index++) {
      const record = batch.records[index] as SalesRecord;
      const itemIndex = itemNumbers[index];
      if (itemIndex === this.itemsListed) {
        this.itemsListed++;
        packed.newItems.push({ sku: record.item, description: record.description ?? '' });
      }
      packed.keyHigh[index] = keyParts[2 * index];
      packed.keyLow[index] = keyParts[2 * index + 1];
      packed.item[index] = itemIndex;
      packed.weekly[index] = record.periodDays === 7 ? 1 : 0;
      packed.quantity[index] = record.quantity;
      packed.unitPrice[index] = record.unitPrice ?? NaN;
      packed.date[index] = record.date;
      packed.orderNumber[index] = record.orderNumber ?? '';
      packed.customer[index] = record.customer ?? '';
      packed.location[index] = record.location ?? '';
    }
    return packed;
  }
}
