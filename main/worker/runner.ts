import { Worker } from 'node:worker_threads';
import { AppFailure } from '../../app/common/result';
import type { ProgressSink } from '../../app/api/progress';
import type { TaskInput, TaskName, TaskOutput, TaskRunner, WarmTaskName, WarmUpHint } from '../../app/tasks/registry';
import type { FromWorker, ToWorker, WarmStart, WorkerStart } from './protocol';

/**
 * How long a warmed-up worker waits for its task before it is stopped: the import wizard warms
 * one up when it shows a preview, and a planner who does not import within minutes has moved on.
 */
const SPARE_IDLE_MS = 5 * 60_000;

interface Spare {
  task: WarmTaskName;
  /** The hint it warmed up with, as JSON: the same warm-up again keeps it. */
  hint: string;
  worker: Worker;
  idleTimer: NodeJS.Timeout;
  /** Set when the spare stopped on its own (it cannot be used then). */
  exited: boolean;
}

/**
 * Runs each task in its own worker thread so imports and training never block the host's event
 * loop (the Electron main process or the web host). `script` is the bundled worker (Electron
 * build) or, when running TypeScript sources, the tsx bootstrap with the entry in workerData.
 * `warmUp` starts the next task's worker ahead of time (one spare at a time), which gets ready and
 * waits for its input; `run` takes it when the task matches.
 */
export class WorkerTaskRunner implements TaskRunner {
  private spare: Spare | undefined;

  constructor(private readonly script: URL | string = defaultWorkerScript()) {}

  /** For the tsx bootstrap: which TypeScript entry the worker loads. */
  private withEntry<T extends object>(data: T): T & { __entry?: string } {
    return String(this.script).endsWith('boot.mjs') ? { ...data, __entry: new URL('./entry.ts', import.meta.url).href } : data;
  }

  warmUp<K extends WarmTaskName>(task: K, hint: WarmUpHint<K>): void {
    // The wizard previews a file again whenever the planner changes the mapping or the sheet.
    if (this.hasSpareFor(task) && this.spare!.hint === JSON.stringify(hint)) return;
    this.discardSpare();
    let worker: Worker;
    try {
      worker = new Worker(this.script, { workerData: this.withEntry<WarmStart>({ warm: { task, hint } }) });
    } catch {
      return;
    }
    // Waiting for a task that may never come must not keep the host alive.
    worker.unref();
    const spare: Spare = { task, hint: JSON.stringify(hint), worker, exited: false, idleTimer: setTimeout(() => this.discardSpare(), SPARE_IDLE_MS) };
    spare.idleTimer.unref();
    worker.on('error', () => { spare.exited = true; });
    worker.on('exit', () => { spare.exited = true; });
    this.spare = spare;
  }

  /** Whether a warmed-up worker is waiting for this task (for diagnostics and tests). */
  hasSpareFor(task: TaskName): boolean {
    return this.spare !== undefined && !this.spare.exited && this.spare.task === task;
  }

  private discardSpare(): void {
    if (this.spare === undefined) return;
    clearTimeout(this.spare.idleTimer);
    void this.spare.worker.terminate();
    this.spare = undefined;
  }

  /** The spare worker for `task`, handed its input — or undefined when there is none (it is dropped). */
  private takeSpare(task: TaskName, input: unknown): Worker | undefined {
    const spare = this.spare;
    if (spare === undefined) return undefined;
    if (spare.task !== task || spare.exited) {
      this.discardSpare();
      return undefined;
    }
    this.spare = undefined;
    clearTimeout(spare.idleTimer);
    spare.worker.removeAllListeners();
    spare.worker.ref();
    spare.worker.postMessage({ type: 'start', task, input } satisfies ToWorker);
    return spare.worker;
  }

  run<K extends TaskName>(task: K, input: TaskInput<K>, progress: ProgressSink, signal?: AbortSignal): Promise<TaskOutput<K>> {
    return new Promise((resolve, reject) => {
      const worker = this.takeSpare(task, input) ?? new Worker(this.script, { workerData: this.withEntry<WorkerStart>({ task, input }) });
      let settled = false;
      const settle = (action: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        action();
        void worker.terminate();
      };
      const onAbort = (): void => worker.postMessage({ type: 'cancel' } satisfies ToWorker);
      signal?.addEventListener('abort', onAbort);
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'progress') progress(message.event);
        else if (message.type === 'done') settle(() => resolve(message.output as TaskOutput<K>));
        else settle(() => reject(new AppFailure(message.error)));
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) =>
        settle(() => reject(new AppFailure({ code: 'internal', message: `The ${task} worker stopped unexpectedly (exit code ${code}).` }))),
      );
    });
  }
}

function defaultWorkerScript(): URL {
  return new URL('./boot.mjs', import.meta.url);
}
