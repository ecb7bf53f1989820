import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../app/rl/backend';

describe('selectBackend', () => {
  it('runs on wasm here (tfjs-node is not installed) and reports what actually runs', async () => {
    const choice = await selectBackend();
    expect(choice.backend).toBe(tf.getBackend());
    // tfjs-node is an optional dependency: where it is installed it wins, otherwise wasm must load.
    expect(['tensorflow', 'wasm']).toContain(choice.backend);
    expect(Array.from(tf.tensor1d([1, 2]).add(1).dataSync())).toEqual([2, 3]);
    // Selection happens once per process: a second call returns the same choice.
    expect(await selectBackend()).toBe(choice);
  });

  it('works inside a worker_thread', async () => {
    const backendModule = new URL('../../../app/rl/backend.ts', import.meta.url).href;
    // The worker registers tsx itself so that it can import the TypeScript module (as main/worker will via the build).
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
    const source = `
      import { parentPort } from 'node:worker_threads';
      const { register } = await import(${JSON.stringify(tsxApi)});
      register();
      const { selectBackend } = await import(${JSON.stringify(backendModule)});
      const choice = await selectBackend();
      parentPort.postMessage(choice.backend);
    `;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { execArgv: [] });
    const backend = await new Promise<string>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(['tensorflow', 'wasm']).toContain(backend);
  });
});
