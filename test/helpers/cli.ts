import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './tempDir';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the `replenish` command exactly as `npx replenish` does (the same bin file). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'replenish.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
