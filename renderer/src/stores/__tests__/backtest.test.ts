// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '../../../../app/common/result';
import { useBacktestStore, type BacktestResult } from '../backtest';
import { deferred, fakeApi } from './fakeApi';

vi.mock('../../api/client', async () => (await import('./fakeApi')).clientModule);

const replay: BacktestResult = {
  window: { from: '2024-05-06', to: '2024-06-30', days: 56 },
  trainedThrough: '2024-05-05',
  items: [{ item: 'A-1', demand: 140, startOnHand: 30, policies: [] }],
  totals: [
    { policy: 'tuned', cost: 812.5, fillRate: 0.97, stockoutDays: 2, averageStock: 41 },
    { policy: 'base-stock', cost: 903.25, fillRate: 0.95, stockoutDays: 4, averageStock: 38 },
  ],
  notes: [],
};

describe('backtest store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });

  it('runs over the chosen weeks, is busy meanwhile, then keeps the result', async () => {
    const answer = deferred<Result<BacktestResult>>();
    fakeApi.respond('plans.backtest', () => answer.promise);
    const backtest = useBacktestStore();
    backtest.weeks = 12;
    const running = backtest.run();
    expect(backtest.running).toBe(true);
    const [params] = fakeApi.paramsOf('plans.backtest');
    expect(params.weeks).toBe(12);
    expect(params.taskId).toMatch(/^backtest-\d+$/);
    answer.resolve(ok(replay));
    await running;
    expect(backtest.running).toBe(false);
    expect(backtest.error).toBeNull();
    expect(backtest.result?.totals.map((total) => total.policy)).toEqual(['tuned', 'base-stock']);
  });

  it('follows the progress events of its own task only', async () => {
    const answer = deferred<Result<BacktestResult>>();
    fakeApi.respond('plans.backtest', () => answer.promise);
    const backtest = useBacktestStore();
    expect(backtest.progress).toBeUndefined();
    const running = backtest.run();
    const taskId = fakeApi.paramsOf('plans.backtest')[0].taskId!;
    fakeApi.emit({ taskId: 'someone-else', kind: 'fit', phase: 'fitting', done: 9, total: 10 });
    fakeApi.emit({ taskId, kind: 'backtest', phase: 'replaying', done: 3, total: 15 });
    await flushPromises();
    expect(backtest.progress).toMatchObject({ taskId, phase: 'replaying', done: 3, total: 15 });
    answer.resolve(ok(replay));
    await running;
  });

  it('keeps the error and stops running when the backtest fails', async () => {
    fakeApi.respond('plans.backtest', fail('invalid-input', 'There is no sales history to replay: import sales first.'));
    const backtest = useBacktestStore();
    await backtest.run();
    expect(backtest.running).toBe(false);
    expect(backtest.result).toBeNull();
    expect(backtest.error).toEqual({ code: 'invalid-input', message: 'There is no sales history to replay: import sales first.' });
  });

  it('clears an earlier error when a new run starts', async () => {
    fakeApi.respond('plans.backtest', fail('internal', 'Internal error: boom'), ok(replay));
    const backtest = useBacktestStore();
    await backtest.run();
    expect(backtest.error?.code).toBe('internal');
    await backtest.run();
    expect(backtest.error).toBeNull();
    expect(backtest.result?.window.days).toBe(56);
  });
});
