/**
 * Whether a process with this id exists on this computer. EPERM means it exists but belongs to
 * another user. Used to tell a live owner (of a backup in progress, of a training run) from one
 * that died without cleaning up.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
