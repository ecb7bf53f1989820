/**
 * CSV import benchmark (docs/BENCHMARKS.md, issue 3): rows/s of Replenish's full import of a seeded
 * 1,000,000-row invoice-line sales CSV into a fresh SQLite database — sniffing, validation,
 * de-duplication, the one transaction and daily demand included — against the reference measured in
 * the same run: the `sqlite3` CLI's `.import --csv` of the same file into a fresh database (a bare
 * table of text columns, no validation, no index). Targets: ratio ≥ 0.6, peak RSS ≤ 500 MB.
 * Each run measures the CLI and then Replenish twice — warmed up (its parse worker started
 * before the call, as in the dashboard after the import wizard's preview) and cold (as the
 * `replenish import` command) — each in its own process; figures are medians over the runs (the
 * ratios are also given per run, as the machine is shared and noisy). Replenish's seconds are
 * those of the import call (node/tsx start-up excluded); the CLI's are those of its whole process
 * (it starts in milliseconds).
 * Usage: npx tsx test/bench/importCsv.bench.ts [--quick] [--runs N]   → one JSON document on stdout.
 * Needs /usr/bin/sqlite3 (Debian package sqlite3) and /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { environment, IMPORT_COLD_NAME, IMPORT_WARM_NAME, importFigures, median, round, runImportChild } from './benchRuns';
import type { ChildFigures } from './benchRuns';
import { writeSalesCsv } from './salesFixture';

const quick = process.argv.includes('--quick');
const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 3;
const rowCount = quick ? 200_000 : 1_000_000;
const seed = 20261129;
const SQLITE = '/usr/bin/sqlite3';
const TIME = '/usr/bin/time';
const TARGET_RATIO = 0.6;
const TARGET_RSS_MB = 500;

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** The reference: `sqlite3 DB ".import --csv FILE sales"`, timed by /usr/bin/time. */
function sqliteImport(csv: string, db: string): ChildFigures {
  removeDatabase(db);
  const run = spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', SQLITE, db, `.import --csv "${csv}" sales`], { encoding: 'utf8' });
  const line = run.stderr.split('\n').find((text) => text.startsWith('BENCH '));
  if (run.status !== 0 || line === undefined) throw new Error(`sqlite3 .import failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const [wall, user, system, maxRssKB] = line.split(' ').slice(1).map(Number);
  const count = spawnSync(SQLITE, [db, 'SELECT COUNT(*) FROM sales'], { encoding: 'utf8' }).stdout.trim();
  if (Number(count) !== rowCount) throw new Error(`sqlite3 imported ${count} rows, expected ${rowCount}`);
  return { seconds: wall, cpuSeconds: user + system, maxRssMB: maxRssKB / 1024 };
}

// The machine is shared: how busy it was when the run began (and, in `environment`, at its end).
const loadAverageAtStart = os.loadavg().map((load) => round(load, 2));
const folder = mkdtempSync(join(os.tmpdir(), 'replenish-bench-csv-'));
try {
  const csv = join(folder, 'sales.csv');
  const generatedAt = performance.now();
  writeSalesCsv(csv, rowCount, seed);
  process.stderr.write(`generated ${rowCount} rows (${(statSync(csv).size / 1e6).toFixed(1)} MB) in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s\n`);
  const reference: ChildFigures[] = [];
  const warm: ChildFigures[] = [];
  const cold: ChildFigures[] = [];
  for (let run = 0; run < runs; run++) {
    reference.push(sqliteImport(csv, join(folder, 'reference.db')));
    const db = join(folder, 'replenish.db');
    for (const [figures, warmth] of [[warm, 'warm'], [cold, 'cold']] as const) {
      removeDatabase(db);
      figures.push(runImportChild(['replenish', csv, db, warmth]));
      removeDatabase(db);
    }
    process.stderr.write(`run ${run + 1}/${runs}: sqlite3 ${reference[run].seconds.toFixed(2)} s, Replenish ${warm[run].seconds.toFixed(2)} s warm, ${cold[run].seconds.toFixed(2)} s cold\n`);
  }
  const referenceSeconds = median(reference.map((figures) => figures.seconds));
  const ratio = referenceSeconds / median(warm.map((figures) => figures.seconds));
  const ratioCold = referenceSeconds / median(cold.map((figures) => figures.seconds));
  const peakRssMB = Math.max(...[...warm, ...cold].map((figures) => figures.maxRssMB));
  const sqliteVersion = spawnSync(SQLITE, ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0];
  process.stdout.write(JSON.stringify({
    benchmark: 'csv-import',
    rows: rowCount,
    runs,
    figure: importFigures(IMPORT_WARM_NAME, rowCount, warm),
    cold: importFigures(IMPORT_COLD_NAME, rowCount, cold),
    reference: {
      name: `sqlite3 CLI ${sqliteVersion} .import --csv into a fresh database (its whole process)`,
      rowsPerSecond: Math.round(rowCount / referenceSeconds),
      seconds: round(referenceSeconds),
      cpuSeconds: round(median(reference.map((figures) => figures.cpuSeconds))),
    },
    ratio: round(ratio),
    ratioPerRun: reference.map((figures, run) => round(figures.seconds / warm[run].seconds)),
    ratioCold: round(ratioCold),
    ratioColdPerRun: reference.map((figures, run) => round(figures.seconds / cold[run].seconds)),
    cpuRatio: round(median(reference.map((figures) => figures.cpuSeconds)) / median(warm.map((figures) => figures.cpuSeconds))),
    target: { ratio: TARGET_RATIO, peakRssMB: TARGET_RSS_MB },
    meetsTarget: { ratio: ratio >= TARGET_RATIO, ratioCold: ratioCold >= TARGET_RATIO, peakRss: peakRssMB <= TARGET_RSS_MB },
    environment: { ...environment(), loadAverageAtStart, backend: 'better-sqlite3 (bundled SQLite) vs sqlite3 CLI' },
  }, null, 2) + '\n');
} finally {
  rmSync(folder, { recursive: true, force: true });
}
