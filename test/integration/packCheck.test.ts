import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from '../helpers/build';
import { repoRoot } from '../helpers/tempDir';

/**
 * `npm run pack:check`: electron-builder packages the app against a placeholder Electron (no
 * download), and the script checks the file set. About a minute on a shared two-core machine.
 */
describe('packaging check', () => {
  it('packages out/, unpacks the natives and wasm, and ships the sample', () => {
    ensureRendererBuilt();
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'pack-check.mjs'), '--skip-build'], { cwd: repoRoot, encoding: 'utf8', timeout: 170_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      problems: string[];
      unpackedNatives: string[];
      unpackedWasm: string[];
      extraResources: string[];
      executable: string | null;
    };
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.unpackedNatives).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(report.unpackedWasm).toContain('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    expect(report.extraResources).toContain('sample/sample-sales.xlsx');
    expect(report.executable).toBe('replenish');
  }, 180_000);
});
