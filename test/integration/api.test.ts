import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ApiContext, type ApiMethod, type ApiValue } from '../../app/api';
import type { ProgressEvent } from '../../app/api/progress';
import { InlineTaskRunner, type WarmTaskName, type WarmUpHint } from '../../app/tasks/registry';
import { createHostContext, type HostContext } from '../../main/host/context';
import { sharedDir, tempDir } from '../helpers/tempDir';

describe('the typed API on a fresh database', () => {
  const temp = tempDir();
  let host: HostContext;
  const events: ProgressEvent[] = [];
  let ctx: ApiContext;

  async function call<M extends ApiMethod>(method: M, params: unknown): Promise<ApiValue<M>> {
    const result = await callApi(ctx, method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as ApiValue<M>;
  }

  beforeAll(() => {
    host = createHostContext(join(temp.dir, 'api.db'), new InlineTaskRunner(), () => new Date('2011-12-12T08:00:00Z'));
    ctx = { ...host.context, progress: (event) => events.push(event) };
  });
  afterAll(() => {
    host.close();
    temp.cleanup();
  });

  it('loads the shipped sample (XLSX) through the import task, with progress events', async () => {
    const summary = await call('data.loadSample', { taskId: 'sample' });
    expect(summary).toMatchObject({ kind: 'sales', items: 15, dateFrom: '2010-12-01', dateTo: '2011-12-09', dryRun: false });
    expect(events.some((event) => event.taskId === 'sample' && event.finished)).toBe(true);
    const history = await call('data.importHistory', {});
    expect(history).toHaveLength(1);
  });

  it('lists items with 26 weekly sparkline points and on-hand 0 when no stock count exists', async () => {
    const list = await call('items.list', {});
    expect(list.items).toHaveLength(15);
    expect(list.dataThrough).toBe('2011-12-09');
    for (const item of list.items) {
      expect(item.weeklyUnits).toHaveLength(26);
      expect(item.onHand).toBe(0);
    }
    const heart = list.items.find((item) => item.sku === '85123A')!;
    expect(heart.weeklyUnits.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('creates a plan, takes an override and a skip, and exports them', async () => {
    const view = await call('plans.create', {});
    expect(view.plan.planDate).toBe('2011-12-12');
    expect(view.lines).toHaveLength(15);
    const [first, second] = view.lines;
    await call('plans.override', { planId: view.plan.id, itemId: first.itemId, quantity: 123, skipped: false });
    await call('plans.override', { planId: view.plan.id, itemId: second.itemId, quantity: null, skipped: true });
    const latest = (await call('plans.latest', {}))!;
    expect(latest.lines.find((line) => line.itemId === first.itemId)!.finalQty).toBe(123);
    expect(latest.lines.find((line) => line.itemId === second.itemId)!.finalQty).toBe(0);
    const csv = await call('plans.exportCsv', { planId: view.plan.id });
    const rows = csv.content.trim().split('\r\n');
    expect(rows).toHaveLength(16);
    expect(rows.find((row) => row.startsWith(`${first.sku},`))).toMatch(/,123,/);
  });

  it('returns not-found for an override of a line that does not exist', async () => {
    const result = await callApi(ctx, 'plans.override', { planId: 999, itemId: 1, quantity: 1, skipped: false });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('not-found');
  });

  it('validates settings and keeps them', async () => {
    const bad = await callApi(ctx, 'settings.update', { defaultServiceLevel: 1.5 });
    expect(bad.ok).toBe(false);
    const settings = await call('settings.update', { defaultServiceLevel: 0.9, currency: 'EUR' });
    expect(settings).toMatchObject({ defaultServiceLevel: 0.9, currency: 'EUR' });
  });
});

describe('the import wizard warms the import up', () => {
  it('asks the task runner to get an import ready after a preview and after a dry run, with the file\'s format and size', async () => {
    const temp = tempDir();
    const warmUps: unknown[] = [];
    class RecordingRunner extends InlineTaskRunner {
      override warmUp(task: WarmTaskName, hint: WarmUpHint<WarmTaskName>): void {
        warmUps.push({ task, hint });
      }
    }
    const host = createHostContext(join(temp.dir, 'warm.db'), new RecordingRunner(), () => new Date('2011-12-12T08:00:00Z'));
    try {
      const csv = join(sharedDir, 'data', 'online_retail_uci_top15.csv');
      const fileId = host.files.addPath(csv);
      const ctx: ApiContext = { ...host.context, progress: () => {} };
      const preview = await callApi(ctx, 'data.previewImport', { fileId });
      expect(preview.ok).toBe(true);
      expect(warmUps).toEqual([{ task: 'import', hint: { format: 'csv', totalBytes: statSync(csv).size } }]);
      const dry = await callApi(ctx, 'data.import', { fileId, dryRun: true });
      expect(dry.ok).toBe(true);
      expect(warmUps).toHaveLength(2);
      expect(warmUps[1]).toEqual(warmUps[0]);
      expect((await callApi(ctx, 'data.import', { fileId })).ok).toBe(true);
      expect(warmUps).toHaveLength(2);
    } finally {
      host.close();
      temp.cleanup();
    }
  });
});
