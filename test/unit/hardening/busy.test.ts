import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toAppError } from '../../../app/common/result';
import { openStore } from '../../../app/store';
import { tempDir } from '../../helpers/tempDir';

describe('two connections on one database', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('a writer waiting past its busy timeout gets the clear "database is busy" error', () => {
    const path = join(dir, 'shared.db');
    const desktop = openStore(path);
    const command = openStore(path, { busyTimeoutMs: 50 });
    desktop.db.exec('BEGIN IMMEDIATE');
    desktop.items.ensure('HELD', null, '2026-01-01T00:00:00Z');
    let thrown: unknown;
    try {
      command.transaction(() => command.items.ensure('WAITING', null, '2026-01-01T00:00:00Z'));
    } catch (error) {
      thrown = error;
    }
    const error = toAppError(thrown);
    expect(error.code).toBe('database-busy');
    expect(error.message).toMatch(/database is busy/i);
    // Readers are not blocked by the writer (WAL), and see only committed data.
    expect(command.items.count()).toBe(0);
    desktop.db.exec('COMMIT');
    command.transaction(() => command.items.ensure('WAITING', null, '2026-01-01T00:00:00Z'));
    expect(desktop.items.count()).toBe(2);
    command.close();
    desktop.close();
  });
});
