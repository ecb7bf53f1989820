/**
 * The fast path of the commonest import: a UTF-8 CSV of sales lines. A line is split into fields
 * straight from the file's bytes (CsvLineFields) and converted to a sales line (FastSalesLine)
 * without making the row's cells, the record, or a string per field: numbers are read from the
 * bytes, the key is hashed from them, and texts that repeat from one line to the next (the lines of
 * one invoice share date, invoice number and customer) are decoded once.
 *
 * It gives exactly what the general path (papaparse → RowConverter → records) gives, because it
 * only takes what it is sure of and leaves everything else to that path: a line with a byte
 * outside printable ASCII, an escaped quote, a field that is not a plain number or is empty where
 * a value is required, or a date the general date parser rejects, goes to the general path as
 * cells, which then also gives the error messages. Dates and unusual numbers are read by the
 * general parsers themselves (dates.ts, numbers.ts), once per distinct text.
 */
import { parseDateValue } from './dates';
import type { ParsedDate } from './dates';
import { parseNumberText } from './numbers';
import type { NumberStyle } from './numbers';
import { fieldHash } from './recordKey';
import { isTrueFlag } from './rules';
import type { DateOrder } from './types';

const QUOTE = 0x22;
const TAB = 0x09;
const SPACE = 0x20;
const MINUS = 0x2d;
/** Byte kinds of CsvLineFields.split. */
const ORDINARY = 0;
const DELIMITER = 1;
const QUOTE_BYTE = 2;
const NOT_PLAIN = 3;
/** A line with more fields goes to the general parser. */
const MAX_FIELDS = 256;
/** Powers of ten that are exact doubles (up to 10²²): m / 10^k is then correctly rounded, as Number() rounds. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/** The fields of one CSV line, as byte ranges of the line's bytes. */
export class CsvLineFields {
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  /** The field was quoted (its range is what is between the quotes). */
  readonly quoted = new Uint8Array(MAX_FIELDS);
  count = 0;
  /**
   * Every byte is printable ASCII or a tab, and no quoted field holds an escaped quote: each range
   * is exactly its cell's text, one byte per character.
   */
  plain = true;

  /** What each byte is to the splitter: ORDINARY (printable ASCII), DELIMITER, QUOTE or NOT_PLAIN. */
  private readonly byteKinds = new Uint8Array(256);

  constructor(private readonly delimiter: number) {
    for (let byte = 0; byte < 256; byte++) this.byteKinds[byte] = byte >= 0x7f || (byte < SPACE && byte !== TAB) ? NOT_PLAIN : ORDINARY;
    this.byteKinds[QUOTE] = QUOTE_BYTE;
    this.byteKinds[delimiter] = DELIMITER;
  }

  /**
   * Splits bytes[start, end) (a line without its line break). False when the line's quoting is
   * not the simple kind — a quote inside an unquoted field, a quoted field that does not close on
   * this line or is followed by anything but a delimiter — or it has too many fields: then the
   * general parser must read it, and the lines after it.
   */
  split(bytes: Uint8Array, start: number, end: number): boolean {
    const delimiter = this.delimiter;
    const byteKinds = this.byteKinds;
    let count = 0;
    let plain = true;
    let index = start;
    for (;;) {
      if (count === MAX_FIELDS) return false;
      if (index < end && bytes[index] === QUOTE) {
        let close = index + 1;
        for (;;) {
          while (close < end && bytes[close] !== QUOTE) {
            const byte = bytes[close];
            if (byte >= 0x7f || (byte < SPACE && byte !== TAB)) plain = false;
            close++;
          }
          if (close >= end) return false;
          if (close + 1 < end && bytes[close + 1] === QUOTE) {
            plain = false;
            close += 2;
            continue;
          }
          break;
        }
        this.starts[count] = index + 1;
        this.ends[count] = close;
        this.quoted[count] = 1;
        count++;
        index = close + 1;
        if (index === end) break;
        if (bytes[index] !== delimiter) return false;
        index++;
        continue;
      }
      const fieldStart = index;
      for (; index < end; index++) {
        const kind = byteKinds[bytes[index]];
        if (kind === ORDINARY) continue;
        if (kind === DELIMITER) break;
        if (kind === QUOTE_BYTE) return false;
        plain = false;
      }
      this.starts[count] = fieldStart;
      this.ends[count] = index;
      this.quoted[count] = 0;
      count++;
      if (index === end) break;
      index++;
    }
    this.count = count;
    this.plain = plain;
    return true;
  }

  /** The line's cells as the general parser gives them (UTF-8 text, escaped quotes undone). */
  cells(bytes: Buffer): string[] {
    const cells = new Array<string>(this.count);
    for (let field = 0; field < this.count; field++) {
      const text = bytes.toString('utf8', this.starts[field], this.ends[field]);
      cells[field] = this.quoted[field] === 1 && text.includes('""') ? text.replaceAll('""', '"') : text;
    }
    return cells;
  }
}

/**
 * The last bytes seen in one column and what they meant: lines of one invoice repeat their date,
 * invoice number and customer, so most lines are a comparison of a few bytes.
 */
class RepeatedField<T> {
  private bytes = new Uint8Array(64);
  private length = -1;
  value!: T;

  /** Whether bytes[start, end) are the bytes remembered last (then `value` is theirs). */
  same(bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (length !== this.length) return false;
    for (let index = 0; index < length; index++) if (this.bytes[index] !== bytes[start + index]) return false;
    return true;
  }

  remember(bytes: Uint8Array, start: number, end: number, value: T): T {
    const length = end - start;
    if (length > this.bytes.length) this.bytes = new Uint8Array(2 * length);
    for (let index = 0; index < length; index++) this.bytes[index] = bytes[start + index];
    this.length = length;
    this.value = value;
    return value;
  }
}

/** Column indexes of a sales file (the fields RowConverter.sales reads); -1 where absent. */
export interface SalesColumnIndexes {
  date: number;
  item: number;
  quantity: number;
  location: number;
  unitPrice: number;
  orderNumber: number;
  customer: number;
  description: number;
  cancelled: number;
}

export function salesColumnIndexes(indexes: Record<string, number>): SalesColumnIndexes {
  const at = (field: string): number => indexes[field] ?? -1;
  return {
    date: at('date'), item: at('item'), quantity: at('quantity'), location: at('location'), unitPrice: at('unitPrice'),
    orderNumber: at('orderNumber'), customer: at('customer'), description: at('description'), cancelled: at('cancelled'),
  };
}

/**
 * Reads `-?digits(mark digits)?` with at most 15 digits — the form machines write — and NaN for
 * anything else. The value is the one Number() gives the same text: the digits are an exact
 * integer and the division by an exact power of ten rounds correctly.
 */
function plainNumber(bytes: Uint8Array, start: number, end: number, decimalMark: number): number {
  let index = start;
  const negative = bytes[index] === MINUS;
  if (negative) index++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let marked = false;
  for (; index < end; index++) {
    const byte = bytes[index];
    if (byte >= 48 && byte <= 57) {
      mantissa = mantissa * 10 + (byte - 48);
      digits++;
      if (marked) decimals++;
    } else if (byte === decimalMark && !marked && digits > 0) {
      marked = true;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15 || (marked && decimals === 0)) return NaN;
  const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals];
  return negative ? -value : value;
}

const keyParts = new Uint32Array(2);

/**
 * One CSV line → the values of its sales line and its key, or false for "let the general path
 * take it". The values are kept in this object's fields until the next `convert`.
 */
export class FastSalesLine {
  keyHigh = 0;
  keyLow = 0;
  date = '';
  weekly = false;
  quantity = 0;
  /** NaN when the line has no price. */
  unitPrice = NaN;
  /** '' when absent, as in SalesLineBatch. */
  orderNumber = '';
  customer = '';
  location = '';
  cancelled = false;
  /** The item's bytes (trimmed). */
  itemStart = 0;
  itemEnd = 0;
  private descriptionStart = 0;
  private descriptionEnd = 0;
  private bytes: Buffer = Buffer.alloc(0);

  /** A date's meaning, and the key's hash state after the fields that come from the date (see `dateOf`). */
  private readonly dates = new RepeatedField<{ date: ParsedDate; hashState: Int32Array } | undefined>();
  private readonly orderNumbers = new RepeatedField<string>();
  private readonly customers = new RepeatedField<string>();
  private readonly locations = new RepeatedField<string>();
  /** Trimmed range of the last `trimmed` call. */
  private start = 0;
  private end = 0;

  constructor(
    private readonly columns: SalesColumnIndexes,
    private readonly dateOrder: DateOrder,
    private readonly quantityStyle: NumberStyle,
    private readonly priceStyle: NumberStyle,
  ) {}

  /** The line's item description, if it has one (made only for an item's first line). */
  description(): string | undefined {
    return this.descriptionEnd > this.descriptionStart ? this.decode(this.descriptionStart, this.descriptionEnd) : undefined;
  }

  /** ASCII bytes of the line being converted as text. */
  decode(start: number, end: number): string {
    return this.bytes.toString('latin1', start, end);
  }

  /** Sets `start`/`end` to the field's range without surrounding spaces and tabs (cellText trims); false when the field is empty or absent. */
  private trimmed(fields: CsvLineFields, column: number): boolean {
    if (column < 0 || column >= fields.count) return false;
    const bytes = this.bytes;
    let start = fields.starts[column];
    let end = fields.ends[column];
    while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
    while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
    this.start = start;
    this.end = end;
    return end > start;
  }

  /** The number in the trimmed field; undefined when it is not one (the general path reports it). */
  private number(style: NumberStyle): number | undefined {
    const value = plainNumber(this.bytes, this.start, this.end, style === 'comma' ? 0x2c : 0x2e);
    if (value === value) return value;
    const parsed = parseNumberText(this.decode(this.start, this.end), style);
    return parsed !== undefined && Number.isFinite(parsed) ? parsed : undefined;
  }

  /** An optional text field, hashed, decoded once per run of equal values. */
  private text(fields: CsvLineFields, column: number, repeated: RepeatedField<string>): string {
    if (!this.trimmed(fields, column)) {
      fieldHash.value(undefined);
      return '';
    }
    fieldHash.ascii(this.bytes, this.start, this.end);
    if (repeated.same(this.bytes, this.start, this.end)) return repeated.value;
    return repeated.remember(this.bytes, this.start, this.end, this.decode(this.start, this.end));
  }

  /**
   * The date text in bytes[start, end) as the general parser reads it (untrimmed, as it is given
   * the cell), with the key's hash state after the fields that come first in a sales record's key
   * and depend only on the date: its kind, date, time and period.
   */
  private dateOf(start: number, end: number): { date: ParsedDate; hashState: Int32Array } | undefined {
    const date = parseDateValue(this.decode(start, end), this.dateOrder);
    if (date === undefined) return undefined;
    fieldHash.begin();
    fieldHash.value('sales');
    fieldHash.value(date.date);
    fieldHash.value(date.time);
    fieldHash.value(date.periodDays);
    const hashState = new Int32Array(2);
    fieldHash.save(hashState);
    return { date, hashState };
  }

  /** Converts a split line whose fields are `plain`. */
  convert(bytes: Buffer, fields: CsvLineFields): boolean {
    this.bytes = bytes;
    const columns = this.columns;
    if (!this.trimmed(fields, columns.date)) return false;
    const dateStart = fields.starts[columns.date];
    const dateEnd = fields.ends[columns.date];
    const dated = this.dates.same(bytes, dateStart, dateEnd) ? this.dates.value : this.dates.remember(bytes, dateStart, dateEnd, this.dateOf(dateStart, dateEnd));
    if (dated === undefined) return false;
    const date = dated.date;
    if (!this.trimmed(fields, columns.item)) return false;
    this.itemStart = this.start;
    this.itemEnd = this.end;
    if (!this.trimmed(fields, columns.quantity)) return false;
    const quantity = this.number(this.quantityStyle);
    if (quantity === undefined) return false;
    let unitPrice: number | undefined;
    if (this.trimmed(fields, columns.unitPrice)) {
      unitPrice = this.number(this.priceStyle);
      if (unitPrice === undefined) return false;
    }
    this.cancelled = columns.cancelled >= 0 && this.trimmed(fields, columns.cancelled) && isTrueFlag(this.decode(this.start, this.end));
    // The key: the fields in recordKeyParts' order for a sales record, the first ones hashed with the date.
    fieldHash.resume(dated.hashState);
    fieldHash.ascii(bytes, this.itemStart, this.itemEnd);
    fieldHash.value(quantity);
    this.location = this.text(fields, columns.location, this.locations);
    fieldHash.value(unitPrice);
    this.orderNumber = this.text(fields, columns.orderNumber, this.orderNumbers);
    this.customer = this.text(fields, columns.customer, this.customers);
    if (this.trimmed(fields, columns.description)) {
      fieldHash.ascii(bytes, this.start, this.end);
      this.descriptionStart = this.start;
      this.descriptionEnd = this.end;
    } else {
      fieldHash.value(undefined);
      this.descriptionStart = this.descriptionEnd = 0;
    }
    fieldHash.finish(keyParts);
    this.keyHigh = keyParts[0];
    this.keyLow = keyParts[1];
    this.date = date.date;
    this.weekly = date.periodDays === 7;
    this.quantity = quantity;
    this.unitPrice = unitPrice ?? NaN;
    return true;
  }
}
