import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../../app/common/result';
import { taskRegistry, type TaskFunction, type TaskName } from '../../app/tasks/registry';
import type { FromWorker, ToWorker, WorkerStart } from './protocol';

/** Worker-thread entry: run one task from the registry and report back. */
async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('main/worker/entry must run in a worker thread');
  const start = workerData as WorkerStart;
  const controller = new AbortController();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') controller.abort();
  });
  const send = (message: FromWorker): void => port.postMessage(message);
  try {
    if (!Object.prototype.hasOwnProperty.call(taskRegistry, start.task)) throw new Error(`Unknown task ${start.task}`);
    const fn = (await taskRegistry[start.task as TaskName]()) as TaskFunction<unknown, unknown>;
    const output = await fn(start.input, (event) => send({ type: 'progress', event }), controller.signal);
    send({ type: 'done', output });
  } catch (error) {
    send({ type: 'failed', error: toAppError(error) });
  }
}

void main();
