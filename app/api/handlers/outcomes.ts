import { z } from 'zod';
import { refreshOutcomes, type RefreshResult } from '../../outcomes/refresh';
import { OUTCOME_VERDICTS, outcomeRules } from '../../outcomes/rules';
import { summarizeOutcomes, type OutcomeSummary } from '../../outcomes/summary';
import type { OutcomeView } from '../../store/outcomes';
import { method } from '../define';

const filter = {
  planId: z.number().int().positive().optional(),
  itemId: z.number().int().positive().optional(),
  verdicts: z.array(z.enum(OUTCOME_VERDICTS)).max(OUTCOME_VERDICTS.length).optional(),
};

export interface OutcomeList {
  outcomes: OutcomeView[];
  /** The last day of sales in the database: windows ending after it are pending. */
  salesThrough: string | null;
}

export interface OutcomeSummaryView extends OutcomeSummary {
  salesThrough: string | null;
  /** The plans the outcomes belong to, newest first, with their own counts. */
  plans: { planId: number; planDate: string; outcomes: number; pending: number; stockouts: number }[];
  /** The thresholds behind the verdicts (app/outcomes/rules.ts), for the legend. */
  rules: typeof outcomeRules;
}

export const outcomesHandlers = {
  /** What happened to past recommendations, newest plan first; filter by plan, item or verdict. */
  'outcomes.list': method(
    z.object({ ...filter, limit: z.number().int().min(1).max(100_000).optional() }).strict(),
    (ctx, params): OutcomeList => ({
      outcomes: ctx.store.outcomes.list(params),
      salesThrough: ctx.store.sales.calendar().last,
    }),
  ),
  /** Counts per verdict, mean absolute forecast error and stockout rate (same filters as the list). */
  'outcomes.summary': method(z.object(filter).strict(), (ctx, params): OutcomeSummaryView => {
    const outcomes = ctx.store.outcomes.list(params);
    const plans = new Map<number, OutcomeSummaryView['plans'][number]>();
    for (const outcome of outcomes) {
      const plan = plans.get(outcome.planId) ?? { planId: outcome.planId, planDate: outcome.planDate, outcomes: 0, pending: 0, stockouts: 0 };
      plan.outcomes++;
      if (outcome.verdict === 'pending') plan.pending++;
      if (outcome.verdict === 'stockout') plan.stockouts++;
      plans.set(outcome.planId, plan);
    }
    return {
      ...summarizeOutcomes(outcomes),
      salesThrough: ctx.store.sales.calendar().last,
      plans: [...plans.values()],
      rules: outcomeRules,
    };
  }),
  /**
   * Bring the outcomes up to date with the plans and sales in the database (imports do this too):
   * plans with missing or pending outcomes, or every plan with `full`.
   */
  'outcomes.refresh': method(z.object({ full: z.boolean().optional() }).strict(), (ctx, params): RefreshResult =>
    refreshOutcomes(ctx.store, { now: ctx.now().toISOString(), full: params.full ?? false }),
  ),
};
