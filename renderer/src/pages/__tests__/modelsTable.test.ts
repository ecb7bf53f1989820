// @vitest-environment happy-dom
import './fixedSizeResizeObserver';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../../app/common/result';
import { fakeApi } from '../../stores/__tests__/fakeApi';
import type { ModelRow } from '../../stores/models';
import ModelsPage from '../ModelsPage.vue';

vi.mock('../../api/client', async () => (await import('../../stores/__tests__/fakeApi')).clientModule);

const itemCount = 5_000;
const skuOf = (index: number): string => `M-${String(index).padStart(5, '0')}`;
/** 7919 is prime to 5,000: MASE is a permutation of 0.001…5.000 over the items (no ties). */
const maseOf = (index: number): number => (1 + ((index * 7919) % itemCount)) / 1000;
const indexWithMase = (mase: number): number => Array.from({ length: itemCount }, (_, index) => index).find((index) => maseOf(index) === mase)!;

function modelRow(index: number): ModelRow {
  return {
    item: skuOf(index), description: `Item ${index}`, itemId: index + 1, modelKind: 'smooth', fittedAt: '2024-07-01T09:00:00.000Z', dataThrough: '2024-06-30',
    accuracy: { holdoutDays: 56, scoredDays: 48, mase: maseOf(index), mae: 1, naiveMae: 1, bias: 0, coverage80: 0.8, coverage95: 0.95 },
    policies: [
      { policy: 'service-level base-stock', parameters: { orderUpTo: 50 }, meanCost: 4, standardError: 0.1 },
      { policy: 'capped-base-stock', parameters: { orderUpTo: 40, cap: 12 }, meanCost: 3, standardError: 0.1 },
    ],
  };
}

async function mountModelsPage(): Promise<VueWrapper> {
  fakeApi.respond('models.list', ok(Array.from({ length: itemCount }, (_, index) => modelRow(index))));
  const wrapper = mount(ModelsPage, { global: { plugins: [createPinia()] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('[data-testid=models-table] tbody tr');
const firstCells = (wrapper: VueWrapper) => rows(wrapper).map((row) => row.find('td').text());
const header = (wrapper: VueWrapper, title: string) => wrapper.findAll('[data-testid=models-table] thead th').find((cell) => cell.text() === title)!;

describe('Models table, 5,000 items', () => {
  beforeEach(() => fakeApi.reset());
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('draws only a screenful of rows, the first items in the listed order', async () => {
    const wrapper = await mountModelsPage();
    const drawn = firstCells(wrapper);
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(100);
    expect(drawn).toEqual(Array.from({ length: drawn.length }, (_, index) => skuOf(index)));
    expect(rows(wrapper)[0].text()).toContain(maseOf(0).toFixed(2));
    expect(rows(wrapper)[0].text()).toContain('capped-base-stock (orderUpTo 40, cap 12) — 25 % cheaper than the service-level rule');
    wrapper.unmount();
  });

  it('sorts all rows by MASE from its header button by keyboard, still drawing a screenful', async () => {
    const wrapper = await mountModelsPage();
    expect(header(wrapper, 'MASE').attributes('aria-sort')).toBe('none');
    const button = header(wrapper, 'MASE').get('button.sortable-header').element as HTMLButtonElement;
    button.focus();
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    button.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter', bubbles: true, cancelable: true }));
    await flushPromises();
    expect(header(wrapper, 'MASE').attributes('aria-sort')).toBe('descending');
    const drawn = firstCells(wrapper);
    expect(drawn.length).toBeLessThan(100);
    expect(drawn.slice(0, 3)).toEqual([5, 4.999, 4.998].map((mase) => skuOf(indexWithMase(mase))));
    wrapper.unmount();
  });
});
