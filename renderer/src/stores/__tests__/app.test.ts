// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../app/common/result';
import { useAppStore } from '../app';
import { fakeApi } from './fakeApi';
import { unavailable } from './fixtures';

vi.mock('../../api/client', async () => (await import('./fakeApi')).clientModule);

describe('app store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads the database info', async () => {
    fakeApi.respond('system.info', ok({ version: '0.1.0', schemaVersion: 2, databasePath: '/data/replenish.db', items: 15, currency: 'EUR' }));
    const app = useAppStore();
    expect(app.currency).toBe('GBP');
    await app.loadInfo();
    expect(app.currency).toBe('EUR');
    expect(fakeApi.paramsOf('system.info')).toEqual([{}]);
    expect(app.info).toMatchObject({ version: '0.1.0', databasePath: '/data/replenish.db', items: 15 });
    expect(app.error).toBeNull();
  });

  it('keeps a readable error when the host does not answer', async () => {
    fakeApi.respond('system.info', fail('unavailable', unavailable.message));
    const app = useAppStore();
    await app.loadInfo();
    expect(app.info).toBeNull();
    expect(app.error).toEqual({ code: 'unavailable', message: unavailable.message });
  });

  it('keeps the latest progress event of each task', async () => {
    const app = useAppStore();
    expect(fakeApi.listenerCount).toBe(1);
    fakeApi.emit({ taskId: 'import-1', kind: 'import', phase: 'reading', done: 10, total: 100 });
    fakeApi.emit({ taskId: 'fit-2', kind: 'fit', phase: 'fitting', done: 1, total: 15 });
    fakeApi.emit({ taskId: 'import-1', kind: 'import', phase: 'writing', done: 100, total: 100, finished: true });
    await flushPromises();
    expect(Object.keys(app.progress).sort()).toEqual(['fit-2', 'import-1']);
    expect(app.progress['import-1']).toMatchObject({ phase: 'writing', done: 100, finished: true });
    expect(app.progress['fit-2']).toMatchObject({ phase: 'fitting', done: 1, total: 15 });
  });

  it('starts dark when the system prefers a dark colour scheme', () => {
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(prefers-color-scheme: dark)' }));
    expect(useAppStore().dark).toBe(true);
  });

  it('starts light when the system prefers light, or cannot tell', () => {
    vi.stubGlobal('matchMedia', () => ({ matches: false }));
    expect(useAppStore().dark).toBe(false);
    setActivePinia(createPinia());
    vi.stubGlobal('matchMedia', undefined);
    expect(useAppStore().dark).toBe(false);
  });
});
