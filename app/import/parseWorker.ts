/**
 * Worker-thread entry of parseWorkers.ts: runs one job and posts its output — ParsedBatch objects
 * ('records', typed arrays transferred rather than copied) or RowChunk objects ('rows') — waiting
 * for acknowledgements whenever BATCHES_IN_FLIGHT are outstanding. The job comes in workerData, or
 * — for a warm worker (prewarmParseWorker) — in a message, after the worker loaded what it needs
 * and said `ready`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readParsedBatches } from './parsedBatches';
import { BATCHES_IN_FLIGHT } from './parseWorkers';
import type { FromParseWorker, ToParseWorker, WorkerJob } from './parseWorkers';
import { transferables } from './salesLines';
import { FileReadError } from './sources';

const port = parentPort;
if (port === null) throw new Error('app/import/parseWorker must run in a worker thread');
const start = workerData as { job: WorkerJob } | { warm: { workbook: boolean } };
let credits = BATCHES_IN_FLIGHT;
let wake: (() => void) | undefined;
let receiveJob: ((job: WorkerJob) => void) | undefined;
port.on('message', (message: ToParseWorker) => {
  if (typeof message === 'object' && message.kind === 'job') {
    receiveJob?.(message.job);
    return;
  }
  credits++;
  const resume = wake;
  wake = undefined;
  resume?.();
});

function post(message: FromParseWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function send(value: unknown, transfer: ArrayBuffer[] = []): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => { wake = resolve; });
  credits--;
  post({ kind: 'data', value }, transfer);
}

async function jobToRun(): Promise<WorkerJob> {
  if ('job' in start) return start.job;
  const job = new Promise<WorkerJob>((resolve) => { receiveJob = resolve; });
  if (start.warm.workbook) await (await import('./xlsxSource')).loadExcelJs();
  post({ kind: 'ready' });
  return job;
}

try {
  const job = await jobToRun();
  if (job.mode === 'records') {
    for await (const parsed of readParsedBatches(job.path, job.options)) {
      await send(parsed, parsed.lines === undefined ? [] : transferables(parsed.lines));
    }
  } else {
    const { xlsxRows } = await import('./xlsxSource');
    for await (const chunk of xlsxRows(job.path, { ...job.options, onSheets: (names) => post({ kind: 'sheets', names }) })) await send(chunk);
  }
  post({ kind: 'end' });
} catch (cause) {
  post({ kind: 'failed', message: (cause as Error).message, fileReadError: cause instanceof FileReadError });
}
// Let the thread end once its last message is delivered.
port.unref();
