import type { ProgressSink } from '../api/progress';
import { AppFailure } from '../common/result';
import type { FittedDemandModel } from '../demand';
import { economicsFor } from '../plan/itemEconomics';
import { selectBackend } from '../rl/backend';
import { savePolicy, type SavedPolicy, type TrainingState } from '../rl/checkpoint';
import type { LaneContext } from '../rl/context';
import type { EnvironmentSpec } from '../rl/environment';
import { cappedBaseStockRule, evaluateOrderRule, evaluatePolicy } from '../rl/evaluate';
import { defaultHyperparameters, trainPpo, type TrainingProgress } from '../rl/ppo';
import { openStore } from '../store';
import { cataloguePolicyKind, type ItemComparison } from './catalogue';
import { itemContext } from './contexts';

export { cataloguePolicyKind, type ItemComparison };

/** Longest lead time (days) the catalogue policy observes; longer items keep their classical policy. */
export const maxCatalogueLeadTimeDays = 42;
/** Updates between checkpoints written to the database. */
export const checkpointEvery = 5;

export interface TrainTaskInput {
  dbPath: string;
  items?: string[];
  seconds: number;
  seed: number;
  taskId: string;
  now: string;
}

export interface TrainTaskOutput {
  runId: number;
  policyId: number | null;
  backend: string;
  resumedFromUpdate: number | null;
  updatesDone: number;
  steps: number;
  seconds: number;
  cancelled: boolean;
  comparison: ItemComparison[];
}

/** Environment layout for a catalogue: long enough pipelines, and orders up to two review periods of demand. */
export function catalogueSpec(contexts: LaneContext[]): EnvironmentSpec {
  const maxLead = Math.max(1, ...contexts.map((context) => context.leadTimePeriods));
  const maxReview = Math.max(1, ...contexts.map((context) => context.reviewPeriods));
  return { maxLeadTimePeriods: maxLead, actionBins: 21, maxOrderInMeanDemand: 2 * maxReview };
}

/**
 * Train (or resume training of) the catalogue's PPO policy on the items' fitted demand models, in
 * the background: progress per update, a checkpoint in the database every few updates (a killed
 * run resumes from it), then every item is evaluated greedily against its tuned classical policy
 * on common random numbers, and PPO is marked for use only where it wins beyond the noise.
 */
export async function trainTask(input: TrainTaskInput, progress: ProgressSink, signal: AbortSignal): Promise<TrainTaskOutput> {
  const store = openStore(input.dbPath);
  try {
    const settings = store.settings.get();
    const models = store.demandModels.current<FittedDemandModel, unknown>();
    const tuned = store.classicalPolicies.byItem();
    const wanted = input.items ? new Set(input.items) : undefined;
    const items = store.items
      .listWithStats()
      .filter((item) => models.has(item.id) && tuned.has(item.id) && (!wanted || wanted.has(item.sku)));
    const entries = items
      .map((item) => ({ item, economics: economicsFor(item, settings) }))
      .filter(({ economics }) => economics.leadTimeDays <= maxCatalogueLeadTimeDays)
      .map(({ item, economics }) => ({ item, context: itemContext(models.get(item.id)!.model, economics) }));
    if (entries.length === 0) {
      throw new AppFailure({ code: 'invalid-input', message: 'No item has a fitted demand model to train on: run "Fit models" first.' });
    }
    const contexts = entries.map((entry) => entry.context);
    const spec = catalogueSpec(contexts);
    const backend = await selectBackend();
    const config = { items: entries.map((entry) => entry.item.sku), spec, seconds: input.seconds };

    // Resume a run that was killed, when it trained the same items with the same layout.
    const resumable = store.training.resumable();
    let runId: number;
    let resumeFrom: TrainingState | undefined;
    if (resumable && JSON.stringify(resumable.run.config.items) === JSON.stringify(config.items) && JSON.stringify(resumable.run.config.spec) === JSON.stringify(spec)) {
      runId = resumable.run.id;
      resumeFrom = resumable.checkpoint as TrainingState;
      store.training.reopen(runId);
    } else {
      runId = store.training.startRun(input.seed, config, backend.backend, input.now);
    }

    const started = Date.now();
    // Updates are planned for the budget; past 1.5× the budget training stops keeping what it learned.
    const hardStop = started + input.seconds * 1500;
    const stepsPerUpdate = defaultHyperparameters.lanes * defaultHyperparameters.stepsPerRollout;
    // Updates the budget allows at ~2,500 environment steps/s; a hard stop at the deadline keeps the budget.
    const totalUpdates = Math.max(resumeFrom ? resumeFrom.update + 2 : 4, Math.round((input.seconds * 2500) / stepsPerUpdate));
    const stop = {
      get aborted(): boolean {
        return signal.aborted || Date.now() > hardStop;
      },
    };
    let pending: { update: number; steps: number; values: Record<string, number> }[] = [];
    // Start from each item's tuned classical policy (behaviour cloning), so training begins where
    // the planner's yardstick already is instead of from random orders.
    const rules = entries.map(({ item }) => {
      const best = tuned.get(item.id)!.filter((policy) => policy.policy !== 'service-level base-stock').sort((a, b) => a.meanCost - b.meanCost)[0];
      return cappedBaseStockRule(best.parameters.orderUpTo, best.parameters.cap ?? Number.POSITIVE_INFINITY);
    });
    const result = await trainPpo({
      warmStart: resumeFrom ? undefined : { rule: (environment, lane) => rules[lane % rules.length](environment, lane), gradientSteps: 300 },
      environmentSpec: spec,
      contexts: { kind: 'fixed', contexts },
      seed: resumable && resumeFrom ? resumable.run.seed : input.seed,
      totalUpdates,
      resumeFrom,
      signal: stop,
      clock: () => Date.now(),
      checkpointEvery,
      onProgress: (update: TrainingProgress) => {
        pending.push({ update: update.update, steps: update.steps, values: { meanCostPerPeriod: update.meanCostPerPeriod, stepsPerSecond: update.stepsPerSecond ?? 0, ...update.metrics } });
        progress({
          taskId: input.taskId,
          kind: 'training',
          phase: `update ${update.update} of ${update.totalUpdates}`,
          done: update.update,
          total: update.totalUpdates,
          etaSeconds: update.etaSeconds ?? undefined,
          metrics: { meanCostPerPeriod: update.meanCostPerPeriod, stepsPerSecond: update.stepsPerSecond ?? 0 },
        });
      },
      onCheckpoint: (state: TrainingState) => {
        store.training.checkpoint(runId, state.update, state, pending, new Date().toISOString());
        pending = [];
      },
    });
    const cancelled = signal.aborted;
    progress({ taskId: input.taskId, kind: 'training', phase: 'comparing with the classical policies', done: result.updatesDone, total: totalUpdates });
    const comparison: ItemComparison[] = entries.map(({ item, context }, index) => {
      const options = { lanes: 16, periods: 1500, warmupPeriods: 2 * (context.leadTimePeriods + context.reviewPeriods), seed: input.seed + index };
      const ppo = evaluatePolicy(result.policy, context, options);
      const best = tuned.get(item.id)!.filter((policy) => policy.policy !== 'service-level base-stock').sort((a, b) => a.meanCost - b.meanCost)[0];
      const classical = evaluateOrderRule(spec, context, cappedBaseStockRule(best.parameters.orderUpTo, best.parameters.cap ?? Number.POSITIVE_INFINITY), options);
      const noise = 2 * Math.hypot(ppo.standardError, classical.standardError);
      return {
        item: item.sku,
        itemId: item.id,
        ppoCost: ppo.meanCostPerPeriod,
        ppoStandardError: ppo.standardError,
        classicalPolicy: best.policy,
        classicalCost: classical.meanCostPerPeriod,
        classicalStandardError: classical.standardError,
        usePpo: ppo.meanCostPerPeriod + noise < classical.meanCostPerPeriod,
      };
    });
    const saved: SavedPolicy = await savePolicy(result.policy, { backend: backend.backend, createdAt: input.now, hyperparameters: result.hyperparameters });
    const previous = store.training.activePolicy(cataloguePolicyKind);
    const policyId = store.training.savePolicy({
      name: `Catalogue policy (${entries.length} items)`,
      kind: cataloguePolicyKind,
      backend: backend.backend,
      saved,
      metadata: { runId, updates: result.updatesDone, steps: result.steps, comparison, items: config.items },
      parentId: previous?.id ?? null,
      now: new Date().toISOString(),
    });
    store.training.checkpoint(runId, result.updatesDone, result.finalState, pending, new Date().toISOString());
    store.training.finishRun(runId, cancelled ? 'cancelled' : 'completed', policyId, null, new Date().toISOString());
    result.policy.dispose();
    progress({ taskId: input.taskId, kind: 'training', phase: 'done', done: result.updatesDone, total: totalUpdates, finished: true });
    return {
      runId,
      policyId,
      backend: backend.backend,
      resumedFromUpdate: resumeFrom?.update ?? null,
      updatesDone: result.updatesDone,
      steps: result.steps,
      seconds: (Date.now() - started) / 1000,
      cancelled,
      comparison,
    };
  } finally {
    store.close();
  }
}
