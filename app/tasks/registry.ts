import type { ProgressSink } from '../api/progress';

/**
 * Work that runs away from a host's event loop. Each task gets plain, structured-cloneable input
 * (it crosses a worker boundary), opens its own database connection from `input.dbPath`, and
 * reports through `progress`. `signal` cancels between steps.
 */
export type TaskFunction<Input, Output> = (input: Input, progress: ProgressSink, signal: AbortSignal) => Promise<Output>;

/** Lazily imported so a worker loads only the code of the task it runs. */
export const taskRegistry = {
  import: () => import('../import/importTask').then((module) => module.importTask),
  fit: () => import('../models/fitTask').then((module) => module.fitTask),
  train: () => import('../training/trainTask').then((module) => module.trainTask),
  backtest: () => import('../plan/backtestTask').then((module) => module.backtestTask),
  lostSales: () => import('../bench/lostSalesTask').then((module) => module.lostSalesTask),
} satisfies Record<string, () => Promise<TaskFunction<never, unknown>>>;

export type TaskName = keyof typeof taskRegistry;
type TaskOf<K extends TaskName> = Awaited<ReturnType<(typeof taskRegistry)[K]>>;
export type TaskInput<K extends TaskName> = Parameters<TaskOf<K>>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<TaskOf<K>>>;

export interface TaskRunner {
  run<K extends TaskName>(task: K, input: TaskInput<K>, progress: ProgressSink, signal?: AbortSignal): Promise<TaskOutput<K>>;
}

/** Runs tasks on the caller's thread (CLI, tests). They still yield between batches. */
export class InlineTaskRunner implements TaskRunner {
  async run<K extends TaskName>(task: K, input: TaskInput<K>, progress: ProgressSink, signal?: AbortSignal): Promise<TaskOutput<K>> {
    const fn = (await taskRegistry[task]()) as unknown as TaskFunction<TaskInput<K>, TaskOutput<K>>;
    return fn(input, progress, signal ?? new AbortController().signal);
  }
}
