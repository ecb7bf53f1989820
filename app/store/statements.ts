import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database';

/**
 * Statements prepared once per SQL text, for the writes an import makes once per row. Preparing a
 * small statement costs more than running it (6,000 item look-ups and inserts: 140-168 ms
 * preparing each time, 12-13 ms prepared once). For `run` and plain `get`/`all` only: a cached
 * statement must not be switched to pluck or raw mode by one caller and used by another.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: SqliteDatabase) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
