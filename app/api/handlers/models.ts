import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Accuracy } from '../../demand';
import type { FitTaskOutput } from '../../models/fitTask';
import { method } from '../define';

export const modelsHandlers = {
  /** Fit (or refit) the demand model of the given items, or of every item; off the host's thread. */
  'models.fit': method(
    z
      .object({
        items: z.array(z.string().min(1).max(200)).max(100_000).optional(),
        holdoutWeeks: z.number().int().min(1).max(52).optional(),
        taskId: z.string().max(100).optional(),
      })
      .strict(),
    (ctx, params): Promise<FitTaskOutput> =>
      ctx.tasks.run(
        'fit',
        { dbPath: ctx.store.path, items: params.items, holdoutWeeks: params.holdoutWeeks, taskId: params.taskId ?? randomUUID(), now: ctx.now().toISOString() },
        ctx.progress,
      ),
  ),

  /** Current model kind and hold-out accuracy per item. */
  'models.list': method(z.object({}).strict(), (ctx) => {
    const items = new Map(ctx.store.items.list().map((item) => [item.id, item]));
    const tuned = ctx.store.classicalPolicies.byItem();
    return [...ctx.store.demandModels.current<unknown, Accuracy | { note?: string }>().values()]
      .map((entry) => ({
        item: items.get(entry.itemId)?.sku ?? String(entry.itemId),
        description: items.get(entry.itemId)?.description ?? null,
        itemId: entry.itemId,
        modelKind: entry.modelKind,
        fittedAt: entry.fittedAt,
        dataThrough: entry.dataThrough,
        accuracy: entry.accuracy,
        policies: (tuned.get(entry.itemId) ?? []).map(({ policy, parameters, meanCost, standardError }) => ({ policy, parameters, meanCost, standardError })),
      }))
      .sort((a, b) => a.item.localeCompare(b.item));
  }),
};
