/**
 * Worker threads that parse part of an import while the calling thread writes to SQLite, each
 * running parseWorker.ts with one job:
 *   'records' — the whole reader (tokenising, validation, keys, packing): the split for CSV, where
 *               validation costs about as much as inserting;
 *   'rows'    — only exceljs's reading of a workbook's rows: the split for XLSX, where reading the
 *               zip and its XML costs several times more than everything after it.
 * A worker sends at most BATCHES_IN_FLIGHT unacknowledged messages, so a parser faster than the
 * database does not fill the memory. Starting one costs a few tenths of a second: for big files only.
 */
import { existsSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { debuglog } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { SourceOptions } from './sources';
import type { ImportOptions } from './types';

export type ParseOptions = Omit<ImportOptions, 'onProgress'>;

export type WorkerJob =
  | { mode: 'records'; path: string; options: ParseOptions }
  | { mode: 'rows'; path: string; options: Pick<SourceOptions, 'sheet' | 'chunkBytes'> };

/** Worker → caller. `data` is a ParsedBatch ('records') or a RowChunk ('rows'); `ready` only from a warm worker. */
export type FromParseWorker =
  | { kind: 'ready' }
  | { kind: 'data'; value: unknown }
  | { kind: 'sheets'; names: string[] }
  | { kind: 'end' }
  | { kind: 'failed'; message: string; fileReadError: boolean };

/**
 * Enough to cover the writing thread's pauses: while it adds daily totals to daily_sales it takes
 * no batch, and the worker parses on. Measured when it added them every 262,144 lines, pauses of
 * 0.1–0.15 s, about 100 batches of 1,000 lines: with 8 in flight the worker waited out every pause
 * (1,000,000-line CSV, alternating runs: 8 in flight 2.86–3.03 s, 64 in flight 2.58–2.72 s, four
 * runs each; 256 in flight 2.55–2.67 s, three runs). RecordWriter now adds them every 65,536 lines,
 * in shorter pauses. A batch of sales lines is about 45 kB: 256 of them, 12 MB.
 */
export const BATCHES_IN_FLIGHT = 256;

/** A problem with the file as a whole, raised in a worker and re-raised by `messagesOf`. */
export class WorkerFileError extends Error {}

/** Where each import is parsed, on stderr when NODE_DEBUG includes `replenish` (silent otherwise). */
export const parseLog = debuglog('replenish');

/** The script a parse worker runs, or why none can start in this process. */
export type ParseWorkerEntry = { ok: true; value: URL } | { ok: false; error: string };

/**
 * The name the build gives parseWorker.ts (an entry of electron.vite.config.ts). Entries land in
 * out/main and shared chunks in out/main/chunks; this module is bundled into one or the other.
 */
const BUILT_ENTRY = 'importParser.js';

let entry: Promise<ParseWorkerEntry> | undefined;

/**
 * The parse worker's script, looked up once per process: bundled on the fly when this module runs
 * from the TypeScript sources, the build's importParser.js when it runs from the build. The packaged
 * app keeps it in app.asar beside out/main/worker.js (the task worker), loaded the same way: Electron
 * reads asar files in worker threads. After a worker failed to load the script, the answer is that
 * failure: the same script would fail again.
 */
export function parseWorkerEntry(): Promise<ParseWorkerEntry> {
  entry ??= import.meta.url.endsWith('.ts') ? bundledWorkerEntry() : Promise.resolve(builtWorkerEntry(import.meta.url));
  return entry;
}

function builtWorkerEntry(moduleUrl: string): ParseWorkerEntry {
  for (const place of [`./${BUILT_ENTRY}`, `../${BUILT_ENTRY}`]) {
    const url = new URL(place, moduleUrl);
    if (existsSync(fileURLToPath(url))) return { ok: true, value: url };
  }
  return { ok: false, error: `the build has no ${BUILT_ENTRY} next to ${fileURLToPath(new URL('.', moduleUrl))} or one folder up` };
}

/**
 * parseWorker.ts with everything it imports from this project as one ES module (a data: URL),
 * packages imported by absolute path. Run from the TypeScript sources (CLI, tests, benchmarks),
 * a worker could load the sources through tsx, but tsx resolves and compiles every module through
 * a loader thread: a worker took more than a second to start. Bundling with tsx's own esbuild
 * takes a few tens of milliseconds, once per process.
 */
async function bundledWorkerEntry(): Promise<ParseWorkerEntry> {
  try {
    const requireHere = createRequire(import.meta.url);
    const esbuildPath = createRequire(requireHere.resolve('tsx/package.json')).resolve('esbuild');
    const esbuild = (await import(pathToFileURL(esbuildPath).href)) as typeof import('esbuild');
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./parseWorker.ts', import.meta.url))],
      bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent',
      plugins: [{
        name: 'packages-by-absolute-path',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) => isBuiltin(args.path)
            ? { external: true }
            : { path: pathToFileURL(requireHere.resolve(args.path, { paths: [args.resolveDir] })).href, external: true });
        },
      }],
    });
    return { ok: true, value: new URL(`data:text/javascript,${encodeURIComponent(result.outputFiles[0].text)}`) };
  } catch (cause) {
    return { ok: false, error: `parseWorker.ts could not be bundled from the sources (${(cause as Error).message})` };
  }
}

/** A worker's messages and failure as they arrive, listened to from its start so none is missed. */
interface Channel {
  queue: FromParseWorker[];
  failure: Error | undefined;
  wake: (() => void) | undefined;
}

const channels = new WeakMap<Worker, Channel>();

function listen(worker: Worker): Channel {
  const channel: Channel = { queue: [], failure: undefined, wake: undefined };
  const notify = (): void => {
    const resume = channel.wake;
    channel.wake = undefined;
    resume?.();
  };
  worker.on('message', (message: FromParseWorker) => {
    channel.queue.push(message);
    notify();
  });
  worker.on('error', (error: Error) => {
    channel.failure ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    channel.failure ??= new Error(`the import's parser stopped before the end of the file (exit code ${code})`);
    notify();
  });
  channels.set(worker, channel);
  return channel;
}

async function nextEvent(channel: Channel): Promise<void> {
  while (channel.queue.length === 0 && channel.failure === undefined) await new Promise<void>((resolve) => { channel.wake = resolve; });
}

/** Caller → worker: a warm worker's job (also 'ack' strings: one credit each, see parseWorker.ts). */
export type ToParseWorker = { kind: 'job'; job: WorkerJob } | 'ack';

/**
 * How long a warm worker waits for its import before it is stopped: a planner who opened a file
 * in the import wizard usually imports it within minutes; an idle thread with exceljs loaded holds
 * about 60 MB.
 */
const WARM_WORKER_IDLE_MS = 5 * 60_000;

interface WarmWorker {
  worker: Worker;
  /** exceljs is loaded too. */
  workbook: boolean;
  /** True once the worker reported `ready`; false when it could not start. */
  ready: Promise<boolean>;
  idleTimer: NodeJS.Timeout;
}

let warm: WarmWorker | undefined;

/**
 * Start a parse worker before an import needs it — its thread, its modules and, for a workbook,
 * exceljs loaded (together most of a second for a workbook) — for the next startParseWorker of
 * this thread to take. The import wizard does this while the planner checks a file's preview
 * (WorkerTaskRunner.warmUp). Once ready, an unused warm worker does not keep the process alive,
 * and it stops after WARM_WORKER_IDLE_MS. Resolves to whether the worker is ready.
 */
export async function prewarmParseWorker(options: { workbook: boolean }): Promise<boolean> {
  if (warm !== undefined && (warm.workbook || !options.workbook)) return warm.ready;
  discardWarmWorker();
  const found = await parseWorkerEntry();
  if (!found.ok) return false;
  let worker: Worker;
  try {
    worker = new Worker(found.value, { workerData: { warm: options }, ...(found.value.protocol === 'data:' ? { execArgv: [] } : {}) });
  } catch {
    return false;
  }
  const channel = listen(worker);
  const ready = nextEvent(channel).then(() => {
    // Ready (or failed): from now on, waiting for an import must not keep the process alive.
    worker.unref();
    if (channel.queue[0]?.kind !== 'ready') return false;
    channel.queue.shift();
    return true;
  });
  const idleTimer = setTimeout(discardWarmWorker, WARM_WORKER_IDLE_MS);
  idleTimer.unref();
  const mine: WarmWorker = { worker, workbook: options.workbook, ready, idleTimer };
  warm = mine;
  if (!(await ready)) {
    if (warm === mine) discardWarmWorker();
    return false;
  }
  return true;
}

/** Whether a warm worker is waiting (it may still be loading). */
export function hasWarmParseWorker(): boolean {
  return warm !== undefined;
}

function discardWarmWorker(): void {
  if (warm === undefined) return;
  clearTimeout(warm.idleTimer);
  void warm.worker.terminate();
  warm = undefined;
}

/** The warm worker, handed its job — or undefined when there is none, or it did not start. */
async function takeWarmWorker(job: WorkerJob): Promise<Worker | undefined> {
  const taken = warm;
  if (taken === undefined) return undefined;
  warm = undefined;
  clearTimeout(taken.idleTimer);
  if (!(await taken.ready)) {
    void taken.worker.terminate();
    return undefined;
  }
  taken.worker.ref();
  taken.worker.postMessage({ kind: 'job', job } satisfies ToParseWorker);
  parseLog('parsing %s (%s) in a warm worker thread', job.path, job.mode);
  return taken.worker;
}

/**
 * A worker running parseWorker.ts that has sent its first message, or undefined when none can start
 * here (the caller then parses on its own thread). A worker that fails before its first message
 * could not load its script (parseWorker.ts reports every later failure as a message): the script
 * is then marked unusable, and `parseWorkerEntry()` says why.
 */
export async function startParseWorker(job: WorkerJob): Promise<Worker | undefined> {
  const spare = await takeWarmWorker(job);
  if (spare !== undefined) return spare;
  const found = await parseWorkerEntry();
  if (!found.ok) {
    parseLog('parsing %s (%s) on this thread: %s', job.path, job.mode, found.error);
    return undefined;
  }
  const fromSources = found.value.protocol === 'data:';
  const script = fromSources ? 'parseWorker.ts bundled from the sources' : fileURLToPath(found.value);
  let worker: Worker;
  try {
    // execArgv: [] — the bundle needs no loader, and inheriting `--import tsx` costs 0.2 s per worker.
    worker = new Worker(found.value, fromSources ? { workerData: { job }, execArgv: [] } : { workerData: { job } });
  } catch (cause) {
    return unusable(job, script, cause as Error);
  }
  const channel = listen(worker);
  await nextEvent(channel);
  if (channel.queue.length === 0) {
    await worker.terminate();
    return unusable(job, script, channel.failure!);
  }
  parseLog('parsing %s (%s) in a worker thread running %s', job.path, job.mode, script);
  return worker;
}

function unusable(job: WorkerJob, script: string, cause: Error): undefined {
  const error = `a worker running ${script} did not start (${cause.message})`;
  entry = Promise.resolve({ ok: false, error });
  parseLog('parsing %s (%s) on this thread: %s', job.path, job.mode, error);
  return undefined;
}

/**
 * The worker's `data` and `sheets` messages until its `end`, acknowledging each `data` message
 * once the consumer asks for the next one. A failure in the worker is thrown here (a file-level
 * one as WorkerFileError); a worker that stops without `end` is an error too. Returning early
 * (or throwing) terminates the worker.
 */
export async function* messagesOf(worker: Worker): AsyncGenerator<Extract<FromParseWorker, { kind: 'data' | 'sheets' }>> {
  const channel = channels.get(worker) ?? listen(worker);
  try {
    for (;;) {
      await nextEvent(channel);
      const message = channel.queue.shift();
      if (message === undefined) throw channel.failure;
      switch (message.kind) {
        case 'end':
          return;
        case 'failed':
          throw message.fileReadError ? new WorkerFileError(message.message) : new Error(`the import's parser failed: ${message.message}`);
        case 'data':
          yield message;
          worker.postMessage('ack');
          break;
        case 'sheets':
          yield message;
          break;
      }
    }
  } finally {
    await worker.terminate();
  }
}
