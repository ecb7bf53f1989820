import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../app/rl/backend';
import { referenceContext } from '../../../app/rl/context';
import { cappedBaseStockRule, evaluateOrderRule, evaluatePolicy } from '../../../app/rl/evaluate';
import { trainPpo } from '../../../app/rl/ppo';

/**
 * The acceptance check of the issue on the smallest reference instance: L = 1, p = 9, Poisson(5).
 * Reference table: optimal 5.43822, best base-stock (S = 13) 5.54747, i.e. base-stock is 2.0 % above optimal.
 * PPO trains for a fixed number of updates (no clock in tests) and its greedy policy must cost less than
 * the best base-stock policy evaluated on the same demand (common random numbers) and less than the table.
 */
describe('PPO on L = 1, p = 9', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('beats the best base-stock policy', async () => {
    const context = referenceContext(1, 9);
    const environmentSpec = { maxLeadTimePeriods: 4, actionBins: 11, maxOrderInMeanDemand: 2 };
    const result = await trainPpo({
      environmentSpec,
      contexts: { kind: 'fixed', contexts: [context] },
      seed: 1,
      totalUpdates: 28,
    });
    const evaluation = { lanes: 100, periods: 2000, warmupPeriods: 100, seed: 7 };
    const ppo = evaluatePolicy(result.policy, context, evaluation);
    const baseStock = evaluateOrderRule(environmentSpec, context, cappedBaseStockRule(13), evaluation);
    result.policy.dispose();
    expect(ppo.meanCostPerPeriod).toBeLessThan(baseStock.meanCostPerPeriod);
    expect(ppo.meanCostPerPeriod).toBeLessThan(5.54747);
  });
});
