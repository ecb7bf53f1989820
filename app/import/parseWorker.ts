/**
 * Worker-thread entry of parseWorkers.ts: runs one job and posts its output — ParsedBatch objects
 * ('records', typed arrays transferred rather than copied) or RowChunk objects ('rows') — waiting
 * for acknowledgements whenever BATCHES_IN_FLIGHT are outstanding.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readParsedBatches } from './parsedBatches';
import { BATCHES_IN_FLIGHT } from './parseWorkers';
import type { FromParseWorker, WorkerJob } from './parseWorkers';
import { transferables } from './salesLines';
import { FileReadError } from './sources';

const port = parentPort;
if (port === null) throw new Error('app/import/parseWorker must run in a worker thread');
const { job } = workerData as { job: WorkerJob };
let credits = BATCHES_IN_FLIGHT;
let wake: (() => void) | undefined;
port.on('message', () => {
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

try {
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
