/**
 * Choose the TensorFlow.js backend PPO runs on, best first:
 *   1. `tensorflow` from `@tensorflow/tfjs-node` (native libtensorflow) — an optional dependency,
 *      so importing it may fail; that is expected, not an error;
 *   2. `wasm` from `@tensorflow/tfjs-backend-wasm` — `tf.setBackend()` resolves to `false` (and
 *      TF.js silently stays on cpu) when the .wasm binary cannot be fetched, so the boolean is
 *      checked; in Node the binaries are located with `setWasmPaths` on the package's dist/ folder;
 *   3. `cpu` — plain JavaScript, always there.
 * Returns the name of the backend actually running (`tf.getBackend()`), which training runs record.
 * Nothing here touches the main thread's globals beyond TF.js itself, so it works in a worker_thread.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  /** Name reported by `tf.getBackend()` after selection. */
  backend: string;
  /** Why the better backends were not used (empty when the first choice worked). */
  notes: string[];
}

let selection: Promise<BackendChoice> | null = null;

/**
 * Select once per process (or worker); later calls return the same promise.
 * `prefer` restricts the candidates, e.g. `['cpu']` in a test that must not depend on wasm.
 */
export function selectBackend(prefer: BackendName[] = ['tensorflow', 'wasm', 'cpu']): Promise<BackendChoice> {
  if (selection === null) selection = trySelect(prefer);
  return selection;
}

async function trySelect(prefer: BackendName[]): Promise<BackendChoice> {
  const notes: string[] = [];
  for (const candidate of prefer) {
    try {
      if (candidate === 'tensorflow') {
        // A computed specifier keeps bundlers and the type checker from requiring the optional package.
        const nativePackage = '@tensorflow/tfjs-node';
        await import(/* @vite-ignore */ nativePackage);
        if (await tf.setBackend('tensorflow')) break;
        notes.push('tfjs-node imported but setBackend("tensorflow") returned false');
      } else if (candidate === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        const require = createRequire(import.meta.url);
        const distFolder = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
        // setWasmPaths wants a prefix ending in '/'; a file URL works for Node's fetch-less loader.
        wasm.setWasmPaths(pathToFileURL(join(distFolder, '/')).href.replace(/\/?$/, '/'));
        if (await tf.setBackend('wasm')) break;
        notes.push('setBackend("wasm") returned false');
      } else {
        if (await tf.setBackend('cpu')) break;
        notes.push('setBackend("cpu") returned false');
      }
    } catch (error) {
      notes.push(`${candidate}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  await tf.ready();
  return { backend: tf.getBackend(), notes };
}
