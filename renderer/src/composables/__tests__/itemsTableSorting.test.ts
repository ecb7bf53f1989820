// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ok } from '../../../../app/common/result';
import ItemsPage from '../../pages/ItemsPage.vue';
import { fakeApi } from '../../stores/__tests__/fakeApi';
import { itemSummary, planLine, planView } from '../../stores/__tests__/fixtures';

// The DOM stand-in lays nothing out, so the virtual list would see a 0 px viewport and draw no rows:
// give every observed element a 1200 × 600 px box, as a window would.
vi.hoisted(() => {
  class FixedSizeResizeObserver {
    constructor(private readonly callback: (entries: unknown[], observer: unknown) => void) {}
    observe(target: Element): void {
      queueMicrotask(() => this.callback([{ target, contentRect: { width: 1200, height: 600 } }], this));
    }
    unobserve(): void {}
    disconnect(): void {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = FixedSizeResizeObserver;
});
vi.mock('../../api/client', async () => (await import('../../stores/__tests__/fakeApi')).clientModule);

const itemCount = 2_000;
const skuOf = (index: number): string => `SKU-${String(index).padStart(5, '0')}`;
/** 7919 is prime to 2,000: units sold are a permutation of 1…2,000 (no ties). */
const unitsOf = (index: number): number => 1 + ((index * 7919) % itemCount);
const indexWithUnits = (units: number): number => Array.from({ length: itemCount }, (_, index) => index).find((index) => unitsOf(index) === units)!;

async function mountItemsPage(): Promise<VueWrapper> {
  const items = Array.from({ length: itemCount }, (_, index) => itemSummary({ id: index + 1, sku: skuOf(index), totalUnits: unitsOf(index) }));
  fakeApi.respond('items.list', ok({ items, dataThrough: '2024-06-30' }));
  fakeApi.respond('plans.latest', ok(planView(1, [planLine({ itemId: 1, sku: skuOf(0), recommendedQty: 42 })])));
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: ItemsPage }] });
  await router.push('/items');
  const wrapper = mount(ItemsPage, { global: { plugins: [createPinia(), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('[data-testid=items-table] tbody tr');
const firstSku = (wrapper: VueWrapper) => rows(wrapper)[0].find('td').text();
const header = (wrapper: VueWrapper, title: string) => wrapper.findAll('[data-testid=items-table] thead th').find((cell) => cell.text() === title)!;

async function press(wrapper: VueWrapper, title: string, key: string): Promise<void> {
  const button = header(wrapper, title).get('button').element as HTMLButtonElement;
  button.focus();
  button.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  button.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
  await flushPromises();
}

describe('Items table by keyboard, 2,000 items', () => {
  beforeEach(() => {
    fakeApi.reset();
    localStorage.clear();
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('stays virtualised and offers a header button for each sortable column', async () => {
    const wrapper = await mountItemsPage();
    expect(firstSku(wrapper)).toBe(skuOf(0));
    expect(rows(wrapper).length).toBeGreaterThan(5);
    expect(rows(wrapper).length).toBeLessThan(100);
    const sortable = wrapper.findAll('[data-testid=items-table] thead th').filter((cell) => cell.find('button.sortable-header').exists());
    expect(sortable.map((cell) => [cell.text(), cell.attributes('aria-sort')])).toEqual([
      ['Item', 'none'], ['Class', 'none'], ['Units sold', 'none'], ['Mean / day', 'none'], ['Recommended', 'none'],
    ]);
    wrapper.unmount();
  });

  it('sorts all rows by units sold with Enter, then Space, announcing the order, still drawing a screenful', async () => {
    const wrapper = await mountItemsPage();
    await press(wrapper, 'Units sold', 'Enter');
    expect(header(wrapper, 'Units sold').attributes('aria-sort')).toBe('descending');
    expect(header(wrapper, 'Item').attributes('aria-sort')).toBe('none');
    expect(firstSku(wrapper)).toBe(skuOf(indexWithUnits(itemCount)));
    expect(rows(wrapper).length).toBeLessThan(100);
    await press(wrapper, 'Units sold', ' ');
    expect(header(wrapper, 'Units sold').attributes('aria-sort')).toBe('ascending');
    expect(firstSku(wrapper)).toBe(skuOf(indexWithUnits(1)));
    // The button keeps the focus through the re-render, so the next key press goes to it again.
    expect(document.activeElement).toBe(header(wrapper, 'Units sold').get('button').element);
    await press(wrapper, 'Item', 'Enter');
    expect(header(wrapper, 'Units sold').attributes('aria-sort')).toBe('none');
    expect(header(wrapper, 'Item').attributes('aria-sort')).toBe('descending');
    expect(firstSku(wrapper)).toBe(skuOf(itemCount - 1));
    wrapper.unmount();
  });

  it('keeps the sort while searching', async () => {
    const wrapper = await mountItemsPage();
    await press(wrapper, 'Units sold', 'Enter');
    await wrapper.get('input[aria-label="Search items"]').setValue('SKU-0001');
    await flushPromises();
    const expected = Array.from({ length: itemCount }, (_, index) => index)
      .filter((index) => skuOf(index).startsWith('SKU-0001'))
      .sort((a, b) => unitsOf(b) - unitsOf(a))
      .map(skuOf);
    expect(rows(wrapper).map((row) => row.find('td').text())).toEqual(expected.slice(0, rows(wrapper).length));
    expect(header(wrapper, 'Units sold').attributes('aria-sort')).toBe('descending');
    wrapper.unmount();
  });
});
