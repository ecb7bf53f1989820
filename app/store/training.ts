import { hostname, uptime } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { fail, ok, type Result } from '../common/result';
import type { SqliteDatabase } from './database';
import { processExists } from './processes';

export type TrainingStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

/** The process that claimed a run: what a planner is told when a second training is refused. */
export interface RunOwner {
  pid: number;
  host: string;
  claimedAt: string;
  /** Last sign of life: the claim, a checkpoint, or a heartbeat during progress. */
  heartbeatAt: string;
}

/** Who claims a run: this process, and a token that is new for every claim (fences its writes). */
export interface ClaimantIdentity {
  pid: number;
  host: string;
  token: string;
}

export interface TrainingRunRow {
  id: number;
  policyId: number | null;
  /** 'running' only while its owner lives; a run whose process died reads as 'interrupted'. */
  status: TrainingStatus;
  seed: number;
  config: Record<string, unknown>;
  backend: string | null;
  updatesDone: number;
  checkpointAt: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** The process that ran (or runs) it; absent for runs recorded before owners were (migration 005). */
  owner?: RunOwner;
}

export interface StoredPolicy<Saved = unknown> {
  id: number;
  name: string;
  kind: string;
  version: number;
  backend: string | null;
  saved: Saved;
  metadata: Record<string, unknown>;
  parentId: number | null;
  isActive: boolean;
  createdAt: string;
}

export interface LivenessOptions {
  /** The time to judge heartbeats by (ISO-8601); the clock by default. */
  now?: string;
  /**
   * The caller knows this process runs no training now (a host's own bookkeeping), so a run owned
   * by this process id was left by a worker thread that died. Without it such a run counts as live.
   */
  ownProcessIdle?: boolean;
}

/**
 * A run whose owner has not written for this long is taken for dead even if a process with its id
 * exists (the id reused by another program, or an owner on another computer sharing the file).
 * Owners write a heartbeat every `heartbeatEveryMs` while they make progress, and at every checkpoint.
 */
export const ownerStaleAfterMs = 10 * 60_000;
export const heartbeatEveryMs = 15_000;

/**
 * Whether the owner of a 'running' run is still at work. On this computer: its process exists, and
 * its last heartbeat is after this computer started (a process id from before a restart names
 * another program now). On another computer only the heartbeat can tell. Either way, a heartbeat
 * older than `ownerStaleAfterMs` means the owner is gone.
 */
export function ownerIsAlive(owner: RunOwner, options: LivenessOptions = {}): boolean {
  const nowMs = options.now === undefined ? Date.now() : Date.parse(options.now);
  const heartbeatMs = Date.parse(owner.heartbeatAt);
  // Written as `!(… < …)` so that an unreadable timestamp (NaN) counts as stale.
  if (!(nowMs - heartbeatMs < ownerStaleAfterMs)) return false;
  if (owner.host !== hostname()) return true;
  if (heartbeatMs < Date.now() - uptime() * 1000) return false;
  if (owner.pid === process.pid) return options.ownProcessIdle !== true;
  return processExists(owner.pid);
}

export interface ClaimRequest {
  claimant: ClaimantIdentity;
  /** The real time of the claim: other processes judge the owner's heartbeat by it. */
  now: string;
  /** Whether the newest interrupted run's checkpoint fits this training (same items, same layout). */
  canResume: (run: TrainingRunRow) => boolean;
  /** The run to start when there is nothing to resume (`startedAt`: the caller's clock; `now` is the real one). */
  newRun: { seed: number; config: Record<string, unknown>; backend: string; startedAt: string };
  ownProcessIdle?: boolean;
}

export interface ClaimedRun {
  runId: number;
  /** The interrupted run taken over, with its last checkpoint; null for a new run. */
  resumed: { run: TrainingRunRow; checkpoint: unknown } | null;
}

type RunRecord = Omit<TrainingRunRow, 'config' | 'owner'> & {
  config: string;
  ownerPid: number | null;
  ownerHost: string | null;
  ownerClaimedAt: string | null;
  heartbeatAt: string | null;
};

const runColumns = `id, policy_id AS policyId, status, seed, config, backend, updates_done AS updatesDone, checkpoint_at AS checkpointAt,
  error, started_at AS startedAt, finished_at AS finishedAt, owner_pid AS ownerPid, owner_host AS ownerHost,
  owner_claimed_at AS ownerClaimedAt, heartbeat_at AS heartbeatAt`;

function ownerOf(record: RunRecord): RunOwner | undefined {
  if (record.ownerPid === null || record.ownerHost === null || record.ownerClaimedAt === null) return undefined;
  return { pid: record.ownerPid, host: record.ownerHost, claimedAt: record.ownerClaimedAt, heartbeatAt: record.heartbeatAt ?? record.ownerClaimedAt };
}

/** A stored run as the rest of the app sees it: a 'running' run without a live owner is interrupted. */
function toRunRow(record: RunRecord, liveness: LivenessOptions): TrainingRunRow {
  const { config, ownerPid: _pid, ownerHost: _host, ownerClaimedAt: _claimed, heartbeatAt: _heartbeat, ...rest } = record;
  const owner = ownerOf(record);
  const dead = record.status === 'running' && (owner === undefined || !ownerIsAlive(owner, liveness));
  return { ...rest, status: dead ? 'interrupted' : record.status, config: JSON.parse(config) as Record<string, unknown>, ...(owner ? { owner } : {}) };
}

function refusal(run: TrainingRunRow): string {
  const owner = run.owner!;
  return (
    `A training is already running on this database (started ${owner.claimedAt} by process ${owner.pid} on ${owner.host}, ` +
    `run ${run.id}, last progress ${owner.heartbeatAt}). Wait for it to finish or stop it there, then start again.`
  );
}

/**
 * Training runs, their per-update metrics and checkpoints, and the trained policies. Checkpoints
 * and policies are structured-clone blobs (node:v8 serialize): typed arrays of weights survive
 * exactly, bit for bit.
 *
 * A run belongs to the process that claimed it (`claim`); its writes (`heartbeat`, `checkpoint`,
 * `finishRun`) name the claim token and change nothing once another process has taken the run over.
 */
export class TrainingRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /**
   * Claim the training of this database in one IMMEDIATE transaction: refused while another live
   * owner holds a 'running' run; otherwise runs of dead owners become 'interrupted', and the newest
   * interrupted run with a checkpoint is resumed when `canResume` accepts it, or a new run starts.
   */
  claim(request: ClaimRequest): Result<ClaimedRun> {
    const liveness = { now: request.now, ownProcessIdle: request.ownProcessIdle };
    return this.db.transaction((): Result<ClaimedRun> => {
      const live = this.settleRunning(liveness);
      if (live) return fail('conflict', refusal(live));
      const { claimant, now } = request;
      const resumable = this.newestResumable(liveness);
      if (resumable && request.canResume(resumable.run)) {
        this.db
          .prepare(
            `UPDATE training_runs SET status = 'running', error = NULL, finished_at = NULL,
               owner_pid = ?, owner_host = ?, owner_token = ?, owner_claimed_at = ?, heartbeat_at = ? WHERE id = ?`,
          )
          .run(claimant.pid, claimant.host, claimant.token, now, now, resumable.run.id);
        return ok({ runId: resumable.run.id, resumed: resumable });
      }
      const { seed, config, backend, startedAt } = request.newRun;
      const runId = Number(
        this.db
          .prepare(
            `INSERT INTO training_runs (status, seed, config, backend, started_at, owner_pid, owner_host, owner_token, owner_claimed_at, heartbeat_at)
             VALUES ('running', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(seed, JSON.stringify(config), backend, startedAt, claimant.pid, claimant.host, claimant.token, now, now).lastInsertRowid,
      );
      return ok({ runId, resumed: null });
    }).immediate();
  }

  /** The owner's sign of life; false when the run is no longer this claim's (taken over or ended). */
  heartbeat(runId: number, token: string, now: string): boolean {
    return this.db.prepare(`UPDATE training_runs SET heartbeat_at = ? WHERE id = ? AND owner_token = ? AND status = 'running'`).run(now, runId, token).changes > 0;
  }

  /**
   * Store a checkpoint (and the metrics since the last one) in one transaction, with a heartbeat.
   * False, and nothing written, when the run is no longer this claim's.
   */
  checkpoint(runId: number, token: string, updatesDone: number, state: unknown, metrics: { update: number; steps: number; values: Record<string, number> }[], now: string): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(`UPDATE training_runs SET updates_done = ?, checkpoint = ?, checkpoint_at = ?, heartbeat_at = ? WHERE id = ? AND owner_token = ? AND status = 'running'`)
        .run(updatesDone, serialize(state), now, now, runId, token).changes;
      if (changed === 0) return false;
      const insert = this.db.prepare('INSERT OR REPLACE INTO training_metrics (run_id, update_index, steps, metrics) VALUES (?, ?, ?, ?)');
      for (const metric of metrics) insert.run(runId, metric.update, metric.steps, JSON.stringify(metric.values));
      return true;
    })();
  }

  /** End this claim's run; false, and nothing written, when the run is no longer this claim's. */
  finishRun(runId: number, token: string, status: Exclude<TrainingStatus, 'running'>, policyId: number | null, error: string | null, now: string): boolean {
    return (
      this.db
        .prepare(`UPDATE training_runs SET status = ?, policy_id = ?, error = ?, finished_at = ? WHERE id = ? AND owner_token = ? AND status = 'running'`)
        .run(status, policyId, error, now, runId, token).changes > 0
    );
  }

  /**
   * The run a training would resume: the newest one 'interrupted' (or left 'running' by an owner
   * that died, which is marked 'interrupted' first) with a checkpoint. Needs a writable connection.
   */
  resumable(liveness: LivenessOptions = {}): { run: TrainingRunRow; checkpoint: unknown } | undefined {
    return this.db.transaction(() => {
      this.settleRunning(liveness);
      return this.newestResumable(liveness);
    }).immediate();
  }

  /** Every run, newest first, with the status it has now (works on a read-only connection). */
  runs(liveness: LivenessOptions = {}): TrainingRunRow[] {
    const records = this.db.prepare(`SELECT ${runColumns} FROM training_runs ORDER BY id DESC`).all() as RunRecord[];
    return records.map((record) => toRunRow(record, liveness));
  }

  metrics(runId: number): { update: number; steps: number; values: Record<string, number> }[] {
    const rows = this.db
      .prepare('SELECT update_index AS update_, steps, metrics FROM training_metrics WHERE run_id = ? ORDER BY update_index')
      .all(runId) as { update_: number; steps: number; metrics: string }[];
    return rows.map((row) => ({ update: row.update_, steps: row.steps, values: JSON.parse(row.metrics) as Record<string, number> }));
  }

  /** Mark the 'running' runs whose owner died as 'interrupted'; the run a live owner holds, if any. */
  private settleRunning(liveness: LivenessOptions): TrainingRunRow | undefined {
    const records = this.db.prepare(`SELECT ${runColumns} FROM training_runs WHERE status = 'running' ORDER BY id DESC`).all() as RunRecord[];
    let live: TrainingRunRow | undefined;
    for (const record of records) {
      const run = toRunRow(record, liveness);
      if (run.status === 'running') live ??= run;
      else this.db.prepare(`UPDATE training_runs SET status = 'interrupted' WHERE id = ? AND status = 'running'`).run(run.id);
    }
    return live;
  }

  private newestResumable(liveness: LivenessOptions): { run: TrainingRunRow; checkpoint: unknown } | undefined {
    const record = this.db
      .prepare(`SELECT ${runColumns}, checkpoint AS checkpointBlob FROM training_runs WHERE status = 'interrupted' AND checkpoint IS NOT NULL ORDER BY id DESC LIMIT 1`)
      .get() as (RunRecord & { checkpointBlob?: Buffer }) | undefined;
    if (!record) return undefined;
    const { checkpointBlob, ...rest } = record;
    return { run: toRunRow(rest, liveness), checkpoint: deserialize(checkpointBlob!) };
  }

  /**
   * Save a trained policy. With `activate` (the default) it becomes the kind's active policy; without,
   * it is kept as a candidate the planner can adopt later (a policy that lost the adoption backtest).
   */
  savePolicy(entry: { name: string; kind: string; backend: string; saved: unknown; metadata: Record<string, unknown>; parentId: number | null; now: string; activate?: boolean }): number {
    const activate = entry.activate ?? true;
    return this.db.transaction(() => {
      const version = ((this.db.prepare('SELECT MAX(version) FROM policies WHERE kind = ?').pluck().get(entry.kind) as number | null) ?? 0) + 1;
      if (activate) this.db.prepare('UPDATE policies SET is_active = 0 WHERE kind = ?').run(entry.kind);
      return Number(
        this.db
          .prepare(
            `INSERT INTO policies (name, kind, version, backend, spec, weights, metadata, parent_id, is_active, created_at)
             VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)`,
          )
          .run(entry.name, entry.kind, version, entry.backend, serialize(entry.saved), JSON.stringify(entry.metadata), entry.parentId, activate ? 1 : 0, entry.now).lastInsertRowid,
      );
    })();
  }

  /** Make a saved policy its kind's active one (the planner adopting a candidate). False if there is no such policy. */
  activatePolicy(id: number): boolean {
    return this.db.transaction(() => {
      const kind = this.db.prepare('SELECT kind FROM policies WHERE id = ?').pluck().get(id) as string | undefined;
      if (kind === undefined) return false;
      this.db.prepare('UPDATE policies SET is_active = 0 WHERE kind = ?').run(kind);
      this.db.prepare('UPDATE policies SET is_active = 1 WHERE id = ?').run(id);
      return true;
    })();
  }

  /** The newest saved policy of a kind, active or not (to show a candidate that was not adopted). */
  latestPolicy<Saved>(kind: string): StoredPolicy<Saved> | undefined {
    return this.policyWhere<Saved>('kind = ? ORDER BY id DESC LIMIT 1', kind);
  }

  activePolicy<Saved>(kind: string): StoredPolicy<Saved> | undefined {
    return this.policyWhere<Saved>('kind = ? AND is_active = 1 ORDER BY id DESC LIMIT 1', kind);
  }

  private policyWhere<Saved>(condition: string, kind: string): StoredPolicy<Saved> | undefined {
    const row = this.db
      .prepare(
        `SELECT id, name, kind, version, backend, weights, metadata, parent_id AS parentId, is_active AS isActive, created_at AS createdAt
         FROM policies WHERE ${condition}`,
      )
      .get(kind) as (Omit<StoredPolicy, 'saved' | 'metadata' | 'isActive'> & { weights: Buffer; metadata: string; isActive: number }) | undefined;
    if (!row) return undefined;
    const { weights, metadata, isActive, ...rest } = row;
    return { ...rest, saved: deserialize(weights) as Saved, metadata: JSON.parse(metadata) as Record<string, unknown>, isActive: isActive === 1 };
  }
}
