import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiValue } from '../../../app/api';
import { api, type AppError } from '../api/client';
import { useAppStore } from './app';

export type BacktestResult = ApiValue<'plans.backtest'>;

export const useBacktestStore = defineStore('backtest', () => {
  const weeks = ref(8);
  const result = ref<BacktestResult | null>(null);
  const running = ref(false);
  const error = ref<AppError | null>(null);
  const taskId = ref<string | null>(null);
  const app = useAppStore();
  const progress = computed(() => (taskId.value ? app.progress[taskId.value] : undefined));

  async function run(): Promise<void> {
    running.value = true;
    error.value = null;
    taskId.value = `backtest-${Date.now()}`;
    const response = await api.send('plans.backtest', { weeks: weeks.value, taskId: taskId.value });
    running.value = false;
    if (response.ok) result.value = response.value;
    else error.value = response.error;
  }

  return { weeks, result, running, error, progress, run };
});
