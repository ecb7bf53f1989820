/**
 * The optimisation half of a PPO update: a few epochs over the rollout in shuffled minibatches,
 * each step minimising  L = L_clip(policy) − c_ent · entropy + c_v · L_value,  with the actor's and
 * the critic's gradients clipped to their own global norms before one Adam step.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng';
import type { RolloutBuffer } from './rolloutBuffer';
import type { Learner } from './ppo';
import { forwardActorCritic } from './network';

export interface UpdateMetrics {
  learningRate: number;
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  /** Mean of (ratio − 1) − log ratio, the low-variance KL estimator CleanRL logs (Schulman 2020). */
  approxKl: number;
  /** Share of samples whose ratio left [1 − ε, 1 + ε]. */
  clipFraction: number;
  /**
   * 1 − Var(returns − values) / Var(returns): how much of the return the critic explains. On inventory
   * problems demand noise dominates the returns, so even the exact value function explains only ~0.02 of
   * them at γ = 0.99, λ = 0.95 (measured; see `gaeLambda` in ppo.ts): values near 0 are expected there.
   */
  explainedVariance: number;
  /** Epochs actually run (fewer than configured when target-KL stopped the update). */
  epochsRun: number;
  /** Running average (centred-out) reward ρ, normalised units. */
  rewardBaseline: number;
}

export async function optimiseRollout(learner: Learner, buffer: RolloutBuffer, rng: Rng): Promise<UpdateMetrics> {
  const hp = learner.hyperparameters;
  const { optimizer } = learner;
  const size = buffer.observationSize;
  const batch = buffer.steps * buffer.lanes;
  const minibatchSize = Math.floor(batch / hp.minibatches);
  const bins = learner.networkSpec.actionBins;

  const observations = tf.tensor2d(buffer.observations, [batch, size]);
  const actions = tf.tensor1d(buffer.actions, 'int32');
  const oldLogProbs = tf.tensor1d(buffer.logProbs);
  const oldValues = tf.tensor1d(buffer.values);
  const advantages = tf.tensor1d(buffer.advantages);
  const returns = tf.tensor1d(buffer.returns);

  const actorVariables = learner.weights.actor.flat();
  const criticVariables = learner.weights.critic.flat();
  const order = new Int32Array(batch).map((_, i) => i);
  const sums = { policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, clipFraction: 0, count: 0 };
  let epochsRun = 0;

  for (let epoch = 0; epoch < hp.epochs; epoch++) {
    rng.shuffle(order);
    const epochMetrics: tf.Tensor[] = [];
    for (let start = 0; start + minibatchSize <= batch; start += minibatchSize) {
      const indices = tf.tensor1d(order.subarray(start, start + minibatchSize), 'int32');
      const metrics = tf.tidy(() => {
        const mbObservations = tf.gather(observations, indices);
        const mbActions = tf.oneHot(tf.gather(actions, indices), bins);
        const mbOldLogProbs = tf.gather(oldLogProbs, indices);
        const mbOldValues = tf.gather(oldValues, indices);
        const mbReturns = tf.gather(returns, indices);
        let mbAdvantages = tf.gather(advantages, indices);
        if (hp.normalizeAdvantages) {
          const { mean, variance } = tf.moments(mbAdvantages);
          mbAdvantages = tf.div(tf.sub(mbAdvantages, mean), tf.add(tf.sqrt(variance), 1e-8));
        }
        let kept: tf.Tensor[] = [];
        const { grads } = tf.variableGrads(() => {
          const [logits, newValues] = forwardActorCritic(learner.weights, mbObservations as tf.Tensor2D);
          const logProbsAll = tf.logSoftmax(logits);
          const newLogProbs = tf.sum(tf.mul(logProbsAll, mbActions), 1);
          const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logProbsAll), logProbsAll), 1)));
          const logRatio = tf.sub(newLogProbs, mbOldLogProbs);
          const ratio = tf.exp(logRatio);
          const clippedRatio = tf.clipByValue(ratio, 1 - hp.clipCoefficient, 1 + hp.clipCoefficient);
          const policyLoss = tf.mean(tf.maximum(tf.mul(tf.neg(mbAdvantages), ratio), tf.mul(tf.neg(mbAdvantages), clippedRatio)));
          let valueLoss: tf.Tensor;
          if (hp.clipValueLoss) {
            const unclipped = tf.square(tf.sub(newValues, mbReturns));
            const clippedValues = tf.add(mbOldValues, tf.clipByValue(tf.sub(newValues, mbOldValues), -hp.clipCoefficient, hp.clipCoefficient));
            const clipped = tf.square(tf.sub(clippedValues, mbReturns));
            valueLoss = tf.mul(0.5, tf.mean(tf.maximum(unclipped, clipped)));
          } else {
            valueLoss = tf.mul(0.5, tf.mean(tf.square(tf.sub(newValues, mbReturns))));
          }
          const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logRatio));
          const clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), hp.clipCoefficient), 'float32'));
          kept = [policyLoss, valueLoss, entropy, approxKl, clipFraction].map((t) => tf.keep(t));
          return tf.add(tf.sub(policyLoss, tf.mul(hp.entropyCoefficient, entropy)), tf.mul(hp.valueCoefficient, valueLoss)) as tf.Scalar;
        }, [...actorVariables, ...criticVariables]);
        const clippedGrads: tf.NamedTensorMap = {
          ...clipGlobalNorm(grads, actorVariables, hp.maxGradNormActor),
          ...clipGlobalNorm(grads, criticVariables, hp.maxGradNormCritic),
        };
        optimizer.applyGradients(clippedGrads as Parameters<typeof optimizer.applyGradients>[0]);
        const stacked = tf.stack(kept);
        tf.dispose(kept); // kept past variableGrads' own scope; this tidy would not free them otherwise
        return stacked;
      });
      indices.dispose();
      epochMetrics.push(metrics);
    }
    epochsRun++;
    // One read per epoch keeps the GPU/WASM pipeline busy; target-KL looks at the epoch's last minibatch.
    const values = epochMetrics.map((t) => t.dataSync());
    tf.dispose(epochMetrics);
    for (const v of values) {
      sums.policyLoss += v[0];
      sums.valueLoss += v[1];
      sums.entropy += v[2];
      sums.approxKl += v[3];
      sums.clipFraction += v[4];
      sums.count++;
    }
    const lastKl = values[values.length - 1][3];
    if (hp.targetKl !== null && lastKl > hp.targetKl) break;
  }
  tf.dispose([observations, actions, oldLogProbs, oldValues, advantages, returns]);

  return {
    learningRate: (optimizer as unknown as { learningRate: number }).learningRate,
    policyLoss: sums.policyLoss / sums.count,
    valueLoss: sums.valueLoss / sums.count,
    entropy: sums.entropy / sums.count,
    approxKl: sums.approxKl / sums.count,
    clipFraction: sums.clipFraction / sums.count,
    explainedVariance: explainedVariance(buffer.values, buffer.returns),
    epochsRun,
    rewardBaseline: learner.rewardBaseline ?? 0,
  };
}

/** Scale the gradients of `variables` so that their joint L2 norm is at most `maxNorm`. */
function clipGlobalNorm(grads: tf.NamedTensorMap, variables: tf.Variable[], maxNorm: number): tf.NamedTensorMap {
  const own = variables.map((v) => grads[v.name]);
  const norm = tf.sqrt(tf.addN(own.map((g) => tf.sum(tf.square(g)))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
  const clipped: tf.NamedTensorMap = {};
  variables.forEach((v, i) => (clipped[v.name] = tf.mul(own[i], scale)));
  return clipped;
}

export function explainedVariance(predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  const n = target.length;
  let targetMean = 0;
  let residualMean = 0;
  for (let i = 0; i < n; i++) {
    targetMean += target[i];
    residualMean += target[i] - predicted[i];
  }
  targetMean /= n;
  residualMean /= n;
  let targetVariance = 0;
  let residualVariance = 0;
  for (let i = 0; i < n; i++) {
    targetVariance += (target[i] - targetMean) ** 2;
    residualVariance += (target[i] - predicted[i] - residualMean) ** 2;
  }
  return targetVariance === 0 ? Number.NaN : 1 - residualVariance / targetVariance;
}
