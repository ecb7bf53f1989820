import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiValue } from '../../../app/api';
import { api, type AppError } from '../api/client';

export type ItemSummary = ApiValue<'items.list'>['items'][number];

export const useItemsStore = defineStore('items', () => {
  // A catalogue can hold 50,000 items, always replaced whole by `load` and never edited in place:
  // a shallow ref spares Vue a reactive proxy (and dependency tracking) per item and per sparkline
  // array, which dominated the Items table's sorting and row-key passes.
  const items = shallowRef<ItemSummary[]>([]);
  const dataThrough = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<AppError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.send('items.list', {});
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = null;
    items.value = result.value.items;
    dataThrough.value = result.value.dataThrough;
    loaded.value = true;
  }

  /** First run: import the sample sales history that ships with the app. */
  async function loadSample(): Promise<void> {
    loading.value = true;
    const result = await api.send('data.loadSample', {});
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    await load();
  }

  return { items, dataThrough, loading, loaded, error, load, loadSample };
});
