// Runs after `npm install` / `npm ci` in this repository:
//  1. makes `npx replenish` find this project's own command (npm links the bins of dependencies
//     into node_modules/.bin, but not the root package's own), and
//  2. builds the dashboard, main process and preload (out/), so `npm start` and
//     `npx replenish serve` work with no separate build step.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'replenish.mjs');
mkdirSync(binDir, { recursive: true });
if (process.platform === 'win32') {
  writeFileSync(join(binDir, 'replenish.cmd'), `@node "${target}" %*\r\n`);
  writeFileSync(join(binDir, 'replenish.ps1'), `& node "${target}" @args\r\nexit $LASTEXITCODE\r\n`);
} else {
  const link = join(binDir, 'replenish');
  rmSync(link, { force: true });
  symlinkSync(relative(binDir, target), link);
  chmodSync(target, 0o755);
}

if (process.env.REPLENISH_SKIP_BUILD === '1') process.exit(0);
const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
if (!existsSync(electronVite)) {
  console.warn('replenish: electron-vite is not installed (production install?); skipping the build.');
  process.exit(0);
}
const build = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
process.exit(build.status ?? 1);
