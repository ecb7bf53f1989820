import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiValue } from '../../../app/api';
import { api, type AppError, type ProgressEvent } from '../api/client';

export type TrainingRuns = ApiValue<'training.runs'>;
export type TrainingResult = ApiValue<'training.start'>;

/** Start/cancel training, the live learning curve from progress events, and past runs. */
export const useTrainingStore = defineStore('training', () => {
  const seconds = ref(120);
  const running = ref(false);
  const cancelling = ref(false);
  const taskId = ref<string | null>(null);
  const live = ref<{ update: number; meanCostPerPeriod: number }[]>([]);
  const lastEvent = ref<ProgressEvent | null>(null);
  const result = ref<TrainingResult | null>(null);
  const history = ref<TrainingRuns | null>(null);
  const error = ref<AppError | null>(null);
  const percent = computed(() => (lastEvent.value?.total ? Math.round((lastEvent.value.done / lastEvent.value.total) * 100) : 0));

  api.onProgress((event) => {
    if (event.taskId !== taskId.value || event.kind !== 'training') return;
    lastEvent.value = event;
    const cost = event.metrics?.meanCostPerPeriod;
    if (cost !== undefined && !live.value.some((point) => point.update === event.done)) live.value = [...live.value, { update: event.done, meanCostPerPeriod: cost }];
  });

  async function loadHistory(): Promise<void> {
    const response = await api.send('training.runs', {});
    if (response.ok) history.value = response.value;
    else error.value = response.error;
  }

  async function start(): Promise<void> {
    running.value = true;
    cancelling.value = false;
    error.value = null;
    result.value = null;
    live.value = [];
    lastEvent.value = null;
    taskId.value = `training-${Date.now()}`;
    const response = await api.send('training.start', { seconds: seconds.value, taskId: taskId.value });
    running.value = false;
    if (response.ok) result.value = response.value;
    else error.value = response.error;
    await loadHistory();
  }

  async function cancel(): Promise<void> {
    if (!taskId.value) return;
    cancelling.value = true;
    const response = await api.send('training.cancel', { taskId: taskId.value });
    if (!response.ok) error.value = response.error;
  }

  /** Adopt a candidate policy that did not win its adoption backtest (the planner's call). */
  async function adopt(policyId: number): Promise<void> {
    const response = await api.send('training.adopt', { policyId });
    if (!response.ok) error.value = response.error;
    await loadHistory();
  }

  return { seconds, running, cancelling, live, lastEvent, percent, result, history, error, start, cancel, loadHistory, adopt };
});
