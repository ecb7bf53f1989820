/**
 * The import's parse worker in the BUILT app (out/main, what Electron runs — the CLI and `serve`
 * run the sources through tsx): electron-vite emits it as out/main/importParser.js, and the built
 * import task finds it from its chunk and parses a big file there, with the same result as parsing
 * on its own thread. The task runs in a worker thread like in the desktop app (out/main/worker.js
 * dynamically imports the same importTask chunk), so the parse worker is a nested one. Where the
 * file was parsed is read from the `NODE_DEBUG=replenish` log; a build without a usable parse
 * worker still imports, and says so in the summary's warnings.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportTaskInput, ImportTaskOutput, ImportTuning } from '../../app/import/importTask';
import { WORKER_MIN_BYTES } from '../../app/import/parsedBatches';
import { writeSalesCsv } from '../bench/salesFixture';
import { ensureRendererBuilt } from '../helpers/build';
import { storedTables } from '../helpers/salesLines';
import { repoRoot, tempDir } from '../helpers/tempDir';

const temp = tempDir('replenish-parse-worker-build-');
afterAll(() => temp.cleanup());

/** Newest modification time of a file, or of any file below a folder. */
function newest(path: string): number {
  const stat = statSync(path);
  return stat.isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : stat.mtimeMs;
}

/**
 * A folder of this test's where built modules run as in the project: ES modules (package.json)
 * importing their packages from the project's node_modules.
 */
function buildPlace(name: string): string {
  const root = join(temp.dir, name);
  mkdirSync(root);
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/**
 * out/main built from the current sources: the build test/helpers/build.ts (or `npm ci`) made, when
 * it is up to date. ensureRendererBuilt() rebuilds only for dashboard changes, so when out/main
 * lacks the parse worker or is older than app/, main/ or the build config, the sources are built
 * once into this test's own folder instead (other test files read out/ meanwhile).
 */
function currentBuild(): string {
  ensureRendererBuilt();
  const outMain = join(repoRoot, 'out', 'main');
  const parser = join(outMain, 'importParser.js');
  const sources = Math.max(...['app', 'main', 'electron.vite.config.ts'].map((path) => newest(join(repoRoot, path))));
  if (existsSync(parser) && statSync(parser).mtimeMs >= sources) return outMain;
  const outDir = join(buildPlace('fresh'), 'out');
  const build = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', outDir], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  return join(outDir, 'main');
}

/** Runs the built importTask chunk in a worker thread, as out/main/worker.js does, with `tuning`. */
const TASK_SCRIPT = `
import { parentPort, workerData } from 'node:worker_threads';
const { importTask } = await import(workerData.chunk);
parentPort.postMessage(await importTask(workerData.input, () => {}, new AbortController().signal, workerData.tuning));
`;

interface BuiltRun {
  output: ImportTaskOutput;
  /** What the task's thread (and the parse worker) wrote to stderr. */
  log: string;
}

/** What was imported, without where it was parsed (importTask's `parsedIn`, which must agree with the log). */
function imported(run: BuiltRun, parsedIn: 'worker' | 'here'): Omit<ImportTaskOutput, 'parsedIn'> {
  const { parsedIn: where, ...rest } = run.output;
  expect(where).toBe(parsedIn);
  return rest;
}

async function importWithBuild(mainDir: string, filePath: string, dbPath: string, tuning: ImportTuning): Promise<BuiltRun> {
  const chunks = readdirSync(join(mainDir, 'chunks')).filter((name) => /^importTask-.*\.js$/.test(name));
  expect(chunks).toHaveLength(1);
  const script = join(temp.dir, 'runImportTask.mjs');
  if (!existsSync(script)) writeFileSync(script, TASK_SCRIPT);
  const input: ImportTaskInput = { dbPath, filePath, fileName: 'sales.csv', dryRun: false, taskId: 't', now: '2024-05-01T00:00:00Z' };
  const worker = new Worker(script, {
    workerData: { chunk: pathToFileURL(join(mainDir, 'chunks', chunks[0])).href, input, tuning },
    env: { ...process.env, NODE_DEBUG: 'replenish' },
    execArgv: [],
    stderr: true,
  });
  let log = '';
  worker.stderr.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  return new Promise((resolve, reject) => {
    let output: ImportTaskOutput | undefined;
    worker.on('message', (message: ImportTaskOutput) => { output = message; });
    worker.on('error', reject);
    worker.on('exit', (code) => (output === undefined ? reject(new Error(`the import task stopped (exit ${code}):\n${log}`)) : resolve({ output, log })));
  });
}

/** Every stored sales line and daily total, in a fixed order. */
const tables = storedTables;

/** A copy of the built main folder in which `importParser.js` is missing or replaced by `parser`. */
function brokenBuild(builtMain: string, name: string, parser: string | undefined): string {
  const main = join(buildPlace(name), 'main');
  cpSync(builtMain, main, { recursive: true });
  rmSync(join(main, 'importParser.js'));
  if (parser !== undefined) writeFileSync(join(main, 'importParser.js'), parser);
  return main;
}

describe('the parse worker of the built app', () => {
  const bigCsv = join(temp.dir, 'big.csv');
  const smallCsv = join(temp.dir, 'small.csv');
  let builtMain = '';
  beforeAll(() => {
    builtMain = currentBuild();
    writeSalesCsv(bigCsv, 70_000, 7);
    writeSalesCsv(smallCsv, 2_000, 8);
  }, 600_000);

  it('is emitted beside the task worker, and parses a big CSV with the same result as the importing thread', async () => {
    expect(existsSync(join(builtMain, 'worker.js'))).toBe(true);
    expect(existsSync(join(builtMain, 'importParser.js'))).toBe(true);
    expect(statSync(bigCsv).size).toBeGreaterThan(WORKER_MIN_BYTES);
    const inWorker = await importWithBuild(builtMain, bigCsv, join(temp.dir, 'worker.db'), { parse: 'worker' });
    const here = await importWithBuild(builtMain, bigCsv, join(temp.dir, 'here.db'), { parse: 'here' });
    expect(inWorker.log).toContain(`parsing ${bigCsv} (records) in a worker thread running ${join(builtMain, 'importParser.js')}`);
    expect(here.log).toContain(`parsing ${bigCsv} on this thread (asked to)`);
    expect(here.log).not.toContain('in a worker thread');
    expect(inWorker.output.rowsImported).toBeGreaterThan(60_000);
    expect(inWorker.output.warnings.join('\n')).not.toContain('without a worker thread');
    expect(imported(inWorker, 'worker')).toEqual(imported(here, 'here'));
    expect(tables(join(temp.dir, 'worker.db'))).toEqual(tables(join(temp.dir, 'here.db')));
  }, 120_000);

  it('parses on the importing thread, and says so, when the build has no parse worker or it cannot load', async () => {
    const reference = await importWithBuild(builtMain, smallCsv, join(temp.dir, 'small-here.db'), { parse: 'here' });
    const cases = [
      { mainDir: brokenBuild(builtMain, 'without-parser', undefined), reason: 'the build has no importParser.js' },
      { mainDir: brokenBuild(builtMain, 'unloadable-parser', `import './no-such-module.js';\n`), reason: 'did not start' },
    ];
    for (const [index, { mainDir, reason }] of cases.entries()) {
      const dbPath = join(temp.dir, `fallback-${index}.db`);
      const run = await importWithBuild(mainDir, smallCsv, dbPath, { parse: 'worker' });
      expect(run.log).toContain(`parsing ${smallCsv} (records) on this thread: `);
      expect(run.log).toContain(reason);
      const warning = run.output.warnings.find((text) => text.startsWith('The file was parsed without a worker thread'));
      expect(warning).toContain(reason);
      const withoutWarning = { ...run, output: { ...run.output, warnings: run.output.warnings.filter((text) => text !== warning) } };
      expect(imported(withoutWarning, 'here')).toEqual(imported(reference, 'here'));
      expect(tables(dbPath)).toEqual(tables(join(temp.dir, 'small-here.db')));
    }
  }, 120_000);
});
