import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../app/store';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tempDir';

/**
 * The desktop app and a `replenish` command on one database: while the app holds a write
 * transaction, the command's write waits out the busy timeout (5 s) and then fails with the clear
 * "database is busy" message and exit code 1 — not a crash, not a half-written import — while
 * reads go on. Once the app commits, the same command succeeds.
 */
describe('a replenish command while the desktop app is writing', () => {
  const temp = tempDir('replenish-busy-');
  afterAll(() => temp.cleanup());

  it('gets "database is busy" after the busy timeout, changes nothing, and works once the writer commits', () => {
    const db = join(temp.dir, 'shared.db');
    const sales = join(temp.dir, 'sales.csv');
    writeFileSync(sales, 'Order,Date,SKU,Qty\nSO-1,2026-01-05,SKU-A,3\nSO-2,2026-01-06,SKU-B,4\n');
    const desktop = openStore(db);
    desktop.transaction(() => desktop.items.ensure('COMMITTED', null, '2026-01-01T00:00:00Z'));
    desktop.db.exec('BEGIN IMMEDIATE');
    desktop.items.ensure('HELD', null, '2026-01-01T00:00:00Z');

    try {
      const started = Date.now();
      const blocked = runCli(['import', sales, '--db', db, '--json']);
      const waitedMs = Date.now() - started;
      expect(blocked.stderr).toMatch(/database is busy/i);
      expect(blocked.stderr).not.toMatch(/internal error|at .*\.ts:\d+/i);
      expect(blocked.status, blocked.stderr).toBe(1);
      expect(JSON.parse(blocked.stdout).error.code).toBe('database-busy');
      // It waited for the writer (the 5 s busy timeout) before giving up.
      expect(waitedMs).toBeGreaterThanOrEqual(5000);

      // Readers are not blocked by the writer (WAL) and see only what was committed.
      const reading = runCli(['items', '--db', db, '--json']);
      expect(reading.status, reading.stderr).toBe(0);
      expect(JSON.parse(reading.stdout).items.map((item: { item: string }) => item.item)).toEqual(['COMMITTED']);
    } finally {
      desktop.db.exec('COMMIT');
    }
    // Nothing of the refused import was written.
    expect(desktop.db.prepare('SELECT COUNT(*) FROM import_batches').pluck().get()).toBe(0);
    expect(desktop.items.list().map((item) => item.sku).sort()).toEqual(['COMMITTED', 'HELD']);

    const retried = runCli(['import', sales, '--db', db, '--json']);
    expect(retried.status, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout).rowsImported).toBe(2);
    expect(desktop.items.list().map((item) => item.sku).sort()).toEqual(['COMMITTED', 'HELD', 'SKU-A', 'SKU-B']);
    desktop.close();
  }, 120_000);
});
