import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../app/rl/backend';
import { savePolicy } from '../../../app/rl/checkpoint';
import { referenceContext } from '../../../app/rl/context';
import { VectorEnvironment } from '../../../app/rl/environment';
import { cappedBaseStockRule, evaluateContexts, evaluatePolicy } from '../../../app/rl/evaluate';
import { trainPpo } from '../../../app/rl/ppo';
import { parsePretrainedPolicy, serializePretrainedPolicy } from '../../../app/rl/pretrained';
import { tuneCappedRule } from '../../../app/rl/ruleTuning';

const context = referenceContext(1, 9);
const spec = { maxLeadTimePeriods: 2, actionBins: 11, maxOrderInMeanDemand: 2 };
const paths = { lanes: 20, periods: 400, warmupPeriods: 50, seed: 31 };

describe('model selection, fine-tuning and the general policy file', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('selection scores the start and every few updates and returns the best-scoring weights', async () => {
    const scores: number[] = [];
    const result = await trainPpo({
      environmentSpec: spec,
      contexts: { kind: 'fixed', contexts: [context] },
      seed: 3,
      totalUpdates: 4,
      hyperparameters: { lanes: 8, stepsPerRollout: 32 },
      selection: {
        every: 2,
        score: (policy) => {
          const value = evaluatePolicy(policy, context, paths).meanCostPerPeriod;
          scores.push(value);
          return value;
        },
      },
    });
    // Start (update 0), updates 2 and 4.
    expect(result.selection!.scores.map((entry) => entry.update)).toEqual([0, 2, 4]);
    const best = Math.min(...scores);
    expect(result.selection!.bestScore).toBe(best);
    expect(result.selection!.bestUpdate).toBe(result.selection!.scores[scores.indexOf(best)].update);
    // The returned policy is the winner: re-scoring it on the same paths gives the same cost.
    expect(evaluatePolicy(result.policy, context, paths).meanCostPerPeriod).toBeCloseTo(best, 10);
    result.policy.dispose();
  });

  it('a run started from a saved policy begins with its exact weights (score before the first update is identical)', async () => {
    const warm = await trainPpo({
      environmentSpec: spec,
      contexts: { kind: 'fixed', contexts: [context] },
      seed: 4,
      totalUpdates: 0,
      hyperparameters: { lanes: 8 },
      warmStart: { rule: cappedBaseStockRule(13, 7), gradientSteps: 150, periods: 64 },
    });
    const saved = await savePolicy(warm.policy, { backend: 'test', createdAt: '2026-01-01' });
    const original = evaluatePolicy(warm.policy, context, paths).meanCostPerPeriod;
    warm.policy.dispose();
    // Through the shipped file format too (base64 weights in JSON).
    const parsed = parsePretrainedPolicy(serializePretrainedPolicy(saved, { seed: 4 }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.report).toEqual({ seed: 4 });
    let startScore = Number.NaN;
    const tuned = await trainPpo({
      environmentSpec: spec,
      contexts: { kind: 'fixed', contexts: [context] },
      seed: 9,
      totalUpdates: 1,
      hyperparameters: { lanes: 8, stepsPerRollout: 16 },
      initialPolicy: parsed.value.policy,
      selection: { every: 1, score: (policy, update) => { const value = evaluatePolicy(policy, context, paths).meanCostPerPeriod; if (update === 0) startScore = value; return value; } },
    });
    expect(startScore).toBe(original);
    tuned.policy.dispose();
  });

  it('refuses an initial policy trained for another layout', async () => {
    const other = await trainPpo({ environmentSpec: { ...spec, actionBins: 5 }, contexts: { kind: 'fixed', contexts: [context] }, seed: 1, totalUpdates: 0, hyperparameters: { lanes: 4 } });
    const saved = await savePolicy(other.policy, { backend: 'test', createdAt: '2026-01-01' });
    other.policy.dispose();
    await expect(trainPpo({ environmentSpec: spec, contexts: { kind: 'fixed', contexts: [context] }, seed: 1, totalUpdates: 0, hyperparameters: { lanes: 4 }, initialPolicy: saved })).rejects.toThrow(/initial policy/);
  });

  it('a malformed general policy file is an error, not a crash', () => {
    expect(parsePretrainedPolicy('{').ok).toBe(false);
    expect(parsePretrainedPolicy('{"policy":{"format":"something-else"}}').ok).toBe(false);
  });
});

describe('context lists, replay and rule tuning', () => {
  it('lanes drawing from a list visit every context, not only the first `lanes` of them', () => {
    const contexts = Array.from({ length: 12 }, (_, index) => referenceContext(1 + (index % 4), 4 + index));
    const env = new VectorEnvironment({ ...spec, maxLeadTimePeriods: 4 }, 4, { kind: 'list', contexts, periodsPerContext: 10 }, 5);
    const seen = new Set<number>();
    const quantities = new Float64Array(4);
    for (let t = 0; t < 400; t++) {
      env.contexts.forEach((laneContext) => seen.add(contexts.indexOf(laneContext)));
      env.stepQuantities(quantities);
    }
    expect(seen.size).toBe(12);
  });

  it('replays recorded demand: hand-computed lost sales and holding on a two-day window', () => {
    const env = new VectorEnvironment(spec, 1, { kind: 'fixed', contexts: [context] }, 1);
    env.inventory.reset(0);
    env.inventory.onHand[0] = 6;
    env.replay([[4, 5]]);
    // Day 1: no order, demand 4 from 6 → 2 left, holding 2 × h(1) = 2.
    let step = env.stepQuantities(new Float64Array([0]));
    expect(step.cost[0]).toBe(2);
    expect(env.lastOutcome.served[0]).toBe(4);
    // Day 2: demand 5 from 2 → 3 lost at p = 9, nothing left: 27.
    step = env.stepQuantities(new Float64Array([0]));
    expect(env.lastOutcome.short[0]).toBe(3);
    expect(step.cost[0]).toBe(27);
  });

  it('actions scale with the review period: a bin orders R times as much on a weekly-review item', () => {
    const weekly = { ...context, reviewPeriods: 7 };
    const env = new VectorEnvironment(spec, 2, { kind: 'fixed', contexts: [context, weekly] }, 1);
    expect(env.binStep(0)).toBeCloseTo(1, 12);
    expect(env.binStep(1)).toBeCloseTo(7, 12);
  });

  it('tunes the capped base-stock rule of the reference grid close to its published (S, r) and cost', () => {
    // Reference table, L = 2, p = 9: capped S = 19, r = 6 (cost 6.11909); best base-stock S = 19 (6.31626).
    const tuned = tuneCappedRule({ maxLeadTimePeriods: 2, actionBins: 11, maxOrderInMeanDemand: 2 }, referenceContext(2, 9));
    expect(Math.abs(tuned.orderUpTo - 19)).toBeLessThanOrEqual(1);
    expect(Math.abs(tuned.cap - 6)).toBeLessThanOrEqual(1);
    expect(tuned.meanCost).toBeLessThan(tuned.baseStockCost);
    const measured = evaluateContexts({ maxLeadTimePeriods: 2, actionBins: 11, maxOrderInMeanDemand: 2 }, [referenceContext(2, 9)], 100, { periods: 2000, warmupPeriods: 100, seed: 5 }, cappedBaseStockRule(tuned.orderUpTo, tuned.cap));
    expect(measured.meanCostPerPeriod[0] / 6.09364 - 1).toBeLessThan(0.015);
  });
});
