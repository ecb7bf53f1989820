import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../app/random/rng';
import { hadUncleanShutdown, integrityProblems } from '../../app/store/backup';
import { openStore } from '../../app/store';
import { TrainingRepository } from '../../app/store/training';
import { repoRoot, sharedDir, tempDir } from '../helpers/tempDir';

/**
 * kill -9 the real `replenish` command at random moments, 20 times during `import` and 20 times
 * during `train`: afterwards the database always opens and passes integrity_check, holds each
 * import wholly or not at all, and training resumes from its last checkpoint.
 *
 * Kills are tied to the CLI's own progress (its stderr lines, or the checkpoints it commits), not
 * only to the wall clock, which a loaded machine stretches. Cost: 21 `import` runs (~4 s of CPU
 * each, start-up included) and 23 `train` runs — one fresh run up to its first checkpoint (the warm
 * start dominates), then short resumed ones (~5 s of CPU each). Measured on the shared 2-core
 * machine at load ~10: 437 s wall, 207 s of CPU (import part 160 s, training part 270 s wall).
 */
const trials = 20;

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  elapsedMs: number;
}

interface Child {
  kill: () => void;
}

/**
 * The CLI exactly as `npx replenish` runs it. `onStart` sees the child as soon as it is spawned,
 * `onStderr` the stderr so far after every chunk (with the milliseconds since spawn); both may kill it.
 */
function runCli(args: string[], hooks: { onStart?: (child: Child) => void; onStderr?: (stderr: string, child: Child, elapsedMs: number) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'replenish.mjs'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const handle = { kill: () => void child.kill('SIGKILL') };
    hooks.onStart?.(handle);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      hooks.onStderr?.(stderr, handle, Date.now() - started);
    });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, elapsedMs: Date.now() - started }));
  });
}

/** Run `work` this many milliseconds from now, or never once `cancel` was called (the child exited). */
function later(delayMs: number, work: () => void): { cancel: () => void } {
  const timer = setTimeout(work, delayMs);
  return { cancel: () => clearTimeout(timer) };
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

describe('crash safety of imports (kill -9)', () => {
  const temp = tempDir('replenish-crash-');
  afterAll(() => temp.cleanup());
  const file = join(temp.dir, 'sales.csv');
  /** 40 000 rows (1.2 MB, ~4 s of CPU per run with start-up): every phase long enough to be hit. */
  const rowCount = 40_000;

  function writeSalesFile(path: string, rows: number, seed: number): void {
    const rng = new Rng(seed);
    const start = Date.UTC(2023, 0, 1);
    const lines = ['Order,Date,SKU,Qty'];
    for (let i = 0; i < rows; i++) {
      const day = new Date(start + rng.integer(730) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`SO-${100000 + i},${day},SKU-${String(rng.integer(300)).padStart(3, '0')},${1 + rng.integer(20)}`);
    }
    writeFileSync(path, lines.join('\n') + '\n');
  }

  const progressLines = (stderr: string): number => stderr.split('\n').length - 1;

  /** Kill after the CLI printed this many progress lines (one per tenth of each phase), plus a few ms. */
  function runImport(db: string, kill?: { afterLines: number; delayMs: number }): Promise<Run> {
    let pending: { cancel: () => void } | undefined;
    return runCli(['import', file, '--db', db, '--json'], {
      onStderr: (stderr, child) => {
        if (kill && pending === undefined && progressLines(stderr) >= kill.afterLines) pending = later(kill.delayMs, child.kill);
      },
    }).finally(() => pending?.cancel());
  }

  function inspect(db: string): { wasUnclean: boolean; integrity: string[]; salesLines: number; batches: number; dailyUnits: number } {
    const wasUnclean = hadUncleanShutdown(db);
    // The app's own open path: integrity_check after an unclean shutdown, refusal if damaged.
    openStore(db).close();
    const raw = new Database(db, { readonly: true });
    try {
      return {
        wasUnclean,
        integrity: integrityProblems(raw),
        salesLines: raw.prepare('SELECT COALESCE(SUM(line_count), 0) FROM sales_line_blocks').pluck().get() as number,
        batches: raw.prepare('SELECT COUNT(*) FROM import_batches').pluck().get() as number,
        dailyUnits: raw.prepare('SELECT COALESCE(SUM(units), 0) FROM daily_sales').pluck().get() as number,
      };
    } finally {
      raw.close();
    }
  }

  it(`keeps each import wholly or not at all over ${trials} random kills`, async () => {
    writeSalesFile(file, rowCount, 20261129);
    const baselineDb = join(temp.dir, 'baseline.db');
    const baseline = await runImport(baselineDb);
    expect(baseline.status, baseline.stderr).toBe(0);
    const lines = progressLines(baseline.stderr);
    expect(lines, baseline.stderr).toBeGreaterThan(5);
    const complete = inspect(baselineDb);
    expect(complete.salesLines).toBe(rowCount);
    expect(complete.batches).toBe(1);

    const rng = new Rng(7);
    const outcomes: string[] = [];
    let killedMidway = 0;
    let uncleanOpens = 0;
    for (let trial = 0; trial < trials; trial++) {
      const db = join(temp.dir, `trial-${trial}.db`);
      // Each trial starts from an existing database with the schema, as a planner's would.
      openStore(db).close();
      // After any progress line (checking, reading 0–100 %, updating daily demand, done) and 0–200 ms.
      const kill = { afterLines: 1 + rng.integer(lines), delayMs: rng.integer(200) };
      const run = await runImport(db, kill);
      const state = inspect(db);
      const label =
        `import trial ${trial}: kill ${kill.delayMs} ms after progress line ${kill.afterLines}/${lines} (${run.signal ?? `exit ${run.status}`}), ` +
        `${state.wasUnclean ? 'unclean (-wal left), ' : ''}${state.salesLines} lines, ${state.batches} batches`;
      outcomes.push(label);
      expect(state.integrity, label).toEqual([]);
      if (state.batches === 0) {
        expect(state.salesLines, label).toBe(0);
        expect(state.dailyUnits, label).toBe(0);
      } else {
        expect(state.batches, label).toBe(1);
        expect(state.salesLines, label).toBe(rowCount);
        expect(state.dailyUnits, label).toBe(complete.dailyUnits);
      }
      if (run.signal === 'SIGKILL') killedMidway++;
      if (state.wasUnclean) uncleanOpens++;
      removeDatabase(db);
    }
    console.info(outcomes.join('\n'));
    // The kills really interrupted running imports (not only finished ones)…
    expect(killedMidway, outcomes.join('\n')).toBeGreaterThanOrEqual(trials / 2);
    // …and some left a -wal file behind, so the integrity check on open was exercised.
    expect(uncleanOpens, outcomes.join('\n')).toBeGreaterThanOrEqual(trials / 2);
  }, 600_000);
});

describe('crash safety of training (kill -9)', () => {
  const temp = tempDir('replenish-crash-train-');
  afterAll(() => temp.cleanup());
  /** One item's real sales (~2,300 lines): PPO's cost per update does not depend on the item count. */
  const item = '85123A';
  /** A database with a fitted model and a training run killed after its first checkpoint, built once. */
  const snapshot = join(temp.dir, 'snapshot.db');
  /**
   * With this budget a resumed run trains two more updates (at most) and finishes, so a run's end is
   * part of every trial; the budget's hard stop (1.5×) still leaves room on a loaded machine.
   */
  const trainArgs = (db: string): string[] => ['train', '--db', db, '--seconds', '10', '--json'];

  /** The newest run's checkpoint as committed right now, read through the store's repository. */
  function committedCheckpoint(db: string): number {
    const raw = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return new TrainingRepository(raw).runs()[0]?.updatesDone ?? 0;
    } finally {
      raw.close();
    }
  }

  interface TrainingState {
    wasUnclean: boolean;
    integrity: string[];
    runs: number;
    status: string;
    /** The update of the checkpoint a resume would start from (deserialized), or of the finished run. */
    checkpointUpdate: number;
    metricUpdates: number[];
  }

  /** Open the database as the app does, then look at the newest run through the store. */
  function inspectTraining(db: string): TrainingState {
    const wasUnclean = hadUncleanShutdown(db);
    const store = openStore(db);
    try {
      const runs = store.training.runs();
      const newest = runs[0];
      const state = {
        wasUnclean,
        integrity: integrityProblems(store.db),
        runs: runs.length,
        status: newest.status,
        checkpointUpdate: newest.updatesDone,
        metricUpdates: store.training.metrics(newest.id).map((metric) => metric.update),
      };
      if (newest.status !== 'completed') {
        // What the next `train` reads: the checkpoint blob itself must load and agree with its run row.
        const resumable = store.training.resumable();
        expect(resumable?.run.id).toBe(newest.id);
        state.checkpointUpdate = (resumable?.checkpoint as { update: number }).update;
        expect(state.checkpointUpdate).toBe(newest.updatesDone);
      }
      return state;
    } finally {
      store.close();
    }
  }

  const resumedFrom = (stderr: string): number | null => {
    const match = /resuming from update (\d+)/.exec(stderr);
    return match ? Number(match[1]) : null;
  };
  interface KillPoint {
    /** What the delay counts from: the spawn, the "resuming from update N" line, or the run's next checkpoint. */
    after: 'spawn' | 'resume line' | 'new checkpoint';
    delayMs: number;
  }

  /**
   * `replenish train` on `db`, whose run stands at checkpoint `startCheckpoint`: marks when the
   * resume line appeared and when a newer checkpoint was committed (polled every 100 ms), and
   * optionally kills it at a point of that progress, reading the committed checkpoint just before.
   */
  async function runTraining(db: string, startCheckpoint: number, kill?: KillPoint): Promise<Run & { seenBeforeKill: number; marks: { resumeLineMs: number; newCheckpointMs: number } }> {
    const marks = { resumeLineMs: 0, newCheckpointMs: 0 };
    let seenBeforeKill = -1;
    let pending: { cancel: () => void } | undefined;
    let polling: NodeJS.Timeout | undefined;
    const started = Date.now();
    const arm = (child: Child, point: KillPoint['after']): void => {
      if (kill?.after !== point || pending !== undefined) return;
      pending = later(kill.delayMs, () => {
        seenBeforeKill = committedCheckpoint(db);
        child.kill();
      });
    };
    const run = await runCli(trainArgs(db), {
      onStart: (child) => {
        arm(child, 'spawn');
        polling = setInterval(() => {
          if (committedCheckpoint(db) <= startCheckpoint) return;
          marks.newCheckpointMs = Date.now() - started;
          clearInterval(polling);
          arm(child, 'new checkpoint');
        }, 100);
      },
      onStderr: (stderr, child, elapsedMs) => {
        if (marks.resumeLineMs > 0 || resumedFrom(stderr) === null) return;
        marks.resumeLineMs = elapsedMs;
        arm(child, 'resume line');
      },
    }).finally(() => {
      clearInterval(polling);
      pending?.cancel();
    });
    return { ...run, seenBeforeKill, marks };
  }

  const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);

  it(`resumes from the last checkpoint after each of ${trials} random kills`, async () => {
    // The snapshot: import + fit once, then a first training run killed right after its first checkpoint.
    const sales = join(temp.dir, 'sales.csv');
    const source = readFileSync(join(sharedDir, 'data', 'online_retail_uci_top15.csv'), 'utf8').split('\n');
    writeFileSync(sales, [source[0], ...source.filter((line) => line.split(',')[1] === item)].join('\n') + '\n');
    const setupDb = join(temp.dir, 'setup.db');
    const imported = await runCli(['import', sales, '--db', setupDb]);
    expect(imported.status, imported.stderr).toBe(0);
    const fitted = await runCli(['fit', '--db', setupDb, '--item', item]);
    expect(fitted.status, fitted.stderr).toBe(0);
    let polling: NodeJS.Timeout | undefined;
    const first = await runCli(['train', '--db', setupDb, '--seconds', '300'], {
      onStart: (child) => {
        polling = setInterval(() => {
          if (committedCheckpoint(setupDb) > 0) {
            clearInterval(polling);
            child.kill();
          }
        }, 250);
      },
    }).finally(() => clearInterval(polling));
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const firstState = inspectTraining(setupDb);
    expect(firstState.integrity).toEqual([]);
    const firstCheckpoint = firstState.checkpointUpdate;
    expect(firstCheckpoint % 5, 'checkpoints every 5 updates').toBe(0);
    expect(firstCheckpoint).toBeGreaterThanOrEqual(5);
    copyFileSync(setupDb, snapshot); // inspectTraining closed it cleanly: no -wal to copy

    // A baseline resumed run, not killed: how long its phases take here, now.
    const db = join(temp.dir, 'chain.db');
    copyFileSync(snapshot, db);
    const baseline = await runTraining(db, firstCheckpoint);
    expect(baseline.status, baseline.stderr).toBe(0);
    expect(JSON.parse(baseline.stdout).resumedFromUpdate).toBe(firstCheckpoint);
    expect(baseline.marks.resumeLineMs).toBeGreaterThan(0);
    expect(baseline.marks.newCheckpointMs, 'the baseline run committed a checkpoint').toBeGreaterThan(baseline.marks.resumeLineMs);
    const phaseMs: Record<KillPoint['after'], number> = {
      spawn: baseline.marks.resumeLineMs,
      'resume line': baseline.marks.newCheckpointMs - baseline.marks.resumeLineMs,
      // A little past the baseline's end, so that some runs finish first (and the chain restarts).
      'new checkpoint': 1.2 * (baseline.elapsedMs - baseline.marks.newCheckpointMs),
    };
    console.info(`training baseline: first checkpoint ${firstCheckpoint}; phases ${JSON.stringify(phaseMs)} ms`);

    // The trials form a chain on one database, as repeated crashes would: each run resumes the
    // previous one's checkpoint; a run that finished before its kill starts the chain again from the snapshot.
    removeDatabase(db);
    copyFileSync(snapshot, db);
    let expectedResume = firstCheckpoint;
    const rng = new Rng(20261130);
    const outcomes: string[] = [];
    let killedMidway = 0;
    let resumesChecked = 0;
    let advanced = 0;
    for (let trial = 0; trial < trials; trial++) {
      // A kill in start-up (opening, finding the run to resume) one time in five; otherwise during
      // the updates before the run's next checkpoint, or after it (comparison, saving the policy).
      const draw = rng.uniform();
      const after: KillPoint['after'] = draw < 0.2 ? 'spawn' : draw < 0.6 ? 'resume line' : 'new checkpoint';
      const kill = { after, delayMs: Math.round(rng.uniform() * phaseMs[after]) };
      const run = await runTraining(db, expectedResume, kill);
      const resumed = resumedFrom(run.stderr);
      const state = inspectTraining(db);
      const label =
        `training trial ${trial}: kill ${kill.delayMs} ms after the ${after} (${run.signal ?? `exit ${run.status}`}), ` +
        `resumed from ${resumed ?? '—'} (expected ${expectedResume}), seen ${run.seenBeforeKill}, now ${state.status} at ${state.checkpointUpdate}` +
        `${state.wasUnclean ? ', unclean' : ''}`;
      outcomes.push(label);
      console.info(label);
      expect(state.integrity, label).toEqual([]);
      expect(state.runs, label).toBe(1);
      // The run continued exactly where the last kill left it.
      if (resumed !== null) {
        expect(resumed, label).toBe(expectedResume);
        resumesChecked++;
      }
      if (run.signal === 'SIGKILL') {
        expect(state.checkpointUpdate, label).toBeGreaterThanOrEqual(run.seenBeforeKill);
        expect(state.checkpointUpdate, label).toBeGreaterThanOrEqual(expectedResume);
      } else {
        expect(run.status, `${label}\n${run.stderr}`).toBe(0);
        expect(state.status, label).toBe('completed');
      }
      // Metrics are committed with their checkpoint: exactly updates 1…checkpoint, none lost, none beyond.
      expect(state.metricUpdates, label).toEqual(range(1, state.checkpointUpdate));
      if (state.checkpointUpdate > expectedResume) advanced++;
      if (state.status === 'completed') {
        removeDatabase(db);
        copyFileSync(snapshot, db);
        expectedResume = firstCheckpoint;
      } else {
        if (run.signal === 'SIGKILL') killedMidway++;
        expectedResume = state.checkpointUpdate;
      }
    }

    // The last kill, too, is resumed from its checkpoint, and the run then finishes with a policy.
    const last = await runTraining(db, expectedResume);
    expect(last.status, last.stderr).toBe(0);
    const result = JSON.parse(last.stdout) as { resumedFromUpdate: number | null; updatesDone: number };
    expect(result.resumedFromUpdate, outcomes.join('\n')).toBe(expectedResume);
    // (A loaded machine may reach the budget's hard stop before another update; the run still finishes.)
    expect(result.updatesDone).toBeGreaterThanOrEqual(expectedResume);
    const finished = inspectTraining(db);
    expect(finished.status).toBe('completed');
    expect(finished.metricUpdates).toEqual(range(1, result.updatesDone));

    // The kills interrupted running training (not only finished runs), resumes were seen, checkpoints moved on.
    expect(killedMidway, outcomes.join('\n')).toBeGreaterThanOrEqual(trials / 2);
    expect(resumesChecked, outcomes.join('\n')).toBeGreaterThanOrEqual(trials / 2);
    expect(advanced, outcomes.join('\n')).toBeGreaterThanOrEqual(2);
  }, 900_000);
});
