import { homedir } from 'node:os';
import { join } from 'node:path';

/** Product name as the OS shows it; Electron derives its user-data folder from it. */
export const productName = 'Replenish';

/**
 * The user-data folder Electron's `app.getPath('userData')` gives on each OS, computed without
 * Electron so that the CLI and the desktop app open the same database by default.
 */
export function userDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), productName);
}

/** `--db` wins, then REPLENISH_DB, then the desktop app's database. */
export function resolveDatabasePath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (env.REPLENISH_DB) return env.REPLENISH_DB;
  return join(userDataDir(process.platform, env), 'replenish.db');
}
