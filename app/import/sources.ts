/**
 * Raw rows out of a file, streamed in chunks, with the row numbers a spreadsheet program shows.
 * CSV: bytes are decoded incrementally and fed to papaparse's low-level parser chunk by chunk
 * (the unfinished last row, quoted newlines included, carries over to the next chunk), so memory
 * stays flat whatever the file size — or, once the reader gives a CsvLineSink, whole lines go to
 * it as bytes and only the lines it refuses to papaparse. XLSX: xlsxSource.ts (exceljs's
 * streaming reader).
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { messagesOf, startParseWorker, WorkerFileError } from './parseWorkers';
import type { SniffedFile } from './sniff';
import type { RawCell } from './types';

export interface RowChunk {
  rows: RawCell[][];
  /** Spreadsheet row number of each row (1-based). */
  rowNumbers: number[];
  /** Problems the tokenizer found, by index into `rows`. */
  rowProblems?: Map<number, string>;
  bytesRead: number;
}

/** A problem with the file as a whole (undecodable bytes, broken zip, unknown sheet). */
export class FileReadError extends Error {}

/**
 * Takes whole lines of a UTF-8 text file as bytes, before any text is decoded: the reader's fast
 * path for sales lines (csvSalesLines.ts). Until `take` is set — the reader sets it once the
 * header and formats are known — and for everything it refuses, rows go through papaparse.
 */
export interface CsvLineSink {
  /**
   * Takes the line in bytes[start, end) (without its line break), the file's row number `row`.
   * False when papaparse must read it (its quoting is not simple): papaparse then reads that line,
   * and the next ones while its row is unfinished (a quoted line break), and the sink gets the
   * lines after them.
   */
  take?: (bytes: Buffer, start: number, end: number, row: number) => boolean;
}

export interface SourceOptions {
  sheet?: string;
  chunkBytes?: number;
  /** Receives the workbook's sheet names once they are all known (XLSX). */
  onSheets?: (names: string[]) => void;
  /**
   * Read a workbook's rows in a worker thread (parseWorkers.ts), so that everything after exceljs
   * runs on this thread in parallel. Parses here when no worker can start. Ignored for text files.
   */
  inWorker?: boolean;
  /** Text files: lines for the reader's fast path. */
  lines?: CsvLineSink;
}

/**
 * Small chunks on purpose: every parsed row of a chunk is alive until the chunk is consumed, and
 * the young-generation garbage collector copies whatever is alive. With 1 MiB chunks (≈12,000 rows)
 * collection dominated the import; with 16 KiB it costs a fraction (measured: about 2.5× faster
 * overall on a 200,000-row file, and half the memory). Small pieces also keep each decoded string
 * an ordinary young object: a string of 256 KiB is a "large object" that V8 maps and unmaps on
 * its own, and decoding 75 MB that way took 0.5 s instead of 25 ms. The disk is read in bigger
 * blocks into one reused buffer (a fresh buffer per read costs page faults on memory used once).
 */
const CSV_PIECE_BYTES = 16 * 1024;
const CSV_READ_BYTES = 256 * 1024;

export function readRows(path: string, sniffed: SniffedFile, options: SourceOptions = {}): AsyncGenerator<RowChunk> {
  if (sniffed.format !== 'xlsx') return csvRows(path, sniffed, options.chunkBytes, options.lines);
  return options.inWorker ? xlsxRowsInWorker(path, options) : xlsxRowsHere(path, options);
}

/** Workbooks are read by xlsxSource.ts, loaded on first use: exceljs takes most of a second to load. */
async function* xlsxRowsHere(path: string, options: SourceOptions): AsyncGenerator<RowChunk> {
  const { xlsxRows } = await import('./xlsxSource');
  yield* xlsxRows(path, options);
}

/** xlsxRows in a worker thread (started on the first `next()`), or here when none can start. */
async function* xlsxRowsInWorker(path: string, options: SourceOptions): AsyncGenerator<RowChunk> {
  const worker = await startParseWorker({ mode: 'rows', path, options: { sheet: options.sheet, chunkBytes: options.chunkBytes } });
  if (worker === undefined) {
    yield* xlsxRowsHere(path, options);
    return;
  }
  try {
    for await (const message of messagesOf(worker)) {
      if (message.kind === 'sheets') options.onSheets?.(message.names);
      else yield message.value as RowChunk;
    }
  } catch (cause) {
    throw cause instanceof WorkerFileError ? new FileReadError(cause.message) : cause;
  }
}

/**
 * Where the last complete UTF-8 character of bytes[0, end) ends: `end`, or the start of a
 * trailing character whose remaining bytes have not been read yet.
 */
function completeUtf8End(bytes: Uint8Array, end: number): number {
  let lead = end - 1;
  while (lead >= 0 && lead > end - 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return end;
  const byte = bytes[lead];
  const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return end - lead < length ? lead : end;
}

/**
 * A place to cut bytes[start, end) near `position` without splitting a UTF-8 character: the start
 * of the character `position` falls in, or the end of the one at `start` when that is the same.
 */
function utf8Cut(bytes: Uint8Array, start: number, position: number, end: number): number {
  let cut = position;
  while (cut > position - 3 && cut > start && (bytes[cut] & 0xc0) === 0x80) cut--;
  if (cut > start) return cut;
  const byte = bytes[start];
  return Math.min(end, start + (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1));
}

const LINE_FEED = 0x0a;
/** Lines of one row (inside a quoted text) read one by one before the rest of the block goes to papaparse in pieces. */
const MAX_UNFINISHED_LINES = 64;
const CARRIAGE_RETURN = 0x0d;

async function* csvRows(path: string, sniffed: SniffedFile, chunkBytes: number | undefined, lines: CsvLineSink | undefined): AsyncGenerator<RowChunk> {
  const readBytes = Math.max(chunkBytes ?? CSV_READ_BYTES, 4);
  const pieceBytes = chunkBytes ?? CSV_PIECE_BYTES;
  const encoding = sniffed.encoding ?? 'utf-8';
  const utf8 = encoding === 'utf-8';
  // UTF-8 is checked by isUtf8 and decoded by Buffer (simdutf): TextDecoder's fatal streaming mode
  // is several times slower. Other encodings are rare and small: TextDecoder.
  const decoder = utf8 ? undefined : new TextDecoder(encoding);
  const newline = sniffed.newline ?? '\n';
  const parser = new Papa.Parser({ delimiter: sniffed.delimiter ?? ',', newline, quoteChar: '"' });
  // Lines go to the sink only where a line feed ends a row for papaparse too.
  const sink = utf8 && newline !== '\r' ? lines : undefined;
  const crlf = newline === '\r\n';
  let pending = '';
  let nextRowNumber = 1;
  let bytesRead = sniffed.bomLength ?? 0;
  const toChunk = (text: string, final: boolean): RowChunk => {
    const results = parser.parse(text, 0, !final);
    const rows = results.data as string[][];
    pending = final ? '' : text.substring(results.meta.cursor);
    const rowNumbers = new Array<number>(rows.length);
    for (let index = 0; index < rows.length; index++) rowNumbers[index] = nextRowNumber + index;
    nextRowNumber += rows.length;
    let rowProblems: Map<number, string> | undefined;
    for (const problem of results.errors as Papa.ParseError[]) {
      rowProblems ??= new Map();
      rowProblems.set(problem.row ?? rows.length - 1, problem.message);
    }
    return { rows, rowNumbers, rowProblems, bytesRead };
  };
  const notUtf8 = (offset: number): FileReadError =>
    new FileReadError(`the file is not valid UTF-8 near byte ${offset}: save it as UTF-8 (or as one consistent encoding)`);
  /**
   * Hands the lines of buffer[start, stop) — whole lines, `stop` just after a line feed — to the
   * sink; returns where it stopped: `stop`, or the start of a line the general parser must read.
   */
  const sinkLines = (take: NonNullable<CsvLineSink['take']>, buffer: Buffer, start: number, stop: number): number => {
    let lineStart = start;
    while (lineStart < stop) {
      const lineFeed = buffer.indexOf(LINE_FEED, lineStart);
      let lineEnd = lineFeed;
      if (crlf) {
        // A bare line feed in a CR LF file is not a row break for papaparse.
        if (lineFeed === lineStart || buffer[lineFeed - 1] !== CARRIAGE_RETURN) return lineStart;
        lineEnd--;
      }
      if (!take(buffer, lineStart, lineEnd, nextRowNumber)) return lineStart;
      nextRowNumber++;
      lineStart = lineFeed + 1;
    }
    return stop;
  };
  const file = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(readBytes);
  /** Bytes of a character cut by the previous read (or of an unfinished line, see `carriedLine`), kept at the start of `buffer`. */
  let carried = 0;
  /** The carried bytes are the start of a line the sink will take, not a cut character. */
  let carriedLine = false;
  try {
    for (;;) {
      const { bytesRead: length } = await file.read(buffer, carried, readBytes - carried, bytesRead);
      const blockStart = bytesRead - carried;
      bytesRead += length;
      const available = carried + length;
      if (length === 0) {
        if (carried > 0 && !carriedLine) throw notUtf8(blockStart);
        if (carried > 0) {
          // The last line has no line break: the general parser reads it, as it reads every last row.
          if (!isUtf8(buffer.subarray(0, carried))) throw notUtf8(blockStart);
          pending += buffer.toString('utf8', 0, carried);
        }
        break;
      }
      let end = utf8 ? completeUtf8End(buffer, available) : available;
      let start = 0;
      carriedLine = false;
      const take = sink?.take;
      const lastLineFeed = take === undefined ? -1 : buffer.lastIndexOf(LINE_FEED, end - 1);
      // The block's whole lines are checked once here; a bad byte sends them to the pieces below, which say where it is.
      if (take !== undefined && lastLineFeed >= 0 && isUtf8(buffer.subarray(0, lastLineFeed + 1))) {
        const linesEnd = lastLineFeed + 1;
        /** Lines papaparse has read without finishing its row (a quoted line break). */
        let unfinishedLines = 0;
        while (start < linesEnd) {
          if (pending === '') {
            start = sinkLines(take, buffer, start, linesEnd);
            if (start === linesEnd) break;
          }
          // papaparse reads the next line: one the sink refused, or the rest of an unfinished row.
          const lineFeed = buffer.indexOf(LINE_FEED, start);
          const chunk = toChunk(pending + buffer.toString('utf8', start, lineFeed + 1), false);
          if (chunk.rows.length > 0) yield chunk;
          start = lineFeed + 1;
          unfinishedLines = pending === '' ? 0 : unfinishedLines + 1;
          // A long quoted text: its row is re-read with every line, so leave the block to the pieces below.
          if (unfinishedLines > MAX_UNFINISHED_LINES) break;
        }
        yield { rows: [], rowNumbers: [], bytesRead };
        if (start === linesEnd && pending === '') {
          // Every whole line was read: carry the unfinished last one over to the next read.
          end = linesEnd;
          carriedLine = true;
        }
      }
      for (; start < end;) {
        let stop = Math.min(end, start + pieceBytes);
        if (utf8 && stop < end) stop = utf8Cut(buffer, start, stop, end);
        let text: string;
        if (decoder === undefined) {
          if (!isUtf8(buffer.subarray(start, stop))) throw notUtf8(blockStart + start);
          text = buffer.toString('utf8', start, stop);
        } else {
          text = decoder.decode(buffer.subarray(start, stop), { stream: true });
        }
        const chunk = toChunk(pending + text, false);
        if (chunk.rows.length > 0) yield chunk;
        start = stop;
      }
      carried = available - end;
      buffer.copy(buffer, 0, end, available);
    }
    const rest = pending + (decoder?.decode() ?? '');
    if (rest !== '') yield toChunk(rest, true);
  } finally {
    await file.close();
  }
}
