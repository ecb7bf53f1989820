import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, inspectBackup, listBackups, restoreDatabase } from '../../../app/store/backup';
import { latestSchemaVersion, migrate, openDatabase } from '../../../app/store/database';
import { migrations } from '../../../app/store/migrations';
import { openStore } from '../../../app/store';
import { tempDir } from '../../helpers/tempDir';

const now = '2026-01-01T00:00:00Z';

/** A database with `count` items named `${prefix}-i`. */
function makeDatabase(path: string, count: number, prefix = 'SKU'): void {
  const store = openStore(path);
  store.transaction(() => {
    for (let i = 0; i < count; i++) store.items.ensure(`${prefix}-${i}`, `Item ${i}`, now);
  });
  store.close();
}

/** Opens as the app does, and can still be written: the proof that a database is usable. */
function pageSize(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

function itemsAfterWriting(path: string): string[] {
  const store = openStore(path);
  try {
    store.transaction(() => store.items.ensure('WRITTEN-AFTER', null, now));
    return store.items.list().map((item) => item.sku).filter((sku) => sku !== 'WRITTEN-AFTER').sort();
  } finally {
    store.close();
  }
}

function skus(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`).sort();
}

/**
 * A backup that passes every check of the file itself (sound, a Replenish schema, version not
 * newer) but that the app cannot open: it says schema 1 while its tables are the latest, so
 * migration 2 (shipped, never edited) fails creating a table that exists. It is what makes a
 * restore roll back after writing the backup in.
 */
function unopenableBackup(path: string): void {
  makeDatabase(path, 2, 'BAD');
  const raw = new Database(path);
  raw.pragma('user_version = 1');
  raw.close();
}

describe('restore, all or nothing', () => {
  let dir: string;
  let cleanup: () => void;
  let live: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    live = join(dir, 'live.db');
    makeDatabase(live, 5, 'LIVE');
  });
  afterEach(() => cleanup());

  it('refuses a corrupt backup before touching anything', async () => {
    const corrupt = join(dir, 'corrupt.db');
    makeDatabase(corrupt, 300, 'X');
    const bytes = readFileSync(corrupt);
    bytes.fill(0x5a, 4096 + 200, 3 * 4096); // scribble over b-tree pages behind SQLite's back
    writeFileSync(corrupt, bytes);
    const before = readFileSync(live);
    const result = await restoreDatabase(corrupt, live);
    expect(result.ok).toBe(false);
    expect(readFileSync(live).equals(before)).toBe(true);
    expect(existsSync(`${live}.before-restore`)).toBe(false);
    expect(itemsAfterWriting(live)).toEqual(skus('LIVE', 5));
  });

  it('refuses a backup from a newer Replenish, and one that is not a database', async () => {
    const newer = join(dir, 'newer.db');
    makeDatabase(newer, 1, 'NEW');
    const raw = new Database(newer);
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    const refused = await restoreDatabase(newer, live);
    expect(!refused.ok && refused.error.code).toBe('database-newer');
    writeFileSync(join(dir, 'text.db'), 'not a database at all');
    expect((await restoreDatabase(join(dir, 'text.db'), live)).ok).toBe(false);
    expect(existsSync(`${live}.before-restore`)).toBe(false);
    expect(itemsAfterWriting(live)).toEqual(skus('LIVE', 5));
  });

  it('rolls back when the restored database cannot be opened, and removes the rollback copy', async () => {
    // Preconditions: such a file passes the backup checks, yet the app's open path refuses it.
    const probe = join(dir, 'probe.db');
    unopenableBackup(probe);
    expect(inspectBackup(probe).ok).toBe(true);
    expect(() => openDatabase(probe).close()).toThrow(/already exists/);
    const bad = join(dir, 'unopenable.db');
    unopenableBackup(bad);

    const result = await restoreDatabase(bad, live);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/put back as it was/);
    expect(itemsAfterWriting(live)).toEqual(skus('LIVE', 5));
    expect(existsSync(`${live}.before-restore`)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it('leaves no database behind when restoring into a missing file fails', async () => {
    const bad = join(dir, 'unopenable.db');
    unopenableBackup(bad);
    const missing = join(dir, 'fresh.db');
    const result = await restoreDatabase(bad, missing);
    expect(result.ok).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('fresh.db'))).toEqual([]);
  });

  it('restores a sound backup, keeping the replaced database as the way back', async () => {
    const backup = join(dir, 'backup.db');
    makeDatabase(backup, 3, 'OLD');
    const result = await restoreDatabase(backup, live);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.tableCounts.items).toBe(3);
    expect(result.value.previousCopy).toBe(`${live}.before-restore`);
    expect(itemsAfterWriting(live)).toEqual(skus('OLD', 3));
    // The rollback copy outlives the restore only as a verified, restorable backup of what was replaced.
    expect(inspectBackup(`${live}.before-restore`).ok).toBe(true);
    expect(itemsAfterWriting(`${live}.before-restore`)).toEqual(skus('LIVE', 5));
    expect(readdirSync(dir).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it('migrates a backup from an older Replenish while restoring it (after backing it up)', async () => {
    const older = join(dir, 'older.db');
    const raw = new Database(older);
    migrate(raw, 0, migrations.slice(0, -1));
    raw.prepare(`INSERT INTO items (sku, description, created_at, updated_at) VALUES ('OLDER-0', NULL, ?, ?)`).run(now, now);
    // Made the way older versions made databases: 4 KiB pages, where the live one has 16 KiB (in WAL
    // mode the backup API cannot change a page size).
    expect(raw.pragma('page_size', { simple: true })).toBe(4096);
    raw.close();
    expect(pageSize(live)).toBe(16_384);
    expect(inspectBackup(older).ok).toBe(true);
    const result = await restoreDatabase(older, live);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.schemaVersion).toBe(latestSchemaVersion - 1); // what was copied in
    const reopened = new Database(live, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    reopened.close();
    expect(itemsAfterWriting(live)).toEqual(['OLDER-0']);
    expect(listBackups(live).map((file) => file.name)).toEqual([expect.stringMatching(new RegExp(`-before-schema-${latestSchemaVersion}\\.db$`))]);
  });

  it('restores over a damaged database, keeping the damaged one byte for byte', async () => {
    makeDatabase(live, 400, 'MORE');
    const store = openStore(live);
    const tablePage = store.db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'items'`).pluck().get() as number;
    store.close();
    const bytes = readFileSync(live);
    bytes.fill(0x5a, (tablePage - 1) * 4096 + 8, tablePage * 4096);
    writeFileSync(live, bytes);
    const backup = join(dir, 'backup.db');
    makeDatabase(backup, 2, 'SAVED');

    const result = await restoreDatabase(backup, live);
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
    expect(itemsAfterWriting(live)).toEqual(skus('SAVED', 2));
    expect(readFileSync(`${live}.before-restore`).equals(bytes)).toBe(true);
  });

  it('refuses to restore a database onto itself, and while it is open', async () => {
    const same = await restoreDatabase(live, live);
    expect(!same.ok && same.error.code).toBe('invalid-input');
    const backup = join(dir, 'backup.db');
    const store = openStore(live);
    expect((await backupDatabase(store.db, backup)).ok).toBe(true);
    const busy = await restoreDatabase(backup, live);
    expect(!busy.ok && busy.error.code).toBe('database-busy');
    store.close();
    expect(itemsAfterWriting(live)).toEqual(skus('LIVE', 5));
  });
});
