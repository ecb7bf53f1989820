import Database from 'better-sqlite3';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, ok, toAppError, type Result } from '../common/result';
import { backupDatabaseSync, databaseInUse, inspectBackup, integrityProblems, verifyCopy, type DatabaseSnapshot } from './backup';
import { openDatabase, type SqliteDatabase } from './database';

/**
 * Restores are all or nothing: the backup is checked before anything changes, the current
 * database is saved as `<file>.before-restore`, the backup is written in as one SQLite transaction,
 * and the result is opened the way the app opens it; if that fails the saved copy is written back.
 */

export interface RestoreResult extends DatabaseSnapshot {
  restoredFrom: string;
  /**
   * The database that was replaced, kept next to it (the way back from restoring the wrong backup);
   * null when there was none. A damaged database is kept byte for byte (with its `-wal`), unverified.
   */
  previousCopy: string | null;
}

/**
 * Copy a database file into `targetPath` with the backup API: one SQLite write transaction there.
 * In WAL mode the backup API cannot change a database's page size (SQLITE_READONLY), and databases
 * made since schema 7 have 16 KiB pages where older ones — and their backups — have 4 KiB: for such
 * a pair the target leaves WAL mode first. A rollback journal keeps the copy all or nothing;
 * opening the result the way the app does (checkRestored) puts WAL back. Pages of one size are
 * copied in WAL mode as before.
 */
async function writeInto(sourcePath: string, targetPath: string): Promise<void> {
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
  try {
    if (existsSync(targetPath)) leaveWalForPageSize(targetPath, source.pragma('page_size', { simple: true }) as number);
    await source.backup(targetPath);
  } finally {
    source.close();
  }
}

function leaveWalForPageSize(targetPath: string, pageSize: number): void {
  try {
    const target = new Database(targetPath, { fileMustExist: true });
    try {
      if (target.pragma('page_size', { simple: true }) !== pageSize) target.pragma('journal_mode = DELETE');
    } finally {
      target.close();
    }
  } catch {
    // A damaged target may not even open: the backup then overwrites it (or reports why it cannot).
  }
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/**
 * Save the database a restore is about to replace as `copyPath`: a verified copy, or — when the
 * database is damaged, which is when planners restore — its files byte for byte.
 */
function savePrevious(targetPath: string, copyPath: string): Result<DatabaseSnapshot | null> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${copyPath}${suffix}`, { force: true });
  let damaged = false;
  let current: SqliteDatabase | undefined;
  try {
    current = new Database(targetPath, { fileMustExist: true });
    damaged = integrityProblems(current).length > 0;
    if (!damaged) {
      const saved = backupDatabaseSync(current, copyPath);
      if (saved.ok) return ok(saved.value);
      return fail(saved.error.code, `The current database could not be saved before the restore, so nothing was changed: ${saved.error.message}`);
    }
  } catch (error) {
    if (!isDamage(error)) throw error;
    damaged = true;
  } finally {
    current?.close();
  }
  copyFileSync(targetPath, copyPath);
  if (existsSync(`${targetPath}-wal`)) copyFileSync(`${targetPath}-wal`, `${copyPath}-wal`);
  return ok(null);
}

/** The restored file checked against the backup, then opened the way the app opens it (migrating an older schema). */
function checkRestored(targetPath: string, expected: DatabaseSnapshot): Result<DatabaseSnapshot> {
  const restored = verifyCopy(targetPath, expected);
  if (!restored.ok) return restored;
  try {
    openDatabase(targetPath).close();
    return restored;
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
}

/**
 * Replace the database at `targetPath` with a backup, all or nothing. Every connection to it must
 * be closed first (the caller closes its own; another window or command makes this refuse).
 *
 * 1. The backup is checked before anything changes: sound, a Replenish schema not newer than this build.
 * 2. The current database is saved as `<target>.before-restore` (the rollback copy).
 * 3. The backup is written in with the backup API, one transaction: a crash midway leaves the old database.
 * 4. The result is verified against the backup and opened as the app opens it; if that fails, the
 *    rollback copy is written back (or a target that did not exist removed) and the error returned.
 *
 * After a successful restore the rollback copy stays, as the planner's way back from restoring
 * the wrong backup (the next restore replaces it); after a rollback it is removed.
 */
export async function restoreDatabase(backupPath: string, targetPath: string): Promise<Result<RestoreResult>> {
  const source = inspectBackup(backupPath);
  if (!source.ok) return source;
  if (resolve(backupPath) === resolve(targetPath)) return fail('invalid-input', `${backupPath} is the database itself; choose a backup.`);
  try {
    if (databaseInUse(targetPath)) {
      return fail('database-busy', `${targetPath} is open in another Replenish window or command; close it and restore again.`);
    }
    const existed = existsSync(targetPath);
    const previousCopy = existed ? `${targetPath}.before-restore` : null;
    const previous = previousCopy ? savePrevious(targetPath, previousCopy) : ok(null);
    if (!previous.ok) return previous;
    let restored: Result<DatabaseSnapshot>;
    try {
      await writeInto(backupPath, targetPath);
      restored = checkRestored(targetPath, source.value);
    } catch (error) {
      restored = { ok: false, error: toAppError(error) };
    }
    if (restored.ok) return ok({ ...restored.value, restoredFrom: backupPath, previousCopy });
    return rollBack(targetPath, previousCopy, previous.value, restored.error.message);
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
}

/** Put the saved database back after a restore that could not be verified; the result says what happened. */
async function rollBack(targetPath: string, previousCopy: string | null, previous: DatabaseSnapshot | null, why: string): Promise<Result<never>> {
  const failed = `The backup could not be restored (${why})`;
  try {
    if (previousCopy === null) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${targetPath}${suffix}`, { force: true });
      return fail('invalid-input', `${failed}; nothing was changed.`);
    }
    await writeInto(previousCopy, targetPath);
    // A damaged database was saved unverified and comes back as it was; a sound one must match its copy.
    const check = previous ? verifyCopy(targetPath, previous) : ok(null);
    if (!check.ok) throw new Error(check.error.message);
    if (previous) openDatabase(targetPath).close(); // opens as before (and tidies the check's -wal/-shm away)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${previousCopy}${suffix}`, { force: true });
    return fail('invalid-input', `${failed}; the database was put back as it was.`);
  } catch (error) {
    return fail(
      'internal',
      `${failed}, and putting the previous database back failed too (${toAppError(error).message}). ` +
        `It is kept as ${previousCopy}: restore that file (\`replenish restore ${previousCopy}\`).`,
    );
  }
}
