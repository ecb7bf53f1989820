import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../../app/common/result';
import { taskRegistry, taskWarmUps, type TaskFunction, type TaskName, type WarmTaskName } from '../../app/tasks/registry';
import type { FromWorker, ToWorker, WarmStart, WorkerStart } from './protocol';

/**
 * Worker-thread entry: run one task from the registry and report back. A warm worker (WarmStart)
 * first gets ready for its task, then waits for the task's input in a `start` message.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('main/worker/entry must run in a worker thread');
  const controller = new AbortController();
  let receiveStart: ((start: WorkerStart) => void) | undefined;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') controller.abort();
    else if (message.type === 'start') receiveStart?.({ task: message.task, input: message.input });
  });
  const send = (message: FromWorker): void => port.postMessage(message);
  let start: WorkerStart;
  if ('warm' in (workerData as WorkerStart | WarmStart)) {
    const { warm } = workerData as WarmStart;
    const started = new Promise<WorkerStart>((resolve) => { receiveStart = resolve; });
    if (Object.prototype.hasOwnProperty.call(taskWarmUps, warm.task)) {
      // Best effort: a task that cannot warm up still runs, cold.
      await taskWarmUps[warm.task as WarmTaskName]().then((warmUp) => warmUp(warm.hint as never)).catch(() => {});
    }
    start = await started;
  } else {
    start = workerData as WorkerStart;
  }
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
