import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../app/random/rng';
import { hadUncleanShutdown, integrityProblems } from '../../app/store/backup';
import { openStore } from '../../app/store';
import { repoRoot, tempDir } from '../helpers/tempDir';

/**
 * kill -9 the real `replenish import` at random moments: afterwards the database always opens,
 * passes integrity_check, and holds the import wholly or not at all. (Training crash trials come
 * when PPO training is wired into the CLI.)
 *
 * 100 000 rows (3 MB) take about 5 s per run here, start-up included (shared machine; 200 000
 * rows took the whole test to 133 s, 100 000 keep it near 90 s). Kills are tied to the CLI's own
 * progress lines, so they land in every phase — reading and writing, re-deriving daily demand,
 * committing, closing — however loaded the machine is.
 */
const rowCount = 100_000;
const trials = 20;

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

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  /** Progress lines the CLI printed on stderr (one per tenth of each phase, when piped). */
  progressLines: number;
  stderr: string;
}

/** Kill after the CLI printed this many progress lines, plus a few milliseconds. */
interface KillPoint {
  afterLines: number;
  delayMs: number;
}

/**
 * The CLI exactly as `npx replenish` runs it, killed with SIGKILL at a point of its own progress
 * (not of the wall clock, which a loaded machine stretches): every kill lands in the import.
 */
function runImport(file: string, db: string, kill?: KillPoint): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'replenish.mjs'), 'import', file, '--db', db, '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const lines = (): number => stderr.split('\n').length - 1;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (kill && killTimer === undefined && lines() >= kill.afterLines) killTimer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
    });
    child.on('error', reject);
    child.on('exit', (status, signal) => {
      clearTimeout(killTimer);
      resolve({ status, signal, progressLines: lines(), stderr });
    });
  });
}

function inspect(db: string): { wasUnclean: boolean; integrity: string[]; salesLines: number; batches: number; dailyUnits: number } {
  const wasUnclean = hadUncleanShutdown(db);
  // The app's own open path: integrity_check after an unclean shutdown, refusal if damaged.
  const store = openStore(db);
  store.close();
  const raw = new Database(db, { readonly: true });
  try {
    return {
      wasUnclean,
      integrity: integrityProblems(raw),
      salesLines: raw.prepare('SELECT COUNT(*) FROM sales_lines').pluck().get() as number,
      batches: raw.prepare('SELECT COUNT(*) FROM import_batches').pluck().get() as number,
      dailyUnits: (raw.prepare('SELECT COALESCE(SUM(units), 0) FROM daily_sales').pluck().get() as number) ?? 0,
    };
  } finally {
    raw.close();
  }
}

describe('crash safety of imports (kill -9)', () => {
  const temp = tempDir('replenish-crash-');
  afterAll(() => temp.cleanup());
  const file = join(temp.dir, 'sales.csv');

  it(`keeps each import wholly or not at all over ${trials} random kills`, async () => {
    writeSalesFile(file, rowCount, 20261129);
    const baselineDb = join(temp.dir, 'baseline.db');
    const baseline = await runImport(file, baselineDb);
    expect(baseline.status, baseline.stderr).toBe(0);
    expect(baseline.progressLines, baseline.stderr).toBeGreaterThan(5);
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
      const kill = { afterLines: 1 + rng.integer(baseline.progressLines), delayMs: rng.integer(200) };
      const run = await runImport(file, db, kill);
      const state = inspect(db);
      const label =
        `trial ${trial}: kill ${kill.delayMs} ms after progress line ${kill.afterLines}/${baseline.progressLines} (${run.signal ?? `exit ${run.status}`}), ` +
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
    }
    // The kills really interrupted running imports (not only finished ones).
    expect(killedMidway, outcomes.join('\n')).toBeGreaterThanOrEqual(trials / 2);
    // …and some left a -wal file behind, so the integrity check on open was exercised.
    expect(uncleanOpens, outcomes.join('\n')).toBeGreaterThanOrEqual(trials / 2);
    console.info(outcomes.join('\n'));
  }, 300_000);
});
