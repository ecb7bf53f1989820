import { Worker } from 'node:worker_threads';
import { AppFailure } from '../../app/common/result';
import type { ProgressSink } from '../../app/api/progress';
import type { TaskInput, TaskName, TaskOutput, TaskRunner } from '../../app/tasks/registry';
import type { FromWorker, WorkerStart } from './protocol';

/**
 * Runs each task in its own worker thread so imports and training never block the host's event
 * loop (the Electron main process or the web host). `script` is the bundled worker (Electron
 * build) or, when running TypeScript sources, the tsx bootstrap with the entry in workerData.
 */
export class WorkerTaskRunner implements TaskRunner {
  constructor(private readonly script: URL | string = defaultWorkerScript()) {}

  run<K extends TaskName>(task: K, input: TaskInput<K>, progress: ProgressSink, signal?: AbortSignal): Promise<TaskOutput<K>> {
    const start: WorkerStart = { task, input };
    if (String(this.script).endsWith('boot.mjs')) start.__entry = new URL('./entry.ts', import.meta.url).href;
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.script, { workerData: start });
      let settled = false;
      const settle = (action: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        action();
        void worker.terminate();
      };
      const onAbort = (): void => worker.postMessage({ type: 'cancel' });
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
