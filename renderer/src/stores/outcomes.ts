import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiValue } from '../../../app/api';
import { api, type AppError } from '../api/client';

export type OutcomeRow = ApiValue<'outcomes.list'>['outcomes'][number];
export type OutcomeSummary = ApiValue<'outcomes.summary'>;
export type OutcomeVerdict = OutcomeRow['verdict'];

/** How past recommendations turned out (app/outcomes), with the planner's filters. */
export const useOutcomesStore = defineStore('outcomes', () => {
  const outcomes = ref<OutcomeRow[]>([]);
  const summary = ref<OutcomeSummary | null>(null);
  const planId = ref<number | null>(null);
  const verdicts = ref<OutcomeVerdict[]>([]);
  const loading = ref(false);
  const error = ref<AppError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    const filter = { planId: planId.value ?? undefined, verdicts: verdicts.value.length > 0 ? verdicts.value : undefined };
    // The summary lists every plan (for the plan filter), so it ignores the filters.
    const [list, totals] = await Promise.all([api.send('outcomes.list', filter), api.send('outcomes.summary', {})]);
    loading.value = false;
    if (list.ok) outcomes.value = list.value.outcomes;
    if (totals.ok) summary.value = totals.value;
    error.value = !list.ok ? list.error : !totals.ok ? totals.error : null;
  }

  /** Recompute from the plans and the sales now in the database (imports do this by themselves). */
  async function refresh(): Promise<void> {
    loading.value = true;
    const result = await api.send('outcomes.refresh', { full: true });
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    await load();
  }

  /** Just the headline figures, for the Today page. */
  async function loadSummary(): Promise<void> {
    const result = await api.send('outcomes.summary', {});
    if (result.ok) summary.value = result.value;
    else error.value = result.error;
  }

  return { outcomes, summary, planId, verdicts, loading, error, load, refresh, loadSummary };
});

/** How each verdict is shown (the rules themselves live in app/outcomes/rules.ts). */
export const verdictLabels: Record<OutcomeVerdict, { label: string; type: 'default' | 'success' | 'error' | 'warning' | 'info' }> = {
  ok: { label: 'as planned', type: 'success' },
  stockout: { label: 'stockout', type: 'error' },
  overstock: { label: 'overstock', type: 'warning' },
  'forecast-high': { label: 'forecast too high', type: 'info' },
  'forecast-low': { label: 'forecast too low', type: 'info' },
  pending: { label: 'pending', type: 'default' },
};
