import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, backupDatabaseSync, backupFolder, defaultBackupPath, listBackups, removeStalePartials } from '../../../app/store/backup';
import { openStore } from '../../../app/store';
import { tempDir } from '../../helpers/tempDir';

/** The id of a process that has certainly ended (a child that already exited). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('.partial files of interrupted backups', () => {
  let dir: string;
  let cleanup: () => void;
  let database: string;
  let backups: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    database = join(dir, 'replenish.db');
    openStore(database).close();
    backups = backupFolder(database);
    mkdirSync(backups, { recursive: true });
  });
  afterEach(() => cleanup());

  const touch = (path: string): string => {
    writeFileSync(path, 'half a backup');
    return path;
  };

  it('are removed when the database is next opened, unless their process still runs', () => {
    const dead = deadPid();
    const stale = touch(join(backups, `replenish-20260101T000000Z-manual.db.${dead}.partial`));
    const staleJournal = touch(`${stale}-journal`);
    const legacy = touch(join(backups, 'replenish-20251201T000000Z-manual.db.partial'));
    const ours = touch(join(backups, `replenish-20260102T000000Z-manual.db.${process.pid}.partial`));
    const stillWriting = touch(join(backups, `replenish-20260103T000000Z-manual.db.${process.ppid}.partial`));
    const restoreLeftover = touch(join(dir, `replenish.db.before-restore.${dead}.partial`));
    const otherDatabase = touch(join(dir, `other.db.before-restore.${dead}.partial`));
    const unrelated = touch(join(backups, 'notes.txt'));

    openStore(database).close();

    for (const removed of [stale, staleJournal, legacy, restoreLeftover]) expect(existsSync(removed), removed).toBe(false);
    // A live process (another, or this one in another thread) may still finish its backup; files of
    // another database, or not backups at all, stay.
    for (const kept of [stillWriting, ours, otherDatabase, unrelated]) expect(existsSync(kept), kept).toBe(true);
  });

  it('are removed by the next backup, and never listed as backups', async () => {
    const store = openStore(database);
    const good = await backupDatabase(store.db, defaultBackupPath(database, 'manual', new Date('2026-01-01T00:00:00Z')));
    expect(good.ok).toBe(true);
    // A crash while writing a newer backup left its partial next to the good one.
    const stale = touch(join(backups, `replenish-20260201T000000Z-manual.db.${deadPid()}.partial`));
    expect(listBackups(database).map((file) => file.name)).toEqual(['replenish-20260101T000000Z-manual.db']);

    const next = await backupDatabase(store.db, defaultBackupPath(database, 'manual', new Date('2026-03-01T00:00:00Z')));
    expect(next.ok).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(backups).sort()).toEqual(['replenish-20260101T000000Z-manual.db', 'replenish-20260301T000000Z-manual.db']);

    // The synchronous path (before migrations, before restores) cleans its destination's folder too.
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const staleThere = touch(join(elsewhere, `copy.db.${deadPid()}.partial`));
    const someoneElses = touch(join(elsewhere, `notes.db.${deadPid()}.partial`));
    expect(backupDatabaseSync(store.db, join(elsewhere, 'copy.db')).ok).toBe(true);
    expect(existsSync(staleThere)).toBe(false);
    expect(existsSync(someoneElses)).toBe(true); // not named after this destination: not ours to remove
    store.close();
  });

  it('replace: an existing file is replaced only by a verified copy, in one rename', async () => {
    const store = openStore(database);
    const destination = join(dir, 'chosen.db');
    const first = await backupDatabase(store.db, destination);
    expect(first.ok && first.value.tableCounts.items).toBe(0);
    const refused = await backupDatabase(store.db, destination);
    expect(!refused.ok && refused.error.code).toBe('conflict');
    store.transaction(() => store.items.ensure('NEW', null, '2026-01-01T00:00:00Z'));
    const replaced = await backupDatabase(store.db, destination, { replace: true });
    expect(replaced.ok && replaced.value.tableCounts.items).toBe(1);
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
    store.close();
  });

  it('removeStalePartials tolerates a missing folder', () => {
    expect(removeStalePartials(join(dir, 'no-such-folder'))).toEqual([]);
  });
});
