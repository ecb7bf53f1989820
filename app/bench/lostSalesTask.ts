import type { ProgressSink } from '../api/progress';
import { AppFailure } from '../common/result';
import { solveLostSalesBenchmark, type ExactPolicyName, type LostSalesInstance } from '../exact/lostSalesBenchmark';

export type BenchPolicyName = ExactPolicyName;

export interface LostSalesTaskInput {
  instance: LostSalesInstance;
  policies: BenchPolicyName[];
  taskId: string;
}

export interface LostSalesTaskOutput {
  instance: { leadTime: number; penalty: number; holding: number; demand: string; mean: number; cv: number };
  results: { policy: string; cost: number; stdErr?: number; params?: Record<string, number | null>; trainSeconds?: number; gapToOptimalPct?: number }[];
}

/**
 * `replenish bench lost-sales`: the classic single-item benchmark in the reference's event
 * convention — exact optimum, best base-stock and best capped base-stock by dynamic programming —
 * each with its gap to the optimum when the optimum was asked for.
 */
export async function lostSalesTask(input: LostSalesTaskInput, progress: ProgressSink): Promise<LostSalesTaskOutput> {
  progress({ taskId: input.taskId, kind: 'bench', phase: 'solving exactly', done: 0, total: input.policies.length });
  const solved = solveLostSalesBenchmark(input.instance, input.policies);
  if (!solved.ok) throw new AppFailure(solved.error);
  const optimal = solved.value.results.find((result) => result.policy === 'optimal')?.cost;
  progress({ taskId: input.taskId, kind: 'bench', phase: 'done', done: input.policies.length, total: input.policies.length, finished: true });
  return {
    instance: solved.value.instance,
    results: solved.value.results.map((result) => ({
      ...result,
      ...(optimal !== undefined ? { gapToOptimalPct: (result.cost / optimal - 1) * 100 } : {}),
    })),
  };
}
