import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiContext } from '../../app/api';
import type { TaskRunner } from '../../app/tasks/registry';
import { openStore, type Store } from '../../app/store';
import { FileStage } from './fileStage';

export interface HostContext {
  context: Omit<ApiContext, 'progress'>;
  store: Store;
  files: FileStage;
  close(): void;
}

/** Open the database (creating its folder) and assemble what every host passes to the API. */
export function createHostContext(dbPath: string, tasks: TaskRunner, now: () => Date = () => new Date()): HostContext {
  mkdirSync(dirname(dbPath), { recursive: true });
  const store = openStore(dbPath);
  const files = new FileStage();
  return {
    context: { store, files, tasks, now },
    store,
    files,
    close() {
      files.dispose();
      store.close();
    },
  };
}
