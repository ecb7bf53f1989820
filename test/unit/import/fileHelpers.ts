/** Temporary files for importer tests: odd encodings, binaries and workbooks generated per run. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImportFileAll } from '../../../app/import/reader';
import type { ImportOptions, ImportRecord, ImportSummary } from '../../../app/import/types';

export const FIXTURES = join(__dirname, '../../fixtures/import');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export class TempFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'replenish-import-'));

  write(name: string, content: string | Uint8Array): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function readAll(path: string, options: ImportOptions = {}): Promise<{ records: ImportRecord[]; summary: ImportSummary }> {
  return readImportFileAll(path, options);
}

/** Records without their row numbers, for comparing the same data read from different files. */
export function withoutRows(records: ImportRecord[]): Omit<ImportRecord, 'row'>[] {
  return records.map(({ row: _row, ...rest }) => rest);
}

/** UTF-16 with a byte-order mark. */
export function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = endian === 'le' ? 0xff : 0xfe;
  bytes[1] = endian === 'le' ? 0xfe : 0xff;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    bytes[2 + index * 2 + (endian === 'le' ? 0 : 1)] = code & 0xff;
    bytes[2 + index * 2 + (endian === 'le' ? 1 : 0)] = code >>> 8;
  }
  return bytes;
}

/** Windows-1252 bytes for text made of Latin-1 characters (enough for test data). */
export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}
