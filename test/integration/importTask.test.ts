import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../app/common/result';
import { importTask, type ImportTaskInput } from '../../app/import/importTask';
import { openStore } from '../../app/store';
import { tempDir } from '../helpers/tempDir';

const temp = tempDir();
const dbPath = join(temp.dir, 'import.db');
afterAll(() => temp.cleanup());

function file(name: string, text: string): string {
  const path = join(temp.dir, name);
  writeFileSync(path, text);
  return path;
}

function run(filePath: string, extra: Partial<ImportTaskInput> = {}) {
  return importTask(
    { dbPath, filePath, fileName: filePath.split('/').pop()!, dryRun: false, taskId: 't', now: '2024-05-01T00:00:00Z', ...extra },
    () => {},
    new AbortController().signal,
  );
}

function count(sql: string): number {
  const store = openStore(dbPath);
  try {
    return store.db.prepare(sql).pluck().get() as number;
  } finally {
    store.close();
  }
}

describe('importing into the database (one transaction per file)', () => {
  it('spreads weekly totals of the wide layout evenly over their week', async () => {
    const summary = await run(file('weekly.csv', 'SKU,2024-W01,2024-W02\nA1,70,14\n'));
    expect(summary.kind).toBe('sales');
    const store = openStore(dbPath);
    const [series] = store.sales.dailySeries('2024-01-01', '2024-01-14', [store.items.bySku('A1')!.id]);
    store.close();
    expect(Array.from(series.units)).toEqual([10, 10, 10, 10, 10, 10, 10, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('a dry run counts everything and writes nothing', async () => {
    const before = count('SELECT COUNT(*) FROM sales_lines');
    const summary = await run(file('dry.csv', 'Date,SKU,Qty\n2024-02-01,B1,5\n2024-02-02,B1,6\n'), { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, batchId: null, rowsImported: 2 });
    expect(count('SELECT COUNT(*) FROM sales_lines')).toBe(before);
    expect(count(`SELECT COUNT(*) FROM items WHERE sku = 'B1'`)).toBe(0);
  });

  it('rolls the whole file back when any row is bad, naming row and column', async () => {
    const before = count('SELECT COUNT(*) FROM sales_lines');
    const bad = file('bad.csv', 'Date,SKU,Qty\n2024-02-01,C1,5\n2024-02-02,C1,lots\n2024-02-03,C1,7\n');
    const failure = await run(bad).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppFailure);
    const error = (failure as AppFailure).error;
    expect(error.code).toBe('invalid-input');
    expect(error.problems?.[0]).toMatchObject({ file: 'bad.csv', row: 3, column: 'Qty' });
    expect(count('SELECT COUNT(*) FROM sales_lines')).toBe(before);
    expect(count(`SELECT COUNT(*) FROM items WHERE sku = 'C1'`)).toBe(0);
  });

  it('feeds stock counts and open orders into the inventory position, once', async () => {
    await run(file('master.csv', 'SKU,Description,Supplier,Unit cost,Lead time days,MOQ,Case pack\nD1,Dowel,Acme,0.4,10,100,25\n'));
    await run(file('stock.csv', 'SKU,On hand,As of\nD1,40,2024-04-30\n'));
    const orders = file('open.csv', 'PO,SKU,Qty,Expected\nEXT-1,D1,60,2024-05-10\n');
    await run(orders);
    const again = await run(orders);
    expect(again.rowsImported).toBe(0);
    const store = openStore(dbPath);
    const item = store.items.bySku('D1')!;
    expect(item).toMatchObject({ supplier: 'Acme', unitCost: 0.4, leadTimeDays: 10, moq: 100, orderMultiple: 25 });
    const position = store.inventory.positions('2024-05-01').get(item.id)!;
    store.close();
    expect(position).toMatchObject({ onHand: 40, onHandAsOf: '2024-04-30', onOrder: 60 });
  });
});
