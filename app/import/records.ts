/**
 * One raw row → validated records of one kind, or errors naming row, column, value and what was
 * expected. A row with any error gives no record at all (a wide row gives all its periods or none).
 */
import { parseDateValue } from './dates';
import type { ParsedDate } from './dates';
import { isPercentText, parseNumberText } from './numbers';
import type { NumberStyle } from './numbers';
import { keyText, recordKeyParts } from './recordKey';
import { isTrueFlag } from './rules';
import { SupplierMinimums } from './supplierTerms';
import type { ResolvedColumns } from './columns';
import type {
  DateOrder, ImportError, ImportRecord, InventoryRecord, ItemRecord, OpenOrderRecord, RawCell, RecordKind, SalesRecord, UnkeyedRecord,
} from './types';

export interface ColumnFormats {
  dateOrder: DateOrder;
  /** Decimal style per column index (columns not listed use 'point'). */
  numberStyles: Map<number, NumberStyle>;
}

export interface ConvertedRow {
  records: ImportRecord[];
  /** Key halves of each record, [high, low] pairs, for de-duplication without parsing the text. */
  keyParts: number[];
  /** The row is marked in a cancellation column (sales only). */
  cancelled: boolean;
}

interface NumericRule {
  min: number;
  /** The value must be strictly above `min`. */
  exclusive?: boolean;
  max?: number;
  /** Rates: "25%" → 0.25, and a bare number in (1, 100] is read as a percentage too. */
  rate?: boolean;
  expected: string;
}

const ITEM_NUMBERS: Record<string, NumericRule> = {
  unitCost: { min: 0, expected: 'a cost ≥ 0' },
  leadTimeDays: { min: 0, expected: 'days ≥ 0' },
  leadTimeSpreadDays: { min: 0, expected: 'days ≥ 0' },
  moq: { min: 0, expected: 'a quantity ≥ 0' },
  orderMultiple: { min: 0, exclusive: true, expected: 'a quantity > 0' },
  holdingCostRate: { min: 0, max: 10, rate: true, expected: 'a yearly rate such as 0.25 or 25%' },
  stockoutPenalty: { min: 0, expected: 'a cost ≥ 0' },
  serviceLevel: { min: 0, exclusive: true, max: 0.99999, rate: true, expected: 'a fraction below 1 such as 0.95 or 95%' },
  reviewPeriodDays: { min: 0, expected: 'days ≥ 0' },
  supplierMinOrderValue: { min: 0, expected: 'an order value ≥ 0 (0 clears the supplier\'s minimum)' },
};

const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY', 'CHF': 'CHF', 'Fr.': 'CHF' };

export function cellText(cell: RawCell | undefined): string | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (typeof cell === 'string') {
    const trimmed = cell.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof cell === 'number') return String(cell);
  if (cell instanceof Date) return parseDateValue(cell)?.date;
  return cell ? 'TRUE' : 'FALSE';
}

export function isBlankRow(cells: readonly RawCell[]): boolean {
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (typeof cell === 'string') {
      // Most cells start with a visible character: no need to trim them.
      if (cell.length > 0 && (cell.charCodeAt(0) > 32 || cell.trim() !== '')) return false;
    } else if (cell !== null && cell !== undefined) {
      return false;
    }
  }
  return true;
}

const keyScratch = new Uint32Array(2);

export class RowConverter {
  private readonly periodDates: (ParsedDate | undefined)[];
  /** Supplier minimums given by the rows so far: the same supplier must not get two. */
  private readonly supplierMinimums = new SupplierMinimums();
  private errors: ImportError[] = [];
  private row = 0;
  private cells: readonly RawCell[] = [];

  constructor(
    private readonly file: string,
    private readonly kind: RecordKind,
    private readonly headers: readonly string[],
    private readonly rawHeaders: readonly RawCell[],
    private readonly columns: ResolvedColumns,
    private readonly formats: ColumnFormats,
  ) {
    this.periodDates = columns.periodColumns.map((index) => parseDateValue(rawHeaders[index], formats.dateOrder));
  }

  /** Filled by `convert` and reused for every row (copy what you keep). */
  readonly out: ConvertedRow = { records: [], keyParts: [], cancelled: false };

  /** Converts one row into `out`; false when the row has errors (appended to `errors`). */
  convert(cells: readonly RawCell[], row: number, errors: ImportError[]): boolean {
    this.errors = errors;
    this.row = row;
    this.cells = cells;
    this.out.records.length = 0;
    this.out.keyParts.length = 0;
    this.out.cancelled = false;
    const before = errors.length;
    switch (this.kind) {
      case 'sales':
        if (this.columns.periodColumns.length > 0) this.wideSales();
        else this.sales();
        break;
      case 'items': this.item(); break;
      case 'inventory': this.inventory(); break;
      case 'open-orders': this.openOrder(); break;
    }
    return errors.length === before;
  }

  private keep(record: Omit<ImportRecord, 'key'>): void {
    recordKeyParts(record as UnkeyedRecord, keyScratch);
    this.out.keyParts.push(keyScratch[0], keyScratch[1]);
    (record as ImportRecord).key = keyText(keyScratch[0], keyScratch[1]);
    this.out.records.push(record as ImportRecord);
  }

  private fail(column: number, expected: string, message: string): void {
    const cell = this.cells[column];
    this.errors.push({
      file: this.file, row: this.row, column: this.headers[column] ?? `column ${column + 1}`,
      value: cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell),
      expected, message: `${message} in column "${this.headers[column] ?? column + 1}", row ${this.row}`,
    });
  }

  private text(field: string, required = false): string {
    const column = this.columns.indexes[field];
    if (column === undefined) return '';
    const value = cellText(this.cells[column]);
    if (value === undefined) {
      if (required) this.fail(column, `a ${field}`, `${field} is empty`);
      return '';
    }
    return value;
  }

  private optionalText(field: string): string | undefined {
    const value = this.text(field);
    return value === '' ? undefined : value;
  }

  private numberAt(column: number, field: string, required: boolean, rule?: NumericRule): number | undefined {
    const cell = this.cells[column];
    let value: number | undefined;
    let percent = false;
    if (typeof cell === 'number') value = cell;
    else {
      const text = cellText(cell);
      if (text === undefined) {
        if (required) this.fail(column, rule?.expected ?? 'a number', `${field} is empty`);
        return undefined;
      }
      const parsed = parseNumberText(text, this.formats.numberStyles.get(column) ?? 'point');
      if (parsed === undefined) {
        this.fail(column, rule?.expected ?? 'a number', `${field} is not a number`);
        return undefined;
      }
      value = parsed;
      percent = rule?.rate === true && isPercentText(text);
    }
    if (!Number.isFinite(value)) {
      this.fail(column, rule?.expected ?? 'a number', `${field} is not a number`);
      return undefined;
    }
    if (rule !== undefined) {
      if (rule.rate && !percent && value > 1 && value <= 100) value /= 100;
      const tooLow = rule.exclusive ? value <= rule.min : value < rule.min;
      if (tooLow || (rule.max !== undefined && value > rule.max)) {
        this.fail(column, rule.expected, `${field} is out of range`);
        return undefined;
      }
    }
    return value;
  }

  private number(field: string, required: boolean, rule?: NumericRule): number | undefined {
    const column = this.columns.indexes[field];
    return column === undefined ? undefined : this.numberAt(column, field, required, rule);
  }

  private date(field: string): ParsedDate | undefined {
    const column = this.columns.indexes[field];
    if (column === undefined) return undefined;
    const cell = this.cells[column];
    if (cellText(cell) === undefined) {
      this.fail(column, 'a date', `${field} is empty`);
      return undefined;
    }
    const parsed = parseDateValue(cell, this.formats.dateOrder);
    if (parsed === undefined) this.fail(column, 'a date such as 2024-03-31 or 31/03/2024', `${field} is not a date`);
    return parsed;
  }

  private sales(): void {
    const date = this.date('date');
    const item = this.text('item', true);
    const quantity = this.number('quantity', true);
    const unitPrice = this.number('unitPrice', false);
    const cancelledColumn = this.columns.indexes.cancelled;
    const cancelled = cancelledColumn !== undefined && isTrueFlag(cellText(this.cells[cancelledColumn]));
    this.out.cancelled = cancelled;
    if (date === undefined || quantity === undefined) return;
    const record: Omit<SalesRecord, 'key'> = { kind: 'sales', row: this.row, date: date.date, periodDays: date.periodDays, item, quantity };
    if (date.time !== undefined) record.time = date.time;
    const location = this.optionalText('location');
    if (location !== undefined) record.location = location;
    if (unitPrice !== undefined) record.unitPrice = unitPrice;
    const orderNumber = this.optionalText('orderNumber');
    if (orderNumber !== undefined) record.orderNumber = orderNumber;
    const customer = this.optionalText('customer');
    if (customer !== undefined) record.customer = customer;
    const description = this.optionalText('description');
    if (description !== undefined) record.description = description;
    this.keep(record);
  }

  private wideSales(): void {
    const item = this.text('item', true);
    const location = this.optionalText('location');
    const description = this.optionalText('description');
    this.columns.periodColumns.forEach((column, index) => {
      const quantity = this.numberAt(column, 'quantity', false);
      const period = this.periodDates[index];
      if (quantity === undefined || period === undefined) return;
      const record: Omit<SalesRecord, 'key'> = { kind: 'sales', row: this.row, date: period.date, periodDays: period.periodDays, item, quantity };
      if (location !== undefined) record.location = location;
      if (description !== undefined) record.description = description;
      this.keep(record);
    });
  }

  private item(): void {
    const record: Omit<ItemRecord, 'key'> = { kind: 'items', row: this.row, item: this.text('item', true) };
    const description = this.optionalText('description');
    if (description !== undefined) record.description = description;
    const supplier = this.optionalText('supplier');
    if (supplier !== undefined) record.supplier = supplier;
    const currency = this.optionalText('currency');
    if (currency !== undefined) {
      const code = CURRENCY_SYMBOLS[currency] ?? currency.toUpperCase();
      if (/^[A-Z]{3}$/.test(code)) record.currency = code;
      else this.fail(this.columns.indexes.currency, 'a currency code such as EUR', 'currency is not a currency code');
    }
    for (const [field, rule] of Object.entries(ITEM_NUMBERS)) {
      const value = this.number(field, false, rule);
      if (value !== undefined) (record as unknown as Record<string, number>)[field] = value;
    }
    if (record.supplierMinOrderValue !== undefined) this.checkSupplierMinimum(record.supplier, record.supplierMinOrderValue);
    this.keep(record);
  }

  /** A minimum order value belongs to the row's supplier, and agrees with the other rows of that supplier. */
  private checkSupplierMinimum(supplier: string | undefined, value: number): void {
    const column = this.columns.indexes.supplierMinOrderValue;
    if (supplier === undefined) {
      this.fail(column, 'a supplier on the same row', 'a minimum order value needs the supplier it belongs to');
      return;
    }
    const earlier = this.supplierMinimums.disagreement(supplier, value, this.row);
    if (earlier !== undefined) {
      this.fail(column, `one minimum order value per supplier (row ${earlier.row} gives ${earlier.value})`,
        `supplier "${supplier}" has two minimum order values (${earlier.value} on row ${earlier.row}, ${value} on row ${this.row})`);
    }
  }

  private inventory(): void {
    const item = this.text('item', true);
    const quantity = this.number('quantity', true) ?? 0;
    const asOfDate = this.date('asOfDate')?.date ?? '';
    const record: Omit<InventoryRecord, 'key'> = { kind: 'inventory', row: this.row, item, quantity, asOfDate };
    this.keep(record);
  }

  private openOrder(): void {
    const poNumber = this.text('poNumber', true);
    const item = this.text('item', true);
    const quantity = this.number('quantity', true, { min: 0, exclusive: true, expected: 'a quantity > 0' }) ?? 0;
    const expectedDate = this.date('expectedDate')?.date ?? '';
    const record: Omit<OpenOrderRecord, 'key'> = { kind: 'open-orders', row: this.row, poNumber, item, quantity, expectedDate };
    const supplier = this.optionalText('supplier');
    if (supplier !== undefined) record.supplier = supplier;
    this.keep(record);
  }
}
