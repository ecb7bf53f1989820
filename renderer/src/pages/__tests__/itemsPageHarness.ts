/**
 * The Items page mounted as the app shows it, for the page tests: a router, Pinia, the fake API
 * answering `items.list` with the given items and `plans.latest` with one plan line for the first,
 * and a 1200 × 600 px viewport so the virtual list draws rows. Each test file still calls
 * `vi.mock('../../api/client', …)` itself (vitest hoists mocks per file).
 */
import './fixedSizeResizeObserver';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ok } from '../../../../app/common/result';
import { fakeApi } from '../../stores/__tests__/fakeApi';
import { planLine, planView } from '../../stores/__tests__/fixtures';
import type { ItemSummary } from '../../stores/items';
import ItemsPage from '../ItemsPage.vue';

export async function mountItemsPage(items: ItemSummary[]): Promise<VueWrapper> {
  fakeApi.respond('items.list', ok({ items, dataThrough: '2024-06-30' }));
  fakeApi.respond('plans.latest', ok(planView(1, [planLine({ itemId: items[0].id, sku: items[0].sku, recommendedQty: 42 })])));
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: ItemsPage }] });
  await router.push('/items');
  const wrapper = mount(ItemsPage, { global: { plugins: [createPinia(), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

/** The table rows drawn (the virtual list draws only those in view). */
export const itemRows = (wrapper: VueWrapper) => wrapper.findAll('[data-testid=items-table] tbody tr');

/** A key pressed and released on `target`, as the keyboard does, then the page updated. */
export async function pressKey(target: Element, key: string, options: KeyboardEventInit = {}): Promise<void> {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...options }));
  target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true, ...options }));
  await flushPromises();
}
