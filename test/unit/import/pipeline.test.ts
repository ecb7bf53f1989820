/**
 * The pieces between reading a file and writing it: UTF-8 decoding across read and piece
 * boundaries, item numbering, key sets, column packing, and parsing in a worker thread giving
 * exactly what parsing on the calling thread gives.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImportFile, readParsedBatches } from '../../../app/import/parsedBatches';
import type { ParsedBatch, ParseLocation } from '../../../app/import/parsedBatches';
import { KeySet } from '../../../app/common/keySet';
import { TextNumbers } from '../../../app/import/recordKey';
import type { SalesLineBatch } from '../../../app/import/salesLines';
import type { SalesRecord } from '../../../app/import/types';
import { readAll, TempFiles } from './fileHelpers';
import { isoDateOf } from '../../../app/demand/calendar';

const temp = new TempFiles();
afterAll(() => temp.remove());

/** Items with 1-, 2-, 3- and 4-byte UTF-8 characters, so every cut falls inside one somewhere. */
const NAMES = ['plain', 'Crème brûlée', '€uro-Ständer', '日本茶碗', 'emoji 🍵🫖', 'Ærø'];

function salesCsv(rows: number): string {
  const lines = ['Date,SKU,Description,Qty,Price,Invoice'];
  for (let index = 0; index < rows; index++) {
    const name = NAMES[index % NAMES.length];
    lines.push(`2024-03-${String(1 + (index % 28)).padStart(2, '0')},${name}-${index % 7},"${name} ${index}",${1 + index},${(index % 9) + 0.5},INV${index >> 2}`);
  }
  return lines.join('\n') + '\n';
}

describe('UTF-8 text read in pieces', () => {
  it('decodes the same records whatever the read size, characters cut anywhere', async () => {
    const path = temp.write('utf8.csv', salesCsv(60));
    const whole = await readAll(path);
    expect(whole.summary.errorCount).toBe(0);
    expect(whole.records).toHaveLength(60);
    expect((whole.records[4] as SalesRecord).item).toBe('emoji 🍵🫖-4');
    for (const chunkBytes of [1, 2, 3, 5, 13, 64, 1000]) {
      const pieces = await readAll(path, { chunkBytes });
      expect(pieces.summary.errorCount, `chunkBytes ${chunkBytes}`).toBe(0);
      expect(pieces.records, `chunkBytes ${chunkBytes}`).toEqual(whole.records);
    }
  });

  it('names the byte near an invalid sequence, also when it ends the file', async () => {
    // Past the 64 KiB the encoding is sniffed from (an invalid byte there makes the file Windows-1252).
    const good = new TextEncoder().encode(salesCsv(2500));
    expect(good.length).toBeGreaterThan(100_000);
    const at = 90_000;
    const broken = Uint8Array.from([...good.subarray(0, at), 0xc3, 0x28, ...good.subarray(at)]);
    for (const chunkBytes of [undefined, 7]) {
      const { summary } = await readAll(temp.write('broken.csv', broken), { chunkBytes });
      expect(summary.errorCount).toBe(1);
      expect(summary.errors[0].message).toMatch(/not valid UTF-8 near byte \d+/);
      const near = Number(/near byte (\d+)/.exec(summary.errors[0].message)![1]);
      expect(near).toBeLessThanOrEqual(at);
      expect(near).toBeGreaterThan(at - (chunkBytes ?? 16384) - 4);
    }
    // A character cut short by the end of the file.
    const truncated = Uint8Array.from([...good, 0xe2, 0x82]);
    const { summary } = await readAll(temp.write('truncated.csv', truncated), { chunkBytes: 5 });
    expect(summary.errors[0].message).toMatch(/not valid UTF-8 near byte/);
  });
});

describe('numbers and sets of keys', () => {
  it('numbers texts densely in order of first appearance', () => {
    const numbers = new TextNumbers();
    const texts = Array.from({ length: 5000 }, (_, index) => `SKU-${index % 2500}`);
    const assigned = texts.map((text) => numbers.numberOf(text));
    expect(assigned.slice(0, 2500)).toEqual(Array.from({ length: 2500 }, (_, index) => index));
    expect(assigned.slice(2500)).toEqual(assigned.slice(0, 2500));
    expect(numbers.size).toBe(2500);
    expect(numbers.numberOf('')).toBe(2500);
  });

  it('answers membership without adding, across growth', () => {
    const keys = new KeySet(10);
    for (let index = 0; index < 20_000; index++) keys.add(index * 7919, index ^ 0x5bd1e995);
    expect(keys.size).toBe(20_000);
    for (let index = 0; index < 20_000; index += 97) expect(keys.has(index * 7919, index ^ 0x5bd1e995)).toBe(true);
    expect(keys.has(1, 1)).toBe(false);
    expect(keys.has(0, 0)).toBe(false);
    expect(keys.add(0, 0)).toBe(true);
    expect(keys.add(0, 0)).toBe(false);
    expect(keys.has(0, 0)).toBe(true);
    // 0 is kept apart from the empty slots' mark, and (0, 1) from 0.
    expect(keys.has(0, 1)).toBe(false);
    expect(keys.add(0, 1)).toBe(true);
    expect(keys.size).toBe(20_002);
  });
});

describe('sales lines packed into columns', () => {
  it('keeps every field, lists each item once with its first description, and numbers items across batches', async () => {
    const path = temp.write('pack.csv', [
      'Date,SKU,Description,Qty,Price,Invoice,Customer,Store',
      '2024-01-01,A,Apple,1,0.5,I1,C1,S1',
      '2024-01-01,B,,2,,I1,,',
      '2024-W02,A,Apple again,70,1.5,I2,C2,S2',
      '2024-01-03,C,Cherry,3,2,I3,C1,S1',
      '2024-01-04,B,Banana,4,1,I4,C3,S1',
    ].join('\n'));
    const packed: SalesLineBatch[] = [];
    for await (const batch of readParsedBatches(path, { batchSize: 2 })) if (batch.lines !== undefined && batch.lines.count > 0) packed.push(batch.lines);
    expect(packed.map((batch) => batch.count)).toEqual([2, 2, 1]);
    expect(packed.map((batch) => batch.newItems)).toEqual([
      [{ sku: 'A', description: 'Apple' }, { sku: 'B', description: '' }],
      [{ sku: 'C', description: 'Cherry' }],
      [],
    ]);
    const column = <T>(pick: (batch: SalesLineBatch) => ArrayLike<T>): T[] => packed.flatMap((batch) => Array.from(pick(batch)));
    expect(column((batch) => batch.item)).toEqual([0, 1, 0, 2, 1]);
    expect(column((batch) => batch.weekly)).toEqual([0, 0, 1, 0, 0]);
    expect(column((batch) => batch.day).map(isoDateOf)).toEqual(['2024-01-01', '2024-01-01', '2024-01-08', '2024-01-03', '2024-01-04']);
    expect(column((batch) => batch.quantity)).toEqual([1, 2, 70, 3, 4]);
    expect(column((batch) => batch.unitPrice)).toEqual([0.5, NaN, 1.5, 2, 1]);
    const texts = (pick: (batch: SalesLineBatch) => Uint32Array): string[] => packed.flatMap((batch) => Array.from(pick(batch), (index) => batch.texts[index]));
    expect(texts((batch) => batch.orderNumber)).toEqual(['I1', 'I1', 'I2', 'I3', 'I4']);
    expect(texts((batch) => batch.customer)).toEqual(['C1', '', 'C2', 'C1', 'C3']);
    expect(texts((batch) => batch.location)).toEqual(['S1', '', 'S2', 'S1', 'S1']);
    // Each batch lists its distinct texts once, '' first.
    expect(packed[0].texts).toEqual(['', 'I1', 'C1', 'S1']);
    const { records } = await readAll(path);
    const keys = records.map((record) => record.key);
    const lows = column<number>((batch) => batch.keyLow);
    const hex = (half: number): string => half.toString(16).padStart(8, '0');
    expect(column<number>((batch) => batch.keyHigh).map((high, index) => hex(high) + hex(lows[index]))).toEqual(keys);
  });
});

describe('parsing in a worker thread', () => {
  let csvPath = '';
  let workbookPath = '';
  beforeAll(async () => {
    csvPath = temp.write('worker.csv', salesCsv(2500) + '2024-03-01,bad,"x",lots,1,INV1\n');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['not data']);
    const sheet = workbook.addWorksheet('Sales');
    sheet.addRow(['Date', 'SKU', 'Qty', 'Price']);
    for (let index = 0; index < 1200; index++) sheet.addRow([new Date(Date.UTC(2024, 0, 1 + (index % 60), 9)), `S${index % 13}`, 1 + (index % 5), 2.5]);
    workbookPath = temp.write('worker.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
  });

  async function parse(path: string, format: 'csv' | 'xlsx', location: ParseLocation, sheet?: string): Promise<{ batches: ParsedBatch[]; split: string }> {
    const source = parseImportFile(path, { totalBytes: 1, format }, { sheet, batchSize: 500 }, location);
    const batches: ParsedBatch[] = [];
    try {
      for await (const batch of source.batches) batches.push(batch);
    } finally {
      await source.close();
    }
    return { batches, split: source.split };
  }

  /** Batches without the progress figure, which depends on read sizes. */
  const comparable = (batches: ParsedBatch[]) => batches.map(({ bytesRead: _bytesRead, ...rest }) => rest);

  it('gives a text file the same batches, summary and errors as parsing here', async () => {
    const here = await parse(csvPath, 'csv', 'here');
    const worker = await parse(csvPath, 'csv', 'worker');
    expect([here.split, worker.split]).toEqual(['here', 'worker']);
    expect(comparable(worker.batches)).toEqual(comparable(here.batches));
    const summary = worker.batches.at(-1)!.summary!;
    expect(summary.rowsRead).toBe(2501);
    expect(summary.errors[0]).toMatchObject({ row: 2502, column: 'Qty' });
  });

  it('reads a workbook’s rows in a worker with the same result, sheet names included', async () => {
    const here = await parse(workbookPath, 'xlsx', 'here', 'Sales');
    const worker = await parse(workbookPath, 'xlsx', 'worker', 'Sales');
    expect(worker.split).toBe('rows-in-worker');
    expect(comparable(worker.batches)).toEqual(comparable(here.batches));
    expect(worker.batches.at(-1)!.summary).toMatchObject({ rowsRead: 1200, errorCount: 0, items: 13 });
    const missing = await parse(workbookPath, 'xlsx', 'worker', 'Nope');
    expect(missing.batches.at(-1)!.summary!.errors[0].message).toBe('there is no sheet "Nope" in the workbook (sheets: Notes, Sales)');
  });

  it('reports a file that cannot be read from the worker like any other', async () => {
    const here = await parse(temp.write('empty.csv', ''), 'csv', 'here');
    const gone = await parse(`${temp.dir}/does-not-exist.csv`, 'csv', 'worker');
    expect(here.batches.at(-1)!.summary!.errors[0].message).toMatch(/empty/);
    expect(gone.batches.at(-1)!.summary!.errors[0].message).toMatch(/cannot open the file/);
  });

  it('stops the worker when the caller stops early', async () => {
    const source = parseImportFile(csvPath, { totalBytes: 1, format: 'csv' }, { batchSize: 100 }, 'worker');
    const first = await source.batches.next();
    expect(first.done).toBe(false);
    await source.close();
    expect((await source.batches.next()).done).toBe(true);
  });
});
