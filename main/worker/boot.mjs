// Development/CLI worker bootstrap: the hosts run TypeScript through tsx, and worker threads do
// not inherit the main thread's loader, so each worker registers it before loading its entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
