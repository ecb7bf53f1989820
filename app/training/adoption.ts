import type { ProgressSink } from '../api/progress';
import { toAppError } from '../common/result';
import { backtestTask } from '../plan/backtestTask';
import type { SavedPolicy } from '../rl/checkpoint';

/** What the adoption backtest found (stored with the new policy and shown on the Train page). */
export interface AdoptionDecision {
  adopted: boolean;
  /** What the new policy was compared with: "v3" (the active policy) or "general policy" (the shipped one). */
  against: string | null;
  weeks: number | null;
  newCost: number | null;
  incumbentCost: number | null;
  reason: string;
}

/** Weeks of real history the new and the current policy are replayed on, longest first. */
const adoptionWeeks = [8, 4];

/**
 * Adopt a newly trained policy only if it beats the policy in use on the backtest: both are replayed on
 * the last weeks of real demand (models refitted on the history before that window, every item from the
 * same starting stock) and the new one is adopted when its total cost is not higher. Without an incumbent
 * it is adopted; with too little history to backtest it is adopted with that said (it already had to beat
 * the tuned classical policies per item on simulated paths to be used at all).
 */
export async function decideAdoption(
  input: { dbPath: string; taskId: string; seed: number },
  candidate: SavedPolicy,
  incumbent: { label: string; saved: SavedPolicy } | null,
  progress: ProgressSink,
  signal: AbortSignal,
): Promise<AdoptionDecision> {
  if (!incumbent) return { adopted: true, against: null, weeks: null, newCost: null, incumbentCost: null, reason: 'No policy was in use: the new one is adopted.' };
  let lastError = '';
  for (const weeks of adoptionWeeks) {
    try {
      const backtest = await backtestTask(
        { dbPath: input.dbPath, weeks, taskId: input.taskId, seed: input.seed, classical: false, ppoPolicies: [{ label: 'new', saved: candidate }, { label: 'current', saved: incumbent.saved }] },
        progress,
        signal,
      );
      const total = (label: string): number | null => backtest.totals.find((row) => row.policy === label)?.cost ?? null;
      const newCost = total('new');
      const incumbentCost = total('current');
      if (newCost === null || incumbentCost === null) break;
      const adopted = newCost <= incumbentCost;
      const percent = incumbentCost > 0 ? Math.abs((newCost / incumbentCost - 1) * 100).toFixed(1) : '0';
      const comparison = newCost < incumbentCost ? `${percent} % less than` : newCost > incumbentCost ? `${percent} % more than` : 'the same as';
      return {
        adopted,
        against: incumbent.label,
        weeks,
        newCost,
        incumbentCost,
        reason: adopted
          ? `Adopted: on the last ${weeks} weeks of real demand the new policy cost ${comparison} the ${incumbent.label}.`
          : `Not adopted: on the last ${weeks} weeks of real demand the new policy cost ${comparison} the ${incumbent.label}, which stays in use. You can still adopt it on the Train page.`,
      };
    } catch (error) {
      lastError = toAppError(error).message;
    }
  }
  return {
    adopted: true,
    against: incumbent.label,
    weeks: null,
    newCost: null,
    incumbentCost: null,
    reason: `Adopted without a backtest (${lastError || 'no item could be replayed'}); it was still compared with each item's tuned classical policy.`,
  };
}
