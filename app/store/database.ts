import Database from 'better-sqlite3';
import { AppFailure } from '../common/result';
import { backupBeforeMigration, hadUncleanShutdown, integrityProblems, removeInterruptedBackups } from './backup';
import { migrations, type Migration } from './migrations';

export type SqliteDatabase = Database.Database;

/** The newest schema version this build knows. */
export const latestSchemaVersion = migrations[migrations.length - 1].version;

/** Checked at import time: versions must be 1, 2, 3 … so that `user_version` can only go up. */
export function assertMigrationsAscend(list: readonly Migration[] = migrations): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}`);
    }
  });
}
assertMigrationsAscend();

export interface OpenOptions {
  /** Open read-only (no migration; refuses a database that needs one). */
  readonly?: boolean;
  /** Milliseconds to wait for another writer before failing with "database is busy". */
  busyTimeoutMs?: number;
}

/**
 * Open (or create) a Replenish database and bring its schema up to date.
 *
 * A database written by a newer Replenish is refused and left untouched. After an unclean shutdown
 * (a leftover -wal file) the database must pass `PRAGMA integrity_check` before it is used. Pending
 * migrations run in one transaction, after a verified backup of the existing database: either the
 * schema moves to the latest version or it stays where it was.
 */
/** Bytes per page of a database this version creates (SQLite's default is 4096). */
const NEW_DATABASE_PAGE_SIZE = 16_384;

export function openDatabase(path: string, options: OpenOptions = {}): SqliteDatabase {
  // Looked at before opening: our own connection creates a -wal file as soon as it reads.
  const unclean = hadUncleanShutdown(path);
  // A backup or restore that a crash cut short left a `.partial` file: nothing will finish it.
  if (!options.readonly) removeInterruptedBackups(path);
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latestSchemaVersion) {
      throw new AppFailure({
        code: 'database-newer',
        message:
          `The database ${path} was written by a newer version of Replenish (schema ${version}; this version ` +
          `knows up to ${latestSchemaVersion}). It has not been modified. Update Replenish to open it.`,
      });
    }
    if (unclean) {
      const problems = integrityProblems(db);
      if (problems.length > 0) {
        throw new AppFailure({
          code: 'unavailable',
          message:
            `The database ${path} is damaged (found after an unclean shutdown: ${problems.slice(0, 3).join('; ')}). ` +
            'It has not been modified. Restore a backup from the "backups" folder next to it (`replenish restore FILE`).',
        });
      }
    }
    if (!options.readonly) {
      // Before the first table, and only then, the page size can be chosen: a new database gets
      // 16 KiB pages instead of 4 KiB. A big import writes a quarter as many pages (WAL frames,
      // B-tree cells moved on each split): measured on a 1,000,000-line CSV import, 0.2–0.3 s of
      // 5.9 s less. Existing databases keep theirs.
      if (version === 0) db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (version < latestSchemaVersion) {
      if (options.readonly) {
        throw new AppFailure({
          code: 'invalid-input',
          message: `The database ${path} needs an upgrade (schema ${version} → ${latestSchemaVersion}) and was opened read-only.`,
        });
      }
      // A fresh file (version 0) holds nothing to lose; anything else is copied first.
      if (version > 0) backupBeforeMigration(db, path, version);
      const applied = migrate(db, version);
      if (version > 0 && applied.some((migration) => migration.vacuumAfter)) compactAfterMigration(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Give back the pages a migration freed (VACUUM: a new copy of the database, written as one
 * transaction; measured on a database of a million sales lines after migration 008: 1.0 s, 144 MB
 * to 83 MB). Only space is at stake: when it cannot run (a full disk), the database stays as the
 * migration left it — correct, and larger than it needs to be.
 */
function compactAfterMigration(db: SqliteDatabase): void {
  try {
    db.exec('VACUUM');
  } catch {
    // Nothing to repair: VACUUM changes nothing unless it completes.
  }
}

/** Apply every migration newer than `fromVersion`, all in one transaction; returns those applied. */
export function migrate(db: SqliteDatabase, fromVersion: number, list: readonly Migration[] = migrations): readonly Migration[] {
  assertMigrationsAscend(list);
  const pending = list.filter((migration) => migration.version > fromVersion);
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      migration.migrate?.(db);
      // user_version cannot be a bound parameter; the value is an integer from our own list.
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return pending;
}

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}
