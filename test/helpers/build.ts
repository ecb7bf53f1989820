import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './tempDir';

/** Newest modification time of any file below `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Build the dashboard when out/renderer is missing or older than its sources. */
export function ensureRendererBuilt(): string {
  const out = join(repoRoot, 'out', 'renderer');
  const index = join(out, 'index.html');
  const stale = (): boolean => !existsSync(index) || statSync(index).mtimeMs < newest(join(repoRoot, 'renderer'));
  if (!stale()) return out;
  // Test files run in parallel processes: one builds, the others wait for it (a folder is an atomic lock).
  const lock = join(repoRoot, 'out', '.build-lock');
  mkdirSync(join(repoRoot, 'out'), { recursive: true });
  const giveUpAt = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed test run must not block for ever.
      if (Date.now() > giveUpAt) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (stale()) build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return out;
}

function build(): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
}
