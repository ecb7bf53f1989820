import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../app/common/result';
import { assertMigrationsAscend, latestSchemaVersion, migrate } from '../../../app/store/database';
import { migrations } from '../../../app/store/migrations';
import { openStore } from '../../../app/store';
import { tempDir } from '../../helpers/tempDir';
import { join } from 'node:path';

describe('database open and migrations', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('creates the schema at the latest version with WAL, foreign keys and STRICT tables', () => {
    const store = openStore(join(dir, 'a.db'));
    expect(store.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('page_size', { simple: true })).toBe(16_384);
    const tables = store.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['items', 'daily_sales', 'sales_line_blocks', 'plans', 'policies', 'training_runs']));
    // Gone with migration 009: identities are kept in the blocks.
    expect(tables.map((t) => t.name)).not.toContain('sales_line_keys');
    for (const table of tables) expect(table.sql, table.name).toMatch(/STRICT/);
    // STRICT: a text in a REAL column is refused rather than stored.
    expect(() =>
      store.db.prepare(`INSERT INTO items (sku, unit_cost, created_at, updated_at) VALUES ('A', 'cheap', 'x', 'x')`).run(),
    ).toThrow(/cannot store TEXT value in REAL column/);
    store.close();
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const path = join(dir, 'newer.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE future (x INTEGER)');
    raw.pragma(`user_version = ${latestSchemaVersion + 3}`);
    raw.close();
    let thrown: unknown;
    try {
      openStore(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppFailure);
    expect((thrown as AppFailure).error.code).toBe('database-newer');
    expect((thrown as AppFailure).message).toMatch(/newer version of Replenish/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 3);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).pluck().all()).toEqual(['future']);
    check.close();
  });

  it('re-opening a current database applies nothing and keeps data', () => {
    const path = join(dir, 'b.db');
    const first = openStore(path);
    first.items.ensure('SKU-1', 'Thing', '2026-01-01T00:00:00Z');
    first.close();
    const second = openStore(path);
    expect(second.items.count()).toBe(1);
    second.close();
  });

  it('checks that migration versions only go up by one', () => {
    expect(() => assertMigrationsAscend([{ version: 1, name: 'a', sql: '' }, { version: 3, name: 'b', sql: '' }])).toThrow(/expected 2/);
    expect(() => assertMigrationsAscend([{ version: 2, name: 'a', sql: '' }])).toThrow(/expected 1/);
  });

  it('rolls back a failing migration as a whole: schema and version stay where they were', () => {
    const path = join(dir, 'c.db');
    openStore(path).close();
    const raw = new Database(path);
    const next = latestSchemaVersion + 1;
    const list = [
      ...migrations,
      { version: next, name: 'good part', sql: 'CREATE TABLE extra (x INTEGER) STRICT;' },
      { version: next + 1, name: 'bad part', sql: 'THIS IS NOT SQL' },
    ];
    expect(() => migrate(raw, latestSchemaVersion, list)).toThrow();
    expect(raw.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'`).pluck().get()).toBe(0);
    expect(raw.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    migrate(raw, latestSchemaVersion, list.slice(0, -1));
    expect(raw.pragma('user_version', { simple: true })).toBe(next);
    raw.close();
  });
});
