import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ApiContext, type ApiMethod, type ApiValue } from '../../app/api';
import { addDays } from '../../app/common/dates';
import { InlineTaskRunner } from '../../app/tasks/registry';
import { createHostContext, type HostContext } from '../../main/host/context';
import { tempDir } from '../helpers/tempDir';

describe('purchase orders from a plan', () => {
  const temp = tempDir();
  let host: HostContext;
  let ctx: ApiContext;
  const now = '2024-03-04T09:00:00Z';

  async function call<M extends ApiMethod>(method: M, params: unknown): Promise<ApiValue<M>> {
    const result = await callApi(ctx, method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as ApiValue<M>;
  }

  beforeAll(() => {
    host = createHostContext(join(temp.dir, 'po.db'), new InlineTaskRunner(), () => new Date(now));
    ctx = { ...host.context, progress: () => {} };
    const { store } = host;
    const stamp = '2024-01-01T00:00:00Z';
    // Three items at two suppliers and one without, each selling 10 a day for 60 days.
    const masters = [
      { sku: 'A-1', description: '=cmd|calc', supplier: 'Acme', unitCost: 2.5, leadTimeDays: 7, orderMultiple: 12 },
      { sku: 'A-2', description: 'Widget', supplier: 'Acme', unitCost: 4, leadTimeDays: 7 },
      { sku: 'B-1', description: 'Gadget', supplier: 'Bolt', unitCost: 10, leadTimeDays: 14 },
      { sku: 'N-1', description: 'Orphan', leadTimeDays: 7 },
    ];
    store.transaction(() => {
      const batch = store.imports.start('seed.csv', 'x', 'sales', stamp);
      for (const master of masters) {
        const id = store.items.upsertMaster(master, stamp);
        for (let day = 0; day < 60; day++) {
          store.sales.insert({ batchId: batch, rowKey: `${master.sku}-${day}`, itemId: id, saleDate: addDays('2024-01-03', day), quantity: 10, unitPrice: null, orderNumber: null, customer: null, location: null, category: 'sale' });
        }
        store.sales.rebuildDaily([id]);
      }
    });
  });
  afterAll(() => {
    host.close();
    temp.cleanup();
  });

  let orders: ApiValue<'orders.createFromPlan'>;

  it('creates one numbered draft PO per supplier with the plan’s quantities, overrides and skips', async () => {
    const plan = await call('plans.create', {});
    const bySku = new Map(plan.lines.map((line) => [line.sku, line]));
    await call('plans.override', { planId: plan.plan.id, itemId: bySku.get('A-2')!.itemId, quantity: 55, skipped: false });
    await call('plans.override', { planId: plan.plan.id, itemId: bySku.get('N-1')!.itemId, quantity: null, skipped: true });
    orders = await call('orders.createFromPlan', {});
    expect(orders.map((order) => [order.supplier, order.status, order.poNumber])).toEqual([
      ['Acme', 'draft', 'PO-20240304-001'],
      ['Bolt', 'draft', 'PO-20240304-002'],
    ]);
    const acme = orders[0];
    expect(acme.lines.map((line) => line.sku)).toEqual(['A-1', 'A-2']);
    expect(acme.lines[0].quantity).toBe(bySku.get('A-1')!.recommendedQty);
    expect(acme.lines[0].quantity % 12).toBe(0);
    expect(acme.lines[1].quantity).toBe(55);
    expect(acme.lines[0]).toMatchObject({ unitCost: 2.5, expectedDate: '2024-03-11' });
    expect(orders[1].lines[0].expectedDate).toBe('2024-03-18');
    // The plan is now ordered: a second call must not order twice.
    const again = await callApi(ctx, 'orders.createFromPlan', {});
    expect(again.ok).toBe(false);
  });

  it('counts created POs as open orders in the next plan', async () => {
    const next = await call('plans.create', {});
    const line = next.lines.find((l) => l.sku === 'A-2')!;
    expect(line.onOrder).toBe(55);
    expect(line.inventoryPosition).toBe(55);
  });

  it('moves through draft → sent → received, booking receipts into stock; forbids going back', async () => {
    const bolt = orders[1];
    expect((await callApi(ctx, 'orders.setStatus', { id: bolt.id, status: 'received' })).ok).toBe(false);
    await call('orders.setStatus', { id: bolt.id, status: 'sent' });
    const lineId = bolt.lines[0].id;
    const received = await call('orders.setStatus', { id: bolt.id, status: 'received', received: { [lineId]: bolt.lines[0].quantity - 5 } });
    expect(received.status).toBe('received');
    expect(received.lines[0].receivedQuantity).toBe(bolt.lines[0].quantity - 5);
    const items = await call('items.list', {});
    expect(items.items.find((item) => item.sku === 'B-1')!.onHand).toBe(bolt.lines[0].quantity - 5);
    expect((await callApi(ctx, 'orders.setStatus', { id: bolt.id, status: 'draft' })).ok).toBe(false);
    await call('orders.setStatus', { id: orders[0].id, status: 'cancelled' });
  });

  it('exports XLSX with real dates, numbers, totals and neutralised text', async () => {
    const file = await call('orders.export', { format: 'xlsx', ids: [orders[0].id] });
    expect(file.fileName).toBe('PO-20240304-001.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('PO-20240304-001')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows.findIndex((row) => row[0] === 'Item');
    expect(rows[header]).toEqual(['Item', 'Description', 'Quantity', 'Unit cost', 'Amount', 'Expected']);
    const first = rows[header + 1];
    expect(first[0]).toBe('A-1');
    expect(first[1]).toBe("'=cmd|calc");
    expect(typeof first[2]).toBe('number');
    expect(first[5]).toBeInstanceOf(Date);
    expect((first[5] as Date).toISOString().slice(0, 10)).toBe('2024-03-11');
    const total = rows[rows.length - 1];
    expect(total[0]).toBe('Total');
    expect((total[4] as { result: number }).result).toBeCloseTo((first[2] as number) * 2.5 + 55 * 4, 6);
  });

  it('exports CSV that parses back, one row per line', async () => {
    const file = await call('orders.export', { format: 'csv' });
    const text = Buffer.from(file.base64, 'base64').toString('utf8').replace(/^\uFEFF/, '');
    const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(rows[0].slice(0, 4)).toEqual(['PO number', 'Supplier', 'Status', 'Item']);
    expect(rows).toHaveLength(1 + 3);
    expect(rows.find((row) => row[3] === 'A-1')![4]).toBe("'=cmd|calc");
  });

  it('fits a plan into a budget by marginal value and keeps uncosted items outside it', async () => {
    const full = await call('plans.create', {});
    const cut = await call('plans.create', { budget: 100 });
    const money = (lines: typeof cut.lines) => lines.reduce((sum, line) => sum + line.recommendedQty * (line.unitCost ?? 0), 0);
    expect(money(full.lines)).toBeGreaterThan(100);
    expect(money(cut.lines)).toBeLessThanOrEqual(100);
    expect(money(cut.lines)).toBeGreaterThan(60);
    const orphan = cut.lines.find((line) => line.sku === 'N-1')!;
    expect(orphan.recommendedQty).toBe(full.lines.find((line) => line.sku === 'N-1')!.recommendedQty);
    expect(cut.plan.summary.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Budget 100 /), expect.stringMatching(/1 item has no unit cost/)]));
    const reduced = cut.lines.filter((line) => line.reason.includes('Budget: cut from'));
    expect(reduced.length).toBeGreaterThan(0);
  });

  it('exports a PDF that holds every line', async () => {
    const file = await call('orders.export', { format: 'pdf' });
    const path = join(temp.dir, file.fileName);
    writeFileSync(path, Buffer.from(file.base64, 'base64'));
    expect(Buffer.from(file.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const text = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text.error, 'pdftotext (Debian poppler-utils) must be installed').toBeUndefined();
    for (const expected of ['PO-20240304-001', 'PO-20240304-002', 'A-1', 'A-2', 'B-1', 'Acme', 'Bolt', '2024-03-11']) expect(text.stdout).toContain(expected);
  });
});
