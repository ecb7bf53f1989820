import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppFailure } from '../../common/result';
import type { TrainTaskOutput } from '../../training/trainTask';
import { cataloguePolicyKind } from '../../training/catalogue';
import { method } from '../define';

/** Running trainings of this host, by task id, so that the dashboard can cancel them. */
const running = new Map<string, AbortController>();

export const trainingHandlers = {
  /** Train or resume the catalogue policy off the host's thread; resolves when training ends. */
  'training.start': method(
    z
      .object({
        items: z.array(z.string().min(1).max(200)).max(100_000).optional(),
        seconds: z.number().min(5).max(24 * 3600).optional(),
        seed: z.number().int().min(0).max(2 ** 31).optional(),
        taskId: z.string().max(100).optional(),
      })
      .strict(),
    async (ctx, params): Promise<TrainTaskOutput> => {
      if (running.size > 0) throw new AppFailure({ code: 'conflict', message: 'A training run is already in progress: wait for it or cancel it.' });
      const taskId = params.taskId ?? randomUUID();
      const controller = new AbortController();
      running.set(taskId, controller);
      try {
        return await ctx.tasks.run(
          'train',
          {
            dbPath: ctx.store.path, items: params.items, seconds: params.seconds ?? 120, seed: params.seed ?? 1, taskId, now: ctx.now().toISOString(), resourcesDir: ctx.resourcesDir,
            // Checked above: this is the process's only training, so a run this process id still owns was left by a dead worker.
            ownProcessIdle: true,
          },
          ctx.progress,
          controller.signal,
        );
      } finally {
        running.delete(taskId);
      }
    },
  ),

  'training.cancel': method(z.object({ taskId: z.string().max(100) }).strict(), (_ctx, params) => {
    const controller = running.get(params.taskId);
    if (!controller) throw new AppFailure({ code: 'not-found', message: 'That training run is not running any more.' });
    controller.abort();
    return { cancelling: true };
  }),

  /** Past runs with their learning curves, the active policy's comparison per item, and a newer candidate that was not adopted. */
  'training.runs': method(z.object({}).strict(), (ctx) => {
    const active = ctx.store.training.activePolicy(cataloguePolicyKind);
    const latest = ctx.store.training.latestPolicy(cataloguePolicyKind);
    const summary = (policy: NonNullable<typeof latest>) => ({ id: policy.id, name: policy.name, version: policy.version, backend: policy.backend, createdAt: policy.createdAt, metadata: policy.metadata });
    return {
      // A run owned by this process while it trains nothing was left by a worker that died: it reads as interrupted.
      runs: ctx.store.training.runs({ ownProcessIdle: running.size === 0 }).map((run) => ({ ...run, curve: ctx.store.training.metrics(run.id).map((metric) => ({ update: metric.update, steps: metric.steps, meanCostPerPeriod: metric.values.meanCostPerPeriod })) })),
      activePolicy: active ? summary(active) : null,
      candidatePolicy: latest && !latest.isActive ? summary(latest) : null,
    };
  }),

  /** Adopt a trained policy that lost (or skipped) its adoption backtest: it becomes the one plans use. */
  'training.adopt': method(z.object({ policyId: z.number().int().positive() }).strict(), (ctx, params) => {
    if (!ctx.store.training.activatePolicy(params.policyId)) throw new AppFailure({ code: 'not-found', message: `There is no trained policy ${params.policyId}.` });
    return { adopted: params.policyId };
  }),
};
