import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../app/store';
import { migrate } from '../../../app/store/database';
import { migrations } from '../../../app/store/migrations';
import { trainingRunOwners } from '../../../app/store/migrations/005_training_run_owners';
import { ownerIsAlive, ownerStaleAfterMs, type ClaimantIdentity, type ClaimRequest } from '../../../app/store/training';
import { RunHeartbeat } from '../../../app/training/runClaim';
import { tempDir } from '../../helpers/tempDir';

/**
 * Who owns a training run: a run is 'running' only while its owner process lives (and writes a
 * heartbeat), a second claim is refused while it does, and a claim after its death resumes it.
 */

/** The id of a process that has exited (and been reaped): nothing runs under it now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

const host = hostname();
const config = { items: ['SKU-A', 'SKU-B'], spec: { maxLeadTimePeriods: 28 } };
const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

function request(claimant: ClaimantIdentity, overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return { claimant, now: new Date().toISOString(), canResume: () => true, newRun: { seed: 3, config, backend: 'cpu', startedAt: '2026-01-05T08:00:00.000Z' }, ...overrides };
}

describe('training run owners', () => {
  let cleanup: () => void;
  let path: string;
  let store: Store;
  beforeEach(() => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    path = join(temp.dir, 'owners.db');
    store = openStore(path);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  const rawStatus = (runId: number): string => store.db.prepare('SELECT status FROM training_runs WHERE id = ?').pluck().get(runId) as string;

  it('reads a run owned by a dead process as interrupted, without writing on read', () => {
    const claim = store.training.claim(request({ pid: deadPid(), host, token: 'dead' }));
    expect(claim.ok).toBe(true);
    if (!claim.ok) return;
    expect(claim.value.resumed).toBeNull();
    const [run] = store.training.runs();
    expect(run.id).toBe(claim.value.runId);
    expect(run.status).toBe('interrupted');
    expect(run.owner).toMatchObject({ host });
    // The run's start is the caller's clock; the claim and heartbeat are the real time others judge by.
    expect(run.startedAt).toBe('2026-01-05T08:00:00.000Z');
    expect(Math.abs(Date.parse(run.owner!.heartbeatAt) - Date.now())).toBeLessThan(60_000);
    // Reading works on a read-only connection (the dashboard, the crash test's probe) and changes nothing.
    const readOnly = new Database(path, { readonly: true });
    try {
      expect(readOnly.prepare('SELECT status FROM training_runs').pluck().get()).toBe('running');
    } finally {
      readOnly.close();
    }
    expect(rawStatus(run.id)).toBe('running');
  });

  it('refuses a second claim while the first owner lives, with who and when', () => {
    // The test runner's parent process: alive for the whole test, and not this process.
    const owner = { pid: process.ppid, host, token: 'first' };
    const first = store.training.claim(request(owner));
    expect(first.ok).toBe(true);
    expect(store.training.runs()[0].status).toBe('running');

    const second = store.training.claim(request({ pid: deadPid(), host, token: 'second' }));
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.code).toBe('conflict');
    expect(second.error.message).toMatch(/^A training is already running on this database \(started \d{4}-\d\d-\d\dT[^ ]+ by process \d+ on /);
    expect(second.error.message).toContain(`by process ${process.ppid} on ${host}`);
    // Nothing was written by the refused claim.
    expect(store.training.runs()).toHaveLength(1);
    expect(store.training.runs()[0].status).toBe('running');
  });

  it('a claim after the owner died resumes its checkpoint, and fences out the dead owner', () => {
    const dead = { pid: deadPid(), host, token: 'old-owner' };
    const first = store.training.claim(request(dead));
    if (!first.ok) throw new Error(first.error.message);
    const runId = first.value.runId;
    const metrics = [{ update: 5, steps: 1000, values: { meanCostPerPeriod: 2.5 } }];
    expect(store.training.checkpoint(runId, dead.token, 5, { update: 5, weights: new Float32Array([1, 2]) }, metrics, new Date().toISOString())).toBe(true);

    const next = { pid: process.pid, host, token: 'new-owner' };
    const resumed = store.training.claim(request(next));
    if (!resumed.ok) throw new Error(resumed.error.message);
    expect(resumed.value.runId).toBe(runId);
    expect(resumed.value.resumed?.run.updatesDone).toBe(5);
    expect(resumed.value.resumed?.run.seed).toBe(3);
    const checkpoint = resumed.value.resumed?.checkpoint as { update: number; weights: Float32Array };
    expect(checkpoint.update).toBe(5);
    expect(Array.from(checkpoint.weights)).toEqual([1, 2]);
    expect(store.training.runs()).toHaveLength(1);
    expect(store.training.runs()[0]).toMatchObject({ status: 'running', owner: { pid: process.pid } });

    // The old owner's writes change nothing now (a process that only looked dead cannot clobber the run).
    expect(store.training.heartbeat(runId, dead.token, new Date().toISOString())).toBe(false);
    expect(store.training.checkpoint(runId, dead.token, 9, { update: 9 }, [], new Date().toISOString())).toBe(false);
    expect(store.training.finishRun(runId, dead.token, 'interrupted', null, 'late', new Date().toISOString())).toBe(false);
    expect(store.training.runs()[0]).toMatchObject({ status: 'running', updatesDone: 5, error: null });
    expect(store.training.metrics(runId).map((metric) => metric.update)).toEqual([5]);

    // The new owner's do.
    expect(store.training.checkpoint(runId, next.token, 10, { update: 10 }, [], new Date().toISOString())).toBe(true);
    expect(store.training.finishRun(runId, next.token, 'completed', null, null, new Date().toISOString())).toBe(true);
    expect(store.training.runs()[0]).toMatchObject({ status: 'completed', updatesDone: 10 });
  });

  it('starts a new run when the interrupted one does not fit, and leaves that one interrupted', () => {
    const dead = { pid: deadPid(), host, token: 'old' };
    const first = store.training.claim(request(dead));
    if (!first.ok) throw new Error(first.error.message);
    store.training.checkpoint(first.value.runId, dead.token, 5, { update: 5 }, [], new Date().toISOString());
    const other = store.training.claim(request({ pid: process.pid, host, token: 'new' }, { canResume: () => false }));
    if (!other.ok) throw new Error(other.error.message);
    expect(other.value.resumed).toBeNull();
    expect(other.value.runId).not.toBe(first.value.runId);
    expect(rawStatus(first.value.runId)).toBe('interrupted');
    expect(store.training.runs().map((run) => run.status)).toEqual(['running', 'interrupted']);
  });

  it('a run of this process counts as live unless the caller knows the process trains nothing', () => {
    const mine = { pid: process.pid, host, token: 'mine' };
    const first = store.training.claim(request(mine));
    if (!first.ok) throw new Error(first.error.message);
    store.training.checkpoint(first.value.runId, mine.token, 5, { update: 5 }, [], new Date().toISOString());
    expect(store.training.runs()[0].status).toBe('running');
    expect(store.training.claim(request({ ...mine, token: 'again' })).ok).toBe(false);
    // A worker of this process died without ending its run; the host, training nothing, may take it over.
    expect(store.training.runs({ ownProcessIdle: true })[0].status).toBe('interrupted');
    const again = store.training.claim(request({ ...mine, token: 'again' }, { ownProcessIdle: true }));
    expect(again.ok && again.value.runId).toBe(first.value.runId);
    expect(again.ok && again.value.resumed?.checkpoint).toEqual({ update: 5 });
  });

  it('judges owners by heartbeat: stale ones are dead even if the process id exists; other hosts by heartbeat alone', () => {
    const living = { pid: process.ppid, host, claimedAt: minutesAgo(60), heartbeatAt: minutesAgo(1) };
    expect(ownerIsAlive(living)).toBe(true);
    expect(ownerIsAlive({ ...living, heartbeatAt: minutesAgo(ownerStaleAfterMs / 60_000 + 1) })).toBe(false);
    expect(ownerIsAlive({ ...living, heartbeatAt: 'not a time' })).toBe(false);
    expect(ownerIsAlive({ ...living, pid: deadPid() })).toBe(false);
    const remote = { pid: deadPid(), host: `${host}-elsewhere`, claimedAt: minutesAgo(60), heartbeatAt: minutesAgo(1) };
    expect(ownerIsAlive(remote)).toBe(true);
    expect(ownerIsAlive({ ...remote, heartbeatAt: minutesAgo(ownerStaleAfterMs / 60_000 + 1) })).toBe(false);
    // `now` judges heartbeats at another moment (what a claim at that moment would see).
    expect(ownerIsAlive(remote, { now: new Date(Date.now() + ownerStaleAfterMs).toISOString() })).toBe(false);

    // Through the store: a live process whose claim has not written for too long is taken over.
    const silent = store.training.claim(request({ pid: process.ppid, host, token: 'silent' }, { now: minutesAgo(ownerStaleAfterMs / 60_000 + 1) }));
    if (!silent.ok) throw new Error(silent.error.message);
    expect(store.training.runs()[0].status).toBe('interrupted');
    expect(store.training.claim(request({ pid: process.pid, host, token: 'next' })).ok).toBe(true);
  });

  it('keeps the heartbeat at most once per interval and notices a takeover', () => {
    const owner = { pid: process.ppid, host, token: 'beating' };
    const claim = store.training.claim(request(owner, { now: minutesAgo(5) }));
    if (!claim.ok) throw new Error(claim.error.message);
    store.training.checkpoint(claim.value.runId, owner.token, 5, { update: 5 }, [], minutesAgo(5));
    let nowMs = Date.now();
    const heartbeat = new RunHeartbeat(store.training, claim.value.runId, owner.token, 15_000, () => nowMs);
    const heartbeatAt = (): string => store.training.runs()[0].owner!.heartbeatAt;
    const before = heartbeatAt();
    nowMs += 1_000;
    heartbeat.beat(); // too soon after the start: not written
    expect(heartbeatAt()).toBe(before);
    nowMs += 15_000;
    heartbeat.beat();
    expect(heartbeatAt()).toBe(new Date(nowMs).toISOString());
    expect(heartbeat.lost).toBe(false);

    // Another process takes the run over once the heartbeat is stale (a claim judged that much later).
    const later = new Date(nowMs + ownerStaleAfterMs + 1).toISOString();
    const takeover = store.training.claim(request({ pid: process.pid, host, token: 'taker' }, { now: later }));
    expect(takeover.ok && takeover.value.runId).toBe(claim.value.runId);
    nowMs += 15_000;
    heartbeat.beat();
    expect(heartbeat.lost).toBe(true);
    expect(() => heartbeat.assertHeld()).toThrow(/taken over by another process/);
  });

  it('migrates a database whose run was left running before owners existed: it reads and resumes as interrupted', () => {
    store.close();
    const oldPath = join(path, '..', 'old.db');
    const raw = new Database(oldPath);
    // The schema just before owners existed.
    migrate(raw, 0, migrations.filter((migration) => migration.version < trainingRunOwners.version));
    raw
      .prepare(`INSERT INTO training_runs (status, seed, config, backend, updates_done, checkpoint, checkpoint_at, started_at) VALUES ('running', 1, ?, 'cpu', 5, ?, ?, ?)`)
      .run(JSON.stringify(config), serialize({ update: 5 }), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    raw.close();
    store = openStore(oldPath);
    expect(store.training.runs()[0]).toMatchObject({ status: 'interrupted', updatesDone: 5 });
    expect(store.training.runs()[0].owner).toBeUndefined();
    const resumable = store.training.resumable();
    expect(resumable?.checkpoint).toEqual({ update: 5 });
    expect(rawStatus(resumable!.run.id)).toBe('interrupted');
    // The new columns are type-checked like the rest of the STRICT table.
    expect(() => store.db.prepare(`UPDATE training_runs SET owner_pid = 'not a number'`).run()).toThrow(/cannot store TEXT value in INTEGER column/);
  });
});
