/**
 * Getting an import ready before it runs (the wizard does it while the planner checks a preview):
 * a warm parse worker takes the next import's file, with the same result as a cold one; a runner
 * keeps a warmed-up task worker for the import that follows; and neither keeps a process alive
 * when no import comes. Each case runs in a child process, where NODE_DEBUG=replenish shows which
 * worker parsed the file.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { WORKER_MIN_BYTES } from '../../app/import/parsedBatches';
import { writeSalesCsv } from '../bench/salesFixture';
import { repoRoot, tempDir } from '../helpers/tempDir';

const temp = tempDir('replenish-warm-up-');
afterAll(() => temp.cleanup());
const moduleUrl = (path: string): string => pathToFileURL(join(repoRoot, path)).href;

/** Runs a TypeScript script in a child process (tsx); its last stdout line is JSON. */
function runScript(name: string, source: string, args: string[]): { result: Record<string, unknown>; log: string; seconds: number } {
  const script = join(temp.dir, name);
  writeFileSync(script, source);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'replenish' }, timeout: 120_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${name} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  return { result: JSON.parse(lines[lines.length - 1]) as Record<string, unknown>, log: run.stderr, seconds };
}

const PARSE_SCRIPT = `
import { statSync } from 'node:fs';
import { parseImportFile } from '${moduleUrl('app/import/parsedBatches.ts')}';
import { prewarmParseWorker } from '${moduleUrl('app/import/parseWorkers.ts')}';
const [mode, path] = process.argv.slice(2);
const ready = mode === 'cold' ? false : await prewarmParseWorker({ workbook: false });
if (mode === 'idle') {
  // Nothing to parse: the warm worker must not keep this process alive.
  console.log(JSON.stringify({ ready }));
} else {
  const source = parseImportFile(path, { totalBytes: statSync(path).size, format: 'csv' }, {}, 'worker');
  let lines = 0;
  let keys = 0;
  let summary;
  for await (const batch of source.batches) {
    lines += batch.lines?.count ?? 0;
    for (let index = 0; index < (batch.lines?.count ?? 0); index++) keys = (keys + batch.lines.keyLow[index] + batch.lines.keyHigh[index]) % 1e9;
    summary = batch.summary ?? summary;
  }
  await source.close();
  console.log(JSON.stringify({ ready, lines, keys, accepted: summary.accepted, parsedIn: source.parsedIn }));
}
`;

const RUNNER_SCRIPT = `
import { statSync } from 'node:fs';
import { WorkerTaskRunner } from '${moduleUrl('main/worker/runner.ts')}';
const [mode, path, dbPath] = process.argv.slice(2);
const runner = new WorkerTaskRunner();
const hint = { format: 'csv', totalBytes: statSync(path).size, parse: 'worker' };
runner.warmUp('import', hint);
const spareBefore = runner.hasSpareFor('import');
// The same warm-up again (the wizard previews again when the mapping changes) keeps the spare.
runner.warmUp('import', hint);
if (mode === 'idle') {
  console.log(JSON.stringify({ spareBefore, spareAgain: runner.hasSpareFor('import') }));
} else {
  const output = await runner.run('import', { dbPath, filePath: path, fileName: 'sales.csv', dryRun: false, taskId: 't', now: '2024-05-01T00:00:00Z' }, () => {});
  console.log(JSON.stringify({ spareBefore, spareAfter: runner.hasSpareFor('import'), rowsImported: output.rowsImported }));
}
`;

describe('warming up for an import', () => {
  const csv = join(temp.dir, 'sales.csv');
  // Big enough to be parsed in a worker (WORKER_MIN_BYTES).
  beforeAll(() => writeSalesCsv(csv, 70_000, 11));

  it('a warm parse worker parses the next file, with the same result as a cold one', () => {
    const warm = runScript('parse.mts', PARSE_SCRIPT, ['warm', csv]);
    const cold = runScript('parse.mts', PARSE_SCRIPT, ['cold', csv]);
    expect(warm.result.ready).toBe(true);
    expect(warm.log).toContain(`parsing ${csv} (records) in a warm worker thread`);
    expect(cold.log).not.toContain('warm worker');
    expect(cold.log).toContain(`parsing ${csv} (records) in a worker thread`);
    expect(warm.result.lines).toBeGreaterThan(60_000);
    expect({ ...warm.result, ready: undefined }).toEqual({ ...cold.result, ready: undefined });
  }, 120_000);

  it('an unused warm parse worker does not keep the process alive', () => {
    const idle = runScript('parse.mts', PARSE_SCRIPT, ['idle', csv]);
    expect(idle.result.ready).toBe(true);
    // Its idle timeout is five minutes: the process ended long before.
    expect(idle.seconds).toBeLessThan(60);
  }, 120_000);

  it('a runner runs the import in the worker it warmed up, and an unused one lets the host exit', () => {
    expect(statSync(csv).size).toBeGreaterThan(WORKER_MIN_BYTES);
    const used = runScript('runner.mts', RUNNER_SCRIPT, ['run', csv, join(temp.dir, 'runner.db')]);
    expect(used.result).toMatchObject({ spareBefore: true, spareAfter: false });
    expect(used.result.rowsImported).toBeGreaterThan(60_000);
    expect(used.log).toContain(`parsing ${csv} (records) in a warm worker thread`);
    const idle = runScript('runner.mts', RUNNER_SCRIPT, ['idle', csv]);
    expect(idle.result).toEqual({ spareBefore: true, spareAgain: true });
    expect(idle.seconds).toBeLessThan(60);
  }, 180_000);
});
