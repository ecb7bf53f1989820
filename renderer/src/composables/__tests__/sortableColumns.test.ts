// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NDataTable, NTooltip, type DataTableColumns } from 'naive-ui';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { useSortableColumns } from '../sortableColumns';

interface Row {
  id: number;
  sku: string;
  units: number;
}
const rows: Row[] = [
  { id: 1, sku: 'B-2', units: 5 },
  { id: 2, sku: 'A-1', units: 9 },
  { id: 3, sku: 'C-3', units: 1 },
];
const columns = (): DataTableColumns<Row> => [
  { title: 'Item', key: 'sku', sorter: (a, b) => a.sku.localeCompare(b.sku) },
  { title: 'Units sold', key: 'units', align: 'right', sorter: (a, b) => a.units - b.units },
  { title: 'Note', key: 'note' },
];

/** A page with one table wired as the pages wire theirs; `shown` re-creates the table like a page's empty state does. */
function mountTable(tableColumns: DataTableColumns<Row> = columns()) {
  const shown = ref(true);
  const Page = defineComponent(() => {
    const { columns: sortable, onUpdateSorter } = useSortableColumns(tableColumns);
    return () =>
      shown.value
        ? h(NDataTable, { columns: sortable.value, data: rows, rowKey: (row: Row) => row.id, 'onUpdate:sorter': onUpdateSorter })
        : h('p', 'No rows');
  });
  return { wrapper: mount(Page, { attachTo: document.body }), shown };
}

const headerCell = (wrapper: VueWrapper, title: string) => wrapper.findAll('thead th').find((cell) => cell.text() === title)!;
const headerButton = (wrapper: VueWrapper, title: string) => headerCell(wrapper, title).get('button');
const skus = (wrapper: VueWrapper) => wrapper.findAll('tbody tr').map((row) => row.find('td').text());
const sortStates = (wrapper: VueWrapper) => wrapper.findAll('thead th').map((cell) => cell.attributes('aria-sort') ?? null);

/** A key press as a browser delivers it to the focused element; true when both defaults were cancelled. */
async function press(element: Element, key: string): Promise<boolean> {
  const down = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  const up = new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true });
  element.dispatchEvent(down);
  element.dispatchEvent(up);
  await flushPromises();
  return down.defaultPrevented && up.defaultPrevented;
}

describe('useSortableColumns', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('puts a focusable button named by the title in each sortable header, and announces no sort yet', async () => {
    const { wrapper } = mountTable();
    await flushPromises();
    for (const title of ['Item', 'Units sold']) {
      const button = headerButton(wrapper, title);
      expect(button.attributes('type')).toBe('button');
      expect(button.text()).toBe(title);
      expect(button.attributes('tabindex')).toBeUndefined();
      (button.element as HTMLButtonElement).focus();
      expect(document.activeElement).toBe(button.element);
    }
    // Only sortable columns get a button and aria-sort; the rows keep their own order.
    expect(headerCell(wrapper, 'Note').find('button').exists()).toBe(false);
    expect(sortStates(wrapper)).toEqual(['none', 'none', null]);
    expect(skus(wrapper)).toEqual(['B-2', 'A-1', 'C-3']);
    wrapper.unmount();
  });

  it('sorts with Enter and Space (descending, ascending, unsorted) and says so in aria-sort', async () => {
    const { wrapper } = mountTable();
    await flushPromises();
    const units = headerButton(wrapper, 'Units sold').element;
    // Both key defaults are cancelled, so a browser does not click the button a second time.
    expect(await press(units, 'Enter')).toBe(true);
    expect(sortStates(wrapper)).toEqual(['none', 'descending', null]);
    expect(skus(wrapper)).toEqual(['A-1', 'B-2', 'C-3']);
    expect(await press(units, ' ')).toBe(true);
    expect(sortStates(wrapper)).toEqual(['none', 'ascending', null]);
    expect(skus(wrapper)).toEqual(['C-3', 'B-2', 'A-1']);
    await press(units, 'Enter');
    expect(sortStates(wrapper)).toEqual(['none', 'none', null]);
    expect(skus(wrapper)).toEqual(['B-2', 'A-1', 'C-3']);
    wrapper.unmount();
  });

  it('moves the sort, and its announcement, to the column pressed last', async () => {
    const { wrapper } = mountTable();
    await flushPromises();
    await press(headerButton(wrapper, 'Units sold').element, 'Enter');
    await press(headerButton(wrapper, 'Item').element, 'Enter');
    expect(sortStates(wrapper)).toEqual(['descending', 'none', null]);
    expect(skus(wrapper)).toEqual(['C-3', 'B-2', 'A-1']);
    wrapper.unmount();
  });

  it('sorts once per key press: a held-down key and other keys change nothing', async () => {
    const { wrapper } = mountTable();
    await flushPromises();
    const units = headerButton(wrapper, 'Units sold');
    await units.trigger('keydown', { key: 'Enter' });
    await units.trigger('keydown', { key: 'Enter', repeat: true });
    await units.trigger('keydown', { key: 'ArrowDown' });
    await flushPromises();
    expect(sortStates(wrapper)).toEqual(['none', 'descending', null]);
    wrapper.unmount();
  });

  it('keeps mouse sorting on the whole header cell, with the same announcement', async () => {
    const { wrapper } = mountTable();
    await flushPromises();
    await headerCell(wrapper, 'Item').trigger('click');
    await flushPromises();
    expect(sortStates(wrapper)).toEqual(['descending', 'none', null]);
    await headerButton(wrapper, 'Item').trigger('click');
    await flushPromises();
    expect(sortStates(wrapper)).toEqual(['ascending', 'none', null]);
    expect(skus(wrapper)).toEqual(['A-1', 'B-2', 'C-3']);
    wrapper.unmount();
  });

  it('keeps the sort when the table is re-created, e.g. after an empty state', async () => {
    const { wrapper, shown } = mountTable();
    await flushPromises();
    await press(headerButton(wrapper, 'Units sold').element, 'Enter');
    shown.value = false;
    await flushPromises();
    expect(wrapper.find('table').exists()).toBe(false);
    shown.value = true;
    await flushPromises();
    expect(sortStates(wrapper)).toEqual(['none', 'descending', null]);
    expect(skus(wrapper)).toEqual(['A-1', 'B-2', 'C-3']);
    wrapper.unmount();
  });

  it('keeps a rendered title (a tooltip) inside the button, and starts from a default sort order', async () => {
    const { wrapper } = mountTable([
      { title: 'Item', key: 'sku', sorter: (a, b) => a.sku.localeCompare(b.sku) },
      {
        title: () => h(NTooltip, null, { trigger: () => h('span', { class: 'abbr' }, 'Units'), default: () => 'Units sold over the whole history' }),
        key: 'units',
        sorter: (a, b) => a.units - b.units,
        defaultSortOrder: 'ascend',
      },
    ]);
    await flushPromises();
    const button = headerButton(wrapper, 'Units');
    expect(button.find('.abbr').text()).toBe('Units');
    expect(sortStates(wrapper)).toEqual(['none', 'ascending']);
    expect(skus(wrapper)).toEqual(['C-3', 'B-2', 'A-1']);
    wrapper.unmount();
  });
});
