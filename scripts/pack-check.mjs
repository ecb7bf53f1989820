// `npm run pack:check`: proves the desktop package's file set without downloading anything.
//  1. validates electron-builder.yml (targets, app id, natives unpacked, wasm, sample data, …);
//  2. runs electron-builder `--linux --dir` against a placeholder Electron (a fake executable in a
//     temporary folder, `-c.electronDist`), with `npmRebuild: false` since Electron's headers
//     cannot be downloaded here — a release build rebuilds natives for Electron (README);
//  3. checks what came out: app.asar holds out/main (with the worker-thread entries: worker.js for
//     tasks, importParser.js for big imports, which app/import/parseWorkers.ts looks for beside
//     the chunk that starts it), out/preload, out/renderer/index.html; the
//     better-sqlite3 addon and the tfjs wasm files sit in app.asar.unpacked; the sample is an
//     extra resource; no sources, tests or source maps are shipped.
// Prints one JSON document; exit code 0 when everything holds, 1 otherwise.
// Options: --keep (leave the packaged folder and print where), --skip-build (do not build out/).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const keep = process.argv.includes('--keep');
const problems = [];
const check = (condition, message) => {
  if (!condition) problems.push(message);
  return condition;
};

// 1. The configuration.
const yaml = require('js-yaml');
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const list = (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const targetNames = (platform) => list(config[platform]?.target).map((target) => (typeof target === 'string' ? target : target.target));
check(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(config.appId ?? ''), `appId "${config.appId}" is not a reverse-DNS id`);
check(typeof config.productName === 'string' && config.productName.length > 0, 'productName is missing');
for (const [platform, target] of [['linux', 'AppImage'], ['linux', 'deb'], ['win', 'nsis'], ['mac', 'dmg']]) {
  check(targetNames(platform).includes(target), `${platform} target ${target} is missing`);
}
check(list(config.files).includes('out/**'), 'files must include out/**');
const unpack = list(config.asarUnpack);
check(config.asar !== false, 'asar must stay on (natives are unpacked from it)');
check(unpack.some((pattern) => pattern.includes('better-sqlite3')), 'asarUnpack must include better-sqlite3');
check(unpack.some((pattern) => pattern.includes('tfjs-backend-wasm') && pattern.includes('wasm')), 'asarUnpack must include the tfjs wasm files');
check(unpack.some((pattern) => pattern.includes('tfjs-node')), 'asarUnpack must include tfjs-node (when installed)');
check(list(config.extraResources).some((entry) => entry.from === 'resources/sample'), 'extraResources must include resources/sample');
check(list(config.extraResources).some((entry) => entry.from === 'resources/policies'), 'extraResources must include resources/policies (the shipped general policy)');
const associations = list(config.fileAssociations).map((entry) => entry.ext);
check(associations.includes('csv') && associations.includes('xlsx'), 'fileAssociations must cover csv and xlsx');
for (const platform of ['linux', 'win', 'mac']) {
  const icon = config[platform]?.icon ?? config.icon;
  if (icon) check(existsSync(join(root, icon)), `${platform} icon ${icon} does not exist`);
}
check(existsSync(join(root, 'resources', 'icons', '512x512.png')), 'resources/icons/512x512.png is missing (node resources/icons/generate.mjs)');

// 2. Build what is packaged, then package it against a placeholder Electron.
const built = ['out/main/index.js', 'out/main/worker.js', 'out/main/importParser.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];
if (!built.every((file) => existsSync(join(root, file))) && !process.argv.includes('--skip-build')) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) problems.push('electron-vite build failed');
}
for (const file of built) check(existsSync(join(root, file)), `${file} was not built`);

const work = mkdtempSync(join(tmpdir(), 'replenish-pack-check-'));
const electronDist = join(work, 'electron-dist');
mkdirSync(electronDist);
// electron-builder copies this folder and renames `electron` to the app's executable.
writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "placeholder Electron for pack:check"\n');
chmodSync(join(electronDist, 'electron'), 0o755);
writeFileSync(join(electronDist, 'LICENSE'), 'placeholder\n');
const output = join(work, 'dist');
const started = Date.now();
const builder = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--linux',
    '--dir',
    '--projectDir',
    root,
    `-c.electronDist=${electronDist}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${output}`,
  ],
  { cwd: root, encoding: 'utf8', timeout: 300_000, env: { ...process.env, ELECTRON_BUILDER_CACHE: join(work, 'cache'), CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
);
const builderSeconds = (Date.now() - started) / 1000;
const builderLog = `${builder.stdout ?? ''}${builder.stderr ?? ''}`
  .split('\n')
  .filter((line) => !line.includes('duplicate dependency references'))
  .join('\n');
check(builder.status === 0, `electron-builder failed (exit ${builder.status ?? builder.signal}):\n${builderLog.slice(-4000)}`);

// 3. The file set.
const appDir = join(output, 'linux-unpacked');
const resources = join(appDir, 'resources');
let asarEntries = [];
if (check(existsSync(join(resources, 'app.asar')), 'resources/app.asar is missing')) {
  asarEntries = require('@electron/asar').listPackage(join(resources, 'app.asar'));
}
const inAsar = new Set(asarEntries.map((entry) => entry.replaceAll('\\', '/')));
for (const file of ['/package.json', ...built.map((file) => `/${file}`)]) check(inAsar.has(file), `app.asar lacks ${file}`);
const leaked = [...inAsar].filter((entry) => /^\/(app|main|renderer|test|scripts)\//.test(entry) || (entry.endsWith('.map') && !entry.includes('/node_modules/')));
check(leaked.length === 0, `app.asar ships sources or maps: ${leaked.slice(0, 5).join(', ')}`);

function filesBelow(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
const unpacked = join(resources, 'app.asar.unpacked');
const unpackedFiles = filesBelow(unpacked).map((file) => relative(unpacked, file).replaceAll('\\', '/'));
check(unpackedFiles.includes('node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'better_sqlite3.node is not unpacked');
const wasmFiles = readdirSync(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')).filter((name) => name.endsWith('.wasm'));
check(wasmFiles.length > 0, 'no tfjs wasm files in node_modules');
for (const name of wasmFiles) check(unpackedFiles.includes(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${name}`), `${name} is not unpacked`);
if (existsSync(join(root, 'node_modules', '@tensorflow', 'tfjs-node'))) {
  check(unpackedFiles.some((file) => file.startsWith('node_modules/@tensorflow/tfjs-node/') && file.endsWith('.node')), 'tfjs-node is installed but its addon is not unpacked');
}
const sampleFiles = readdirSync(join(root, 'resources', 'sample'));
for (const name of sampleFiles) check(existsSync(join(resources, 'sample', name)), `extra resource sample/${name} is missing`);
// The shipped general policy (training fine-tunes from it).
check(existsSync(join(resources, 'policies', 'general-policy.json')), 'extra resource policies/general-policy.json is missing');
const executable = readdirSync(appDir).find((name) => name.toLowerCase() === String(config.productName).toLowerCase() || name === 'replenish');
check(executable !== undefined, `no app executable in ${appDir}`);

const report = {
  ok: problems.length === 0,
  problems,
  builderSeconds,
  electronVersion: JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version,
  asarEntries: inAsar.size,
  unpackedNatives: unpackedFiles.filter((file) => file.endsWith('.node')),
  unpackedWasm: unpackedFiles.filter((file) => file.endsWith('.wasm')),
  extraResources: sampleFiles.map((name) => `sample/${name}`),
  executable: executable ?? null,
  output: keep ? appDir : null,
};
if (!keep) rmSync(work, { recursive: true, force: true });
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
process.exit(report.ok ? 0 : 1);
