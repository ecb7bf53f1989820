import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type AppError, type ProgressEvent } from '../api/client';

/** App-wide state: database info, the latest progress per task, and the colour theme. */
export const useAppStore = defineStore('app', () => {
  const info = ref<{ version: string; databasePath: string; items: number; currency: string } | null>(null);
  /** Currency of every amount on screen (the settings' ISO code; GBP until the info has loaded). */
  const currency = computed(() => info.value?.currency ?? 'GBP');
  const error = ref<AppError | null>(null);
  const progress = ref<Record<string, ProgressEvent>>({});
  const dark = ref(window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);

  api.onProgress((event) => {
    progress.value = { ...progress.value, [event.taskId]: event };
  });

  async function loadInfo(): Promise<void> {
    const result = await api.send('system.info', {});
    if (result.ok) info.value = result.value;
    else error.value = result.error;
  }

  return { info, currency, error, progress, dark, loadInfo };
});
