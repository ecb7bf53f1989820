/**
 * Train the general policy (see generalPolicy.ts for the recipe and why). Deterministic for a seed and
 * a backend: a fixed number of updates, not a wall-clock budget.
 */
import { generalContexts, generalPolicySpec, ruleOfContexts, tuneRules, validationScorer } from './generalPolicy';
import { trainPpo, type PpoHyperparameters, type TrainResult, type TrainingProgress } from './ppo';
import type { PpoPolicy } from './network';

export interface GeneralTrainingOptions {
  seed: number;
  updates: number;
  /** Behaviour-cloning steps of the warm start. */
  warmSteps: number;
  /** Updates between validation scores (model selection). */
  selectEvery: number;
  hyperparameters?: Partial<PpoHyperparameters>;
  onProgress?: (progress: TrainingProgress) => void;
  onScore?: (update: number, score: number) => void;
  clock?: () => number;
}

export interface GeneralTrainingResult {
  result: TrainResult;
  trainingContexts: number;
  validationContexts: number;
  /** Validation score of the tuned rules themselves is 1 by definition; this is the rules' mean cost ratio to plain base-stock. */
  ruleOverBaseStock: number;
}

export async function trainGeneralPolicy(options: GeneralTrainingOptions): Promise<GeneralTrainingResult> {
  const spec = generalPolicySpec;
  const contexts = generalContexts(options.seed);
  const rules = tuneRules(spec, [...contexts.training, ...contexts.validation]);
  const score = validationScorer(spec, contexts.validation, rules);
  const ruleList = [...rules.values()];
  const result = await trainPpo({
    environmentSpec: spec,
    contexts: { kind: 'list', contexts: contexts.training, periodsPerContext: 256 },
    seed: options.seed,
    totalUpdates: options.updates,
    hyperparameters: options.hyperparameters,
    warmStart: { rule: ruleOfContexts(rules), gradientSteps: options.warmSteps, periods: 2048 },
    selection: {
      every: options.selectEvery,
      score: (policy: PpoPolicy, update: number) => {
        const value = score(policy);
        options.onScore?.(update, value);
        return value;
      },
    },
    onProgress: options.onProgress,
    clock: options.clock,
  });
  return {
    result,
    trainingContexts: contexts.training.length,
    validationContexts: contexts.validation.length,
    ruleOverBaseStock: ruleList.reduce((sum, rule) => sum + rule.meanCost / rule.baseStockCost, 0) / ruleList.length,
  };
}
