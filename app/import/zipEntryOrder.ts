/**
 * A workbook's bytes with its zip entries in the order a streaming reader wants them: everything
 * else first, the worksheets last. Excel (and exceljs) write the worksheets before the shared
 * strings; exceljs's streaming reader then cannot decode a worksheet when it reaches it, so it
 * inflates the whole sheet into a temporary file in the system's temp folder and reads it back
 * after the shared strings — a second copy of the planner's data on disk, and time. The file is on
 * disk, so its central directory says where each entry is: the entries are read in another order,
 * each one's bytes unchanged, and the central directory follows them. Anything unexpected
 * (ZIP64, a directory that does not add up) gives the file as it is.
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end-of-directory record is 22 bytes plus a comment of up to 65,535. */
const END_SEARCH_BYTES = 22 + 0xffff;
const READ_BYTES = 256 * 1024;

interface Entry {
  name: string;
  /** Where its local record (header, data, descriptor) starts, and where the next one starts. */
  start: number;
  end: number;
}

/** Entries read after the others: the worksheets (and their relationships, which exceljs reads as it meets them). */
function readLast(name: string): boolean {
  return /^xl\/worksheets\/sheet\d+\.xml$/.test(name);
}

/** The file's entries in their order in the file, or undefined when its directory is not plain. */
async function entriesOf(path: string): Promise<{ entries: Entry[]; directoryStart: number; size: number } | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, END_SEARCH_BYTES);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let at = tailLength - 22; at >= 0; at--) {
      if (tail.readUInt32LE(at) === END_OF_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end < 0) return undefined;
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryStart = tail.readUInt32LE(end + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) return undefined; // ZIP64
    if (directoryStart + directorySize > size) return undefined;
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryStart);
    const starts: { name: string; start: number }[] = [];
    let at = 0;
    for (let index = 0; index < count; index++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) return undefined;
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const start = directory.readUInt32LE(at + 42);
      if (start === 0xffffffff) return undefined;
      starts.push({ name: directory.toString('utf8', at + 46, at + 46 + nameLength), start });
      at += 46 + nameLength + extraLength + commentLength;
    }
    starts.sort((a, b) => a.start - b.start);
    const entries: Entry[] = starts.map((entry, index) => ({ ...entry, end: index + 1 < starts.length ? starts[index + 1].start : directoryStart }));
    // Every record must start with a local header where the directory says.
    const signature = Buffer.alloc(4);
    for (const entry of entries) {
      await file.read(signature, 0, 4, entry.start);
      if (signature.readUInt32LE(0) !== LOCAL_HEADER || entry.end <= entry.start) return undefined;
    }
    return { entries, directoryStart, size };
  } finally {
    await file.close();
  }
}

async function* bytesOf(path: string, ranges: { start: number; end: number }[]): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    for (const { start, end } of ranges) {
      for (let at = start; at < end;) {
        const length = Math.min(READ_BYTES, end - at);
        const chunk = Buffer.allocUnsafe(length);
        const { bytesRead } = await file.read(chunk, 0, length, at);
        if (bytesRead === 0) throw new Error('the workbook ended early');
        yield bytesRead === length ? chunk : chunk.subarray(0, bytesRead);
        at += bytesRead;
      }
    }
  } finally {
    await file.close();
  }
}

/**
 * The workbook as a stream with its worksheets last — or undefined when they are last already,
 * or the file's directory is not one this can follow (read the file as it is then).
 */
export async function worksheetsLast(path: string): Promise<Readable | undefined> {
  const found = await entriesOf(path);
  if (found === undefined) return undefined;
  const { entries, directoryStart, size } = found;
  const firstSheet = entries.findIndex((entry) => readLast(entry.name));
  if (firstSheet < 0 || entries.slice(firstSheet).every((entry) => readLast(entry.name))) return undefined;
  const ordered = [...entries.filter((entry) => !readLast(entry.name)), ...entries.filter((entry) => readLast(entry.name))];
  return Readable.from(bytesOf(path, [...ordered, { start: directoryStart, end: size }]));
}
