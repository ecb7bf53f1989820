import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../app/rl/backend';
import { referenceContext } from '../../../app/rl/context';
import { VectorEnvironment } from '../../../app/rl/environment';
import { cappedBaseStockRule } from '../../../app/rl/evaluate';
import { trainPpo, type TrainOptions } from '../../../app/rl/ppo';
import { nearestBin } from '../../../app/rl/warmStart';

/** L = 1, p = 9, Poisson(5): a capped base-stock rule whose orders (0..8 units) are all exact bins at μ = 5. */
const context = referenceContext(1, 9);
const spec = { maxLeadTimePeriods: 2, actionBins: 11, maxOrderInMeanDemand: 2 };
const rule = cappedBaseStockRule(12, 8);

function options(seed: number): TrainOptions {
  return {
    environmentSpec: spec,
    contexts: { kind: 'fixed', contexts: [context] },
    seed,
    totalUpdates: 0,
    hyperparameters: { lanes: 16 },
    warmStart: { rule, gradientSteps: 300, periods: 128 },
  };
}

describe('warm start from a classical rule', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('maps units to the nearest bin (0.2 μ = 1 unit per bin at μ = 5), clamped to the bins', () => {
    const env = new VectorEnvironment(spec, 1, { kind: 'fixed', contexts: [context] }, 1);
    expect(nearestBin(env, 0, 0)).toBe(0);
    expect(nearestBin(env, 0, 3.4)).toBe(3);
    expect(nearestBin(env, 0, 3.6)).toBe(4);
    expect(nearestBin(env, 0, 25)).toBe(10);
  });

  it('after the warm start alone, the greedy policy orders what the rule orders on ≥ 90 % of states the rule visits', async () => {
    const result = await trainPpo(options(5));
    expect(result.updatesDone).toBe(0);
    expect(result.warmStart?.samples).toBe(16 * 128);
    // States from fresh demand (another seed), not the ones the actor was fitted on.
    const lanes = 64;
    const env = new VectorEnvironment(spec, lanes, { kind: 'fixed', contexts: [context] }, 777);
    const observation = new Float32Array(lanes * env.observationSize);
    const actions = new Int32Array(lanes);
    const quantities = new Float64Array(lanes);
    let agree = 0;
    let total = 0;
    const ruleBins = new Set<number>();
    for (let t = 0; t < 100; t++) {
      env.observe(observation);
      result.policy.greedyActions(observation, lanes, actions);
      for (let lane = 0; lane < lanes; lane++) {
        quantities[lane] = rule(env, lane);
        const bin = nearestBin(env, lane, quantities[lane]);
        ruleBins.add(bin);
        if (t >= 20) {
          total++;
          if (actions[lane] === bin) agree++;
        }
      }
      env.stepQuantities(quantities); // follow the rule's own states
    }
    result.policy.dispose();
    // The rule must not be trivial (one bin everywhere) for agreement to mean anything.
    expect(ruleBins.size).toBeGreaterThanOrEqual(5);
    expect(agree / total).toBeGreaterThanOrEqual(0.9);
  });

  it('is deterministic with a seed, and changes the weights from the unwarmed start', async () => {
    const weights = async (warm: boolean): Promise<Float32Array[]> => {
      const run = await trainPpo(warm ? options(9) : { ...options(9), warmStart: undefined });
      const values = run.policy.model.getWeights().map((w) => Float32Array.from(w.dataSync()));
      run.policy.dispose();
      return values;
    };
    const first = await weights(true);
    const second = await weights(true);
    const cold = await weights(false);
    expect(second.length).toBe(first.length);
    first.forEach((w, i) => expect(Array.from(second[i])).toEqual(Array.from(w)));
    expect(first.some((w, i) => w.some((x, j) => x !== cold[i][j]))).toBe(true);
  });
});
