/**
 * PPO (Schulman et al. 2017) for the reorder policy, in the style of CleanRL's ppo.py: one readable
 * loop — collect a rollout on the vectorised environment, compute GAE, run a few epochs of clipped
 * updates on shuffled minibatches, log, repeat. Every hyperparameter is below with its default and why.
 *
 * Average-cost problem: inventory costs are per period forever, so we use a discount γ = 0.99 (an
 * effective horizon of ~100 periods, far beyond the longest lead time of the reference grid) together with
 * *reward centring*: the learner sees r − ρ, where ρ is a running average reward. That is the
 * differential-reward view of average-cost RL; in a discounted continuing task subtracting a constant
 * changes every value by the same amount, so the optimal policy is unchanged, but the critic's targets
 * stay O(1) instead of −cost/(1−γ) ≈ −120 (the feasibility test saw the value loss swamp the
 * policy step with raw rewards and joint clipping). Actor and critic gradients are also clipped separately.
 *
 * Determinism: network init uses seeded TF.js initialisers; action sampling, minibatch shuffling and
 * demand use `Rng` streams derived from (seed, update), so the same seed on the same backend gives the
 * same weights, and a checkpoint only needs the update counter to resume the same random streams.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../random/rng';
import { actorCriticWeights, createActorCritic, forwardActorCritic, PpoPolicy, defaultHiddenUnits, type ActorCriticWeights, type NetworkSpec } from './network';
import { ObservationNormalizer } from './observationNormalizer';
import { RolloutBuffer } from './rolloutBuffer';
import { VectorEnvironment, observationSize, type ContextSource, type EnvironmentSpec } from './environment';
import { restoreTrainingState, captureTrainingState, updateSeed, loadPolicy, type SavedPolicy, type TrainingState } from './checkpoint';
import { optimiseRollout, type UpdateMetrics } from './ppoUpdate';
import { warmStartLearner, type WarmStartOptions, type WarmStartReport } from './warmStart';

export interface PpoHyperparameters {
  /**
   * Parallel lanes (items × sample paths). 32 → 4096 samples per update with 128 steps. Gradient steps cost
   * far more than simulation, so the budget buys a number of updates: in a 40 s run on L=1, p=9 (one seed,
   * loaded machine) 32 lanes reached 1.7 % above optimal against 3.1 % with 64 and 5.0 % with 16 (2 minibatches).
   * Re-checked on L = 2, p = 9 at equal CPU time: 64 lanes with 2 epochs (80 updates) reached 2.5 % against
   * 0.7 % for the default (96 updates, seed 1); twice the fresh data per update does not pay for half the epochs.
   */
  lanes: number;
  /** Periods per lane per rollout. 128 (CleanRL default): > 25 × the longest reference lead time. */
  stepsPerRollout: number;
  /** Adam step size at the start. 3e-3: the feasibility test found it far better than 1e-3 here. */
  learningRate: number;
  /** Anneal the step size linearly to 0 over the run (CleanRL default; lets the policy settle). */
  annealLearningRate: boolean;
  /**
   * Discount. 0.99 with reward centring (see above): an effective horizon of ~100 periods, far longer than
   * the reference lead times (≤ 4), so the discounted optimum is practically the average-cost optimum, while
   * returns stay far less noisy than with 0.999. (γ = 0.95, λ = 0.9 was no better on the L = 0 test problem.)
   */
  gamma: number;
  /**
   * GAE λ. 0.95 (CleanRL/PPO paper default): trades bias for variance over ~20 periods.
   * Measured on L = 2, p = 9 (96 updates, greedy gap to optimum, seeds 1 / 2 / 3): 0.95 gave 0.7 / 2.2 / 1.3 %,
   * λ = 0.8 0.7 / 2.3 / 2.7 %, λ = 0.6 2.6 / 4.1 % (seeds 1 / 2) — lower λ cuts the targets' variance but the
   * critic's bias then costs more than it saves.
   *
   * Why the logged explained variance stays near 0 and that is not a bug: per-period demand noise dominates
   * the λ-return. With the exact (tabular, Monte-Carlo) value function of the best capped base-stock policy
   * on L = 2, p = 9, γ = 0.99, the best achievable explained variance is 0.019 at λ = 0.95 (target variance
   * 17.7 against 0.39 for V itself), 0.057 at λ = 0.8, 0.107 at λ = 0.5; the trained critic reaches 0.01–0.02.
   * The value loss (≈ 0.5 × 17.7 late in training) is this noise floor, not a critic that fails to learn.
   */
  gaeLambda: number;
  /** Passes over each rollout. 4 (CleanRL default). */
  epochs: number;
  /** Minibatches per epoch. 4 → 1024 samples each with the defaults (8 epochs were worse in the same test). */
  minibatches: number;
  /** Normalise advantages per minibatch to mean 0, std 1 (CleanRL default). */
  normalizeAdvantages: boolean;
  /** Probability-ratio clip ε. 0.2 (paper default). */
  clipCoefficient: number;
  /**
   * Clip the value change per update to ±clipCoefficient around the old value. CleanRL's default is on,
   * but it assumes returns of order 1; ours are centred but not scaled (tens of units early on), and a
   * ±0.2 step per update would stall the critic. Default off.
   */
  clipValueLoss: boolean;
  /**
   * Entropy bonus. 0.003: 0 collapsed exploration on runs over ~2 min in the feasibility test; 0.001 measured
   * worse on L = 2, p = 9 (1.5 / 2.9 % against 0.7 / 2.2 %, seeds 1 / 2, 96 updates).
   */
  entropyCoefficient: number;
  /** Weight of the value loss. 0.5 (CleanRL default); with separate towers it only scales the critic's step. */
  valueCoefficient: number;
  /** Global gradient-norm clip of the actor's gradients. 0.5 (CleanRL default). */
  maxGradNormActor: number;
  /** Global gradient-norm clip of the critic's gradients, separately, so value errors cannot crowd out the policy. */
  maxGradNormCritic: number;
  /** Stop an update's epochs once approx-KL exceeds this (null = never; CleanRL default off). */
  targetKl: number | null;
  /** Adam ε. 1e-5 (CleanRL; the TF default 1e-7 makes early steps erratic). */
  adamEpsilon: number;
  /**
   * Weight of the newest rollout in the running average reward ρ used for centring. 0.1. Centring on each
   * rollout's own mean (1.0) removes the lag of ρ behind an improving policy but adds the rollout's noise
   * to every target; it measured worse (2.9 / 1.6 % against 0.7 / 2.2 % on L = 2, p = 9, 96 updates).
   */
  rewardCentringRate: number;
  hiddenUnits: number[];
  /**
   * Standardise observations with running statistics (CleanRL's NormalizeObservation). The environment
   * already scales quantities by mean demand, so this is optional.
   */
  normalizeObservations: boolean;
}

export const defaultHyperparameters: PpoHyperparameters = {
  lanes: 32,
  stepsPerRollout: 128,
  learningRate: 3e-3,
  annealLearningRate: true,
  gamma: 0.99,
  gaeLambda: 0.95,
  epochs: 4,
  minibatches: 4,
  normalizeAdvantages: true,
  clipCoefficient: 0.2,
  clipValueLoss: false,
  entropyCoefficient: 0.003,
  valueCoefficient: 0.5,
  maxGradNormActor: 0.5,
  maxGradNormCritic: 0.5,
  targetKl: null,
  adamEpsilon: 1e-5,
  rewardCentringRate: 0.1,
  hiddenUnits: defaultHiddenUnits,
  normalizeObservations: true,
};

export interface TrainingProgress {
  update: number;
  totalUpdates: number;
  steps: number;
  /** Environment steps per second over the run so far (null without a clock). */
  stepsPerSecond: number | null;
  /** Mean cost per period per lane in the last rollout (money, not normalised). */
  meanCostPerPeriod: number;
  etaSeconds: number | null;
  metrics: UpdateMetrics;
}

export interface TrainOptions {
  environmentSpec: EnvironmentSpec;
  contexts: ContextSource;
  seed: number;
  totalUpdates: number;
  hyperparameters?: Partial<PpoHyperparameters>;
  /** Called after every update. */
  onProgress?: (progress: TrainingProgress) => void;
  /** Checked between updates; training stops (keeping what it learned) once `aborted` is true. */
  signal?: { readonly aborted: boolean };
  /** Milliseconds clock for steps/s and ETA (the core has no clock of its own). */
  clock?: () => number;
  /** Resume from a checkpoint instead of starting fresh (same options otherwise). */
  resumeFrom?: TrainingState;
  /**
   * Called every `policyEvery` updates with the live policy (greedy evaluation during training, e.g. a
   * learning curve in true cost). Do not dispose it; it is the network being trained.
   */
  onPolicy?: (policy: PpoPolicy, progress: TrainingProgress) => void | Promise<void>;
  policyEvery?: number;
  /** Called every `checkpointEvery` updates with the full state to store (and at the end). */
  onCheckpoint?: (state: TrainingState) => void | Promise<void>;
  checkpointEvery?: number;
  /**
   * Clone a classical rule into the actor (and critic) before the first update (warmStart.ts). Default
   * off: PPO from scratch. Ignored when resuming (the checkpoint already holds the warmed weights).
   */
  warmStart?: WarmStartOptions;
  /**
   * Fine-tune: start from a trained policy's weights and observation statistics (e.g. the shipped general
   * policy) instead of a fresh network. Its environment and network specs must match this run's. Ignored
   * when resuming. Can be combined with `warmStart` (then only the normaliser and reward baseline warm up
   * if `warmStart.gradientSteps` is 0).
   */
  initialPolicy?: SavedPolicy;
  /**
   * Model selection: `score(policy)` (lower is better — e.g. the greedy cost on held-out simulated paths) is
   * measured before the first update and every `every` updates and at the end; the run returns the
   * best-scoring weights. PPO's last iterate is not always its best (the sampled rollouts are noisy and a
   * late update can undo a good one), and a warm-started or fine-tuned run must never end worse than it
   * began. The score's own time is the caller's; use paths independent of any final evaluation.
   */
  selection?: { every: number; score: (policy: PpoPolicy, update: number) => number | Promise<number> };
}

/** What model selection saw: every score measured and which update won. */
export interface SelectionReport {
  bestUpdate: number;
  bestScore: number;
  scores: Array<{ update: number; score: number }>;
}

export interface TrainResult {
  policy: PpoPolicy;
  hyperparameters: PpoHyperparameters;
  updatesDone: number;
  steps: number;
  history: TrainingProgress[];
  /** State to store to resume later (also what `onCheckpoint` received last). */
  finalState: TrainingState;
  /** What the warm start did (null without one). */
  warmStart: WarmStartReport | null;
  /** What model selection did (null without it); `policy` holds the winning weights. */
  selection: SelectionReport | null;
}

/** Everything that evolves during a run; checkpoint.ts turns it into plain data and back. */
export interface Learner {
  hyperparameters: PpoHyperparameters;
  environmentSpec: EnvironmentSpec;
  networkSpec: NetworkSpec;
  model: tf.LayersModel;
  /** The model's variables by tower (what training differentiates and updates). */
  weights: ActorCriticWeights;
  optimizer: tf.AdamOptimizer;
  normalizer: ObservationNormalizer;
  environment: VectorEnvironment;
  seed: number;
  update: number;
  steps: number;
  rewardBaseline: number | null;
}

export async function trainPpo(options: TrainOptions): Promise<TrainResult> {
  const hp: PpoHyperparameters = { ...defaultHyperparameters, ...options.hyperparameters };
  const envSpec = options.environmentSpec;
  const networkSpec: NetworkSpec = { observationSize: observationSize(envSpec), actionBins: envSpec.actionBins, hiddenUnits: hp.hiddenUnits };
  const model = createActorCritic(networkSpec, options.seed);
  const learner: Learner = {
    hyperparameters: hp,
    environmentSpec: envSpec,
    networkSpec,
    model,
    weights: actorCriticWeights(model),
    optimizer: tf.train.adam(hp.learningRate, 0.9, 0.999, hp.adamEpsilon),
    normalizer: new ObservationNormalizer(networkSpec.observationSize),
    environment: new VectorEnvironment(envSpec, hp.lanes, options.contexts, updateSeed(options.seed, -1, 0)),
    seed: options.seed,
    update: 0,
    steps: 0,
    rewardBaseline: null,
  };
  // Without normalisation the statistics stay at mean 0, variance 1 (identity) and are still saved.
  learner.normalizer.frozen = !hp.normalizeObservations;
  if (options.resumeFrom) {
    if (options.resumeFrom.environment.onHand.length !== hp.lanes) {
      throw new RangeError(`checkpoint has ${options.resumeFrom.environment.onHand.length} lanes, the run ${hp.lanes}: resume with the same hyperparameters`);
    }
    await restoreTrainingState(learner, options.resumeFrom);
  }
  if (options.initialPolicy && !options.resumeFrom) await startFromPolicy(learner, options.initialPolicy);
  const warmStart = options.warmStart && !options.resumeFrom ? warmStartLearner(learner, options.warmStart, updateSeed(options.seed, -1, 3)) : null;
  const selection = options.selection ? new BestPolicyTracker(learner, options.selection.score) : null;
  if (selection) await selection.consider();

  const buffer = new RolloutBuffer(hp.stepsPerRollout, hp.lanes, networkSpec.observationSize);
  const rawObservation = new Float32Array(hp.lanes * networkSpec.observationSize);
  const actions = new Int32Array(hp.lanes);
  const history: TrainingProgress[] = [];
  const clock = options.clock;
  const startMs = clock ? clock() : 0;
  const startSteps = learner.steps;
  let lastState: TrainingState | null = null;

  while (learner.update < options.totalUpdates && !options.signal?.aborted) {
    const update = learner.update;
    // Learning-rate annealing: linear from the initial rate to 0 at the last update.
    const fraction = hp.annealLearningRate ? 1 - update / options.totalUpdates : 1;
    (learner.optimizer as unknown as { learningRate: number }).learningRate = hp.learningRate * fraction;

    const meanCost = collectRollout(learner, buffer, rawObservation, actions, new Rng(updateSeed(learner.seed, update, 1)));
    learner.environment.reseed(updateSeed(learner.seed, update + 1, 0));
    const metrics = await optimiseRollout(learner, buffer, new Rng(updateSeed(learner.seed, update, 2)));
    learner.update++;
    learner.steps += hp.lanes * hp.stepsPerRollout;

    const elapsedSeconds = clock ? (clock() - startMs) / 1000 : null;
    const stepsPerSecond = elapsedSeconds && elapsedSeconds > 0 ? (learner.steps - startSteps) / elapsedSeconds : null;
    const progress: TrainingProgress = {
      update: learner.update,
      totalUpdates: options.totalUpdates,
      steps: learner.steps,
      stepsPerSecond,
      meanCostPerPeriod: meanCost,
      etaSeconds: stepsPerSecond ? ((options.totalUpdates - learner.update) * hp.lanes * hp.stepsPerRollout) / stepsPerSecond : null,
      metrics,
    };
    history.push(progress);
    options.onProgress?.(progress);
    if (options.onPolicy && options.policyEvery && learner.update % options.policyEvery === 0) {
      learner.normalizer.frozen = true;
      await options.onPolicy(new PpoPolicy(learner.model, learner.normalizer, envSpec, networkSpec), progress);
      learner.normalizer.frozen = !hp.normalizeObservations;
    }
    if (options.onCheckpoint && options.checkpointEvery && learner.update % options.checkpointEvery === 0) {
      lastState = await captureTrainingState(learner);
      await options.onCheckpoint(lastState);
    }
    if (selection && options.selection && learner.update % options.selection.every === 0) await selection.consider();
  }
  if (selection && selection.lastUpdate !== learner.update) await selection.consider();
  if (lastState === null || lastState.update !== learner.update) {
    lastState = await captureTrainingState(learner);
    if (options.onCheckpoint) await options.onCheckpoint(lastState);
  }
  learner.optimizer.dispose();
  // The checkpoint above is the live run (to resume it); the returned policy is the selected one.
  const selectionReport = selection ? selection.restoreBest() : null;
  learner.normalizer.frozen = true;
  return {
    policy: new PpoPolicy(learner.model, learner.normalizer, envSpec, networkSpec),
    hyperparameters: hp,
    updatesDone: learner.update,
    steps: learner.steps,
    history,
    finalState: lastState,
    warmStart,
    selection: selectionReport,
  };
}

/** Copy a saved policy's weights (by position) and observation statistics into the learner. */
async function startFromPolicy(learner: Learner, saved: SavedPolicy): Promise<void> {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!same(saved.spec.environment, learner.environmentSpec) || !same(saved.spec.network, learner.networkSpec)) {
    throw new RangeError(
      `the initial policy was trained for ${JSON.stringify(saved.spec)}, this run needs ${JSON.stringify({ environment: learner.environmentSpec, network: learner.networkSpec })}`,
    );
  }
  const loaded = await loadPolicy(saved);
  if (!loaded.ok) throw new RangeError(loaded.error.message);
  const weights = loaded.value.model.getWeights();
  learner.model.setWeights(weights);
  learner.normalizer.load(saved.observationStatistics);
  loaded.value.dispose();
}

/** Keeps a copy of the best-scoring weights (and the observation statistics that go with them). */
class BestPolicyTracker {
  private best: { update: number; score: number; weights: tf.Tensor[]; statistics: ReturnType<ObservationNormalizer['statistics']> } | null = null;
  readonly scores: Array<{ update: number; score: number }> = [];
  lastUpdate = -1;

  constructor(
    private readonly learner: Learner,
    private readonly score: (policy: PpoPolicy, update: number) => number | Promise<number>,
  ) {}

  async consider(): Promise<void> {
    const { learner } = this;
    const frozen = learner.normalizer.frozen;
    learner.normalizer.frozen = true;
    const value = await this.score(new PpoPolicy(learner.model, learner.normalizer, learner.environmentSpec, learner.networkSpec), learner.update);
    learner.normalizer.frozen = frozen;
    this.scores.push({ update: learner.update, score: value });
    this.lastUpdate = learner.update;
    if (this.best === null || value < this.best.score) {
      if (this.best) tf.dispose(this.best.weights);
      this.best = { update: learner.update, score: value, weights: learner.model.getWeights().map((weight) => weight.clone()), statistics: learner.normalizer.statistics() };
    }
  }

  /** Put the best weights back into the model (they are the run's result) and report. */
  restoreBest(): SelectionReport {
    const best = this.best!;
    this.learner.model.setWeights(best.weights);
    this.learner.normalizer.load(best.statistics);
    tf.dispose(best.weights);
    return { bestUpdate: best.update, bestScore: best.score, scores: this.scores };
  }
}

/**
 * Play `stepsPerRollout` periods on every lane with actions sampled from the current policy.
 * Returns the mean cost per period per lane. Rewards are centred on the running average ρ.
 */
function collectRollout(learner: Learner, buffer: RolloutBuffer, raw: Float32Array, actions: Int32Array, rng: Rng): number {
  const { environment: env, normalizer, weights, hyperparameters: hp } = learner;
  const lanes = hp.lanes;
  const size = buffer.observationSize;
  const bins = learner.networkSpec.actionBins;
  const probabilities = new Float64Array(bins);
  let costSum = 0;
  let rewardSum = 0;
  env.observe(raw);
  for (let t = 0; t < buffer.steps; t++) {
    normalizer.update(raw, lanes);
    const observation = buffer.observations.subarray(t * lanes * size, (t + 1) * lanes * size);
    normalizer.normalize(raw, lanes, observation);
    const [logits, values] = forward(weights, observation, lanes, size);
    for (let lane = 0; lane < lanes; lane++) {
      // Softmax in float64, then inverse-CDF sampling with the seeded generator.
      let max = -Infinity;
      for (let b = 0; b < bins; b++) max = Math.max(max, logits[lane * bins + b]);
      let total = 0;
      for (let b = 0; b < bins; b++) total += probabilities[b] = Math.exp(logits[lane * bins + b] - max);
      let u = rng.uniform() * total;
      let action = bins - 1;
      for (let b = 0; b < bins; b++) {
        u -= probabilities[b];
        if (u < 0) {
          action = b;
          break;
        }
      }
      actions[lane] = action;
      const index = t * lanes + lane;
      buffer.actions[index] = action;
      buffer.logProbs[index] = Math.log(probabilities[action] / total);
      buffer.values[index] = values[lane];
    }
    const result = env.step(actions);
    for (let lane = 0; lane < lanes; lane++) {
      const index = t * lanes + lane;
      buffer.rewards[index] = result.reward[lane];
      buffer.dones[index] = result.truncated[lane];
      costSum += result.cost[lane];
      rewardSum += result.reward[lane];
    }
    const truncatedLanes = countOnes(result.truncated);
    if (truncatedLanes > 0) bootstrapTruncated(learner, buffer, t, result.truncated, result.finalObservation);
    env.observe(raw);
  }
  // Centre the rewards on the running average reward ρ (the differential-reward view).
  const meanReward = rewardSum / (lanes * buffer.steps);
  learner.rewardBaseline =
    learner.rewardBaseline === null ? meanReward : learner.rewardBaseline + hp.rewardCentringRate * (meanReward - learner.rewardBaseline);
  const baseline = learner.rewardBaseline;
  for (let i = 0; i < buffer.rewards.length; i++) buffer.rewards[i] -= baseline;
  // Truncated lanes already hold r + γV(final); subtracting ρ gives (r − ρ) + γV(final), as wanted.
  const lastObservation = new Float32Array(lanes * size);
  normalizer.normalize(raw, lanes, lastObservation);
  const [, lastValues] = forward(weights, lastObservation, lanes, size);
  buffer.computeAdvantages(lastValues, hp.gamma, hp.gaeLambda);
  return costSum / (lanes * buffer.steps);
}

/**
 * A lane that switched context was truncated, not terminated: add γ V(final observation) to its
 * reward (the value it would have bootstrapped from) and mark it done so GAE does not look across.
 */
function bootstrapTruncated(learner: Learner, buffer: RolloutBuffer, t: number, truncated: Uint8Array, finalObservation: Float32Array): void {
  const lanes = buffer.lanes;
  const size = buffer.observationSize;
  const normalised = new Float32Array(lanes * size);
  learner.normalizer.normalize(finalObservation, lanes, normalised);
  const [, values] = forward(learner.weights, normalised, lanes, size);
  for (let lane = 0; lane < lanes; lane++) {
    if (truncated[lane] === 1) buffer.rewards[t * lanes + lane] += learner.hyperparameters.gamma * values[lane];
  }
}

function countOnes(flags: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < flags.length; i++) count += flags[i];
  return count;
}

function forward(weights: ActorCriticWeights, observation: Float32Array, rows: number, size: number): [Float32Array, Float32Array] {
  const outputs = tf.tidy(() => forwardActorCritic(weights, tf.tensor2d(observation, [rows, size])));
  const logits = outputs[0].dataSync() as Float32Array;
  const values = outputs[1].dataSync() as Float32Array;
  tf.dispose(outputs);
  return [logits, values];
}
