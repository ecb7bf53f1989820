import type { DataTableBaseColumn, DataTableColumn, DataTableColumnKey, DataTableColumns, DataTableSortState } from 'naive-ui';
import { computed, h, ref, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref, type VNode, type VNodeChild } from 'vue';
import { activateOnEnterOrSpace } from './keyboard';

export interface ColumnSort {
  columnKey: DataTableColumnKey;
  order: 'ascend' | 'descend';
}

export interface SortableColumns<Row> {
  /** The columns to hand to NDataTable: sortable ones carry a header button and the sort order. */
  columns: ComputedRef<DataTableColumns<Row>>;
  /** The table's sort (null: the rows' own order). It outlives the table, e.g. when it is re-created after an empty state. */
  sort: Ref<ColumnSort | null>;
  /** Bind to the table's `@update:sorter`. */
  onUpdateSorter: (state: DataTableSortState | DataTableSortState[] | null) => void;
}

const ariaSort = { ascend: 'ascending', descend: 'descending' } as const;

function isSortable<Row>(column: DataTableColumn<Row>): column is DataTableBaseColumn<Row> {
  return !('children' in column) && column.type === undefined && !!column.sorter;
}

/**
 * Sortable NDataTable columns that keyboard and screen-reader users can work (naive-ui's own sortable
 * headers are a clickable <th> that cannot be focused and say nothing about the sort):
 *
 * - each sortable title becomes a real <button> inside the header cell, reached with Tab and pressed
 *   with Enter or Space. Its click bubbles to the cell, so naive-ui sorts exactly as for a mouse click
 *   (descending → ascending → unsorted) and the sorting itself, over all rows of a virtual list, stays
 *   naive-ui's;
 * - the header cell carries `aria-sort` (ascending, descending, or none on the other sortable
 *   columns), set after every render of the header from the sort held here. naive-ui offers no way to
 *   put attributes on a header cell, hence the cell is reached from the button once it is in the page.
 *
 * The sort is controlled (each sortable column gets its `sortOrder`), so what the header announces is
 * always what the rows show. A column's `defaultSortOrder` becomes the initial sort.
 *
 *   const { columns: sortableColumns, onUpdateSorter } = useSortableColumns(columns);
 *   <n-data-table :columns="sortableColumns" @update:sorter="onUpdateSorter" … />
 */
export function useSortableColumns<Row>(columns: MaybeRefOrGetter<DataTableColumns<Row>>): SortableColumns<Row> {
  const initial = toValue(columns).find((column) => isSortable(column) && column.defaultSortOrder);
  const sort = ref<ColumnSort | null>(
    initial && isSortable(initial) && initial.defaultSortOrder ? { columnKey: initial.key, order: initial.defaultSortOrder } : null,
  );

  function onUpdateSorter(state: DataTableSortState | DataTableSortState[] | null): void {
    // Only single-column sorting is used; a multiple sorter would report an array, of which the first leads.
    const current = Array.isArray(state) ? (state[0] ?? null) : state;
    sort.value = current && current.order ? { columnKey: current.columnKey, order: current.order } : null;
  }

  const sortableColumns = computed<DataTableColumns<Row>>(() =>
    toValue(columns).map((column) => {
      if (!isSortable(column)) return column;
      const order = sort.value?.columnKey === column.key ? sort.value.order : false;
      const announced = order ? ariaSort[order] : 'none';
      // Runs after each render of the header, when the button sits in its cell.
      const markCell = (vnode: VNode): void => (vnode.el as HTMLElement | null)?.closest('th')?.setAttribute('aria-sort', announced);
      const title = column.title;
      return {
        ...column,
        sortOrder: order,
        title: (rendered: DataTableBaseColumn): VNodeChild =>
          h(
            'button',
            { type: 'button', class: 'sortable-header', ...activateOnEnterOrSpace, onVnodeMounted: markCell, onVnodeUpdated: markCell },
            [typeof title === 'function' ? title(rendered) : title],
          ),
      };
    }),
  );

  return { columns: sortableColumns, sort, onUpdateSorter };
}
