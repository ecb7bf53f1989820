/**
 * Plain, serialisable forms of a trained policy and of a whole training run.
 *
 * - `SavedPolicy`: what the app stores as a blob row in SQLite — architecture (Keras JSON topology),
 *   weights (one Uint8Array, via `tf.io.withSaveHandler` / `tf.io.fromMemory`), the observation
 *   statistics the network was trained with, and the environment and network specs. Loading it
 *   gives bit-identical greedy actions (float32 weights are copied byte for byte).
 * - `TrainingState`: everything needed to continue a killed run exactly where it stopped — weights,
 *   Adam's moments and step count, the update counter, the running reward baseline, observation
 *   statistics and the lanes' inventory. Random generators are *not* stored: every update derives its
 *   streams from (seed, update), so the counter is enough. The caller stores the object as is
 *   (e.g. JSON with the Uint8Arrays as blobs) and passes it back as `resumeFrom`.
 */
import * as tf from '@tensorflow/tfjs';
import { PpoPolicy, type NetworkSpec } from './network';
import { ObservationNormalizer, type ObservationStatistics } from './observationNormalizer';
import type { EnvironmentSpec, EnvironmentState } from './environment';
import type { Learner, PpoHyperparameters } from './ppo';
import { fail, ok, type Result } from '../common/result';

export const policyFormat = 'replenish-ppo-policy';
export const trainingStateFormat = 'replenish-ppo-training-state';
export const checkpointVersion = 1;

export interface SavedPolicy {
  format: typeof policyFormat;
  version: number;
  /** Backend the policy was trained on (results are bit-reproducible only on the same backend). */
  backend: string;
  /** ISO timestamp supplied by the caller (the core has no clock). */
  createdAt: string;
  spec: { environment: EnvironmentSpec; network: NetworkSpec };
  hyperparameters: PpoHyperparameters | null;
  observationStatistics: ObservationStatistics;
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weights: Uint8Array;
}

export interface TrainingState {
  format: typeof trainingStateFormat;
  version: number;
  seed: number;
  update: number;
  steps: number;
  rewardBaseline: number | null;
  observationStatistics: ObservationStatistics;
  modelWeightSpecs: tf.io.WeightsManifestEntry[];
  modelWeights: Uint8Array;
  optimizerWeightSpecs: tf.io.WeightsManifestEntry[];
  optimizerWeights: Uint8Array;
  environment: EnvironmentState;
}

/** The seed of random stream `stream` in update `update` of a run: independent of every other one. */
export function updateSeed(seed: number, update: number, stream: number): number {
  return (Math.imul(seed ^ 0x27d4eb2d, 0x9e3779b1) + Math.imul(update + 1, 0x85ebca6b) + Math.imul(stream + 1, 0xc2b2ae35)) >>> 0;
}

export async function savePolicy(
  policy: PpoPolicy,
  meta: { backend: string; createdAt: string; hyperparameters?: PpoHyperparameters },
): Promise<SavedPolicy> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await policy.model.save(
    tf.io.withSaveHandler(async (modelArtifacts) => {
      artifacts = modelArtifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  const saved = artifacts as tf.io.ModelArtifacts | null;
  if (!saved || !saved.weightData || !saved.weightSpecs || !saved.modelTopology) throw new Error('model.save produced no artefacts');
  return {
    format: policyFormat,
    version: checkpointVersion,
    backend: meta.backend,
    createdAt: meta.createdAt,
    spec: { environment: { ...policy.environmentSpec }, network: { ...policy.networkSpec, hiddenUnits: [...policy.networkSpec.hiddenUnits] } },
    hyperparameters: meta.hyperparameters ?? null,
    observationStatistics: policy.normalizer.statistics(),
    modelTopology: saved.modelTopology as object,
    weightSpecs: saved.weightSpecs,
    weights: new Uint8Array(tf.io.CompositeArrayBuffer.join(saved.weightData).slice(0)),
  };
}

/** Rebuild a policy; a malformed or foreign object is reported as an error, not thrown. */
export async function loadPolicy(saved: SavedPolicy): Promise<Result<PpoPolicy>> {
  if (saved?.format !== policyFormat) return fail('invalid-input', `Not a saved PPO policy (format ${policyFormat} expected).`);
  if (saved.version > checkpointVersion) {
    return fail('database-newer', `This policy was saved by a newer Replenish (format version ${saved.version}, this app reads ${checkpointVersion}).`);
  }
  try {
    const weightData = saved.weights.buffer.slice(saved.weights.byteOffset, saved.weights.byteOffset + saved.weights.byteLength) as ArrayBuffer;
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: saved.modelTopology, weightSpecs: saved.weightSpecs, weightData }));
    const normalizer = new ObservationNormalizer(saved.spec.network.observationSize, saved.observationStatistics);
    normalizer.frozen = true;
    return ok(new PpoPolicy(model, normalizer, saved.spec.environment, saved.spec.network));
  } catch (error) {
    return fail('invalid-input', `The saved policy cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function encode(tensors: Array<{ name: string; tensor: tf.Tensor }>): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: Uint8Array }> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  return { specs, data: new Uint8Array(tf.io.CompositeArrayBuffer.join(data).slice(0)) };
}

function decode(specs: tf.io.WeightsManifestEntry[], data: Uint8Array): tf.NamedTensorMap {
  return tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, specs);
}

export async function captureTrainingState(learner: Learner): Promise<TrainingState> {
  // Model weights by position (names can gain suffixes when several models live in one process).
  const model = await encode(learner.model.getWeights().map((tensor, index) => ({ name: `weight_${index}`, tensor })));
  const optimizerTensors = await learner.optimizer.getWeights();
  // Adam's moments are keyed by position too (applyGradients pairs them with gradients in order).
  const optimizer = await encode(optimizerTensors.map((entry, index) => ({ name: index === 0 ? 'iter' : `moment_${index}`, tensor: entry.tensor })));
  optimizerTensors[0]?.tensor.dispose(); // the step counter is a fresh scalar; the moments are the live variables
  return {
    format: trainingStateFormat,
    version: checkpointVersion,
    seed: learner.seed,
    update: learner.update,
    steps: learner.steps,
    rewardBaseline: learner.rewardBaseline,
    observationStatistics: learner.normalizer.statistics(),
    modelWeightSpecs: model.specs,
    modelWeights: model.data,
    optimizerWeightSpecs: optimizer.specs,
    optimizerWeights: optimizer.data,
    environment: learner.environment.saveState(),
  };
}

export async function restoreTrainingState(learner: Learner, state: TrainingState): Promise<void> {
  if (state.format !== trainingStateFormat) throw new TypeError(`resumeFrom is not a ${trainingStateFormat} object`);
  const weights = decode(state.modelWeightSpecs, state.modelWeights);
  learner.model.setWeights(state.modelWeightSpecs.map((spec) => weights[spec.name]));
  tf.dispose(Object.values(weights));
  if (state.optimizerWeightSpecs.length > 1) {
    const moments = decode(state.optimizerWeightSpecs, state.optimizerWeights);
    await learner.optimizer.setWeights(state.optimizerWeightSpecs.map((spec) => ({ name: spec.name, tensor: moments[spec.name] })));
  }
  learner.seed = state.seed;
  learner.update = state.update;
  learner.steps = state.steps;
  learner.rewardBaseline = state.rewardBaseline;
  learner.normalizer.load(state.observationStatistics);
  learner.environment.restoreState(state.environment);
  // Every update ends by reseeding the environment with the next update's stream; resume from that stream.
  learner.environment.reseed(updateSeed(state.seed, state.update, 0));
}

