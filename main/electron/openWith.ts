import { statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * "Open with Replenish": which of a launch's arguments are data files to import. The OS passes the
 * file on the command line (Windows, Linux — also to an already running app, through the
 * single-instance lock's `second-instance` event) or as an `open-file` event (macOS). Kept free of
 * Electron so that it can be tested here.
 */

/** What electron-builder.yml associates with Replenish, and what the importer reads. */
export const openableExtensions: readonly string[] = ['.csv', '.tsv', '.txt', '.xlsx'];

export interface LaunchContext {
  /**
   * True when the app runs as `electron <app path>` (development; Electron's `process.defaultApp`):
   * then argv[1] is the app, not a file. A packaged app's argv[1] is already the first argument.
   */
  defaultApp: boolean;
  /** The folder relative paths are relative to: the launching process's working directory. */
  workingDirectory: string;
  /** Whether a path names an existing regular file (a parameter, so the parsing stays testable). */
  isFile?: (path: string) => boolean;
}

function existingFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** True for an existing .csv/.tsv/.txt/.xlsx file (any letter case). */
export function isOpenableDataFile(path: string, isFile: (path: string) => boolean = existingFile): boolean {
  return openableExtensions.includes(extname(path).toLowerCase()) && isFile(path);
}

/**
 * The data files in a launch's argv, as absolute paths, in order and without repeats. Skipped: the
 * executable (argv[0]), the app path in development, flags (`--inspect`, Chromium's switches that
 * Electron adds to a second instance's argv, macOS's `-psn_…`), other file types and paths that are
 * not existing files. `file://` URLs (Linux desktop entries with `%U`) count as their path.
 */
export function dataFilesFromArgv(argv: readonly string[], context: LaunchContext): string[] {
  const isFile = context.isFile ?? existingFile;
  const files: string[] = [];
  for (const argument of argv.slice(context.defaultApp ? 2 : 1)) {
    if (argument === '' || argument.startsWith('-')) continue;
    let path = argument;
    if (/^file:/i.test(argument)) {
      try {
        path = fileURLToPath(argument);
      } catch {
        continue; // a file: URL of another host, or malformed
      }
    }
    const absolute = isAbsolute(path) ? path : resolve(context.workingDirectory, path);
    if (isOpenableDataFile(absolute, isFile) && !files.includes(absolute)) files.push(absolute);
  }
  return files;
}
