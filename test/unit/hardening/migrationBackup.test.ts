import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../helpers/tempDir';

// A future schema version, so that opening an existing database has a migration to run.
vi.mock('../../../app/store/migrations', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../app/store/migrations')>();
  const next = original.migrations[original.migrations.length - 1].version + 1;
  return {
    ...original,
    migrations: [...original.migrations, { version: next, name: 'test: add a column', sql: 'ALTER TABLE items ADD COLUMN shelf TEXT;' }],
  };
});

const { latestSchemaVersion, migrate } = await import('../../../app/store/database');
const { migrations } = await import('../../../app/store/migrations');
const { openStore } = await import('../../../app/store');
const { backupFolder } = await import('../../../app/store/backup');

describe('automatic backup before a migration', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('copies the old database, verified, before upgrading it', () => {
    const path = join(dir, 'replenish.db');
    const old = new Database(path);
    migrate(old, 0, migrations.slice(0, -1));
    old.prepare(`INSERT INTO items (sku, created_at, updated_at) VALUES ('A', 'x', 'x'), ('B', 'x', 'x')`).run();
    const oldVersion = old.pragma('user_version', { simple: true }) as number;
    old.close();
    expect(oldVersion).toBe(latestSchemaVersion - 1);

    const store = openStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    store.close();

    const backups = readdirSync(backupFolder(path));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^replenish-\\d{8}T\\d{6}Z-before-schema-${latestSchemaVersion}\\.db$`));
    const copy = new Database(join(backupFolder(path), backups[0]), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(oldVersion);
    expect(copy.prepare('SELECT sku FROM items ORDER BY sku').pluck().all()).toEqual(['A', 'B']);
    expect(copy.prepare(`SELECT COUNT(*) FROM pragma_table_info('items') WHERE name = 'shelf'`).pluck().get()).toBe(0);
    copy.close();
  });

  it('makes no backup of a brand-new database or of one already up to date', () => {
    const path = join(dir, 'fresh.db');
    openStore(path).close();
    openStore(path).close();
    expect(readdirSync(dir)).not.toContain('backups');
  });
});
