// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../stores/__tests__/fakeApi';
import { itemSummary } from '../../stores/__tests__/fixtures';
import { itemRows as rows, mountItemsPage as mountWith, pressKey } from './itemsPageHarness';

vi.mock('../../api/client', async () => (await import('../../stores/__tests__/fakeApi')).clientModule);

const itemCount = 2_000;
const skuOf = (index: number): string => `SKU-${String(index).padStart(5, '0')}`;
/** 7919 is prime to 2,000: units sold are a permutation of 1…2,000 (no ties). */
const unitsOf = (index: number): number => 1 + ((index * 7919) % itemCount);
const indexWithUnits = (units: number): number => Array.from({ length: itemCount }, (_, index) => index).find((index) => unitsOf(index) === units)!;

function mountItemsPage(): Promise<VueWrapper> {
  return mountWith(Array.from({ length: itemCount }, (_, index) => itemSummary({ id: index + 1, sku: skuOf(index), totalUnits: unitsOf(index) })));
}

const firstSku = (wrapper: VueWrapper) => rows(wrapper)[0].find('td').text();
const header = (wrapper: VueWrapper, title: string) => wrapper.findAll('[data-testid=items-table] thead th').find((cell) => cell.text() === title)!;

async function press(wrapper: VueWrapper, title: string, key: string): Promise<void> {
  const button = header(wrapper, title).get('button').element as HTMLButtonElement;
  button.focus();
  await pressKey(button, key);
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
