/** Shared plumbing of the import benchmarks: run a measured child, medians, environment. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';

export interface ChildFigures {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  [figure: string]: number;
}

const childScript = join(import.meta.dirname, 'importChild.ts');

/** Runs importChild.ts with these arguments and returns the JSON it printed. */
export function runImportChild(args: string[]): ChildFigures {
  const run = spawnSync(process.execPath, ['--import', 'tsx', childScript, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`importChild ${args.join(' ')} failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildFigures;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function environment(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageAtEnd: os.loadavg().map((load) => round(load, 2)),
  };
}

/** Median figures of Replenish's import runs, as the import benchmarks print them. */
export function importFigures(name: string, rowCount: number, runs: ChildFigures[]): Record<string, unknown> {
  const seconds = median(runs.map((figures) => figures.seconds));
  const last = runs[runs.length - 1];
  return {
    name,
    rowsPerSecond: Math.round(rowCount / seconds),
    seconds: round(seconds),
    cpuSeconds: round(median(runs.map((figures) => figures.cpuSeconds))),
    peakRssMB: round(Math.max(...runs.map((figures) => figures.maxRssMB)), 1),
    rowsImported: last.rowsImported,
    duplicates: last.duplicates,
    rowsSkipped: last.rowsSkipped,
    items: last.items,
  };
}

/** What the import benchmarks say about warm and cold runs. */
export const IMPORT_WARM_NAME = 'Replenish import, warmed up: importTask into a fresh SQLite database, its parse worker started and its modules loaded before the call (warmUpImport, as the import wizard does during the preview)';
export const IMPORT_COLD_NAME = 'Replenish import, cold: the parse worker started and its modules loaded inside the call (as `replenish import` on the command line)';
