/**
 * What kind of file this is, judged by its bytes and never by its extension: an XLSX (zip) or
 * delimited text, and for text its encoding, delimiter and line ending. Files that are not
 * spreadsheets (PDF, legacy .xls, images, other binaries, empty files) get a clear message.
 */
import { open } from 'node:fs/promises';
import type { FileFormat, ImportError, Result, TextEncodingName } from './types';

export interface SniffedFile {
  format: FileFormat;
  totalBytes: number;
  encoding?: TextEncodingName;
  /** Bytes of byte-order mark to skip. */
  bomLength?: number;
  delimiter?: string;
  newline?: '\n' | '\r\n' | '\r';
}

const SAMPLE_BYTES = 64 * 1024;
const DELIMITERS = [',', ';', '\t', '|'];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** Cuts a sample at a character boundary so a fatal decoder does not fail on a split sequence. */
function isValidUtf8Prefix(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

function looksBinary(text: string): boolean {
  let control = 0;
  const length = Math.min(text.length, 8192);
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0) return true;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control++;
  }
  return control > length * 0.01;
}

/**
 * The delimiter that splits the first lines into the same number (> 1) of fields most often,
 * counting only outside double quotes. Ties go to the order , ; tab |.
 */
export function detectDelimiter(text: string): string {
  let best = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const counts = countFieldsPerLine(text, delimiter, 20);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modeCount = 1;
    let modeFrequency = 0;
    for (const [count, times] of frequency) {
      if (times > modeFrequency || (times === modeFrequency && count > modeCount)) {
        modeCount = count;
        modeFrequency = times;
      }
    }
    if (modeCount < 2) continue;
    // Consistency first (share of lines with the typical field count), then more fields.
    const score = (modeFrequency / counts.length) * 1000 + Math.min(modeCount, 999) / 1000;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function countFieldsPerLine(text: string, delimiter: string, maxLines: number): number[] {
  const counts: number[] = [];
  let inQuotes = false;
  let fields = 1;
  let lineHasContent = false;
  for (let index = 0; index < text.length && counts.length < maxLines; index++) {
    const char = text[index];
    if (char === '"') {
      inQuotes = !inQuotes;
      lineHasContent = true;
    } else if (!inQuotes && (char === '\n' || char === '\r')) {
      if (lineHasContent) counts.push(fields);
      fields = 1;
      lineHasContent = false;
      if (char === '\r' && text[index + 1] === '\n') index++;
    } else if (!inQuotes && char === delimiter) {
      fields++;
      lineHasContent = true;
    } else {
      lineHasContent = true;
    }
  }
  // The last line counts only when the sample holds the whole file (it may be cut otherwise).
  if (lineHasContent && counts.length === 0) counts.push(fields);
  return counts;
}

function detectNewline(text: string): '\n' | '\r\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr >= 0 && (lf < 0 || cr < lf)) return lf === cr + 1 ? '\r\n' : '\r';
  return '\n';
}

export async function sniffFile(path: string): Promise<Result<SniffedFile>> {
  const fail = (message: string): Result<SniffedFile> => ({ ok: false, error: { file: path, message } as ImportError });
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    return fail(`cannot open the file: ${(cause as Error).message}`);
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return fail('the file is empty: no header row and no data');
    const buffer = new Uint8Array(Math.min(size, SAMPLE_BYTES));
    await handle.read(buffer, 0, buffer.length, 0);
    const complete = buffer.length === size;
    if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return { ok: true, value: { format: 'xlsx', totalBytes: size } };
    if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46])) return fail('this is a PDF document, not a spreadsheet: export the data as CSV or XLSX');
    if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0])) return fail('this is a legacy Excel .xls (or other Office 97) file: save it as .xlsx or CSV');
    let encoding: TextEncodingName = 'utf-8';
    let bomLength = 0;
    if (startsWith(buffer, [0xef, 0xbb, 0xbf])) bomLength = 3;
    else if (startsWith(buffer, [0xff, 0xfe])) { encoding = 'utf-16le'; bomLength = 2; }
    else if (startsWith(buffer, [0xfe, 0xff])) { encoding = 'utf-16be'; bomLength = 2; }
    else if (!isValidUtf8Prefix(buffer, complete)) encoding = 'windows-1252';
    const body = buffer.subarray(bomLength);
    const text = new TextDecoder(encoding).decode(body);
    if (looksBinary(text)) return fail('this is a binary file, not a spreadsheet (CSV, TSV or XLSX expected)');
    if (text.trim() === '') return fail('the file is empty: no header row and no data');
    return {
      ok: true,
      value: { format: 'csv', totalBytes: size, encoding, bomLength, delimiter: detectDelimiter(text), newline: detectNewline(text) },
    };
  } catch (cause) {
    return fail(`cannot read the file: ${(cause as Error).message}`);
  } finally {
    await handle.close();
  }
}
