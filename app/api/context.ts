import type { Store } from '../store';
import type { TaskRunner } from '../tasks/registry';
import type { ProgressSink } from './progress';

/** Resolves files the planner chose in a host (dialog, upload, command-line path) to local paths. */
export interface FileResolver {
  /** Path of a file staged by the host under this id, or undefined when unknown / expired. */
  resolve(fileId: string): { path: string; name: string } | undefined;
}

/** What every API handler gets from its host. */
export interface ApiContext {
  store: Store;
  /** The clock, injected so that plans and tests are reproducible. */
  now: () => Date;
  progress: ProgressSink;
  files: FileResolver;
  tasks: TaskRunner;
  /** Folder of the shipped resources (sample data, pre-trained policy). */
  resourcesDir: string;
}
