/**
 * Sales lines are stored in blocks: one row of sales_line_blocks holds up to BLOCK_LINES lines of
 * one import as columns — each number column a little-endian typed array in a BLOB, the three
 * text columns one JSON text (migration 008; as runs of equal values since migration 010). Why: a line is written once, by an import, and read
 * back only to re-derive daily demand; storing each as a row of its own cost a big import about
 * 1.5 µs per line in SQLite calls alone (binding ten values, building the record, and the page
 * writes of a table of single lines), the largest part of a 1,000,000-line import after parsing.
 * A block is one INSERT of nine values for thousands of lines.
 *
 * What a line is does not change: its identity (row_keys) is stored once — SalesRepository checks
 * new lines against the stored identities (storedKeys, migration 009) — and
 * SalesRepository.storedLines reads the lines back one by one. What changes: a line has no row of
 * its own, so plain SQL (an outside SQLite tool) sees blocks, not lines.
 *
 * This encoding is schema 10's (migration 008 writes it too; schema 8's texts are still read):
 * changing it takes a migration, so that an older version refuses a database it cannot read.
 */
import { dayNumberOf, isoDateOf } from '../demand/calendar';

export type SalesLineCategory = 'sale' | 'cancellation' | 'return' | 'adjustment';

/** Category codes in a block: the index in this list. */
export const CATEGORY_CODES: readonly SalesLineCategory[] = ['sale', 'cancellation', 'return', 'adjustment'];

/** Lines per block at most (an import's last block, and a block of a small import, hold fewer). */
export const BLOCK_LINES = 4096;

/** The typed arrays are stored as their bytes: only a little-endian machine writes and reads them as SQLite expects. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function requireLittleEndian(): void {
  if (!LITTLE_ENDIAN) throw new Error('sales line blocks are little-endian; this machine is not');
}

/** One line, as SalesRepository.storedLines gives it back. */
export interface StoredSalesLine {
  batchId: number;
  /** The line's identity: a signed 64-bit integer, stored once. */
  rowKey: bigint;
  itemId: number;
  /** YYYY-MM-DD */
  saleDate: string;
  quantity: number;
  unitPrice: number | null;
  orderNumber: string | null;
  customer: string | null;
  location: string | null;
  category: SalesLineCategory;
}

/** A block's row in sales_line_blocks (without its id), in the INSERT's column order. */
export interface SalesLineBlockRow {
  batch_id: number;
  line_count: number;
  row_keys: Buffer;
  item_ids: Buffer;
  sale_days: Buffer;
  quantities: Buffer;
  unit_prices: Buffer;
  categories: Buffer;
  texts: string;
}

function bytesOf(array: ArrayBufferView, count: number, bytesPerValue: number): Buffer {
  // A copy: the builder's arrays are reused for the next block.
  return Buffer.from(new Uint8Array(array.buffer, array.byteOffset, count * bytesPerValue));
}

/**
 * A block's texts since schema 10 (migration 010): each text column as runs of equal values,
 * `[value, lines, value, lines, …]` in line order. The lines of one invoice come one after the
 * other and share its number, customer and location, so a column of 4,096 values is about 180
 * runs on the CSV benchmark. There the texts took 21 MB as plain arrays (schema 8's form, still
 * read) and the database 70 MB; in runs the texts take 1.4 MB and the database 51 MB, and writing
 * the blocks and committing them 0.2–0.28 s less (appendBlock 0.35–0.40 s → 0.21–0.24 s, COMMIT
 * 0.39–0.41 s → 0.29–0.33 s, three runs each).
 */
interface TextsInRuns {
  runs: [(string | null | number)[], (string | null | number)[], (string | null | number)[]];
}

/** One text column of a block being filled, as runs (see TextsInRuns). */
class TextRuns {
  readonly runs: (string | null | number)[] = [];
  private last: string | null | undefined;

  add(value: string | null): void {
    if (value === this.last) {
      (this.runs[this.runs.length - 1] as number)++;
    } else {
      this.runs.push(value, 1);
      this.last = value;
    }
  }
}

/** A text column given as runs, as its values; undefined when the runs are not `count` lines of texts or nulls. */
function valuesOfRuns(runs: unknown, count: number): (string | null)[] | undefined {
  if (!Array.isArray(runs) || runs.length % 2 !== 0) return undefined;
  const values: (string | null)[] = [];
  for (let index = 0; index < runs.length; index += 2) {
    const value: unknown = runs[index];
    const lines: unknown = runs[index + 1];
    if ((typeof value !== 'string' && value !== null) || !Number.isInteger(lines) || (lines as number) < 1 || values.length + (lines as number) > count) return undefined;
    for (let line = 0; line < (lines as number); line++) values.push(value);
  }
  return values.length === count ? values : undefined;
}

/** A block's three text columns from its `texts`: runs (schema 10) or plain arrays (schema 8). */
function textColumnsOf(texts: string, count: number): [(string | null)[], (string | null)[], (string | null)[]] {
  const parsed = JSON.parse(texts) as unknown;
  const columns = Array.isArray(parsed)
    ? parsed.map((values: unknown) => (Array.isArray(values) && values.length === count ? values as (string | null)[] : undefined))
    : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as TextsInRuns).runs)
      ? (parsed as TextsInRuns).runs.map((runs) => valuesOfRuns(runs, count))
      : [];
  if (columns.length !== 3 || columns.some((values) => values === undefined)) throw new Error(`sales line block: its texts do not hold ${count} lines`);
  return columns as [(string | null)[], (string | null)[], (string | null)[]];
}

/** Collects the lines of one block, column by column, and hands them over as a block row. */
export class SalesLineBlockBuilder {
  private readonly keyWords = new Uint32Array(2 * BLOCK_LINES);
  private readonly itemIds = new Int32Array(BLOCK_LINES);
  private readonly saleDays = new Int32Array(BLOCK_LINES);
  private readonly quantities = new Float64Array(BLOCK_LINES);
  private readonly unitPrices = new Float64Array(BLOCK_LINES);
  private readonly categories = new Uint8Array(BLOCK_LINES);
  private orderNumbers = new TextRuns();
  private customers = new TextRuns();
  private locations = new TextRuns();
  private lineCount = 0;

  constructor() {
    requireLittleEndian();
  }

  get count(): number {
    return this.lineCount;
  }

  get full(): boolean {
    return this.lineCount === BLOCK_LINES;
  }

  /**
   * Adds a line (the block must not be full). The key is given as the unsigned 32-bit halves of its
   * 64-bit value; `saleDay` is calendar.ts's day number; NaN is "no price".
   */
  add(keyHigh: number, keyLow: number, itemId: number, saleDay: number, quantity: number, unitPrice: number,
    orderNumber: string | null, customer: string | null, location: string | null, categoryCode: number): void {
    const line = this.lineCount;
    if (line === BLOCK_LINES) throw new Error('the block is full');
    // Little-endian int64: low word first.
    this.keyWords[2 * line] = keyLow;
    this.keyWords[2 * line + 1] = keyHigh;
    this.itemIds[line] = itemId;
    this.saleDays[line] = saleDay;
    this.quantities[line] = quantity;
    this.unitPrices[line] = unitPrice;
    this.categories[line] = categoryCode;
    this.orderNumbers.add(orderNumber);
    this.customers.add(customer);
    this.locations.add(location);
    this.lineCount = line + 1;
  }

  /** The collected lines as a block row of `batchId`; the builder is empty afterwards. */
  take(batchId: number): SalesLineBlockRow {
    const count = this.lineCount;
    const row: SalesLineBlockRow = {
      batch_id: batchId,
      line_count: count,
      row_keys: bytesOf(this.keyWords, count, 8),
      item_ids: bytesOf(this.itemIds, count, 4),
      sale_days: bytesOf(this.saleDays, count, 4),
      quantities: bytesOf(this.quantities, count, 8),
      unit_prices: bytesOf(this.unitPrices, count, 8),
      categories: bytesOf(this.categories, count, 1),
      texts: JSON.stringify({ runs: [this.orderNumbers.runs, this.customers.runs, this.locations.runs] } satisfies TextsInRuns),
    };
    this.lineCount = 0;
    this.orderNumbers = new TextRuns();
    this.customers = new TextRuns();
    this.locations = new TextRuns();
    return row;
  }
}

/** A block's columns, decoded. */
export interface SalesLineColumns {
  batchId: number;
  count: number;
  rowKeys: BigInt64Array;
  itemIds: Int32Array;
  saleDays: Int32Array;
  quantities: Float64Array;
  /** NaN: no price. */
  unitPrices: Float64Array;
  categories: Uint8Array;
  orderNumbers: (string | null)[];
  customers: (string | null)[];
  locations: (string | null)[];
}

/** Copies a BLOB's bytes into a new typed array (a Buffer's offset may not suit the type's alignment). */
function column<T extends BigInt64Array | Int32Array | Uint32Array | Float64Array | Uint8Array>(
  bytes: Buffer, count: number, make: (length: number) => T, bytesPerValue: number, name: string,
): T {
  if (bytes.length !== count * bytesPerValue) throw new Error(`sales line block: ${name} holds ${bytes.length} bytes for ${count} lines`);
  const values = make(count);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

export function decodeSalesLineBlock(row: SalesLineBlockRow): SalesLineColumns {
  requireLittleEndian();
  const count = row.line_count;
  const [orderNumbers, customers, locations] = textColumnsOf(row.texts, count);
  return {
    batchId: row.batch_id,
    count,
    rowKeys: column(row.row_keys, count, (length) => new BigInt64Array(length), 8, 'row_keys'),
    itemIds: column(row.item_ids, count, (length) => new Int32Array(length), 4, 'item_ids'),
    saleDays: column(row.sale_days, count, (length) => new Int32Array(length), 4, 'sale_days'),
    quantities: column(row.quantities, count, (length) => new Float64Array(length), 8, 'quantities'),
    unitPrices: column(row.unit_prices, count, (length) => new Float64Array(length), 8, 'unit_prices'),
    categories: column(row.categories, count, (length) => new Uint8Array(length), 1, 'categories'),
    orderNumbers, customers, locations,
  };
}

/**
 * A block's keys as 32-bit words, two per line — the low word, then the high word (little-endian
 * int64s) — for callers that look keys up by their halves without making a BigInt per line.
 */
export function rowKeyWordsOf(row: Pick<SalesLineBlockRow, 'line_count' | 'row_keys'>): Uint32Array {
  requireLittleEndian();
  return column(row.row_keys, 2 * row.line_count, (length) => new Uint32Array(length), 4, 'row_keys');
}

/** The day number of an ISO date; throws for anything else (a stored line always has a real date). */
export function saleDayOf(isoDate: string): number {
  const day = dayNumberOf(isoDate);
  if (day === null) throw new Error(`${JSON.stringify(isoDate)} is not a date (YYYY-MM-DD)`);
  return day;
}

export function categoryCodeOf(category: SalesLineCategory): number {
  const code = CATEGORY_CODES.indexOf(category);
  if (code < 0) throw new Error(`${JSON.stringify(category)} is not a sales line category`);
  return code;
}

/** The lines of a decoded block, one object each. */
export function* linesOf(block: SalesLineColumns): Generator<StoredSalesLine> {
  for (let line = 0; line < block.count; line++) {
    const price = block.unitPrices[line];
    yield {
      batchId: block.batchId,
      rowKey: block.rowKeys[line],
      itemId: block.itemIds[line],
      saleDate: isoDateOf(block.saleDays[line]),
      quantity: block.quantities[line],
      unitPrice: Number.isNaN(price) ? null : price,
      orderNumber: block.orderNumbers[line],
      customer: block.customers[line],
      location: block.locations[line],
      category: CATEGORY_CODES[block.categories[line]],
    };
  }
}
