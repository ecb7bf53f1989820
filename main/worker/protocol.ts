import type { AppError } from '../../app/common/result';
import type { ProgressEvent } from '../../app/api/progress';

/** Messages between a host and a task worker. */
export type ToWorker = { type: 'cancel' };
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
