/**
 * Optional warm start of PPO from a classical order rule (behaviour cloning, then PPO as usual).
 *
 * Why: from scratch, PPO on L = 2, p = 9 spends most of a 60 s budget relearning what a tuned capped
 * base-stock rule already does (0.4 % above the optimum there). Starting the actor at that rule leaves
 * PPO only the last per cent to find.
 *
 * What it does, in the training environment itself (same lanes, same contexts, same event convention):
 * 1. Play the rule for `periods` periods on every lane, folding each observation into the observation
 *    normaliser (so PPO starts with statistics of sensible states, not of the empty-pipeline start).
 * 2. Map each rule quantity to the nearest action bin (the bins are b × step × μ units).
 * 3. Fit the actor by cross-entropy to those bins, and the critic to the rule's discounted centred
 *    returns, for `gradientSteps` Adam steps on random minibatches (its own optimiser, so PPO's Adam
 *    moments start clean). The reward baseline ρ starts at the rule's mean reward.
 * The rule's orders, once binned, are what the policy can express: at μ = 5 the bins are whole units
 * 0..10, so a capped base-stock rule with cap ≤ 10 is cloned exactly in principle.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../random/rng';
import { forwardActorCritic } from './network';
import type { VectorEnvironment } from './environment';
import type { Learner } from './ppo';

export interface WarmStartOptions {
  /** Units to order on `lane` now (e.g. `cappedBaseStockRule(S, r)` from evaluate.ts). */
  rule: (env: VectorEnvironment, lane: number) => number;
  /** Adam steps of the cloning fit. 0 = only warm the normaliser and the reward baseline. */
  gradientSteps: number;
  /** Periods the rule is played on every lane. Default 256 (8192 samples with 32 lanes). */
  periods?: number;
  /** Samples per gradient step. Default 512. */
  minibatchSize?: number;
  /** Adam step size of the fit. Default 3e-3 (PPO's default initial rate). */
  learningRate?: number;
  /** Also fit the critic to the rule's discounted centred returns. Default true. */
  fitCritic?: boolean;
}

export interface WarmStartReport {
  samples: number;
  /** Fraction of the collected states on which the greedy actor picks the rule's bin after the fit. */
  agreement: number;
  /** Final minibatch cross-entropy. */
  crossEntropy: number;
  /** Mean cost per period per lane of the rule during the rollout (money). */
  ruleCostPerPeriod: number;
}

/** The bin whose quantity (before the final rounding step) is nearest to `units` on this lane. */
export function nearestBin(env: VectorEnvironment, lane: number, units: number): number {
  const bin = Math.round(units / env.binStep(lane));
  return Math.min(env.spec.actionBins - 1, Math.max(0, bin));
}

/** Clone `options.rule` into the learner's actor (and critic); deterministic given `seed`. */
export function warmStartLearner(learner: Learner, options: WarmStartOptions, seed: number): WarmStartReport {
  const env = learner.environment;
  const hp = learner.hyperparameters;
  const lanes = env.lanes;
  const size = env.observationSize;
  const periods = options.periods ?? 256;
  const samples = periods * lanes;
  const raw = new Float32Array(samples * size);
  const bins = new Int32Array(samples);
  const rewards = new Float64Array(samples);
  const dones = new Uint8Array(samples);
  const quantities = new Float64Array(lanes);
  let costSum = 0;
  let rewardSum = 0;

  for (let t = 0; t < periods; t++) {
    const rows = raw.subarray(t * lanes * size, (t + 1) * lanes * size);
    env.observe(rows);
    learner.normalizer.update(rows, lanes);
    for (let lane = 0; lane < lanes; lane++) {
      quantities[lane] = options.rule(env, lane);
      bins[t * lanes + lane] = nearestBin(env, lane, quantities[lane]);
    }
    const result = env.stepQuantities(quantities);
    for (let lane = 0; lane < lanes; lane++) {
      rewards[t * lanes + lane] = result.reward[lane];
      dones[t * lanes + lane] = result.truncated[lane];
      costSum += result.cost[lane];
      rewardSum += result.reward[lane];
    }
  }
  const meanReward = rewardSum / samples;
  learner.rewardBaseline = meanReward;

  // Discounted centred returns, backwards; the tail has no bootstrap, so only the first periods whose
  // horizon (≈ 1/(1 − γ)) fits in the rollout get a critic target worth fitting.
  const returns = new Float32Array(samples);
  const running = new Float64Array(lanes);
  for (let t = periods - 1; t >= 0; t--) {
    for (let lane = 0; lane < lanes; lane++) {
      const index = t * lanes + lane;
      if (dones[index] === 1) running[lane] = 0;
      running[lane] = rewards[index] - meanReward + hp.gamma * running[lane];
      returns[index] = running[lane];
    }
  }
  const horizon = Math.ceil(3 / (1 - hp.gamma));
  const criticPeriods = options.fitCritic === false ? 0 : Math.max(0, periods - horizon);

  const normalised = new Float32Array(samples * size);
  learner.normalizer.normalize(raw, samples, normalised);
  const observations = tf.tensor2d(normalised, [samples, size]);
  const targets = tf.tensor1d(bins, 'int32');
  const returnTargets = tf.tensor1d(returns);
  const optimizer = tf.train.adam(options.learningRate ?? 3e-3, 0.9, 0.999, hp.adamEpsilon);
  const variables = [...learner.weights.actor.flat(), ...(criticPeriods > 0 ? learner.weights.critic.flat() : [])];
  const batchSize = Math.min(options.minibatchSize ?? 512, samples);
  const rng = new Rng(seed);
  const indices = new Int32Array(batchSize);
  const criticIndices = new Int32Array(batchSize);
  let crossEntropy = Number.NaN;

  for (let step = 0; step < options.gradientSteps; step++) {
    for (let i = 0; i < batchSize; i++) indices[i] = rng.integer(samples);
    for (let i = 0; i < batchSize; i++) criticIndices[i] = criticPeriods > 0 ? rng.integer(criticPeriods * lanes) : 0;
    const loss = tf.tidy(() => {
      const batch = tf.gather(observations, tf.tensor1d(indices, 'int32')) as tf.Tensor2D;
      const labels = tf.oneHot(tf.gather(targets, tf.tensor1d(indices, 'int32')), env.spec.actionBins);
      const criticBatch = tf.gather(observations, tf.tensor1d(criticIndices, 'int32')) as tf.Tensor2D;
      const criticTargets = tf.gather(returnTargets, tf.tensor1d(criticIndices, 'int32'));
      let actorLoss: tf.Scalar | null = null;
      const { grads } = tf.variableGrads(() => {
        const [logits] = forwardActorCritic(learner.weights, batch);
        actorLoss = tf.keep(tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1))));
        if (criticPeriods === 0) return actorLoss;
        const [, values] = forwardActorCritic(learner.weights, criticBatch);
        return tf.add(actorLoss, tf.mul(0.5 * hp.valueCoefficient, tf.mean(tf.square(tf.sub(values, criticTargets))))) as tf.Scalar;
      }, variables);
      optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
      return actorLoss as unknown as tf.Scalar;
    });
    if (step === options.gradientSteps - 1) crossEntropy = loss.dataSync()[0];
    loss.dispose();
  }
  optimizer.dispose();

  const agreement = tf.tidy(() => {
    const [logits] = forwardActorCritic(learner.weights, observations);
    return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), targets), 'float32')).dataSync()[0];
  });
  tf.dispose([observations, targets, returnTargets]);
  return { samples, agreement, crossEntropy, ruleCostPerPeriod: costSum / samples };
}
