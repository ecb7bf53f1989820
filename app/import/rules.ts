/**
 * How sales lines count towards demand. Demand is what customers took; lines that only correct
 * the books must not raise (or, being negative, lower) the forecast:
 *
 *  1. Exact duplicates of an earlier line in the same file count once (checked first, so each
 *     physical line lands in exactly one category below).
 *  2. Cancellations — an order/invoice number starting with "C" followed by a digit (the UCI /
 *     many ERP convention), or a true value in a cancellation column — are counted, not demand.
 *  3. Other lines with a negative quantity (returns, write-offs, "damaged") are counted, not demand.
 *  4. Lines with a unit price of exactly 0 are stock adjustments (samples, mailouts, corrections,
 *     with or without a note) and are counted, not demand. A blank price is not a zero price.
 *  5. Everything else is demand, postage and fee codes included: they stay items, which the
 *     planner can choose to ignore.
 * Weekly totals (ISO-week dates or week columns) arrive dated on the week's Monday; the database
 * spreads each evenly over the seven days of its week (app/import/importTask.ts).
 */
import type { SkipReason } from './types';

export const SALES_RULES_TEXT = [
  'Exact duplicate lines within a file are counted once.',
  'Cancellations (invoice number starting with "C", or marked in a cancellation column) are not demand.',
  'Other lines with a negative quantity (returns, write-offs) are not demand.',
  'Lines with a unit price of 0 are stock adjustments (samples, mailouts, corrections) and are not demand.',
  'Postage and fee codes stay items; the planner can ignore them.',
  'Weekly totals are spread evenly over the seven days of their week.',
].join('\n');

export type SalesLineClass = 'demand' | Exclude<SkipReason, 'blankRow'>;

const TRUE_WORDS = new Set(['1', 'y', 'yes', 'true', 'x', 'c', 'cancelled', 'canceled', 'ja', 'j', 'oui', 'si', 'sí',
  'storno', 'storniert', 'annule', 'annulé', 'anulado', 'geannuleerd', 'void', 'wahr', 'vrai', 'verdadero', 'waar']);

/** A cancellation-column value that means "this line was cancelled". */
export function isTrueFlag(value: string | undefined): boolean {
  return value !== undefined && TRUE_WORDS.has(value.trim().toLowerCase());
}

/** "C" or "c" followed by a digit (checked by char code: this runs once per sales line). */
function isCancellationNumber(orderNumber: string): boolean {
  const first = orderNumber.charCodeAt(0);
  const second = orderNumber.charCodeAt(1);
  return (first === 67 || first === 99) && second >= 48 && second <= 57;
}

export function classifySalesLine(line: { orderNumber?: string; quantity: number; unitPrice?: number }, cancelledFlag: boolean): SalesLineClass {
  return classifySalesValues(line.orderNumber ?? '', line.quantity, line.unitPrice ?? NaN, cancelledFlag);
}

/** classifySalesLine for a line given as values: '' for no order number, NaN for no price. */
export function classifySalesValues(orderNumber: string, quantity: number, unitPrice: number, cancelledFlag: boolean): SalesLineClass {
  if (cancelledFlag || isCancellationNumber(orderNumber)) return 'cancellation';
  if (quantity < 0) return 'negativeQuantity';
  if (unitPrice === 0) return 'zeroPriceAdjustment';
  return 'demand';
}
