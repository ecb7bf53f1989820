// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { isReactive } from 'vue';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiValue } from '../../../../app/api';
import { fail, ok, type Result } from '../../../../app/common/result';
import { useItemsStore } from '../items';
import { deferred, fakeApi } from './fakeApi';
import { importSummary, itemSummary, unavailable } from './fixtures';

vi.mock('../../api/client', async () => (await import('./fakeApi')).clientModule);

const listed: ApiValue<'items.list'> = {
  dataThrough: '2024-06-30',
  items: [
    itemSummary({ id: 1, sku: 'A-1', supplier: 'Acme', totalUnits: 120, abc: 'A', xyz: 'X' }),
    itemSummary({ id: 2, sku: 'B-2', supplier: null, totalUnits: 4 }),
  ],
};

describe('items store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });

  it('is loading while the list is on its way, then holds the items and the last day of data', async () => {
    const answer = deferred<Result<ApiValue<'items.list'>>>();
    fakeApi.respond('items.list', () => answer.promise);
    const items = useItemsStore();
    const loading = items.load();
    expect([items.loading, items.loaded]).toEqual([true, false]);
    answer.resolve(ok(listed));
    await loading;
    expect([items.loading, items.loaded]).toEqual([false, true]);
    expect(items.items.map((item) => item.sku)).toEqual(['A-1', 'B-2']);
    expect(items.dataThrough).toBe('2024-06-30');
    expect(items.error).toBeNull();
  });

  it('hands the list over without deep reactivity (50,000 items must not each get a proxy)', async () => {
    fakeApi.respond('items.list', ok(listed));
    const items = useItemsStore();
    await items.load();
    expect(isReactive(items.items)).toBe(false);
    expect(isReactive(items.items[0])).toBe(false);
    expect(items.items).toBe(listed.items);
  });

  it('keeps the error and the items it had when a reload fails, and clears the error on success', async () => {
    fakeApi.respond('items.list', ok(listed), fail(unavailable.code, unavailable.message), ok({ dataThrough: null, items: [] }));
    const items = useItemsStore();
    await items.load();
    await items.load();
    expect(items.loading).toBe(false);
    expect(items.error).toEqual(unavailable);
    expect(items.items).toHaveLength(2);
    await items.load();
    expect(items.error).toBeNull();
    expect(items.items).toEqual([]);
    expect(items.dataThrough).toBeNull();
  });

  it('a first load that fails does not count as loaded (the page must not say "no items")', async () => {
    fakeApi.respond('items.list', fail('database-busy', 'The database is busy (another Replenish window or command is writing). Try again in a moment.'));
    const items = useItemsStore();
    await items.load();
    expect(items.loaded).toBe(false);
    expect(items.error?.code).toBe('database-busy');
  });

  it('loads the sample data, then the list', async () => {
    fakeApi.respond('data.loadSample', ok(importSummary({ file: 'sample-sales.csv' })));
    fakeApi.respond('items.list', ok(listed));
    const items = useItemsStore();
    await items.loadSample();
    expect(fakeApi.calls.map((call) => call.method)).toEqual(['data.loadSample', 'items.list']);
    expect(items.items).toHaveLength(2);
    expect(items.loading).toBe(false);
  });

  it('does not list items when the sample import fails', async () => {
    fakeApi.respond('data.loadSample', fail('internal', 'Internal error: sample missing'));
    const items = useItemsStore();
    await items.loadSample();
    expect(fakeApi.paramsOf('items.list')).toEqual([]);
    expect(items.loading).toBe(false);
    expect(items.error).toEqual({ code: 'internal', message: 'Internal error: sample missing' });
  });
});
