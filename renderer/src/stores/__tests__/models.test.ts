// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiValue } from '../../../../app/api';
import { fail, ok, type Result } from '../../../../app/common/result';
import { useModelsStore, type ModelRow } from '../models';
import { deferred, fakeApi } from './fakeApi';

vi.mock('../../api/client', async () => (await import('./fakeApi')).clientModule);

const row: ModelRow = {
  item: 'A-1', description: 'Blue mug', itemId: 1, modelKind: 'smooth', fittedAt: '2024-07-01T09:00:00.000Z', dataThrough: '2024-06-30',
  accuracy: { note: 'hold-out too short' }, policies: [{ policy: 'base-stock', parameters: { orderUpTo: 42 }, meanCost: 3.5, standardError: 0.1 }],
};
const fitted: ApiValue<'models.fit'> = { calendar: { from: '2024-01-01', to: '2024-06-30', closedWeekdays: [6], closedDays: 26 }, items: [] };

describe('models store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });

  it('lists the fitted models', async () => {
    fakeApi.respond('models.list', ok([row]));
    const models = useModelsStore();
    await models.load();
    expect(models.loading).toBe(false);
    expect(models.rows.map((entry) => [entry.item, entry.modelKind, entry.policies[0].parameters.orderUpTo])).toEqual([['A-1', 'smooth', 42]]);
  });

  it('keeps the listing error and resets loading', async () => {
    fakeApi.respond('models.list', fail('database-busy', 'The database is busy.'));
    const models = useModelsStore();
    await models.load();
    expect(models.loading).toBe(false);
    expect(models.error).toEqual({ code: 'database-busy', message: 'The database is busy.' });
  });

  it('a good reload clears an earlier listing error (the store outlives the page)', async () => {
    fakeApi.respond('models.list', fail('database-busy', 'The database is busy.'), ok([row]));
    const models = useModelsStore();
    await models.load();
    await models.load();
    expect(models.error).toBeNull();
    expect(models.rows).toHaveLength(1);
  });

  it('fits under its own task id, follows that task’s progress, then reloads the list', async () => {
    const answer = deferred<Result<ApiValue<'models.fit'>>>();
    fakeApi.respond('models.fit', () => answer.promise);
    fakeApi.respond('models.list', ok([row]));
    const models = useModelsStore();
    const fitting = models.fit();
    expect(models.fitting).toBe(true);
    const taskId = fakeApi.paramsOf('models.fit')[0].taskId!;
    expect(taskId).toMatch(/^fit-\d+$/);
    fakeApi.emit({ taskId, kind: 'fit', phase: 'fitting', done: 7, total: 15, etaSeconds: 4 });
    fakeApi.emit({ taskId: 'import-9', kind: 'import', phase: 'reading', done: 1, total: 2 });
    await flushPromises();
    expect(models.progress).toMatchObject({ taskId, done: 7, total: 15, etaSeconds: 4 });
    answer.resolve(ok(fitted));
    await fitting;
    expect(models.fitting).toBe(false);
    expect(fakeApi.calls.map((call) => call.method)).toEqual(['models.fit', 'models.list']);
    expect(models.rows).toHaveLength(1);
  });

  it('keeps the fitting error, stops fitting and does not reload', async () => {
    fakeApi.respond('models.fit', fail('invalid-input', 'There is no sales history to fit: import sales first.'));
    const models = useModelsStore();
    await models.fit();
    expect(models.fitting).toBe(false);
    expect(models.error?.message).toBe('There is no sales history to fit: import sales first.');
    expect(fakeApi.paramsOf('models.list')).toEqual([]);
  });

  it('a successful fit clears the previous error', async () => {
    fakeApi.respond('models.fit', fail('cancelled', 'Fitting was cancelled.'), ok(fitted));
    fakeApi.respond('models.list', ok([row]));
    const models = useModelsStore();
    await models.fit();
    expect(models.error?.code).toBe('cancelled');
    await models.fit();
    expect(models.error).toBeNull();
  });
});
