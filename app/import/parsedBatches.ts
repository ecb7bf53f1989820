/**
 * The parsing half of an import as one stream of batches, the same whether it is produced on the
 * calling thread or (partly) in a worker thread (parseWorkers.ts): the same reader, validation and
 * packing run either way, so the writer cannot tell them apart. For a big file a worker takes the
 * slowest part of the parsing — the whole reader for text files, exceljs's reading for workbooks —
 * while the calling thread inserts into SQLite on the other core.
 */
import os from 'node:os';
import { hasWarmParseWorker, messagesOf, parseLog, parseWorkerEntry, prewarmParseWorker, startParseWorker } from './parseWorkers';
import type { ParseOptions } from './parseWorkers';
import { readImportFile } from './reader';
import type { SalesLineBatch } from './salesLines';
import type { FileFormat, ImportRecord, ImportSummary } from './types';

export interface ParsedBatch {
  /** Accepted lines of a sales file, as columns. */
  lines?: SalesLineBatch;
  /** Accepted records of the other kinds (items, inventory, open orders). */
  records: ImportRecord[];
  rowsRead: number;
  /** Bytes of the file read so far. */
  bytesRead: number;
  /** On the last batch only. */
  summary?: ImportSummary;
}

export type { ParseOptions };

/**
 * Where to parse: 'auto' uses a worker for files of at least WORKER_MIN_BYTES when the machine has
 * a core to spare (and a worker can start).
 */
export type ParseLocation = 'auto' | 'worker' | 'here';

export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/**
 * A second thread only pays off on an idle core: with every core busy (load average at or above
 * the core count) the two threads take turns, and the worker's own costs — starting, loading its
 * modules, copying batches between threads — make the import slower (measured on a 2-core machine
 * under a load of 3–4, medians of 4: 200,000 XLSX rows in 9.6 s here, 11.9 s with a worker; on an idle machine
 * the worker overlaps reading with inserting). Windows reports no load average: a worker there.
 */
function spareCore(): boolean {
  return os.loadavg()[0] < os.availableParallelism();
}

/** Where the reader runs: 'worker' (everything), 'rows-in-worker' (exceljs only) or 'here'. */
export type ParseSplit = 'worker' | 'rows-in-worker' | 'here';

export interface ParsedSource {
  batches: AsyncGenerator<ParsedBatch>;
  /** Where the reader is meant to run. */
  split: ParseSplit;
  /** Where it did run — `split`, or 'here' when no worker could start — once the last batch is read. */
  readonly parsedIn: ParseSplit | undefined;
  /** Stops the parser (a worker may be running ahead): call it whatever happened. */
  close(): Promise<void>;
}

/** The reader's batches as parsed batches (sales lines as columns), on this thread (also what a 'records' worker runs). */
export async function* readParsedBatches(path: string, options: ParseOptions): AsyncGenerator<ParsedBatch> {
  let bytesRead = 0;
  for await (const batch of readImportFile(path, { ...options, onProgress: (read) => { bytesRead = read; } }, 'lines')) {
    yield { lines: batch.lines, records: batch.records, rowsRead: batch.rowsRead, bytesRead, summary: batch.summary };
  }
}

/** `batches` with its first `next()` already under way (a generator's body only starts on `next()`). */
function startedEarly(batches: AsyncGenerator<ParsedBatch>): AsyncGenerator<ParsedBatch> {
  const first = batches.next();
  // Observed now, awaited below: a failure before the caller iterates must not count as unhandled.
  first.catch(() => {});
  return (async function* () {
    try {
      let next = await first;
      while (next.done !== true) {
        yield next.value;
        next = await batches.next();
      }
    } finally {
      await batches.return(undefined);
    }
  })();
}

/** Batches parsed by a worker running the whole reader, or here when no worker can start. */
async function* parseInWorker(path: string, options: ParseOptions): AsyncGenerator<ParsedBatch> {
  const worker = await startParseWorker({ mode: 'records', path, options });
  if (worker === undefined) {
    yield* readParsedBatches(path, options);
    return;
  }
  for await (const message of messagesOf(worker)) if (message.kind === 'data') yield message.value as ParsedBatch;
}

/**
 * `batches`, telling `parsedAt` where the file was parsed when the last batch (the summary's)
 * passes. A worker that was meant to parse but could not start (parseWorkers.ts) leaves the
 * parsing to this thread: slower, so the summary says so among its warnings (and
 * `NODE_DEBUG=replenish` logs why).
 */
async function* withLocation(batches: AsyncGenerator<ParsedBatch>, split: ParseSplit, parsedAt: (where: ParseSplit) => void): AsyncGenerator<ParsedBatch> {
  for await (const batch of batches) {
    if (batch.summary === undefined || split === 'here') {
      if (batch.summary !== undefined) parsedAt(split);
      yield batch;
      continue;
    }
    // Every way a worker fails to start marks the worker's script unusable (parseWorkers.ts).
    const entry = await parseWorkerEntry();
    parsedAt(entry.ok ? split : 'here');
    yield entry.ok ? batch : {
      ...batch,
      summary: { ...batch.summary, warnings: [...batch.summary.warnings, `The file was parsed without a worker thread, which made the import slower: ${entry.error}.`] },
    };
  }
}

/**
 * Whether a file of this size and format would be parsed (partly) in a worker, and which part. A
 * warm worker (prewarmParseWorker) is used even without an idle core: what made a worker slower on
 * a busy machine was mostly starting it.
 */
function splitFor(file: { totalBytes: number; format: FileFormat | undefined }, location: ParseLocation): ParseSplit {
  const useWorker = location === 'worker' || (location === 'auto' && file.totalBytes >= WORKER_MIN_BYTES && (hasWarmParseWorker() || spareCore()));
  return !useWorker || file.format === undefined ? 'here' : file.format === 'xlsx' ? 'rows-in-worker' : 'worker';
}

/**
 * Get ready to parse a file of this size and format: start its parse worker now (prewarmParseWorker),
 * for the import that follows on this thread. Nothing for a file that would be parsed here.
 * Resolves to whether a worker is ready.
 */
export function prepareToParse(file: { totalBytes: number; format: FileFormat | undefined }, location: ParseLocation = 'auto'): Promise<boolean> {
  const split = splitFor(file, location);
  return split === 'here' ? Promise.resolve(false) : prewarmParseWorker({ workbook: split === 'rows-in-worker' });
}

/**
 * The file's batches, the last one carrying the summary. Bad input never throws (it is in the
 * summary); a worker that fails or stops early does, like any other internal error. A worker is
 * started at once, so it loads while the caller hashes the file and opens the database.
 * `format` is the sniffed format (undefined when sniffing failed: the reader reports why).
 */
export function parseImportFile(path: string, file: { totalBytes: number; format: FileFormat | undefined }, options: ParseOptions,
  location: ParseLocation = 'auto'): ParsedSource {
  const split = splitFor(file, location);
  if (split === 'here') {
    const why = location === 'here' ? 'asked to' : file.format === undefined ? 'format not recognised' : file.totalBytes < WORKER_MIN_BYTES ? 'a small file' : 'no idle core';
    parseLog('parsing %s on this thread (%s)', path, why);
  }
  let parsedIn: ParseSplit | undefined;
  const parsed = split === 'worker' ? parseInWorker(path, options) : readParsedBatches(path, { ...options, rowsInWorker: split === 'rows-in-worker' });
  const inner = withLocation(parsed, split, (where) => { parsedIn = where; });
  const batches = split === 'here' ? inner : startedEarly(inner);
  return {
    batches,
    split,
    get parsedIn() {
      return parsedIn;
    },
    close: async () => {
      await batches.return(undefined);
      // An early next() starts `inner` even if `batches` never ran: stop it (and its worker) too.
      await inner.return(undefined);
    },
  };
}
