import type { Database } from 'better-sqlite3';

/** One schema step. Versions are consecutive integers starting at 1; each runs exactly once. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * A data step SQL cannot express, run after `sql` in the same transaction (migration 008 packs
   * rows into binary columns). Like `sql`, it never changes once shipped.
   */
  migrate?: (db: Database) => void;
  /**
   * The migration frees much of the file (it moves a big table): the database is compacted with
   * VACUUM after the migrations, outside their transaction, when it is opened (database.ts).
   */
  vacuumAfter?: boolean;
}
