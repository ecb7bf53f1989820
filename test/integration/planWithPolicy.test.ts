import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ApiContext, type ApiMethod, type ApiValue } from '../../app/api';
import type { FittedDemandModel } from '../../app/demand';
import { economicsFor } from '../../app/plan/itemEconomics';
import { selectBackend } from '../../app/rl/backend';
import { savePolicy } from '../../app/rl/checkpoint';
import { observationSize, VectorEnvironment } from '../../app/rl/environment';
import { createActorCritic, PpoPolicy } from '../../app/rl/network';
import { ObservationNormalizer } from '../../app/rl/observationNormalizer';
import { InlineTaskRunner } from '../../app/tasks/registry';
import { cataloguePolicyKind, type ItemComparison } from '../../app/training/catalogue';
import { itemContext } from '../../app/training/contexts';
import { catalogueSpec } from '../../app/training/trainTask';
import { createHostContext, type HostContext } from '../../main/host/context';
import { tempDir } from '../helpers/tempDir';

/**
 * The plan uses the learned policy only for the items where its stored comparison says it won,
 * computes its quantity from the item's real stock and open orders, and keeps the classical
 * quantity beside it.
 */
describe('plan with a trained catalogue policy', () => {
  const temp = tempDir();
  let host: HostContext;
  let ctx: ApiContext;

  async function call<M extends ApiMethod>(method: M, params: unknown): Promise<ApiValue<M>> {
    const result = await callApi(ctx, method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as ApiValue<M>;
  }

  beforeAll(async () => {
    host = createHostContext(join(temp.dir, 'ppo.db'), new InlineTaskRunner(), () => new Date('2011-12-12T08:00:00Z'));
    ctx = { ...host.context, progress: () => {} };
    await call('data.loadSample', {});
    await call('models.fit', { items: ['85123A', '22423'] });
  }, 120_000);
  afterAll(() => {
    host.close();
    temp.cleanup();
  });

  it('replaces the classical quantity only where the policy won, with the same final step as training', async () => {
    const { store } = host;
    const items = store.items.listWithStats().filter((item) => item.sku === '85123A' || item.sku === '22423');
    const models = store.demandModels.current<FittedDemandModel, unknown>();
    const settings = store.settings.get();
    const contexts = items.map((item) => itemContext(models.get(item.id)!.model, economicsFor(item, settings)));
    const spec = catalogueSpec();
    await selectBackend();
    const networkSpec = { observationSize: observationSize(spec), actionBins: spec.actionBins, hiddenUnits: [16, 16] };
    const policy = new PpoPolicy(createActorCritic(networkSpec, 7), new ObservationNormalizer(networkSpec.observationSize), spec, networkSpec);
    const saved = await savePolicy(policy, { backend: 'test', createdAt: '2011-12-12T00:00:00Z' });
    // What the policy orders for 85123A from empty shelves, computed independently of the plan.
    const heart = items.find((item) => item.sku === '85123A')!;
    const heartContext = contexts[items.indexOf(heart)];
    const environment = new VectorEnvironment(spec, 1, { kind: 'fixed', contexts: [heartContext] }, 1);
    environment.inventory.reset(0);
    const observation = new Float32Array(environment.observationSize);
    environment.observe(observation);
    const action = new Int32Array(1);
    policy.greedyActions(observation, 1, action);
    const expected = environment.orderQuantity(0, action[0]);
    policy.dispose();

    const comparison: ItemComparison[] = items.map((item) => ({
      item: item.sku, itemId: item.id, ppoCost: 1, ppoStandardError: 0.01, classicalPolicy: 'capped-base-stock', classicalCost: 2, classicalStandardError: 0.01,
      usePpo: item.sku === '85123A',
    }));
    store.training.savePolicy({ name: 'test', kind: cataloguePolicyKind, backend: 'test', saved, metadata: { comparison }, parentId: null, now: '2011-12-12T00:00:00Z' });

    const plan = await call('plans.create', {});
    const line = plan.lines.find((entry) => entry.sku === '85123A')!;
    expect(line.policy).toBe('ppo (catalogue v1)');
    expect(line.recommendedQty).toBe(expected);
    expect(line.classicalPolicy).toMatch(/tuned/);
    expect(line.classicalQty).toBeGreaterThan(0);
    expect(line.reason).toMatch(/learned policy.*Classical alternative/);
    const other = plan.lines.find((entry) => entry.sku === '22423')!;
    expect(other.policy).toMatch(/tuned/);
  }, 120_000);

  it('the backtest replays real demand under the active learned policy beside the classical ones', async () => {
    const backtest = await call('plans.backtest', { weeks: 4 });
    const rows = backtest.items.flatMap((item) => item.policies.filter((policy) => policy.policy === 'ppo (v1)').map((policy) => ({ item, policy })));
    expect(rows.length).toBeGreaterThan(0);
    for (const { item, policy } of rows) {
      expect(policy.cost).toBeCloseTo(policy.holdingCost + policy.stockoutCost, 6);
      expect(policy.fillRate).toBeGreaterThanOrEqual(0);
      expect(policy.fillRate).toBeLessThanOrEqual(1);
      expect(policy.stockoutDays).toBeLessThanOrEqual(backtest.window.days);
      // Same starting stock as the classical rows of the item.
      expect(item.policies.some((other) => other.policy !== 'ppo (v1)')).toBe(true);
    }
    expect(backtest.totals.map((total) => total.policy)).toContain('ppo (v1)');
  }, 180_000);
});
