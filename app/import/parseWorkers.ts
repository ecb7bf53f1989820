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
import { Worker } from 'node:worker_threads';
import type { SourceOptions } from './sources';
import type { ImportOptions } from './types';

export type ParseOptions = Omit<ImportOptions, 'onProgress'>;

export type WorkerJob =
  | { mode: 'records'; path: string; options: ParseOptions }
  | { mode: 'rows'; path: string; options: Pick<SourceOptions, 'sheet' | 'chunkBytes'> };

/** Worker → caller. `data` is a ParsedBatch ('records') or a RowChunk ('rows'). */
export type FromParseWorker =
  | { kind: 'data'; value: unknown }
  | { kind: 'sheets'; names: string[] }
  | { kind: 'end' }
  | { kind: 'failed'; message: string; fileReadError: boolean };

export const BATCHES_IN_FLIGHT = 8;

/** A problem with the file as a whole, raised in a worker and re-raised by `messagesOf`. */
export class WorkerFileError extends Error {}

let bundledEntry: Promise<URL | undefined> | undefined;

/**
 * parseWorker.ts with everything it imports from this project as one ES module (a data: URL),
 * packages imported by absolute path. Run from the TypeScript sources (CLI, tests, benchmarks),
 * a worker could load the sources through tsx, but tsx resolves and compiles every module through
 * a loader thread: a worker took more than a second to start. Bundling with tsx's own esbuild
 * takes a few tens of milliseconds, once per process. Undefined when esbuild is not available.
 */
function bundledWorkerEntry(): Promise<URL | undefined> {
  bundledEntry ??= (async () => {
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
      return new URL(`data:text/javascript,${encodeURIComponent(result.outputFiles[0].text)}`);
    } catch {
      return undefined;
    }
  })();
  return bundledEntry;
}

/**
 * A worker running parseWorker.ts, or undefined when none can start here (the caller then parses
 * on its own thread). From the TypeScript sources the entry is bundled on the fly (above); a built
 * app runs `importParser.js` next to its bundle when the build emits one.
 */
export async function startParseWorker(job: WorkerJob): Promise<Worker | undefined> {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = await bundledWorkerEntry();
    // execArgv: [] — the bundle needs no loader, and inheriting `--import tsx` costs 0.2 s per worker.
    return entry === undefined ? undefined : new Worker(entry, { workerData: { job }, execArgv: [] });
  }
  const built = new URL('./importParser.js', here);
  return existsSync(fileURLToPath(built)) ? new Worker(built, { workerData: { job } }) : undefined;
}

/**
 * The worker's `data` and `sheets` messages until its `end`, acknowledging each `data` message
 * once the consumer asks for the next one. A failure in the worker is thrown here (a file-level
 * one as WorkerFileError); a worker that stops without `end` is an error too. Returning early
 * (or throwing) terminates the worker.
 */
export async function* messagesOf(worker: Worker): AsyncGenerator<Extract<FromParseWorker, { kind: 'data' | 'sheets' }>> {
  const queue: FromParseWorker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  worker.on('message', (message: FromParseWorker) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error: Error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the import's parser stopped before the end of the file (exit code ${code})`);
    notify();
  });
  try {
    for (;;) {
      while (queue.length === 0 && failure === undefined) await new Promise<void>((resolve) => { wake = resolve; });
      const message = queue.shift();
      if (message === undefined) throw failure;
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
