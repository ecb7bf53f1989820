/**
 * XLSX import benchmark (docs/BENCHMARKS.md, issue 3): rows/s of Replenish's full import of a seeded
 * 200,000-row sales workbook into a fresh SQLite database (importTask: validation, de-duplication,
 * the one transaction, daily demand) against the reference measured in the same run: the bare
 * exceljs streaming WorkbookReader read of the same file, every row and cell visited and nothing
 * else. Target: ratio ≥ 0.8. Each run measures the bare read and then Replenish, warmed up and
 * cold, each in its own process (test/bench/importChild.ts). Module loading is outside the measured
 * call — exceljs's for the reference; for Replenish warmed up, its parse worker's (started by
 * warmUpImport, as the import wizard does during the preview), while the cold figure includes it.
 * Figures are medians over the runs.
 * Usage: npx tsx test/bench/importXlsx.bench.ts [--quick] [--runs N]   → one JSON document on stdout.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { environment, IMPORT_COLD_NAME, IMPORT_WARM_NAME, importFigures, median, round, runImportChild } from './benchRuns';
import type { ChildFigures } from './benchRuns';
import { writeSalesXlsx } from './salesFixture';

const quick = process.argv.includes('--quick');
const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 3;
const rowCount = quick ? 50_000 : 200_000;
const seed = 20261129;
const TARGET_RATIO = 0.8;

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

// The machine is shared: how busy it was when the run began (and, in `environment`, at its end).
const loadAverageAtStart = os.loadavg().map((load) => round(load, 2));
const folder = mkdtempSync(join(os.tmpdir(), 'replenish-bench-xlsx-'));
try {
  const xlsx = join(folder, 'sales.xlsx');
  const generatedAt = performance.now();
  await writeSalesXlsx(xlsx, rowCount, seed);
  process.stderr.write(`generated ${rowCount} rows (${(statSync(xlsx).size / 1e6).toFixed(1)} MB) in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s\n`);
  const reference: ChildFigures[] = [];
  const warm: ChildFigures[] = [];
  const cold: ChildFigures[] = [];
  for (let run = 0; run < runs; run++) {
    const bare = runImportChild(['exceljs', xlsx]);
    // The header row is a row to exceljs too.
    if (bare.rowsRead !== rowCount + 1) throw new Error(`the bare read saw ${bare.rowsRead} rows, expected ${rowCount + 1}`);
    reference.push(bare);
    const db = join(folder, 'replenish.db');
    for (const [figures, warmth] of [[warm, 'warm'], [cold, 'cold']] as const) {
      removeDatabase(db);
      figures.push(runImportChild(['replenish', xlsx, db, warmth]));
      removeDatabase(db);
    }
    process.stderr.write(`run ${run + 1}/${runs}: exceljs ${reference[run].seconds.toFixed(2)} s, Replenish ${warm[run].seconds.toFixed(2)} s warm, ${cold[run].seconds.toFixed(2)} s cold\n`);
  }
  const referenceSeconds = median(reference.map((figures) => figures.seconds));
  const ratio = referenceSeconds / median(warm.map((figures) => figures.seconds));
  const ratioCold = referenceSeconds / median(cold.map((figures) => figures.seconds));
  process.stdout.write(JSON.stringify({
    benchmark: 'xlsx-import',
    rows: rowCount,
    runs,
    // The reference's module loading (exceljs) is outside its measured call: so is Replenish's in `figure`.
    figure: importFigures(IMPORT_WARM_NAME, rowCount, warm),
    cold: importFigures(IMPORT_COLD_NAME, rowCount, cold),
    reference: {
      name: 'exceljs stream.xlsx.WorkbookReader, every row and cell visited (exceljs loaded before the measured call)',
      rowsPerSecond: Math.round(rowCount / referenceSeconds),
      seconds: round(referenceSeconds),
      cpuSeconds: round(median(reference.map((figures) => figures.cpuSeconds))),
      peakRssMB: round(Math.max(...reference.map((figures) => figures.maxRssMB)), 1),
    },
    ratio: round(ratio),
    ratioPerRun: reference.map((figures, run) => round(figures.seconds / warm[run].seconds)),
    ratioCold: round(ratioCold),
    ratioColdPerRun: reference.map((figures, run) => round(figures.seconds / cold[run].seconds)),
    cpuRatio: round(median(reference.map((figures) => figures.cpuSeconds)) / median(warm.map((figures) => figures.cpuSeconds))),
    target: { ratio: TARGET_RATIO },
    meetsTarget: { ratio: ratio >= TARGET_RATIO, ratioCold: ratioCold >= TARGET_RATIO },
    environment: { ...environment(), loadAverageAtStart, backend: 'exceljs streaming reader + better-sqlite3' },
  }, null, 2) + '\n');
} finally {
  rmSync(folder, { recursive: true, force: true });
}
