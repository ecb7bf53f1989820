import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backupDatabase,
  backupDatabaseSync,
  backupFileName,
  databaseInUse,
  defaultBackupPath,
  listBackups,
  hadUncleanShutdown,
  inspectBackup,
  integrityProblems,
  restoreDatabase,
  snapshotOf,
} from '../../../app/store/backup';
import { AppFailure } from '../../../app/common/result';
import { openStore, type Store } from '../../../app/store';
import { latestSchemaVersion } from '../../../app/store/database';
import { tempDir } from '../../helpers/tempDir';

const now = '2026-01-01T00:00:00Z';

function fill(store: Store, items: number): void {
  store.transaction(() => {
    for (let i = 0; i < items; i++) store.items.ensure(`SKU-${i}`, `Item ${i}`, now);
  });
}

describe('backups', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('writes a verified online backup with the same schema version and row counts', async () => {
    const store = openStore(join(dir, 'a.db'));
    fill(store, 25);
    const result = await backupDatabase(store.db, join(dir, 'copies', 'a-backup.db'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.schemaVersion).toBe(latestSchemaVersion);
    expect(result.value.tableCounts.items).toBe(25);
    expect(result.value.tableCounts).toEqual(snapshotOf(store.db).tableCounts);
    expect(result.value.bytes).toBeGreaterThan(0);
    expect(existsSync(`${result.value.path}.partial`)).toBe(false);
    const copy = new Database(result.value.path, { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(25);
    copy.close();
    store.close();
  });

  it('refuses to overwrite an existing file', async () => {
    const store = openStore(join(dir, 'a.db'));
    writeFileSync(join(dir, 'taken.db'), 'x');
    const result = await backupDatabase(store.db, join(dir, 'taken.db'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('conflict');
    store.close();
  });

  it('writes the same verified copy synchronously (VACUUM INTO)', () => {
    const store = openStore(join(dir, 'a.db'));
    fill(store, 7);
    const result = backupDatabaseSync(store.db, join(dir, 'sync.db'));
    expect(result.ok && result.value.tableCounts.items).toBe(7);
    store.close();
  });

  it('rejects files that are not sound Replenish databases', () => {
    writeFileSync(join(dir, 'junk.db'), 'this is not sqlite at all, just some text that is long enough to have a header'.repeat(20));
    const junk = inspectBackup(join(dir, 'junk.db'));
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.error.code).toBe('invalid-input');

    const other = new Database(join(dir, 'other.db'));
    other.exec('CREATE TABLE t (x INTEGER)');
    other.close();
    const foreign = inspectBackup(join(dir, 'other.db'));
    expect(foreign.ok).toBe(false);
    if (!foreign.ok) expect(foreign.error.message).toMatch(/not a Replenish database/);

    const missing = inspectBackup(join(dir, 'missing.db'));
    expect(!missing.ok && missing.error.code).toBe('not-found');

    const store = openStore(join(dir, 'newer.db'));
    store.close();
    const raw = new Database(join(dir, 'newer.db'));
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    const newer = inspectBackup(join(dir, 'newer.db'));
    expect(!newer.ok && newer.error.code).toBe('database-newer');
  });

  it('finds corruption with integrity_check, and openDatabase refuses a damaged file after an unclean shutdown', () => {
    const path = join(dir, 'bad.db');
    const store = openStore(path);
    fill(store, 400);
    const indexPage = store.db.prepare(`SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items'`).pluck().get() as number;
    const pageSize = store.db.pragma('page_size', { simple: true }) as number;
    expect(integrityProblems(store.db)).toEqual([]);
    store.close();
    // Scribble over the middle of an index page behind SQLite's back, as a torn write would.
    const bytes = readFileSync(path);
    bytes.fill(0x5a, (indexPage - 1) * pageSize + 100, indexPage * pageSize);
    writeFileSync(path, bytes);
    const raw = new Database(path, { readonly: true });
    expect(integrityProblems(raw).length).toBeGreaterThan(0);
    raw.close();

    writeFileSync(`${path}-wal`, ''); // what a kill -9 leaves behind
    let thrown: unknown;
    try {
      openStore(path).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppFailure);
    expect((thrown as AppFailure).error.code).toBe('unavailable');
    expect((thrown as AppFailure).message).toMatch(/damaged/);
  });

  it('restores a backup, keeping the replaced database as .before-restore', async () => {
    const path = join(dir, 'live.db');
    const store = openStore(path);
    fill(store, 10);
    const backup = await backupDatabase(store.db, join(dir, 'ten.db'));
    expect(backup.ok).toBe(true);
    fill(store, 30); // SKU-0..29: 20 new items after the backup
    expect(store.items.count()).toBe(30);

    // While the store is open, the restore refuses and changes nothing.
    expect(databaseInUse(path)).toBe(true);
    const refused = await restoreDatabase(join(dir, 'ten.db'), path);
    expect(!refused.ok && refused.error.code).toBe('database-busy');
    store.close();
    expect(databaseInUse(path)).toBe(false);

    const restored = await restoreDatabase(join(dir, 'ten.db'), path);
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    expect(restored.value.tableCounts.items).toBe(10);
    expect(restored.value.previousCopy).toBe(`${path}.before-restore`);
    const reopened = openStore(path);
    expect(reopened.items.count()).toBe(10);
    reopened.close();
    const previous = openStore(`${path}.before-restore`);
    expect(previous.items.count()).toBe(30);
    previous.close();
  });

  it('does not touch the database when the backup is bad', async () => {
    const path = join(dir, 'live.db');
    const store = openStore(path);
    fill(store, 3);
    store.close();
    writeFileSync(join(dir, 'junk.db'), 'not a database');
    const result = await restoreDatabase(join(dir, 'junk.db'), path);
    expect(result.ok).toBe(false);
    expect(existsSync(`${path}.before-restore`)).toBe(false);
    const reopened = openStore(path);
    expect(reopened.items.count()).toBe(3);
    reopened.close();
  });

  it('restores into a missing database file', async () => {
    const store = openStore(join(dir, 'a.db'));
    fill(store, 4);
    await backupDatabase(store.db, join(dir, 'four.db'));
    store.close();
    const result = await restoreDatabase(join(dir, 'four.db'), join(dir, 'new', 'b.db').replace('/new', ''));
    expect(result.ok && result.value.previousCopy).toBe(null);
  });

  it('lists the backups of the default folder, newest first', async () => {
    const path = join(dir, 'replenish.db');
    expect(listBackups(path)).toEqual([]);
    const store = openStore(path);
    const older = await backupDatabase(store.db, defaultBackupPath(path, 'manual', new Date('2026-01-01T00:00:00Z')));
    const newer = await backupDatabase(store.db, defaultBackupPath(path, 'manual', new Date('2026-02-01T00:00:00Z')));
    store.close();
    expect(older.ok && newer.ok).toBe(true);
    const listed = listBackups(path);
    expect(listed.map((file) => file.name)).toEqual(['replenish-20260201T000000Z-manual.db', 'replenish-20260101T000000Z-manual.db']);
    expect(listed[0].path).toBe(join(dir, 'backups', 'replenish-20260201T000000Z-manual.db'));
    expect(listed[0].bytes).toBeGreaterThan(0);
  });

  it('names automatic backups by time and reason', () => {
    expect(backupFileName('/x/replenish.db', 'before-schema-2', new Date('2026-03-04T05:06:07.891Z'))).toBe('replenish-20260304T050607Z-before-schema-2.db');
  });

  it('detects an unclean shutdown by a leftover -wal file that nobody has open', () => {
    const path = join(dir, 'w.db');
    const store = openStore(path);
    fill(store, 2);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(hadUncleanShutdown(path)).toBe(false); // open right now: not a crash
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false); // a clean close removes the -wal file
    expect(hadUncleanShutdown(path)).toBe(false);
    writeFileSync(`${path}-wal`, ''); // what a kill -9 leaves behind
    expect(hadUncleanShutdown(path)).toBe(true);
    expect(readdirSync(dir)).toContain('w.db');
  });
});
