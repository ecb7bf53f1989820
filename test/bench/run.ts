/**
 * `npm run bench`: run every test/bench/*.bench.ts in its own process, one after another (the
 * figures are speeds: nothing else should share the cores), save each JSON document under
 * bench-results/, and print a short table. Arguments after `--` go to every script
 * (e.g. `npm run bench -- --quick`); `--only NAME` runs the scripts whose name contains NAME.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const benchDir = import.meta.dirname;
const resultsDir = join(benchDir, '..', '..', 'bench-results');
const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1] : undefined;
const scripts = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => !only || name.includes(only))
  .sort();

mkdirSync(resultsDir, { recursive: true });
const rows: string[][] = [];
let failed = 0;
for (const script of scripts) {
  const name = basename(script, '.bench.ts');
  process.stderr.write(`\n▶ ${name}\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let document: unknown;
  try {
    document = JSON.parse(run.stdout);
  } catch {
    document = undefined;
  }
  if (run.status !== 0 || document === undefined) {
    failed++;
    rows.push([name, 'FAILED', `exit ${run.status}`, seconds]);
    process.stderr.write(run.stdout.slice(-2000));
    continue;
  }
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(document, null, 2) + '\n');
  process.stdout.write(`${name}: ${JSON.stringify(document, null, 2)}\n`);
  rows.push([name, 'ok', `bench-results/${name}.json`, seconds]);
}
process.stdout.write('\nbenchmark          status  result                                   seconds\n');
for (const row of rows) process.stdout.write(`${row[0].padEnd(18)} ${row[1].padEnd(7)} ${row[2].padEnd(40)} ${row[3]}\n`);
process.exitCode = failed > 0 ? 1 : 0;
