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

/**
 * Tasks that can get a thread ready before they run (warmUp of a TaskRunner): what they load
 * before their input arrives, given a hint of what is coming.
 */
export const taskWarmUps = {
  import: () => import('../import/importTask').then((module) => module.warmUpImport),
} satisfies Partial<Record<TaskName, () => Promise<(hint: never) => Promise<void>>>>;

export type WarmTaskName = keyof typeof taskWarmUps;
export type WarmUpHint<K extends WarmTaskName> = Parameters<Awaited<ReturnType<(typeof taskWarmUps)[K]>>>[0];
type TaskOf<K extends TaskName> = Awaited<ReturnType<(typeof taskRegistry)[K]>>;
export type TaskInput<K extends TaskName> = Parameters<TaskOf<K>>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<TaskOf<K>>>;

export interface TaskRunner {
  run<K extends TaskName>(task: K, input: TaskInput<K>, progress: ProgressSink, signal?: AbortSignal): Promise<TaskOutput<K>>;
  /**
   * A task of this kind will probably run soon: get ready (load its code, start its helpers) so
   * that it starts at once. Best effort, never fails; a later `run` of another task is unaffected.
   */
  warmUp?<K extends WarmTaskName>(task: K, hint: WarmUpHint<K>): void;
}

/** Runs tasks on the caller's thread (CLI, tests). They still yield between batches. */
export class InlineTaskRunner implements TaskRunner {
  async run<K extends TaskName>(task: K, input: TaskInput<K>, progress: ProgressSink, signal?: AbortSignal): Promise<TaskOutput<K>> {
    const fn = (await taskRegistry[task]()) as unknown as TaskFunction<TaskInput<K>, TaskOutput<K>>;
    return fn(input, progress, signal ?? new AbortController().signal);
  }

  warmUp<K extends WarmTaskName>(task: K, hint: WarmUpHint<K>): void {
    void taskWarmUps[task]().then((warmUp) => (warmUp as (hint: WarmUpHint<K>) => Promise<void>)(hint)).catch(() => {});
  }
}
