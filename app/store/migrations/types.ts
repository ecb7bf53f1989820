/** One schema step. Versions are consecutive integers starting at 1; each runs exactly once. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
