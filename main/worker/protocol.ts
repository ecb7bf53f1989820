import type { AppError } from '../../app/common/result';
import type { ProgressEvent } from '../../app/api/progress';

/** Messages between a host and a task worker. `start` goes to a warm worker (WarmStart), once. */
export type ToWorker = { type: 'cancel' } | { type: 'start'; task: string; input: unknown };
export type FromWorker =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'done'; output: unknown }
  | { type: 'failed'; error: AppError };

export interface WorkerStart {
  task: string;
  input: unknown;
  /** The TypeScript entry to load under tsx (development hosts only). */
  __entry?: string;
}

/** A worker started ahead of its task: it warms up for `task` (taskWarmUps) and waits for `start`. */
export interface WarmStart {
  warm: { task: string; hint: unknown };
  __entry?: string;
}
