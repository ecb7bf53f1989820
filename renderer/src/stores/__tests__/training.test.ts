// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '../../../../app/common/result';
import { useTrainingStore, type TrainingResult } from '../training';
import { deferred, fakeApi } from './fakeApi';
import { trainingResult, trainingRuns } from './fixtures';

vi.mock('../../api/client', async () => (await import('./fakeApi')).clientModule);

/** Start a run whose answer the test releases; returns the task id the store chose. */
function startHeld() {
  const answer = deferred<Result<TrainingResult>>();
  fakeApi.respond('training.start', () => answer.promise);
  fakeApi.respond('training.runs', ok(trainingRuns(12)));
  const training = useTrainingStore();
  const started = training.start();
  const taskId = fakeApi.paramsOf('training.start')[0].taskId!;
  return { training, started, taskId, answer };
}

describe('training store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });

  it('starts with the chosen seconds and a fresh task id, running until the answer', async () => {
    const { training, started, taskId, answer } = startHeld();
    expect(taskId).toMatch(/^training-\d+$/);
    expect(fakeApi.paramsOf('training.start')[0].seconds).toBe(120);
    expect(training.running).toBe(true);
    answer.resolve(ok(trainingResult()));
    await started;
    expect(training.running).toBe(false);
    expect(training.result?.updatesDone).toBe(12);
    expect(training.history?.runs[0].updatesDone).toBe(12);
  });

  it('builds the live curve from its own training events, once per update, with the percentage done', async () => {
    const { training, started, taskId, answer } = startHeld();
    fakeApi.emit({ taskId, kind: 'training', phase: 'update 1/40', done: 1, total: 40, metrics: { meanCostPerPeriod: 9.5 } });
    fakeApi.emit({ taskId, kind: 'training', phase: 'update 1/40', done: 1, total: 40, metrics: { meanCostPerPeriod: 9.1 } });
    fakeApi.emit({ taskId, kind: 'training', phase: 'update 10/40', done: 10, total: 40, metrics: { meanCostPerPeriod: 6.25 } });
    fakeApi.emit({ taskId, kind: 'training', phase: 'evaluating', done: 10, total: 40 });
    fakeApi.emit({ taskId: 'training-other', kind: 'training', phase: 'update 30/40', done: 30, total: 40, metrics: { meanCostPerPeriod: 1 } });
    fakeApi.emit({ taskId, kind: 'fit', phase: 'fitting', done: 39, total: 40 });
    await flushPromises();
    expect(training.live).toEqual([
      { update: 1, meanCostPerPeriod: 9.5 },
      { update: 10, meanCostPerPeriod: 6.25 },
    ]);
    expect(training.lastEvent?.phase).toBe('evaluating');
    expect(training.percent).toBe(25);
    answer.resolve(ok(trainingResult()));
    await started;
  });

  it('shows 0 % while the total is unknown', async () => {
    const { training, started, taskId, answer } = startHeld();
    expect(training.percent).toBe(0);
    fakeApi.emit({ taskId, kind: 'training', phase: 'preparing', done: 3, total: null });
    expect(training.percent).toBe(0);
    answer.resolve(ok(trainingResult()));
    await started;
  });

  it('a new start forgets the previous curve, result and error', async () => {
    fakeApi.respond('training.start', fail('conflict', 'A training run is already in progress: wait for it or cancel it.'));
    fakeApi.respond('training.runs', ok(trainingRuns(0)));
    const training = useTrainingStore();
    await training.start();
    expect(training.error?.code).toBe('conflict');
    expect(training.running).toBe(false);
    const first = fakeApi.paramsOf('training.start')[0].taskId!;
    fakeApi.emit({ taskId: first, kind: 'training', phase: 'update 1/2', done: 1, total: 2, metrics: { meanCostPerPeriod: 3 } });
    expect(training.live).toHaveLength(1);
    const answer = deferred<Result<TrainingResult>>();
    fakeApi.respond('training.start', () => answer.promise);
    const started = training.start();
    expect([training.live, training.error, training.result, training.lastEvent]).toEqual([[], null, null, null]);
    answer.resolve(ok(trainingResult({ cancelled: true, updatesDone: 3 })));
    await started;
    expect(training.result?.cancelled).toBe(true);
  });

  it('still loads the past runs after a failed start', async () => {
    fakeApi.respond('training.start', fail('invalid-input', 'Fit demand models first: no item has a model.'));
    fakeApi.respond('training.runs', ok(trainingRuns(40)));
    const training = useTrainingStore();
    await training.start();
    expect(training.error?.message).toBe('Fit demand models first: no item has a model.');
    expect(training.history?.runs).toHaveLength(1);
  });

  it('cancels the running task, and reports a cancel that came too late', async () => {
    const { training, started, taskId, answer } = startHeld();
    fakeApi.respond('training.cancel', ok({ cancelling: true as const }), fail('not-found', 'That training run is not running any more.'));
    await training.cancel();
    expect(training.cancelling).toBe(true);
    expect(fakeApi.paramsOf('training.cancel')).toEqual([{ taskId }]);
    expect(training.error).toBeNull();
    await training.cancel();
    expect(training.error?.code).toBe('not-found');
    answer.resolve(ok(trainingResult({ cancelled: true })));
    await started;
  });

  it('adopts a candidate policy, then reloads the runs; a refused adoption keeps its error', async () => {
    fakeApi.respond('training.adopt', ok({ adopted: 2 }), fail('not-found', 'There is no trained policy 9.'));
    fakeApi.respond('training.runs', ok(trainingRuns(12)));
    const training = useTrainingStore();
    await training.adopt(2);
    expect(fakeApi.calls.map((call) => call.method)).toEqual(['training.adopt', 'training.runs']);
    expect(fakeApi.paramsOf('training.adopt')).toEqual([{ policyId: 2 }]);
    expect(training.error).toBeNull();
    expect(training.history?.runs[0].id).toBe(3);
    await training.adopt(9);
    expect(training.error).toEqual({ code: 'not-found', message: 'There is no trained policy 9.' });
  });

  it('does not cancel before anything was started', async () => {
    const training = useTrainingStore();
    await training.cancel();
    expect(training.cancelling).toBe(false);
    expect(fakeApi.calls).toEqual([]);
  });
});
