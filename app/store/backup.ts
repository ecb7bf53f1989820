import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail, ok, toAppError, type Result } from '../common/result';
import { migrations } from './migrations';
import type { SqliteDatabase } from './database';
import { processExists } from './processes';

// Restores live in restore.ts; they are part of this module's interface.
export { restoreDatabase, type RestoreResult } from './restore';

/**
 * Backups that can be trusted: every copy is written to a `<name>.<pid>.partial` file, opened
 * read-only, checked with `PRAGMA integrity_check`, compared with its source (schema version and
 * the row count of every table), flushed to disk and only then renamed to its final name — so a
 * crash mid-backup leaves at most a `.partial` file, never a half-written backup under a good name,
 * and the next backup or open removes `.partial` files whose process is gone.
 *
 * Restores (restore.ts) check a backup with `inspectBackup` before anything changes.
 */

export interface DatabaseSnapshot {
  schemaVersion: number;
  /** Rows per table (every table of the schema, so no table can silently go missing). */
  tableCounts: Record<string, number>;
}

export interface BackupResult extends DatabaseSnapshot {
  path: string;
  bytes: number;
}

/** The newest schema this build knows (a backup from a newer Replenish cannot be restored). */
const newestKnownSchema = migrations[migrations.length - 1].version;

/** The problems `PRAGMA integrity_check` reports; empty when the database is sound. */
export function integrityProblems(db: SqliteDatabase): string[] {
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const messages = rows.map((row) => row.integrity_check);
    return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
  } catch (error) {
    // Damage bad enough that the check itself cannot walk the file is a finding, not a crash.
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return [(error as Error).message];
    throw error;
  }
}

/**
 * True when the last session did not close the database: in WAL mode SQLite removes the `-wal`
 * file when the last connection closes cleanly, so a `-wal` file that nobody has open means a
 * crash or power loss. A `-wal` file of a connection open right now (the desktop app while a
 * `replenish` command starts, or the host's own connection while an import task opens its own)
 * is not a crash, and whoever opened first already checked. No marker of our own is needed, and a
 * kill -9 cannot forget to remove it. When the probe itself cannot run (read-only media), check.
 */
export function hadUncleanShutdown(path: string): boolean {
  if (!existsSync(`${path}-wal`)) return false;
  try {
    return !databaseInUse(path);
  } catch {
    return true;
  }
}

/** Schema version and row counts, read in one transaction so they describe one moment. */
export function snapshotOf(db: SqliteDatabase): DatabaseSnapshot {
  return db.transaction(() => {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    const tableCounts: Record<string, number> = {};
    // Table names come from sqlite_master itself and are quoted; they cannot be bound parameters.
    for (const table of tables) tableCounts[table] = db.prepare(`SELECT COUNT(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get() as number;
    return { schemaVersion: db.pragma('user_version', { simple: true }) as number, tableCounts };
  })();
}

/** Open a backup read-only and check it: sound, a Replenish schema this build can open. */
export function inspectBackup(path: string): Result<DatabaseSnapshot> {
  if (!existsSync(path)) return fail('not-found', `No backup file at ${path}.`);
  let copy: SqliteDatabase | undefined;
  try {
    copy = new Database(path, { readonly: true, fileMustExist: true });
    const problems = integrityProblems(copy);
    if (problems.length > 0) return fail('invalid-input', `${path} is damaged: ${problems.slice(0, 3).join('; ')}`);
    const snapshot = snapshotOf(copy);
    if (snapshot.schemaVersion < 1 || !('items' in snapshot.tableCounts)) return fail('invalid-input', `${path} is not a Replenish database.`);
    if (snapshot.schemaVersion > newestKnownSchema) {
      return fail('database-newer', `${path} was written by a newer version of Replenish (schema ${snapshot.schemaVersion}); update Replenish to restore it.`);
    }
    return ok(snapshot);
  } catch (error) {
    const appError = toAppError(error);
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') return fail('invalid-input', `${path} is not a SQLite database.`);
    return { ok: false, error: appError };
  } finally {
    copy?.close();
  }
}

/** Check a freshly written copy against the snapshot of its source. */
export function verifyCopy(copyPath: string, expected: DatabaseSnapshot): Result<DatabaseSnapshot> {
  const inspected = inspectBackup(copyPath);
  if (!inspected.ok) return inspected;
  const actual = inspected.value;
  const mismatch = Object.keys({ ...expected.tableCounts, ...actual.tableCounts }).filter(
    (table) => expected.tableCounts[table] !== actual.tableCounts[table],
  );
  if (actual.schemaVersion !== expected.schemaVersion || mismatch.length > 0) {
    return fail(
      'conflict',
      `The backup ${copyPath} does not match the database (schema ${actual.schemaVersion} vs ${expected.schemaVersion}` +
        `${mismatch.length > 0 ? `; row counts differ in ${mismatch.join(', ')}` : ''}). ` +
        'The database may have changed while it was copied (another Replenish window or command writing); try again.',
    );
  }
  return ok(actual);
}

/** Flush a file (and, where the OS allows, its folder entry) to disk before it is relied on. */
function flushToDisk(path: string): void {
  const file = openSync(path, 'r+');
  try {
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  try {
    const folder = openSync(dirname(path), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } catch {
    // Folders cannot be opened or flushed on Windows; NTFS journals the rename itself.
  }
}

function finishCopy(partial: string, destination: string, expected: DatabaseSnapshot): Result<BackupResult> {
  const verified = verifyCopy(partial, expected);
  if (!verified.ok) {
    removePartial(partial);
    return verified;
  }
  flushToDisk(partial);
  // Atomic: the destination is the old file (if any) or the verified new one, never anything between.
  renameSync(partial, destination);
  flushToDisk(destination);
  return ok({ ...verified.value, path: destination, bytes: statSync(destination).size });
}

/** `<name>.<pid>.partial`, and the journal SQLite may leave next to it. */
const partialName = /^(.*?)(?:\.(\d+))?\.partial(-journal|-wal|-shm)?$/;

function removePartial(partial: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
}

/**
 * Remove the `.partial` files in `folder` whose backup can no longer finish: its process died
 * (crash, kill -9, power loss). A backup still being written by a live process — this one, or the
 * desktop app and a `replenish` command at once — is left alone. `ownerName` limits this to files
 * named after one database (in folders that are not Replenish's own).
 */
export function removeStalePartials(folder: string, ownerName?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return []; // no such folder (no backup yet), or not readable: nothing to clean
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = partialName.exec(name);
    if (!match || (ownerName !== undefined && match[1] !== ownerName && !match[1].startsWith(`${ownerName}.`))) continue;
    // No process id: written by an older build, whose backups finished or died long ago.
    const pid = match[2] === undefined ? null : Number(match[2]);
    // This process's own are being written right now (by this or another of its threads): a backup
    // that fails removes its partial itself.
    if (pid === process.pid || (pid !== null && processExists(pid))) continue;
    try {
      rmSync(join(folder, name), { force: true });
      removed.push(join(folder, name));
    } catch {
      // Tidying up is best effort: a file that cannot be removed now is tried again next time.
    }
  }
  return removed;
}

/**
 * Left-overs of backups and restores that a crash interrupted, for the database at `databasePath`:
 * stale `.partial` files in its backups folder and next to it. Called when the database is opened.
 */
export function removeInterruptedBackups(databasePath: string): string[] {
  if (databasePath === '' || databasePath === ':memory:') return [];
  return [...removeStalePartials(backupFolder(databasePath)), ...removeStalePartials(dirname(databasePath), basename(databasePath))];
}

function prepareDestination(destination: string, replace: boolean): Result<string> {
  if (existsSync(destination) && !replace) return fail('conflict', `${destination} already exists; choose another name for the backup.`);
  mkdirSync(dirname(destination), { recursive: true });
  removeStalePartials(dirname(destination), basename(destination));
  const partial = `${destination}.${process.pid}.partial`;
  removePartial(partial);
  return ok(partial);
}

export interface BackupOptions {
  /**
   * Replace an existing file at the destination (the planner confirmed it in a save dialog). The
   * old file stays until the new copy is verified, and is then replaced in one rename.
   */
  replace?: boolean;
}

/**
 * On-demand backup with SQLite's online backup API (`db.backup`): other connections keep reading
 * and writing meanwhile. The copy is verified against a snapshot taken right after it was written;
 * a writer in between makes the counts differ and the backup is refused (try again) rather than
 * reported as good.
 */
export async function backupDatabase(db: SqliteDatabase, destination: string, options: BackupOptions = {}): Promise<Result<BackupResult>> {
  if (!db.memory) removeStalePartials(backupFolder(db.name));
  const partial = prepareDestination(destination, options.replace ?? false);
  if (!partial.ok) return partial;
  try {
    await db.backup(partial.value);
    const expected = snapshotOf(db);
    // The copy inherits WAL mode, and every read-only look at it (the check below, a restore dialog)
    // would leave -wal and -shm files next to it: a backup is one self-contained file.
    const copy = new Database(partial.value, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    return finishCopy(partial.value, destination, expected);
  } catch (error) {
    removePartial(partial.value);
    return { ok: false, error: toAppError(error) };
  }
}

/**
 * Synchronous backup with `VACUUM INTO` (one statement, one consistent read transaction), for the
 * places that cannot await: opening the database before a migration, and saving the database
 * that a restore replaces. Snapshot and copy are taken inside one read transaction.
 */
export function backupDatabaseSync(db: SqliteDatabase, destination: string, options: BackupOptions = {}): Result<BackupResult> {
  const partial = prepareDestination(destination, options.replace ?? false);
  if (!partial.ok) return partial;
  try {
    const expected = snapshotOf(db);
    db.prepare('VACUUM INTO ?').run(partial.value);
    return finishCopy(partial.value, destination, expected);
  } catch (error) {
    removePartial(partial.value);
    return { ok: false, error: toAppError(error) };
  }
}

/** Where automatic backups go: a `backups` folder next to the database. */
export function backupFolder(databasePath: string): string {
  return join(dirname(databasePath), 'backups');
}

/** A file name that sorts by time and says why the backup was made. */
export function backupFileName(databasePath: string, reason: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${basename(databasePath).replace(/\.db$/, '')}-${stamp}-${reason}.db`;
}

/** Where a backup made now goes by default: `<folder of the database>/backups/<name>-<time>-<reason>.db`. */
export function defaultBackupPath(databasePath: string, reason: 'manual' | `before-${string}`, at: Date): string {
  return join(backupFolder(databasePath), backupFileName(databasePath, reason, at));
}

export interface BackupFile {
  path: string;
  name: string;
  bytes: number;
  modifiedAt: string;
}

/** The backups in the default folder, newest first (what a restore dialog offers). */
export function listBackups(databasePath: string): BackupFile[] {
  const folder = backupFolder(databasePath);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.db'))
    .map((name) => {
      const path = join(folder, name);
      const stat = statSync(path);
      return { path, name, bytes: stat.size, modifiedAt: stat.mtime.toISOString() };
    })
    .sort((a, b) => b.name.localeCompare(a.name));
}

/**
 * The backup `openDatabase` makes before migrating a database that holds a schema: if the new
 * schema or the migration is wrong, the planner's data is still in this file. Throws (the open
 * fails and nothing is migrated) when the backup cannot be written and verified.
 */
export function backupBeforeMigration(db: SqliteDatabase, databasePath: string, fromVersion: number, at = new Date()): BackupResult {
  const destination = defaultBackupPath(databasePath, `before-schema-${fromVersion + 1}`, at);
  const result = backupDatabaseSync(db, destination);
  if (!result.ok) throw new Error(`Backup before upgrading the database failed, so it was not upgraded: ${result.error.message}`);
  return result.value;
}

/**
 * True when some other connection (this process or another) has the database open. A connection
 * in exclusive locking mode can only take its lock when no other connection holds the WAL's
 * shared memory, i.e. nobody else has the database open — an idle desktop app counts.
 */
export function databaseInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const probe = new Database(path, { fileMustExist: true });
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') || (error as { code?: string }).code?.startsWith('SQLITE_LOCKED')) return true;
    throw error;
  } finally {
    probe.close();
  }
}
