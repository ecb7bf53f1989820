// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../app/common/result';
import { usePlanStore } from '../plan';
import { fakeApi } from './fakeApi';
import { planLine, planView } from './fixtures';

vi.mock('../../api/client', async () => (await import('./fakeApi')).clientModule);

const lines = () => [
  planLine({ itemId: 1, sku: 'A-1', supplier: 'Acme', recommendedQty: 24 }),
  planLine({ itemId: 2, sku: 'B-2', supplier: 'Globex', recommendedQty: 0 }),
  planLine({ itemId: 5, sku: 'C-5', supplier: 'Acme', recommendedQty: 6 }),
];

describe('plan store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });

  it('looks lines up by item id', async () => {
    fakeApi.respond('plans.latest', ok(planView(4, lines())));
    const plan = usePlanStore();
    expect(plan.byItem.size).toBe(0);
    await plan.loadLatest();
    expect(plan.byItem.size).toBe(3);
    expect(plan.byItem.get(5)?.sku).toBe('C-5');
    expect(plan.byItem.get(3)).toBeUndefined();
  });

  it('has no view when there is no plan yet, and keeps a load error', async () => {
    fakeApi.respond('plans.latest', ok(null), fail('internal', 'Internal error: no such table: plans'));
    const plan = usePlanStore();
    await plan.loadLatest();
    expect(plan.view).toBeNull();
    expect(plan.error).toBeNull();
    await plan.loadLatest();
    expect(plan.loading).toBe(false);
    expect(plan.error).toEqual({ code: 'internal', message: 'Internal error: no such table: plans' });
  });

  it('a good reload clears an earlier error (the store outlives the page)', async () => {
    fakeApi.respond('plans.latest', fail('database-busy', 'The database is busy.'), ok(planView(4, lines())));
    const plan = usePlanStore();
    await plan.loadLatest();
    expect(plan.error?.code).toBe('database-busy');
    await plan.loadLatest();
    expect(plan.error).toBeNull();
    expect(plan.view?.plan.id).toBe(4);
  });

  it('creates a plan with the budget, and clears an earlier error', async () => {
    fakeApi.respond('plans.create', fail('invalid-input', 'Invalid parameters for plans.create: budget: Too small'), ok(planView(5, lines())));
    const plan = usePlanStore();
    plan.budget = -1;
    await plan.create();
    expect(plan.error?.code).toBe('invalid-input');
    expect(plan.loading).toBe(false);
    plan.budget = 1500;
    await plan.create();
    expect(fakeApi.paramsOf('plans.create')).toEqual([{ budget: -1 }, { budget: 1500 }]);
    expect(plan.error).toBeNull();
    expect(plan.view?.plan.id).toBe(5);
  });

  it('applies an override to the line: a quantity, back to the recommendation, or skipped', async () => {
    fakeApi.respond('plans.latest', ok(planView(4, lines())));
    fakeApi.respond('plans.override', ok({ updated: true as const }));
    const plan = usePlanStore();
    await plan.loadLatest();
    const line = plan.byItem.get(1)!;
    await plan.override(line, 30, false);
    expect([line.overrideQty, line.skipped, line.finalQty]).toEqual([30, false, 30]);
    await plan.override(line, null, false);
    expect([line.overrideQty, line.finalQty]).toEqual([null, 24]);
    await plan.override(line, 30, true);
    expect([line.skipped, line.finalQty]).toEqual([true, 0]);
    expect(fakeApi.paramsOf('plans.override')).toEqual([
      { planId: 4, itemId: 1, quantity: 30, skipped: false },
      { planId: 4, itemId: 1, quantity: null, skipped: false },
      { planId: 4, itemId: 1, quantity: 30, skipped: true },
    ]);
    // The reactive view sees the change too (the page's totals read it from there).
    expect(plan.view?.lines.find((entry) => entry.itemId === 1)?.finalQty).toBe(0);
  });

  it('leaves the line as it was when the override is refused', async () => {
    fakeApi.respond('plans.latest', ok(planView(4, lines())));
    fakeApi.respond('plans.override', fail('not-found', 'Plan 4 has no line for item 5.'));
    const plan = usePlanStore();
    await plan.loadLatest();
    const line = plan.byItem.get(5)!;
    await plan.override(line, 99, false);
    expect([line.overrideQty, line.finalQty]).toEqual([null, 6]);
    expect(plan.error?.message).toBe('Plan 4 has no line for item 5.');
  });

  it('does not call the API for overrides or exports without a plan', async () => {
    const plan = usePlanStore();
    await plan.override(lines()[0], 3, false);
    await plan.exportCsv();
    expect(fakeApi.calls).toEqual([]);
  });

  it('exports the plan as CSV through the host, or keeps the error', async () => {
    fakeApi.respond('plans.latest', ok(planView(4, lines())));
    fakeApi.respond('plans.exportCsv', ok({ fileName: 'replenish-plan-2024-07-01.csv', content: 'Item,Order quantity\r\nA-1,24\r\n' }), fail('not-found', 'Plan 4 is not the current plan; create a new plan and export that.'));
    const plan = usePlanStore();
    await plan.loadLatest();
    await plan.exportCsv();
    expect(fakeApi.savedFiles).toEqual([{ name: 'replenish-plan-2024-07-01.csv', content: 'Item,Order quantity\r\nA-1,24\r\n', mimeType: 'text/csv' }]);
    await plan.exportCsv();
    expect(fakeApi.savedFiles).toHaveLength(1);
    expect(plan.error?.code).toBe('not-found');
  });
});
