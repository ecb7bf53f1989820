import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ApiContext, type ApiMethod, type ApiValue } from '../../app/api';
import { addDays } from '../../app/common/dates';
import { InlineTaskRunner } from '../../app/tasks/registry';
import { createHostContext, type HostContext } from '../../main/host/context';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tempDir';

/**
 * The feedback loop on a temporary database: sales through 29 February, a plan on 1 March, later
 * sales imported in two files; the outcomes appear (pending, then judged) and a re-import adds
 * nothing twice.
 *
 * A1 sells 4 a day, B1 2 a day until February; both have lead time 2 and review period 3 (window
 * 1–5 March). With constant history the service-level rule orders up to 5 days × mean:
 *   A1: up to 20, 10 on hand → order 10. March sales 6, 6, 3, 3, 3: 10 → 4; 2 short on the 2nd;
 *       the 10 arrive on the 3rd → 7 → 4 → 1. Verdict stockout (1 day, 2 units).
 *   B1: up to 10, 30 on hand → no order. No March sales: ends with 30 where the plan expected
 *       30 − 10 = 20; margin max(2·√10, 2/day × 3) = 6.32 → overstock.
 */
describe('outcomes of past recommendations', () => {
  const temp = tempDir('replenish-outcomes-');
  const dbPath = join(temp.dir, 'outcomes.db');
  let host: HostContext;
  let ctx: ApiContext;

  async function call<M extends ApiMethod>(method: M, params: unknown): Promise<ApiValue<M>> {
    const result = await callApi(ctx, method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as ApiValue<M>;
  }
  function importFile(name: string, text: string) {
    const path = join(temp.dir, name);
    writeFileSync(path, text);
    return call('data.import', { fileId: host.files.addPath(path) });
  }
  const salesRows = (from: string, days: number, units: (day: number) => Record<string, number>): string =>
    Array.from({ length: days }, (_, day) =>
      Object.entries(units(day))
        .filter(([, quantity]) => quantity > 0)
        .map(([sku, quantity]) => `${addDays(from, day)},${sku},${quantity}`)
        .join('\n'),
    )
      .filter(Boolean)
      .join('\n');
  const marchA1 = [6, 6, 3, 3, 3, 4, 4, 4, 4, 4];
  const laterSales = 'Date,SKU,Qty\n' + salesRows('2024-03-04', 7, (day) => ({ A1: marchA1[day + 3] })) + '\n';

  beforeAll(async () => {
    host = createHostContext(dbPath, new InlineTaskRunner(), () => new Date('2024-03-20T08:00:00Z'));
    ctx = { ...host.context, progress: () => {} };
    await importFile('items.csv', 'SKU,Description,Supplier,Unit cost,Lead time days,Review period\nA1,Anchor,Acme,1,2,3\nB1,Bolt,Acme,1,2,3\n');
    await importFile('history.csv', 'Date,SKU,Qty\n' + salesRows('2024-01-01', 60, () => ({ A1: 4, B1: 2 })) + '\n');
    await importFile('stock.csv', 'SKU,On hand,As of\nA1,10,2024-02-29\nB1,30,2024-02-29\n');
  });
  afterAll(() => {
    host?.close();
    temp.cleanup();
  });

  it('a new plan is pending until sales cover its window', async () => {
    const plan = await call('plans.create', { date: '2024-03-01' });
    const byItem = new Map(plan.lines.map((line) => [line.sku, line]));
    expect(byItem.get('A1')).toMatchObject({ recommendedQty: 10, inventoryPosition: 10 });
    expect(byItem.get('B1')).toMatchObject({ recommendedQty: 0, inventoryPosition: 30 });
    expect(byItem.get('A1')!.details.outcomeBasis).toEqual({ leadTimeDays: 2, reviewPeriodDays: 3, openOrders: [] });
    await call('outcomes.refresh', {});
    const list = await call('outcomes.list', { planId: plan.plan.id });
    expect(list.salesThrough).toBe('2024-02-29');
    expect(list.outcomes.map((outcome) => [outcome.sku, outcome.verdict, outcome.coveredDays, outcome.windowTo])).toEqual([
      ['A1', 'pending', 0, '2024-03-05'],
      ['B1', 'pending', 0, '2024-03-05'],
    ]);
  });

  it('a sales import that covers part of the window updates the outcomes by itself, still pending', async () => {
    await importFile('march-1.csv', 'Date,SKU,Qty\n' + salesRows('2024-03-01', 3, (day) => ({ A1: marchA1[day] })) + '\n');
    const list = await call('outcomes.list', {});
    expect(list.outcomes.map((outcome) => [outcome.sku, outcome.verdict, outcome.coveredDays])).toEqual([
      ['A1', 'pending', 3],
      ['B1', 'pending', 3],
    ]);
  });

  it('once the window is covered, each recommendation gets its verdict', async () => {
    const imported = await importFile('march-2.csv', laterSales);
    expect(imported.rowsImported).toBe(7);
    const { outcomes } = await call('outcomes.list', {});
    const a1 = outcomes.find((outcome) => outcome.sku === 'A1')!;
    const b1 = outcomes.find((outcome) => outcome.sku === 'B1')!;
    expect(a1).toMatchObject({
      verdict: 'stockout', orderedQty: 10, forecastDemand: 20, actualDemand: 21, forecastError: -1, stockoutDays: 1,
      firstStockoutDate: '2024-03-02', lostUnits: 2, endingStock: 1, expectedEndingStock: 0, coveredDays: 5,
    });
    expect(b1).toMatchObject({ verdict: 'overstock', orderedQty: 0, forecastDemand: 10, actualDemand: 0, stockoutDays: 0, endingStock: 30, expectedEndingStock: 20 });
    expect(b1.explanation).toMatch(/^Overstock: ended with 30 on hand where the plan expected 20/);
    const stockouts = await call('outcomes.list', { verdicts: ['stockout'] });
    expect(stockouts.outcomes.map((outcome) => outcome.sku)).toEqual(['A1']);
    const summary = await call('outcomes.summary', {});
    expect(summary).toMatchObject({ total: 2, evaluated: 2, pending: 0, stockoutRate: 0.5, lostUnits: 2, salesThrough: '2024-03-10' });
    expect(summary.byVerdict).toMatchObject({ stockout: 1, overstock: 1, ok: 0 });
    expect(summary.meanAbsoluteForecastError).toBeCloseTo((1 + 10) / 2, 10);
  });

  it('re-importing the same sales and re-planning the same day add nothing twice', async () => {
    const again = await importFile('march-2-again.csv', laterSales);
    expect(again.rowsImported).toBe(0);
    expect((await call('outcomes.list', {})).outcomes).toHaveLength(2);
    const replanned = await call('plans.create', { date: '2024-03-01' });
    await call('outcomes.refresh', {});
    const { outcomes } = await call('outcomes.list', {});
    expect(outcomes.map((outcome) => [outcome.planId, outcome.sku, outcome.verdict])).toEqual([
      [replanned.plan.id, 'A1', 'stockout'],
      [replanned.plan.id, 'B1', 'overstock'],
    ]);
  });

  it('the command line lists them, filters by plan and verdict, and refuses an unknown verdict', () => {
    host.close();
    const run = runCli(['outcomes', '--db', dbPath, '--verdict', 'stockout', '--json']);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.salesThrough).toBe('2024-03-10');
    expect(document.outcomes).toHaveLength(1);
    expect(document.outcomes[0]).toMatchObject({ item: 'A1', verdict: 'stockout', stockoutDays: 1 });
    expect(document.summary.byVerdict.stockout).toBe(1);
    const text = runCli(['outcomes', '--db', dbPath, '--plan', String(document.outcomes[0].planId)]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/stockout 1, overstock 1/);
    expect(runCli(['outcomes', '--db', dbPath, '--verdict', 'great']).status).toBe(1);
    const help = runCli(['outcomes', '--help']);
    expect(help.stdout).toMatch(/replenish outcomes \[--plan ID\]/);
    host = createHostContext(dbPath, new InlineTaskRunner(), () => new Date('2024-03-20T08:00:00Z'));
    ctx = { ...host.context, progress: () => {} };
  });
});

/**
 * Acme's minimum order value is 100; the plan orders 10 of A1 (value 10). Waiting a review period
 * would leave A1 (4/day, position 10) about 4 × 5 − 10 = 10 units short, 5 GBP of lost sales at the
 * default penalty of half the unit cost; holding 90 more units of 1 GBP at 25 %/year for a few
 * weeks costs well under that, so the order is topped up to exactly 100 (one-unit steps).
 */
describe('supplier minimum order value in the plan', () => {
  const temp = tempDir('replenish-supplier-min-');
  let host: HostContext;
  let ctx: ApiContext;
  async function call<M extends ApiMethod>(method: M, params: unknown): Promise<ApiValue<M>> {
    const result = await callApi(ctx, method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as ApiValue<M>;
  }
  beforeAll(async () => {
    host = createHostContext(join(temp.dir, 'min.db'), new InlineTaskRunner(), () => new Date('2024-03-01T08:00:00Z'));
    ctx = { ...host.context, progress: () => {} };
    const file = (name: string, text: string): string => {
      const path = join(temp.dir, name);
      writeFileSync(path, text);
      return host.files.addPath(path);
    };
    await call('data.import', { fileId: file('items.csv', 'SKU,Description,Supplier,Unit cost,Lead time days,Review period\nA1,Anchor,Acme,1,2,3\nB1,Bolt,Acme,1,2,3\n') });
    const history = Array.from({ length: 60 }, (_, day) => `${addDays('2024-01-01', day)},A1,4\n${addDays('2024-01-01', day)},B1,2`).join('\n');
    await call('data.import', { fileId: file('history.csv', `Date,SKU,Qty\n${history}\n`) });
    await call('data.import', { fileId: file('stock.csv', 'SKU,On hand,As of\nA1,10,2024-02-29\nB1,30,2024-02-29\n') });
  });
  afterAll(() => {
    host.close();
    temp.cleanup();
  });

  it('is stored per supplier and editable through the API', async () => {
    await call('suppliers.setMinimumOrderValue', { supplier: 'Acme', minOrderValue: 100 });
    const list = await call('suppliers.list', {});
    expect(list.suppliers).toEqual([{ id: expect.any(Number), name: 'Acme', minOrderValue: 100, items: 2 }]);
    const missing = await callApi(ctx, 'suppliers.setMinimumOrderValue', { supplier: 'Nobody', minOrderValue: 5 });
    expect(missing.ok === false && missing.error.code).toBe('not-found');
  });

  it('tops the order up to the minimum and says so in the changed lines', async () => {
    const plan = await call('plans.create', { date: '2024-03-01' });
    const total = plan.lines.reduce((sum, line) => sum + line.recommendedQty * (line.unitCost ?? 0), 0);
    expect(total).toBe(100);
    const a1 = plan.lines.find((line) => line.sku === 'A1')!;
    expect(a1.details.beforeSupplierMinimum).toBe(10);
    expect(a1.recommendedQty).toBeGreaterThan(10);
    expect(a1.reason).toMatch(/Supplier minimum: Acme's order came to 10\.00 GBP, below its minimum order value of 100\.00 GBP; topped up from 10 to \d+/);
    expect(plan.plan.summary.warnings).toContain('Acme: order of 10.00 GBP is below the minimum 100.00 GBP; topped up to 100.00 GBP.');
  });
});
