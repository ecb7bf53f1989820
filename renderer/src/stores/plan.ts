import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiValue } from '../../../app/api';
import { api, type AppError } from '../api/client';

export type PlanView = NonNullable<ApiValue<'plans.latest'>>;
export type PlanLine = PlanView['lines'][number];

export const usePlanStore = defineStore('plan', () => {
  const view = ref<PlanView | null>(null);
  const loading = ref(false);
  const error = ref<AppError | null>(null);
  const byItem = computed(() => new Map((view.value?.lines ?? []).map((line) => [line.itemId, line])));

  async function loadLatest(): Promise<void> {
    loading.value = true;
    const result = await api.send('plans.latest', {});
    loading.value = false;
    if (result.ok) {
      view.value = result.value;
      // The store outlives the page: an old failure must not stay on screen after a good reload.
      error.value = null;
    } else error.value = result.error;
  }

  /** Total budget for the plan's orders (null: no budget). */
  const budget = ref<number | null>(null);

  async function create(): Promise<void> {
    loading.value = true;
    const result = await api.send('plans.create', { budget: budget.value });
    loading.value = false;
    if (result.ok) {
      view.value = result.value;
      error.value = null;
    } else error.value = result.error;
  }

  /** Planner override of one line: a quantity, back to the recommendation (null), or skip. */
  async function override(line: PlanLine, quantity: number | null, skipped: boolean): Promise<void> {
    if (!view.value) return;
    const result = await api.send('plans.override', { planId: view.value.plan.id, itemId: line.itemId, quantity, skipped });
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    line.overrideQty = quantity;
    line.skipped = skipped;
    line.finalQty = skipped ? 0 : (quantity ?? line.recommendedQty);
  }

  async function exportCsv(): Promise<void> {
    if (!view.value) return;
    const result = await api.send('plans.exportCsv', { planId: view.value.plan.id });
    if (result.ok) await api.saveFile(result.value.fileName, result.value.content, 'text/csv');
    else error.value = result.error;
  }

  return { view, loading, error, byItem, budget, loadLatest, create, override, exportCsv };
});
