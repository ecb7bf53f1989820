import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../app/random/rng';
import { backupDatabaseSync, backupFolder, inspectBackup, integrityProblems, listBackups } from '../../app/store/backup';
import { openStore } from '../../app/store';
import { repoRoot, tempDir } from '../helpers/tempDir';

/**
 * kill -9 in the middle of a backup and of a restore. A backup is only ever a `.partial` file until
 * it is verified, so a crash never leaves a half-written file under a backup's name (nor over a good
 * backup it was replacing), and the next open removes the left-over; a restore leaves the database
 * either as it was or restored, and always usable.
 */
describe('crash safety of backups and restores (kill -9)', () => {
  const temp = tempDir('replenish-backup-crash-');
  afterAll(() => temp.cleanup());
  const now = '2026-01-01T00:00:00Z';
  /** The database as it was when `good` was backed up (3 items), and later (10 items). */
  const original = join(temp.dir, 'original.db');
  const good = join(temp.dir, 'good.db');

  beforeAll(() => {
    const store = openStore(original);
    // ~40 MB of history stand-in, so that a copy takes long enough to be interrupted.
    store.db.exec('CREATE TABLE filler (payload BLOB NOT NULL)');
    store.transaction(() => {
      const insert = store.db.prepare('INSERT INTO filler (payload) VALUES (randomblob(4000))');
      for (let i = 0; i < 10_000; i++) insert.run();
      for (let i = 0; i < 3; i++) store.items.ensure(`KEPT-${i}`, null, now);
    });
    expect(backupDatabaseSync(store.db, good).ok).toBe(true);
    store.transaction(() => {
      for (let i = 0; i < 7; i++) store.items.ensure(`LATER-${i}`, null, now);
    });
    store.close();
  });

  /** Start a process; resolve when it ends. `kill` ends it with SIGKILL. */
  function start(args: string[]): { kill: () => void; done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status, signal) => resolve({ status, signal, stderr }));
    });
    return { kill: () => void child.kill('SIGKILL'), done };
  }
  const cli = (...args: string[]): string[] => [join(repoRoot, 'bin', 'replenish.mjs'), ...args];

  /** Kill the process as soon as a `.partial` file shows up in `folder` (polled every 5 ms). */
  async function killWhenPartialAppears(folder: string, args: string[]): Promise<string[]> {
    const run = start(args);
    let partials: string[] = [];
    const polling = setInterval(() => {
      partials = existsSync(folder) ? readdirSync(folder).filter((name) => name.includes('.partial')) : [];
      if (partials.length > 0) {
        clearInterval(polling);
        run.kill();
      }
    }, 5);
    const ended = await run.done.finally(() => clearInterval(polling));
    expect(ended.signal, `the process finished before its backup was caught midway\n${ended.stderr}`).toBe('SIGKILL');
    return partials;
  }

  const itemCount = (path: string): number => {
    const raw = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return raw.prepare('SELECT COUNT(*) FROM items').pluck().get() as number;
    } finally {
      raw.close();
    }
  };

  it('a backup killed midway leaves the good backups alone, and its .partial goes at the next open', async () => {
    const db = join(temp.dir, 'backup-trial.db');
    copyFileSync(original, db);
    const folder = backupFolder(db);
    const store = openStore(db);
    expect(backupDatabaseSync(store.db, join(folder, 'backup-trial-20260101T000000Z-manual.db')).ok).toBe(true);
    store.close();

    const partials = await killWhenPartialAppears(folder, cli('backup', '--db', db));
    expect(partials.length).toBeGreaterThan(0);
    expect(listBackups(db).map((file) => file.name)).toEqual(['backup-trial-20260101T000000Z-manual.db']);
    expect(inspectBackup(listBackups(db)[0].path).ok).toBe(true);

    openStore(db).close();
    expect(readdirSync(folder)).toEqual(['backup-trial-20260101T000000Z-manual.db']);
  }, 120_000);

  it('a backup replacing a good one (the desktop "Back up…" dialog) and killed midway leaves the good one intact', async () => {
    const db = join(temp.dir, 'replace-trial.db');
    copyFileSync(original, db);
    const chosen = join(temp.dir, 'chosen', 'my backup.db');
    const store = openStore(db);
    expect(backupDatabaseSync(store.db, chosen).ok).toBe(true);
    store.transaction(() => store.items.ensure('NEWER', null, now));
    store.close();
    const before = itemCount(chosen);
    // The same call the desktop app makes after the planner confirmed "Replace".
    const script =
      `const { backupDatabase } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'app', 'store', 'backup.ts')).href)});` +
      `const { openStore } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'app', 'store', 'index.ts')).href)});` +
      `const store = openStore(${JSON.stringify(db)}); await backupDatabase(store.db, ${JSON.stringify(chosen)}, { replace: true });`;
    const partials = await killWhenPartialAppears(join(temp.dir, 'chosen'), ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(partials.length).toBeGreaterThan(0);
    expect(inspectBackup(chosen).ok).toBe(true);
    expect(itemCount(chosen)).toBe(before);

    openStore(db).close(); // not the database's own folder: the next backup there tidies up
    const again = openStore(db);
    const { backupDatabase } = await import('../../app/store/backup');
    expect((await backupDatabase(again.db, chosen, { replace: true })).ok).toBe(true);
    again.close();
    expect(readdirSync(join(temp.dir, 'chosen'))).toEqual(['my backup.db']);
    expect(itemCount(chosen)).toBe(before + 1);
  }, 120_000);

  it('a restore killed at random moments leaves the database as it was or restored, and usable', async () => {
    const db = join(temp.dir, 'restore-trial.db');
    const reset = (): void => {
      for (const name of readdirSync(temp.dir)) if (name.startsWith('restore-trial.db')) rmSync(join(temp.dir, name), { force: true });
      copyFileSync(original, db);
    };
    /** Milliseconds from spawn until the restore began saving the current database (its first file). */
    const savingStarted = (run: { kill: () => void }, killAfterMs?: number): { at: () => number; stop: () => void } => {
      const spawned = Date.now();
      let at = 0;
      let timer: NodeJS.Timeout | undefined;
      const polling = setInterval(() => {
        if (!readdirSync(temp.dir).some((name) => name.startsWith('restore-trial.db.before-restore'))) return;
        at = Date.now() - spawned;
        clearInterval(polling);
        if (killAfterMs !== undefined) timer = setTimeout(run.kill, killAfterMs);
      }, 5);
      return { at: () => at, stop: () => (clearInterval(polling), clearTimeout(timer)) };
    };
    reset();
    const spawned = Date.now();
    const baselineRun = start(cli('restore', good, '--db', db));
    const baselineMark = savingStarted(baselineRun);
    const baseline = await baselineRun.done.finally(baselineMark.stop);
    const restoreMs = Date.now() - spawned - baselineMark.at();
    expect(baseline.status, baseline.stderr).toBe(0);
    expect(baselineMark.at()).toBeGreaterThan(0);
    expect(itemCount(db)).toBe(3);

    // Kills from the moment the restore starts saving the current database to a little past its end:
    // saving it, writing the backup in, checking and opening the result.
    const rng = new Rng(8);
    const outcomes: string[] = [];
    const seen = new Set<number>();
    let killedMidway = 0;
    for (let trial = 0; trial < 8; trial++) {
      reset();
      const delayMs = Math.round(rng.uniform() * 1.1 * restoreMs);
      const run = start(cli('restore', good, '--db', db));
      const mark = savingStarted(run, delayMs);
      const ended = await run.done.finally(mark.stop);
      // The app's own open path (integrity check after the unclean end), then a write.
      const store = openStore(db);
      expect(integrityProblems(store.db)).toEqual([]);
      const items = store.items.count();
      store.transaction(() => store.items.ensure('AFTER', null, now));
      store.close();
      const leftovers = readdirSync(temp.dir).filter((name) => name.startsWith('restore-trial.db') && name.includes('.partial'));
      outcomes.push(`restore trial ${trial}: kill ${delayMs}/${restoreMs} ms into the restore (${ended.signal ?? `exit ${ended.status}`}): ${items} items`);
      expect(items, outcomes.join('\n')).toSatisfy((count: number) => count === 10 || count === 3);
      expect(leftovers, outcomes.join('\n')).toEqual([]);
      seen.add(items);
      if (ended.signal === 'SIGKILL') killedMidway++;
    }
    expect(killedMidway, outcomes.join('\n')).toBeGreaterThanOrEqual(4);
    expect([...seen].sort(), outcomes.join('\n')).toEqual([10, 3].sort());
    console.info(outcomes.join('\n'));
  }, 300_000);
});
