import type { Migration } from './types';

/**
 * Each training run records the process that owns it: process id, host name, a random claim
 * token, when it claimed the run and its last heartbeat (refreshed with every checkpoint and
 * every few seconds of progress).
 *
 * Why: the desktop app and `replenish train` can work on one database from two processes. A run
 * left 'running' by a process killed with kill -9 used to look running until the next training
 * started, and two processes could start or resume the same run at once. With an owner, a run is
 * running only while its owner lives (app/store/training.ts decides), a start claims the run in
 * one IMMEDIATE transaction and is refused while another live owner holds one, and every write of
 * a run (checkpoint, heartbeat, end) names the claim token, so a process whose run was taken over
 * cannot overwrite the new owner's checkpoint.
 *
 * Runs from before this migration have no owner; one still marked 'running' is read as
 * interrupted (resumable), as the previous version treated it on the next start.
 * ADD COLUMN keeps the table STRICT: the new columns are type-checked like the others.
 */
export const trainingRunOwners: Migration = {
  version: 5,
  name: 'training run owners',
  sql: `
ALTER TABLE training_runs ADD COLUMN owner_pid INTEGER;
ALTER TABLE training_runs ADD COLUMN owner_host TEXT;
ALTER TABLE training_runs ADD COLUMN owner_token TEXT;
ALTER TABLE training_runs ADD COLUMN owner_claimed_at TEXT;
ALTER TABLE training_runs ADD COLUMN heartbeat_at TEXT;
CREATE INDEX training_runs_status ON training_runs(status);
`,
};
