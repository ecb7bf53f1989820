import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ApiContext, type ApiMethod, type ApiValue } from '../../app/api';
import { addDays } from '../../app/common/dates';
import { AppFailure } from '../../app/common/result';
import { importTask, type ImportTaskInput } from '../../app/import/importTask';
import { InlineTaskRunner } from '../../app/tasks/registry';
import { createHostContext, type HostContext } from '../../main/host/context';
import { tempDir } from '../helpers/tempDir';

/**
 * Supplier terms arrive with the item master: the minimum order value of Acme is imported on A1's
 * row (B1's row of the same supplier leaves it empty) and the plan applies it. The numbers are those
 * of the supplier-minimum test in outcomes.test.ts: A1 sells 4 a day with 10 on hand, B1 2 a day
 * with 30; the plan orders 10 of A1 (value 10 GBP), and with a minimum of 100 tops the order up to
 * exactly 100 (holding the extra units costs less than the lost sales of waiting a review period).
 */
describe('supplier minimum order value imported with the item master', () => {
  const temp = tempDir('replenish-supplier-terms-import-');
  const dbPath = join(temp.dir, 'terms.db');
  let host: HostContext;
  let ctx: ApiContext;

  function file(name: string, text: string): string {
    const path = join(temp.dir, name);
    writeFileSync(path, text);
    return path;
  }

  function run(path: string, extra: Partial<ImportTaskInput> = {}) {
    return importTask(
      { dbPath, filePath: path, fileName: path.split('/').pop()!, dryRun: false, taskId: 't', now: '2024-03-01T07:00:00Z', ...extra },
      () => {},
      new AbortController().signal,
    );
  }

  async function call<M extends ApiMethod>(method: M, params: unknown): Promise<ApiValue<M>> {
    const result = await callApi(ctx, method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as ApiValue<M>;
  }

  /** What a failing import must not change: the supplier terms, the item master and the import batches. */
  function snapshot(): unknown {
    const { store } = host;
    return {
      suppliers: store.suppliers.list(),
      items: store.items.list(),
      batches: store.db.prepare('SELECT COUNT(*) FROM import_batches').pluck().get(),
    };
  }

  async function failure(path: string): Promise<AppFailure> {
    const error = await run(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppFailure);
    return error as AppFailure;
  }

  beforeAll(async () => {
    const master = await run(file('items.csv',
      'SKU,Description,Supplier,Unit cost,Lead time days,Review period,Min order value\nA1,Anchor,Acme,1,2,3,100\nB1,Bolt,Acme,1,2,3,\n'));
    expect(master).toMatchObject({ kind: 'items', rowsImported: 2, suppliersUpdated: 1 });
    expect(master.warnings).toContain('Minimum order value (GBP) changed for 1 supplier: Acme none → 100.');
    const history = Array.from({ length: 60 }, (_, day) => `${addDays('2024-01-01', day)},A1,4\n${addDays('2024-01-01', day)},B1,2`).join('\n');
    expect(await run(file('history.csv', `Date,SKU,Qty\n${history}\n`))).toMatchObject({ kind: 'sales', suppliersUpdated: 0 });
    await run(file('stock.csv', 'SKU,On hand,As of\nA1,10,2024-02-29\nB1,30,2024-02-29\n'));
    host = createHostContext(dbPath, new InlineTaskRunner(), () => new Date('2024-03-01T08:00:00Z'));
    ctx = { ...host.context, progress: () => {} };
  });
  afterAll(() => {
    host?.close();
    temp.cleanup();
  });

  it('stores the imported minimum on the supplier, where Settings shows it', async () => {
    const list = await call('suppliers.list', {});
    expect(list.suppliers).toEqual([{ id: expect.any(Number), name: 'Acme', minOrderValue: 100, items: 2 }]);
  });

  it('the plan tops the order up to the imported minimum', async () => {
    const plan = await call('plans.create', { date: '2024-03-01' });
    const total = plan.lines.reduce((sum, line) => sum + line.recommendedQty * (line.unitCost ?? 0), 0);
    expect(total).toBe(100);
    const a1 = plan.lines.find((line) => line.sku === 'A1')!;
    expect(a1.details.beforeSupplierMinimum).toBe(10);
    expect(a1.reason).toMatch(/Supplier minimum: Acme's order came to 10\.00 GBP, below its minimum order value of 100\.00 GBP; topped up from 10 to \d+/);
  });

  it('a row with the supplier but an empty minimum leaves the stored minimum unchanged', async () => {
    const summary = await run(file('empty.csv', 'SKU,Supplier,Unit cost,MOV\nA1,Acme,1,\nB1,Acme,1,\n'));
    expect(summary).toMatchObject({ rowsImported: 2, suppliersUpdated: 0 });
    expect(summary.warnings.some((warning) => warning.includes('Minimum order value'))).toBe(false);
    expect(host.store.suppliers.minimumOrderValues()).toEqual(new Map([['Acme', 100]]));
  });

  it('the same supplier with two different minimums fails the whole file, naming both rows, and changes nothing', async () => {
    const before = snapshot();
    const error = (await failure(file('conflict.csv', 'SKU,Supplier,Unit cost,MOV\nA1,Acme,5,250\nB1,Acme,7,300\n'))).error;
    expect(error.code).toBe('invalid-input');
    expect(error.problems).toHaveLength(1);
    expect(error.problems![0]).toMatchObject({ file: 'conflict.csv', row: 3, column: 'MOV', value: '300' });
    expect(error.problems![0].message).toContain('two minimum order values (250 on row 2, 300 on row 3)');
    expect(snapshot()).toEqual(before);
  });

  it('a negative minimum fails the whole file, naming file, row and column, and changes nothing', async () => {
    const before = snapshot();
    const error = (await failure(file('negative.csv', 'SKU;Supplier;Unit cost;Mindestbestellwert\nA1;Acme;2,5;150\nB1;Acme;1;-150\n'))).error;
    expect(error.problems![0]).toMatchObject({ file: 'negative.csv', row: 3, column: 'Mindestbestellwert', value: '-150' });
    expect(snapshot()).toEqual(before);
  });

  it('a dry run counts the change and writes nothing', async () => {
    const before = snapshot();
    const summary = await run(file('dry.csv', 'SKU,Supplier,MOV\nA1,Acme,"1,500.00"\n'), { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, suppliersUpdated: 1 });
    expect(summary.warnings).toContain('Minimum order value (GBP) changed for 1 supplier: Acme 100 → 1500.');
    expect(snapshot()).toEqual(before);
  });

  it('a minimum of 0 clears it, and the next plan orders what the policy recommends', async () => {
    const summary = await run(file('clear.csv', 'SKU,Supplier,MOV\nB1,Acme,0\n'));
    expect(summary).toMatchObject({ suppliersUpdated: 1 });
    expect(summary.warnings).toContain('Minimum order value (GBP) changed for 1 supplier: Acme 100 → none.');
    expect(host.store.suppliers.minimumOrderValues().size).toBe(0);
    const plan = await call('plans.create', { date: '2024-03-01' });
    const a1 = plan.lines.find((line) => line.sku === 'A1')!;
    expect(a1.recommendedQty).toBe(10);
    expect(a1.details.beforeSupplierMinimum).toBeUndefined();
  });
});
