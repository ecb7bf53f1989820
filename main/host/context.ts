import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
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
/** The repository's resources/ folder (development and CLI); the packaged app passes its own. */
export const defaultResourcesDir = fileURLToPath(new URL('../../resources', import.meta.url));

export function createHostContext(
  dbPath: string,
  tasks: TaskRunner,
  now: () => Date = () => new Date(),
  resourcesDir = defaultResourcesDir,
): HostContext {
  mkdirSync(dirname(dbPath), { recursive: true });
  const store = openStore(dbPath);
  const files = new FileStage();
  return {
    context: { store, files, tasks, now, resourcesDir },
    store,
    files,
    close() {
      files.dispose();
      store.close();
    },
  };
}
