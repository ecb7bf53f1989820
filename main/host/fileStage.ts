import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FileResolver } from '../../app/api/context';

/**
 * Files a planner picked in a host, known to the API by an opaque id: an upload saved to a
 * private temporary folder (web host) or a path chosen in a native dialog / dropped on the
 * window (Electron) or given on the command line (CLI).
 */
export class FileStage implements FileResolver {
  private readonly files = new Map<string, { path: string; name: string; temporary: boolean }>();
  private uploadDir: string | undefined;

  /** Register an existing local file; returns its id. */
  addPath(path: string, name = basename(path)): string {
    const id = randomUUID();
    this.files.set(id, { path, name, temporary: false });
    return id;
  }

  /** A fresh path inside the private upload folder for a file about to be written. */
  reserveUpload(name: string): { id: string; path: string } {
    this.uploadDir ??= mkdtempSync(join(tmpdir(), 'replenish-uploads-'));
    const id = randomUUID();
    const path = join(this.uploadDir, id);
    this.files.set(id, { path, name: basename(name) || 'upload', temporary: true });
    return { id, path };
  }

  forget(id: string): void {
    const file = this.files.get(id);
    if (file?.temporary) rmSync(file.path, { force: true });
    this.files.delete(id);
  }

  resolve(fileId: string): { path: string; name: string } | undefined {
    const file = this.files.get(fileId);
    if (!file || !existsSync(file.path)) return undefined;
    return { path: file.path, name: file.name };
  }

  dispose(): void {
    if (this.uploadDir) rmSync(this.uploadDir, { recursive: true, force: true });
    this.files.clear();
  }
}
