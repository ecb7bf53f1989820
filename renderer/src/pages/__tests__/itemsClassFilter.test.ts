// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../stores/__tests__/fakeApi';
import { itemSummary } from '../../stores/__tests__/fixtures';
import type { ItemSummary } from '../../stores/items';
import { itemRows as rows, mountItemsPage as mountWith, pressKey } from './itemsPageHarness';

vi.mock('../../api/client', async () => (await import('../../stores/__tests__/fakeApi')).clientModule);

const itemCount = 2_000;
const skuOf = (index: number): string => `SKU-${String(index).padStart(5, '0')}`;
/** Item i is ABC class A, B, C by i mod 3 and XYZ class X, Y, Z by ⌊i / 3⌋ mod 3: every class pair, evenly. */
const abcOf = (index: number): ItemSummary['abc'] => (['A', 'B', 'C'] as const)[index % 3];
const xyzOf = (index: number): ItemSummary['xyz'] => (['X', 'Y', 'Z'] as const)[Math.floor(index / 3) % 3];

function mountItemsPage(): Promise<VueWrapper> {
  return mountWith(Array.from({ length: itemCount }, (_, index) => itemSummary({ id: index + 1, sku: skuOf(index), abc: abcOf(index), xyz: xyzOf(index) })));
}

/** The item code and class shown in each drawn row. */
const drawn = (wrapper: VueWrapper) => rows(wrapper).map((row) => [row.findAll('td')[0].text(), row.findAll('td')[3].text()]);
/** The first `count` items, in list order, whose class passes `keep`. */
const expected = (keep: (index: number) => boolean, count: number) =>
  Array.from({ length: itemCount }, (_, index) => index)
    .filter(keep)
    .slice(0, count)
    .map((index) => [skuOf(index), `${abcOf(index)}${xyzOf(index)}`]);

/** The class checkbox named `label` inside the group named `group`, found as a screen reader would: by role and name. */
function checkbox(wrapper: VueWrapper, group: string, label: string): HTMLElement {
  const groupElement = wrapper.get(`[role=group][aria-label^="${group}"]`).element;
  const boxes = [...groupElement.querySelectorAll<HTMLElement>('[role=checkbox]')];
  const found = boxes.find((box) => document.getElementById(box.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() === label);
  if (!found) throw new Error(`no checkbox ${label} in ${group}`);
  return found;
}

/** Tab lands on the checkbox (it is in the tab order), then Space toggles it. */
async function toggleByKeyboard(box: HTMLElement): Promise<void> {
  expect(box.tabIndex).toBe(0);
  box.focus();
  expect(document.activeElement).toBe(box);
  await pressKey(box, ' ');
}

describe('Items class filter by keyboard, 2,000 items', () => {
  beforeEach(() => {
    fakeApi.reset();
    localStorage.clear();
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('is a labelled group in the toolbar; the Class header keeps its sort button and has no unreachable filter icon', async () => {
    const wrapper = await mountItemsPage();
    const group = wrapper.get('[data-testid=class-filter]');
    expect(group.attributes('role')).toBe('group');
    expect(document.getElementById(group.attributes('aria-labelledby')!)?.textContent).toBe('Class');
    const classHeader = wrapper.findAll('[data-testid=items-table] thead th').find((cell) => cell.text() === 'Class')!;
    expect(classHeader.find('button.sortable-header').exists()).toBe(true);
    expect(classHeader.find('.n-data-table-filter').exists()).toBe(false);
    expect(drawn(wrapper)).toEqual(expected(() => true, drawn(wrapper).length));
    wrapper.unmount();
  });

  it('filters all rows by ABC class, then by ABC and XYZ class together, then by XYZ class alone', async () => {
    const wrapper = await mountItemsPage();
    const boxA = checkbox(wrapper, 'ABC class', 'A');
    await toggleByKeyboard(boxA);
    expect(boxA.getAttribute('aria-checked')).toBe('true');
    const onlyA = drawn(wrapper);
    expect(onlyA.length).toBeGreaterThan(5);
    expect(onlyA.length).toBeLessThan(100);
    expect(onlyA).toEqual(expected((index) => abcOf(index) === 'A', onlyA.length));

    await toggleByKeyboard(checkbox(wrapper, 'XYZ class', 'Z'));
    expect(drawn(wrapper)).toEqual(expected((index) => abcOf(index) === 'A' && xyzOf(index) === 'Z', drawn(wrapper).length));
    expect(drawn(wrapper).length).toBeGreaterThan(5);

    await toggleByKeyboard(checkbox(wrapper, 'ABC class', 'C'));
    expect(drawn(wrapper)).toEqual(expected((index) => abcOf(index) !== 'B' && xyzOf(index) === 'Z', drawn(wrapper).length));

    await toggleByKeyboard(checkbox(wrapper, 'ABC class', 'A'));
    await toggleByKeyboard(checkbox(wrapper, 'ABC class', 'C'));
    expect(checkbox(wrapper, 'ABC class', 'A').getAttribute('aria-checked')).toBe('false');
    expect(drawn(wrapper)).toEqual(expected((index) => xyzOf(index) === 'Z', drawn(wrapper).length));
    wrapper.unmount();
  });

  it('combines with the search', async () => {
    const wrapper = await mountItemsPage();
    await toggleByKeyboard(checkbox(wrapper, 'ABC class', 'B'));
    await wrapper.get('input[aria-label="Search items"]').setValue('SKU-0001');
    await flushPromises();
    const keep = (index: number) => abcOf(index) === 'B' && skuOf(index).startsWith('SKU-0001');
    expect(drawn(wrapper)).toEqual(expected(keep, itemCount));
    expect(drawn(wrapper).length).toBe(Array.from({ length: itemCount }, (_, index) => index).filter(keep).length);
    wrapper.unmount();
  });
});
