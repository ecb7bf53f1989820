import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiValue } from '../../../app/api';
import { api, type AppError } from '../api/client';
import { useAppStore } from './app';

export type ModelRow = ApiValue<'models.list'>[number];

/** Demand models and the classical policies tuned on them. */
export const useModelsStore = defineStore('models', () => {
  const rows = ref<ModelRow[]>([]);
  const loading = ref(false);
  const fitting = ref(false);
  const error = ref<AppError | null>(null);
  const taskId = ref<string | null>(null);
  const app = useAppStore();
  const progress = computed(() => (taskId.value ? app.progress[taskId.value] : undefined));

  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.send('models.list', {});
    loading.value = false;
    if (result.ok) {
      rows.value = result.value;
      // The store outlives the page: an old failure must not stay on screen after a good reload.
      error.value = null;
    } else error.value = result.error;
  }

  async function fit(): Promise<void> {
    fitting.value = true;
    error.value = null;
    taskId.value = `fit-${Date.now()}`;
    const result = await api.send('models.fit', { taskId: taskId.value });
    fitting.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    await load();
  }

  return { rows, loading, fitting, error, progress, load, fit };
});
