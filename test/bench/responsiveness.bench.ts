/**
 * Responsiveness while training: the host's main-thread event-loop delay (p50 / p99 / max, ms) while a
 * catalogue training runs in its worker thread, next to the same host idle for the same time — target
 * p99 ≤ 50 ms (../shared/docs/BENCHMARKS.md). The host is the real one (createHostContext with the
 * WorkerTaskRunner every host uses): the sample data is loaded and fitted through the API, then
 * `training.start` runs while the main thread also answers an `items.list` call every 250 ms (what a
 * dashboard on the Items page would ask) and receives the training's progress events.
 * `--quick`: 10 s windows instead of 30 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { callApi, type ApiContext } from '../../app/api';
import { createHostContext } from '../../main/host/context';
import { WorkerTaskRunner } from '../../main/worker/runner';
import { environment, round } from './benchRuns';

const quick = process.argv.includes('--quick');
const windowSeconds = quick ? 10 : 30;
const log = (message: string): void => void process.stderr.write(`${message}\n`);

const dir = mkdtempSync(join(tmpdir(), 'replenish-responsiveness-'));
const host = createHostContext(join(dir, 'r.db'), new WorkerTaskRunner());
let progressEvents = 0;
const ctx: ApiContext = { ...host.context, progress: () => void progressEvents++ };

async function call(method: Parameters<typeof callApi>[1], params: unknown): Promise<unknown> {
  const result = await callApi(ctx, method, params);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

/** Event-loop delay over `seconds` while `work` runs (or idles), with an items.list call every 250 ms. */
async function measure(seconds: number, work: Promise<unknown> | null): Promise<{ p50: number; p99: number; max: number; apiCalls: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let apiCalls = 0;
  const ticker = setInterval(() => {
    void call('items.list', {}).then(() => apiCalls++);
  }, 250);
  await Promise.race([new Promise((resolve) => setTimeout(resolve, seconds * 1000)), work ?? new Promise(() => {})]);
  clearInterval(ticker);
  histogram.disable();
  const ms = (nanoseconds: number): number => round(nanoseconds / 1e6, 1);
  return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), apiCalls };
}

try {
  log('loading and fitting the sample');
  await call('data.loadSample', {});
  await call('models.fit', {});
  log(`idle for ${windowSeconds} s`);
  const idle = await measure(windowSeconds, null);
  log(`training for ${windowSeconds} s`);
  const training = call('training.start', { seconds: windowSeconds + 30, taskId: 'bench' });
  // Let the worker start (module load, warm start) before measuring: the window covers training updates.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const during = await measure(windowSeconds, training);
  await callApi(ctx, 'training.cancel', { taskId: 'bench' });
  await training.catch(() => undefined);
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'responsiveness',
        figure: { trainingEventLoopDelayMs: during, progressEvents },
        reference: { idleEventLoopDelayMs: idle },
        ratio: { p99TrainingOverIdle: idle.p99 > 0 ? round(during.p99 / idle.p99, 2) : null },
        target: { p99Ms: 50 },
        met: during.p99 <= 50,
        settings: { windowSeconds, itemsListEveryMs: 250, quick },
        environment: environment(),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  host.close();
  rmSync(dir, { recursive: true, force: true });
}
