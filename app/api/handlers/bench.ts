import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { LostSalesTaskOutput } from '../../bench/lostSalesTask';
import { method } from '../define';

export const benchPolicyNames = ['optimal', 'base-stock', 'capped-base-stock'] as const;

export const benchHandlers = {
  /** The lost-sales benchmark of ../shared/reference: exact and classical costs for one instance. */
  'bench.lostSales': method(
    z
      .object({
        leadTime: z.number().int().min(1).max(8),
        penalty: z.number().positive().max(10_000),
        holding: z.number().positive().max(10_000).optional(),
        demand: z.enum(['poisson', 'geometric', 'negbin']).optional(),
        mean: z.number().positive().max(100).optional(),
        cv: z.number().positive().max(10).optional(),
        policies: z.array(z.enum(benchPolicyNames)).min(1).optional(),
        taskId: z.string().max(100).optional(),
      })
      .strict(),
    (ctx, params): Promise<LostSalesTaskOutput> =>
      ctx.tasks.run(
        'lostSales',
        {
          instance: { leadTime: params.leadTime, penalty: params.penalty, holding: params.holding, demand: params.demand, mean: params.mean, cv: params.cv },
          policies: params.policies ?? [...benchPolicyNames],
          taskId: params.taskId ?? randomUUID(),
        },
        ctx.progress,
      ),
  ),
};
