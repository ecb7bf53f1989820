/**
 * The fast path for plain CSV sales lines (csvSalesLines.ts) against the general path it stands in
 * for: random files mixing every kind of line the fast path takes and every kind it must leave to
 * papaparse and RowConverter must give the same batches, summaries and errors either way.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CsvLineFields, FastSalesLine } from '../../../app/import/csvSalesLines';
import { readParsedBatches } from '../../../app/import/parsedBatches';
import type { SalesLineBatch } from '../../../app/import/salesLines';
import type { ImportOptions, ImportSummary } from '../../../app/import/types';
import { Rng } from '../../../app/random/rng';
import { TempFiles } from './fileHelpers';

const temp = new TempFiles();
afterAll(() => temp.remove());
afterEach(() => { vi.restoreAllMocks(); });

interface Read {
  lines: Record<string, unknown>[];
  newItems: { sku: string; description: string }[];
  summary: ImportSummary | undefined;
}

/** Every line of every batch as one object (texts resolved), so two reads compare field by field. */
async function read(path: string, options: ImportOptions): Promise<Read> {
  const result: Read = { lines: [], newItems: [], summary: undefined };
  for await (const batch of readParsedBatches(path, options)) {
    if (batch.summary !== undefined) result.summary = batch.summary;
    const lines: SalesLineBatch | undefined = batch.lines;
    if (lines === undefined) continue;
    result.newItems.push(...lines.newItems);
    for (let index = 0; index < lines.count; index++) {
      result.lines.push({
        keyHigh: lines.keyHigh[index], keyLow: lines.keyLow[index], item: lines.item[index], weekly: lines.weekly[index],
        quantity: lines.quantity[index], unitPrice: lines.unitPrice[index], day: lines.day[index],
        orderNumber: lines.texts[lines.orderNumber[index]], customer: lines.texts[lines.customer[index]], location: lines.texts[lines.location[index]],
      });
    }
  }
  return result;
}

const pick = <T>(rng: Rng, values: readonly T[]): T => values[rng.integer(values.length)];
/** Mostly one of `usual`, now and then one of `odd`. */
const mostly = (rng: Rng, usual: readonly string[], odd: readonly string[]): string => (rng.uniform() < 0.9 ? pick(rng, usual) : pick(rng, odd));

/** A random value for each column, now and then one the fast path must leave alone. */
function randomLine(rng: Rng, decimal: '.' | ',', previous: string[] | undefined): string[] {
  // Lines of one invoice repeat date, invoice and customer (what the fast path remembers).
  if (previous !== undefined && rng.uniform() < 0.3) {
    const copy = [...previous];
    copy[1] = `SKU${rng.integer(30)}`;
    copy[3] = String(1 + rng.integer(20));
    return copy;
  }
  const day = 1 + rng.integer(28);
  const month = 1 + rng.integer(12);
  const two = (value: number): string => String(value).padStart(2, '0');
  const date = mostly(rng, [
    `2024-${two(month)}-${two(day)}`, `2024-${two(month)}-${two(day)} ${two(rng.integer(24))}:${two(rng.integer(60))}`,
    `2024-${two(month)}-${two(day)}T${two(rng.integer(24))}:${two(rng.integer(60))}:${two(rng.integer(60))}`,
    `2024-${two(month)}-${two(day)} 00:00:00`, `${day}/${month}/2024`, ` 2024-${two(month)}-${two(day)} `, '2024-W07', `${two(day)}.${two(month)}.24`,
  ], ['2024-02-30', 'soon', '', '45321', '2024-13-01']);
  const sku = mostly(rng, [`SKU${rng.integer(30)}`, `${rng.integer(30)}`, ' SKU1 ', '"SKU,2"', '\tSKU3'], ['Café-Crème', '"say ""hi"""', '']);
  const integer = 1 + rng.integer(40);
  const fraction = `${rng.integer(100)}${decimal}${rng.integer(1000)}`;
  const quantity = mostly(rng, [String(integer), `-${integer}`, '0', '-0', `${integer}${decimal}5`, fraction, '0012', `"${integer}"`],
    ['1.234.567', '1,234', '(3)', '3-', 'x', '', '12345678901234567', `${integer}${decimal}`, '+4']);
  const price = mostly(rng, ['', '0', `${rng.integer(10)}${decimal}${rng.integer(100)}`, String(rng.integer(50)), '0.0000001'],
    ['1.5', '2,25', '€3', 'free', '12 345,5', '99999999999999.99']);
  const invoice = mostly(rng, [`5${rng.integer(1000)}`, `C5${rng.integer(1000)}`, `c${rng.integer(9)}`, 'CX1', ''], [' 77 ', 'Nº 5']);
  const customer = mostly(rng, [`${10000 + rng.integer(50)}`, '', '"Smith, J"'], ['Zoë']);
  // A quoted line break sends the rest of the block in memory to papaparse: rare, or the fast path would have little to do.
  const location = rng.uniform() < 0.003 ? '"multi\nline"' : mostly(rng, ['', 'Berlin', 'North'], ['Île-de-France']);
  const description = mostly(rng, ['', 'PLAIN', '"quoted, text"', 'tab\there'], ['émigré', 'x"y']);
  const cancelled = mostly(rng, ['', '', 'No', 'yes', 'x'], ['storniert', 'Sí']);
  const line = [date, sku, description, quantity, price, invoice, customer, location, cancelled];
  if (rng.uniform() < 0.01) line.length = 3 + rng.integer(5);
  if (rng.uniform() < 0.01) line.push('extra');
  return line;
}

function randomFile(rng: Rng): { text: string; options: ImportOptions } {
  const delimiter = pick(rng, [',', ';', '\t']);
  const decimal = delimiter === ';' ? ',' : '.';
  const newline = pick(rng, ['\n', '\r\n']);
  const rows = [['Date', 'SKU', 'Description', 'Qty', 'Price', 'Invoice', 'Customer', 'Store', 'Cancelled'].join(delimiter)];
  let previous: string[] | undefined;
  const count = 4000 + rng.integer(4000);
  for (let index = 0; index < count; index++) {
    if (rng.uniform() < 0.01) {
      rows.push(pick(rng, ['', '   ', delimiter.repeat(4)]));
      continue;
    }
    // Exact repeats of an earlier line (duplicates), now and then.
    if (rng.uniform() < 0.03 && rows.length > 2) {
      rows.push(rows[1 + rng.integer(rows.length - 1)]);
      continue;
    }
    previous = randomLine(rng, decimal, previous);
    rows.push(previous.join(delimiter));
  }
  const text = rows.join(newline) + (rng.uniform() < 0.5 ? newline : '');
  return { text, options: { batchSize: 1 + rng.integer(700), chunkBytes: pick(rng, [undefined, 4096, 16384, 65536, 200 + rng.integer(3000)]) } };
}

/** Counts the lines the fast path converts (a spy on FastSalesLine.convert, restored after each test). */
function countFastLines(): { count: number } {
  const counter = { count: 0 };
  const convert = FastSalesLine.prototype.convert;
  vi.spyOn(FastSalesLine.prototype, 'convert').mockImplementation(function (this: FastSalesLine, ...args) {
    const taken = convert.apply(this, args);
    if (taken) counter.count++;
    return taken;
  });
  return counter;
}

describe('the fast path for plain CSV sales lines', () => {
  it('gives the same lines, items, counts and errors as the general path, on random files', async () => {
    const fastLines = countFastLines();
    for (let seed = 1; seed <= 12; seed++) {
      const rng = new Rng(seed);
      const { text, options } = randomFile(rng);
      const path = temp.write(`random-${seed}.csv`, text);
      const fastBefore = fastLines.count;
      const fast = await read(path, options);
      const general = await read(path, { ...options, csvFastPath: false });
      // Most lines of these files have something the fast path leaves alone; it must still take many.
      expect(fastLines.count - fastBefore, `seed ${seed}: lines the fast path took`).toBeGreaterThan(500);
      expect(fast.summary, `seed ${seed}`).toEqual(general.summary);
      expect(fast.newItems, `seed ${seed}`).toEqual(general.newItems);
      expect(fast.lines.length, `seed ${seed}`).toBe(general.lines.length);
      expect(fast.lines, `seed ${seed}`).toEqual(general.lines);
      expect(general.summary!.errorCount, `seed ${seed}: the files hold bad lines`).toBeGreaterThan(0);
    }
  });

  it('hands a quoted text of many lines to papaparse and takes the lines after it again', async () => {
    const long = Array.from({ length: 150 }, (_, index) => `line ${index}, still quoted`).join('\n');
    const rows = ['Date,SKU,Description,Qty'];
    for (let index = 0; index < 20_000; index++) rows.push(`2024-01-${String(1 + (index % 28)).padStart(2, '0')},S${index % 40},plain,${1 + index}`);
    rows.splice(12_000, 0, `2024-02-01,LONG,"${long}",5`);
    const path = temp.write('long-quoted.csv', rows.join('\n'));
    const fastLines = countFastLines();
    for (const chunkBytes of [undefined, 4096]) {
      fastLines.count = 0;
      const fast = await read(path, { chunkBytes });
      const general = await read(path, { chunkBytes, csvFastPath: false });
      expect(fast).toEqual(general);
      expect(fast.summary).toMatchObject({ rowsRead: 20_001, accepted: 20_001, errorCount: 0 });
      // At most 11,000 fast lines come before the long text: more means the fast path took the lines
      // after it again, within the next small block (with 256 KB blocks, the test is the equality above).
      if (chunkBytes !== undefined) expect(fastLines.count).toBeGreaterThan(18_000);
    }
  });

  it('reads numbers exactly as Number() does, and leaves other forms to the general parser', async () => {
    const rng = new Rng(7);
    const quantities: string[] = [];
    for (let index = 0; index < 3000; index++) {
      const digits = 1 + rng.integer(17);
      let text = '';
      for (let digit = 0; digit < digits; digit++) text += String(rng.integer(10));
      const point = rng.integer(digits + 1);
      if (point > 0 && point < digits) text = `${text.slice(0, point)}.${text.slice(point)}`;
      quantities.push(rng.uniform() < 0.3 ? `-${text}` : text);
    }
    const path = temp.write('numbers.csv', ['Date,SKU,Qty,Price', ...quantities.map((quantity, index) => `2024-01-01,S${index},${quantity},1.5`)].join('\n'));
    const fast = await read(path, {});
    const general = await read(path, { csvFastPath: false });
    expect(fast).toEqual(general);
    const expected = quantities.filter((text) => Number(text) >= 0).map(Number);
    expect(fast.lines.map((line) => line.quantity)).toEqual(expected);
  });
});

describe('CsvLineFields', () => {
  const split = (line: string): { fields: string[]; plain: boolean } | false => {
    const bytes = Buffer.from(line);
    const fields = new CsvLineFields(0x2c);
    if (!fields.split(bytes, 0, bytes.length)) return false;
    return { fields: fields.cells(bytes), plain: fields.plain };
  };

  it('splits plain and simply quoted fields', () => {
    expect(split('a,b,,c')).toEqual({ fields: ['a', 'b', '', 'c'], plain: true });
    expect(split('')).toEqual({ fields: [''], plain: true });
    expect(split('a,')).toEqual({ fields: ['a', ''], plain: true });
    expect(split('"a,b",c,""')).toEqual({ fields: ['a,b', 'c', ''], plain: true });
    expect(split('"say ""hi""",x')).toEqual({ fields: ['say "hi"', 'x'], plain: false });
    expect(split('Zoë,1')).toEqual({ fields: ['Zoë', '1'], plain: false });
    expect(split('a\tb,1')).toEqual({ fields: ['a\tb', '1'], plain: true });
    expect(split('a\rb,1')).toEqual({ fields: ['a\rb', '1'], plain: false });
  });

  it('leaves quoting it does not handle to the general parser', () => {
    expect(split('a"b,c')).toBe(false);
    expect(split(' "a",b')).toBe(false);
    expect(split('"a" ,b')).toBe(false);
    expect(split('"open, not closed')).toBe(false);
    expect(split(new Array(300).fill('x').join(','))).toBe(false);
  });
});
