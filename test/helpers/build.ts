import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  if (!existsSync(index) || statSync(index).mtimeMs < newest(join(repoRoot, 'renderer'))) {
    const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
  }
  return out;
}
