import { deserialize, serialize } from 'node:v8';
import type { SqliteDatabase } from './database';

export type TrainingStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

export interface TrainingRunRow {
  id: number;
  policyId: number | null;
  status: TrainingStatus;
  seed: number;
  config: Record<string, unknown>;
  backend: string | null;
  updatesDone: number;
  checkpointAt: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
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

/**
 * Training runs, their per-update metrics and checkpoints, and the trained policies. Checkpoints
 * and policies are structured-clone blobs (node:v8 serialize): typed arrays of weights survive
 * exactly, bit for bit.
 */
export class TrainingRepository {
  constructor(private readonly db: SqliteDatabase) {}

  startRun(seed: number, config: Record<string, unknown>, backend: string, now: string): number {
    return Number(
      this.db
        .prepare(`INSERT INTO training_runs (status, seed, config, backend, started_at) VALUES ('running', ?, ?, ?, ?)`)
        .run(seed, JSON.stringify(config), backend, now).lastInsertRowid,
    );
  }

  /** Store a checkpoint (and the metrics since the last one) in one transaction. */
  checkpoint(runId: number, updatesDone: number, state: unknown, metrics: { update: number; steps: number; values: Record<string, number> }[], now: string): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE training_runs SET updates_done = ?, checkpoint = ?, checkpoint_at = ? WHERE id = ?')
        .run(updatesDone, serialize(state), now, runId);
      const insert = this.db.prepare(
        'INSERT OR REPLACE INTO training_metrics (run_id, update_index, steps, metrics) VALUES (?, ?, ?, ?)',
      );
      for (const metric of metrics) insert.run(runId, metric.update, metric.steps, JSON.stringify(metric.values));
    })();
  }

  finishRun(runId: number, status: TrainingStatus, policyId: number | null, error: string | null, now: string): void {
    this.db
      .prepare('UPDATE training_runs SET status = ?, policy_id = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(status, policyId, error, now, runId);
  }

  /**
   * The run to resume: the newest one left 'running' (its process died) or 'interrupted', with a
   * checkpoint. Runs left 'running' are marked 'interrupted' first.
   */
  resumable(): { run: TrainingRunRow; checkpoint: unknown } | undefined {
    this.db.prepare(`UPDATE training_runs SET status = 'interrupted' WHERE status = 'running'`).run();
    const row = this.db
      .prepare(`SELECT id, checkpoint FROM training_runs WHERE status = 'interrupted' AND checkpoint IS NOT NULL ORDER BY id DESC LIMIT 1`)
      .get() as { id: number; checkpoint: Buffer } | undefined;
    if (!row) return undefined;
    return { run: this.runs().find((run) => run.id === row.id)!, checkpoint: deserialize(row.checkpoint) };
  }

  reopen(runId: number): void {
    this.db.prepare(`UPDATE training_runs SET status = 'running' WHERE id = ?`).run(runId);
  }

  runs(): TrainingRunRow[] {
    const rows = this.db
      .prepare(
        `SELECT id, policy_id AS policyId, status, seed, config, backend, updates_done AS updatesDone, checkpoint_at AS checkpointAt,
                error, started_at AS startedAt, finished_at AS finishedAt
         FROM training_runs ORDER BY id DESC`,
      )
      .all() as (Omit<TrainingRunRow, 'config'> & { config: string })[];
    return rows.map((row) => ({ ...row, config: JSON.parse(row.config) as Record<string, unknown> }));
  }

  metrics(runId: number): { update: number; steps: number; values: Record<string, number> }[] {
    const rows = this.db
      .prepare('SELECT update_index AS update_, steps, metrics FROM training_metrics WHERE run_id = ? ORDER BY update_index')
      .all(runId) as { update_: number; steps: number; metrics: string }[];
    return rows.map((row) => ({ update: row.update_, steps: row.steps, values: JSON.parse(row.metrics) as Record<string, number> }));
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
