import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { repoRoot, sharedDir, tempDir } from '../helpers/tempDir';

/**
 * Training in the background with checkpoints in SQLite: a run killed with SIGKILL resumes from
 * its last checkpoint, and the catalogue policy is only used where it beats the tuned classical
 * policy beyond the noise.
 */
describe('replenish train', () => {
  const temp = tempDir();
  const db = join(temp.dir, 'train.db');
  afterAll(() => temp.cleanup());

  beforeAll(() => {
    const sample = join(temp.dir, 'sales.csv');
    copyFileSync(join(sharedDir, 'data', 'online_retail_uci_top15.csv'), sample);
    expect(runCli(['import', sample, '--db', db]).status).toBe(0);
    expect(runCli(['fit', '--db', db, '--item', '85123A', '--item', '22423']).status).toBe(0);
  });

  it('survives kill -9 mid-run and resumes from the last checkpoint', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'replenish.mjs'), 'train', '--seconds', '120', '--db', db], { stdio: 'ignore' });
    const checkpointed = async (): Promise<number> => {
      const probe = new Database(db, { readonly: true });
      try {
        return (probe.prepare('SELECT MAX(updates_done) FROM training_runs WHERE checkpoint IS NOT NULL').pluck().get() as number | null) ?? 0;
      } finally {
        probe.close();
      }
    };
    const deadline = Date.now() + 150_000;
    while ((await checkpointed()) < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const killedAt = await checkpointed();
    expect(killedAt).toBeGreaterThanOrEqual(5);

    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.prepare(`SELECT status FROM training_runs`).pluck().all()).toEqual(['running']);
    check.close();

    const resumed = runCli(['train', '--seconds', '10', '--db', db, '--json']);
    expect(resumed.stderr).not.toMatch(/internal error/);
    expect(resumed.status).toBe(0);
    const result = JSON.parse(resumed.stdout);
    expect(result.resumedFromUpdate).toBe(killedAt);
    expect(result.updatesDone).toBeGreaterThan(killedAt);
    expect(result.backend).toMatch(/wasm|tensorflow|cpu/);
    expect(result.comparison).toHaveLength(2);
    for (const row of result.comparison) {
      const noise = 2 * Math.hypot(row.ppoStandardError, row.classicalStandardError);
      expect(row.usePpo).toBe(row.ppoCost + noise < row.classicalCost);
    }
    // Adoption: the new policy replaced the one in use (here the shipped general policy, if present)
    // only if it cost no more on the backtest of real demand; otherwise it is kept as a candidate.
    const adoption = result.adoption;
    expect(typeof adoption.reason).toBe('string');
    if (adoption.newCost !== null && adoption.incumbentCost !== null) expect(adoption.adopted).toBe(adoption.newCost <= adoption.incumbentCost);
    const after = new Database(db, { readonly: true });
    expect(after.prepare(`SELECT status FROM training_runs`).pluck().all()).toEqual(['completed']);
    expect(after.prepare(`SELECT COUNT(*) FROM policies`).pluck().get()).toBe(1);
    expect(after.prepare(`SELECT is_active FROM policies WHERE id = ?`).pluck().get(result.policyId)).toBe(adoption.adopted ? 1 : 0);
    after.close();
  }, 300_000);
});
