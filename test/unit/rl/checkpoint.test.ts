import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../app/rl/backend';
import { referenceContext } from '../../../app/rl/context';
import { loadPolicy, savePolicy, type SavedPolicy, type TrainingState } from '../../../app/rl/checkpoint';
import { trainPpo, type TrainOptions } from '../../../app/rl/ppo';
import { Rng } from '../../../app/random/rng';

const options: TrainOptions = {
  environmentSpec: { maxLeadTimePeriods: 4, actionBins: 11, maxOrderInMeanDemand: 2 },
  contexts: { kind: 'fixed', contexts: [referenceContext(2, 9)] },
  seed: 11,
  totalUpdates: 4,
  hyperparameters: { lanes: 16, stepsPerRollout: 32, minibatches: 2, epochs: 2 },
};

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

let backend = '';
beforeAll(async () => {
  backend = (await selectBackend()).backend;
});

describe('save → load', () => {
  it('gives bit-identical logits and greedy actions, through a JSON-free plain object', async () => {
    const trained = await trainPpo({ ...options, totalUpdates: 2 });
    const saved = await savePolicy(trained.policy, { backend, createdAt: '2026-01-01T00:00:00.000Z', hyperparameters: trained.hyperparameters });
    expect(saved.format).toBe('replenish-ppo-policy');
    expect(saved.backend).toBe(backend);
    expect(saved.weights).toBeInstanceOf(Uint8Array);
    // Simulate storage as a blob: copy the bytes, structured-clone the rest.
    const stored: SavedPolicy = structuredClone({ ...saved, weights: new Uint8Array(saved.weights) });
    const loaded = await loadPolicy(stored);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const rng = new Rng(5);
    const rows = 500;
    const size = trained.policy.networkSpec.observationSize;
    const observations = new Float32Array(rows * size).map(() => rng.normal() * 3);
    const before = trained.policy.evaluate(observations, rows).logits.slice();
    const after = loaded.value.evaluate(observations, rows).logits.slice();
    expect(Array.from(after)).toEqual(Array.from(before));
    const actionsBefore = new Int32Array(rows);
    const actionsAfter = new Int32Array(rows);
    trained.policy.greedyActions(observations, rows, actionsBefore);
    loaded.value.greedyActions(observations, rows, actionsAfter);
    expect(Array.from(actionsAfter)).toEqual(Array.from(actionsBefore));
    trained.policy.dispose();
    loaded.value.dispose();
  });

  it('reports a foreign or newer object as an error instead of throwing', async () => {
    const notAPolicy = await loadPolicy({ format: 'something-else' } as unknown as SavedPolicy);
    expect(notAPolicy.ok).toBe(false);
    const trained = await trainPpo({ ...options, totalUpdates: 1 });
    const saved = await savePolicy(trained.policy, { backend, createdAt: 'x' });
    const newer = await loadPolicy({ ...saved, version: 99 });
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.error.code).toBe('database-newer');
    const corrupt = await loadPolicy({ ...saved, weights: saved.weights.subarray(0, 10) });
    expect(corrupt.ok).toBe(false);
    trained.policy.dispose();
  });
});

describe('determinism and resume', () => {
  it('same seed → same weights and metrics; another seed → different', async () => {
    const first = await trainPpo(options);
    const second = await trainPpo(options);
    const other = await trainPpo({ ...options, seed: 12 });
    expect(weightsOf(second.policy.model)).toEqual(weightsOf(first.policy.model));
    expect(second.history.map((h) => h.metrics)).toEqual(first.history.map((h) => h.metrics));
    expect(second.history.map((h) => h.meanCostPerPeriod)).toEqual(first.history.map((h) => h.meanCostPerPeriod));
    expect(weightsOf(other.policy.model)).not.toEqual(weightsOf(first.policy.model));
    for (const run of [first, second, other]) run.policy.dispose();
  });

  it('leaves no tensors behind once the policy is disposed', async () => {
    const before = tf.memory().numTensors;
    const run = await trainPpo(options);
    run.policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a run killed after 2 updates and resumed from its checkpoint ends where the uninterrupted run ends', async () => {
    const straight = await trainPpo(options);
    const checkpoints: TrainingState[] = [];
    const controller = { aborted: false };
    const killed = await trainPpo({
      ...options,
      signal: controller,
      checkpointEvery: 1,
      onCheckpoint: (state) => {
        checkpoints.push(structuredClone(state));
        if (state.update === 2) controller.aborted = true; // "kill" between updates
      },
    });
    expect(killed.updatesDone).toBe(2);
    const resumed = await trainPpo({ ...options, resumeFrom: checkpoints[checkpoints.length - 1] });
    expect(resumed.updatesDone).toBe(4);
    expect(resumed.steps).toBe(straight.steps);
    expect(resumed.history.map((h) => h.meanCostPerPeriod)).toEqual(straight.history.slice(2).map((h) => h.meanCostPerPeriod));
    const a = weightsOf(straight.policy.model).flat();
    const b = weightsOf(resumed.policy.model).flat();
    // Adam's bias-correction terms are rebuilt as β^t instead of a running product, so allow float32 noise.
    let largest = 0;
    for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
    expect(largest).toBeLessThan(1e-4);
    for (const run of [straight, killed, resumed]) run.policy.dispose();
  });
});
