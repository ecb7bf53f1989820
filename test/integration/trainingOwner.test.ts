import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../app/store';
import type { ClaimRequest } from '../../app/store/training';
import { newClaimant } from '../../app/training/runClaim';
import { runCli } from '../helpers/cli';
import { repoRoot, sharedDir, tempDir } from '../helpers/tempDir';

/**
 * Two processes on one database: while one owns a training run, another's claim (and a real
 * `replenish train`) is refused with a message naming the owner; once the owner is killed with
 * kill -9, the run reads as interrupted and the next claim resumes it from its checkpoint.
 */
const config = { items: ['SKU-A'], spec: { layout: 'test' } };

function claimRequest(): ClaimRequest {
  return { claimant: newClaimant(), now: new Date().toISOString(), canResume: () => true, newRun: { seed: 1, config, backend: 'cpu', startedAt: new Date().toISOString() } };
}

/**
 * A separate Node process (TypeScript through tsx, as the CLI runs) that claims the training of
 * `db`, writes a checkpoint at update 5, prints its claim as one JSON line and then stays alive.
 */
function spawnOwner(db: string): { child: ChildProcess; claimed: Promise<{ runId: number; pid: number }> } {
  const module = (path: string): string => pathToFileURL(join(repoRoot, path)).href;
  const code = `
    const { openStore } = await import(${JSON.stringify(module('app/store/index.ts'))});
    const { newClaimant } = await import(${JSON.stringify(module('app/training/runClaim.ts'))});
    const store = openStore(${JSON.stringify(db)});
    const claimant = newClaimant();
    const claim = store.training.claim({ claimant, now: new Date().toISOString(), canResume: () => true, newRun: { seed: 1, config: ${JSON.stringify(config)}, backend: 'cpu', startedAt: new Date().toISOString() } });
    if (!claim.ok) { console.error(claim.error.message); process.exit(3); }
    store.training.checkpoint(claim.value.runId, claimant.token, 5, { update: 5 }, [], new Date().toISOString());
    console.log(JSON.stringify({ runId: claim.value.runId, pid: process.pid }));
    setInterval(() => undefined, 60_000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const claimed = new Promise<{ runId: number; pid: number }>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0]) as { runId: number; pid: number });
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the owner process exited (${code}) before claiming: ${stderr}`)));
  });
  return { child, claimed };
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('training run ownership across processes', () => {
  const temp = tempDir('replenish-owner-');
  afterAll(() => temp.cleanup());

  it('refuses a claim while another live process owns the run, and resumes it after that process is killed -9', async () => {
    const db = join(temp.dir, 'two.db');
    openStore(db).close();
    const owner = spawnOwner(db);
    try {
      const { runId, pid } = await owner.claimed;
      expect(pid).toBe(owner.child.pid);
      const store = openStore(db);
      try {
        expect(store.training.runs()[0]).toMatchObject({ id: runId, status: 'running', owner: { pid } });
        const refused = store.training.claim(claimRequest());
        expect(refused.ok).toBe(false);
        if (!refused.ok) {
          expect(refused.error.code).toBe('conflict');
          expect(refused.error.message).toMatch(new RegExp(`^A training is already running on this database \\(started .* by process ${pid} on `));
        }

        await killHard(owner.child);
        expect(store.training.runs()[0]).toMatchObject({ id: runId, status: 'interrupted' });
        const resumed = store.training.claim(claimRequest());
        expect(resumed.ok).toBe(true);
        if (resumed.ok) {
          expect(resumed.value.runId).toBe(runId);
          expect(resumed.value.resumed?.checkpoint).toEqual({ update: 5 });
        }
        expect(store.training.runs()).toHaveLength(1);
        expect(store.training.runs()[0]).toMatchObject({ status: 'running', owner: { pid: process.pid } });
      } finally {
        store.close();
      }
    } finally {
      await killHard(owner.child);
    }
  }, 60_000);

  it('`replenish train` is refused with exit code 1 while another process trains on the database, and changes nothing', () => {
    const db = join(temp.dir, 'cli.db');
    // One item's real sales, fitted: a database `train` would otherwise start on.
    const item = '85123A';
    const source = readFileSync(join(sharedDir, 'data', 'online_retail_uci_top15.csv'), 'utf8').split('\n');
    const sales = join(temp.dir, 'sales.csv');
    writeFileSync(sales, [source[0], ...source.filter((line) => line.split(',')[1] === item)].join('\n') + '\n');
    expect(runCli(['import', sales, '--db', db]).status).toBe(0);
    const fitted = runCli(['fit', '--db', db, '--item', item]);
    expect(fitted.status, fitted.stderr).toBe(0);

    // This test process is the live owner the command meets.
    const store = openStore(db);
    try {
      const claim = store.training.claim(claimRequest());
      if (!claim.ok) throw new Error(claim.error.message);
      const refused = runCli(['train', '--db', db, '--seconds', '5', '--json']);
      expect(refused.status, refused.stderr).toBe(1);
      expect(refused.stderr).toContain(`A training is already running on this database (started `);
      expect(refused.stderr).toContain(`by process ${process.pid} on `);
      expect(JSON.parse(refused.stdout).error.code).toBe('conflict');
      expect(store.training.runs()).toHaveLength(1);
      expect(store.training.runs()[0]).toMatchObject({ id: claim.value.runId, status: 'running', updatesDone: 0 });
    } finally {
      store.close();
    }
  }, 120_000);
});
