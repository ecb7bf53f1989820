import type { ProgressSink } from '../api/progress';
import { AppFailure, toAppError } from '../common/result';
import type { FittedDemandModel } from '../demand';
import { economicsFor } from '../plan/itemEconomics';
import { selectBackend } from '../rl/backend';
import { savePolicy, type SavedPolicy, type TrainingState } from '../rl/checkpoint';
import type { LaneContext } from '../rl/context';
import type { EnvironmentSpec } from '../rl/environment';
import { cappedBaseStockRule, evaluateOrderRule, evaluatePolicy } from '../rl/evaluate';
import { defaultHyperparameters, trainPpo, type TrainingProgress } from '../rl/ppo';
import { generalPolicySpec } from '../rl/generalPolicy';
import { evaluateContexts } from '../rl/evaluate';
import { parsePretrainedPolicy, pretrainedFileName } from '../rl/pretrained';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../store';
import { cataloguePolicyKind, type ItemComparison } from './catalogue';
import { decideAdoption, type AdoptionDecision } from './adoption';
import { itemContext } from './contexts';
import { newClaimant, RunHeartbeat } from './runClaim';

export { cataloguePolicyKind, type ItemComparison };

/** Longest lead time (days) the catalogue policy observes; longer items keep their classical policy. */
export const maxCatalogueLeadTimeDays = generalPolicySpec.maxLeadTimePeriods;
/** PPO step size of catalogue training, which always starts from a trained or cloned policy (see where it is used). */
export const fineTuneLearningRate = 3e-4;
/** Items scored for model selection (a sample of the catalogue keeps each score to about a second). */
const selectionItems = 48;
/** Updates between checkpoints written to the database. */
export const checkpointEvery = 5;

export interface TrainTaskInput {
  dbPath: string;
  items?: string[];
  seconds: number;
  seed: number;
  taskId: string;
  now: string;
  /** Folder holding policies/general-policy.json; training fine-tunes from it when present. */
  resourcesDir?: string;
  /**
   * The host runs no other training in this process (its own bookkeeping says so): a run still
   * owned by this process id was left by a worker that died and may be resumed. Without it, such a
   * run counts as live and the start is refused.
   */
  ownProcessIdle?: boolean;
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
  /** Where training started: the shipped general policy (fine-tuning) or the items' tuned rules. */
  startedFrom: 'policy in use' | 'general policy' | 'tuned classical rules' | 'checkpoint';
  /** Model selection on held-out paths: mean cost / tuned classical cost at the start and of the kept weights. */
  selection: { startScore: number; bestScore: number; bestUpdate: number } | null;
  /** Whether the new policy replaced the one in use, and the backtest that decided it. */
  adoption: AdoptionDecision;
}

/**
 * The catalogue policy shares the general policy's layout (lead times up to 28 days, orders up to two
 * review periods of demand), so it can start from the shipped policy and a new item fits at once.
 */
export function catalogueSpec(): EnvironmentSpec {
  return generalPolicySpec;
}

/** The shipped general policy, when the resources folder has one that loads. */
function shippedGeneralPolicy(resourcesDir: string | undefined): SavedPolicy | null {
  if (!resourcesDir) return null;
  const path = join(resourcesDir, 'policies', pretrainedFileName);
  if (!existsSync(path)) return null;
  const parsed = parsePretrainedPolicy(readFileSync(path, 'utf8'));
  return parsed.ok && JSON.stringify(parsed.value.policy.spec.environment) === JSON.stringify(generalPolicySpec) ? parsed.value.policy : null;
}

/**
 * Train (or resume training of) the catalogue's PPO policy on the items' fitted demand models, in
 * the background: progress per update, a checkpoint in the database every few updates (a killed
 * run resumes from it), then every item is evaluated greedily against its tuned classical policy
 * on common random numbers, and PPO is marked for use only where it wins beyond the noise.
 */
export async function trainTask(input: TrainTaskInput, progress: ProgressSink, signal: AbortSignal): Promise<TrainTaskOutput> {
  const store = openStore(input.dbPath);
  // The run this call owns until it is finished; a failure on the way leaves it resumable, not 'running'.
  let unfinishedRunId: number | undefined;
  const claimant = newClaimant();
  let heartbeat: RunHeartbeat | undefined;
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
      .map(({ item, economics }) => ({
        item,
        context: itemContext(models.get(item.id)!.model, economics),
        // The planner's yardstick: the item's cheapest tuned classical policy (the textbook service-level rule aside).
        best: tuned.get(item.id)!.filter((policy) => policy.policy !== 'service-level base-stock').sort((a, b) => a.meanCost - b.meanCost)[0],
      }));
    if (entries.length === 0) {
      throw new AppFailure({ code: 'invalid-input', message: 'No item has a fitted demand model to train on: run "Fit models" first.' });
    }
    const contexts = entries.map((entry) => entry.context);
    const spec = catalogueSpec();
    const backend = await selectBackend();
    const config = { items: entries.map((entry) => entry.item.sku), spec, seconds: input.seconds };

    // Claim the database's training (refused while another live process trains on it), resuming a
    // run that was killed when it trained the same items with the same layout.
    const claim = store.training.claim({
      claimant,
      now: new Date().toISOString(),
      canResume: (run) => JSON.stringify(run.config.items) === JSON.stringify(config.items) && JSON.stringify(run.config.spec) === JSON.stringify(spec),
      newRun: { seed: input.seed, config, backend: backend.backend, startedAt: input.now },
      ownProcessIdle: input.ownProcessIdle,
    });
    if (!claim.ok) throw new AppFailure(claim.error);
    const runId = claim.value.runId;
    const resumable = claim.value.resumed;
    const resumeFrom = resumable?.checkpoint as TrainingState | undefined;
    unfinishedRunId = runId;
    const runHeartbeat = new RunHeartbeat(store.training, runId, claimant.token);
    heartbeat = runHeartbeat;
    runHeartbeat.start();
    // Every progress event is also the run's sign of life (written at most every few seconds).
    const report: ProgressSink = (event) => {
      runHeartbeat.beat();
      progress(event);
    };

    const started = Date.now();
    // Updates are planned for the budget; past 1.5× the budget training stops keeping what it learned.
    const hardStop = started + input.seconds * 1500;
    const stepsPerUpdate = defaultHyperparameters.lanes * defaultHyperparameters.stepsPerRollout;
    // Updates the budget allows at ~2,500 environment steps/s; a hard stop at the deadline keeps the budget.
    const totalUpdates = Math.max(resumeFrom ? resumeFrom.update + 2 : 4, Math.round((input.seconds * 2500) / stepsPerUpdate));
    if (resumeFrom) {
      // Said before any work, so a planner (and the crash test) sees which checkpoint this run continues.
      report({ taskId: input.taskId, kind: 'training', phase: `resuming from update ${resumeFrom.update}`, done: resumeFrom.update, total: totalUpdates });
    }
    const stop = {
      get aborted(): boolean {
        // A run taken over by another process stops at once (its checkpoints would be refused).
        return signal.aborted || Date.now() > hardStop || runHeartbeat.lost;
      },
    };
    let pending: { update: number; steps: number; values: Record<string, number> }[] = [];
    // Start from each item's tuned classical policy (behaviour cloning), so training begins where
    // the planner's yardstick already is instead of from random orders.
    const rules = new Map(entries.map(({ context, best }) => [context, cappedBaseStockRule(best.parameters.orderUpTo, best.parameters.cap ?? Number.POSITIVE_INFINITY)] as const));
    const itemRule = (environment: import('../rl/environment').VectorEnvironment, lane: number): number => rules.get(environment.contexts[lane])!(environment, lane);
    // Retraining after new sales fine-tunes the policy in use on the refreshed models; a first training
    // fine-tunes the shipped general policy; without either, training starts from the items' rules cloned
    // into the network. (Starting from a policy, the warm start only refreshes the observation statistics
    // and the reward baseline on this catalogue.)
    const inUse = store.training.activePolicy<SavedPolicy>(cataloguePolicyKind);
    const inUseFits = inUse !== undefined && JSON.stringify(inUse.saved.spec?.environment) === JSON.stringify(spec);
    const shippedPolicy = shippedGeneralPolicy(input.resourcesDir);
    const general = resumeFrom ? null : inUseFits ? inUse.saved : shippedPolicy;
    const startedFrom: TrainTaskOutput['startedFrom'] = resumeFrom ? 'checkpoint' : inUseFits ? 'policy in use' : general ? 'general policy' : 'tuned classical rules';
    // Model selection: mean over a sample of items of greedy cost / tuned rule cost on held-out paths.
    const sample = contexts.filter((_, index) => index % Math.max(1, Math.ceil(contexts.length / selectionItems)) === 0);
    const selectionPaths = { periods: 730, warmupPeriods: 2 * maxCatalogueLeadTimeDays, seed: input.seed + 7_777 };
    const ruleCosts = evaluateContexts(spec, sample, 4, selectionPaths, itemRule).meanCostPerPeriod;
    const result = await trainPpo({
      warmStart: resumeFrom ? undefined : { rule: itemRule, gradientSteps: general ? 0 : 300, periods: 256 },
      initialPolicy: general ?? undefined,
      // Every catalogue run starts from a trained or cloned policy, so it fine-tunes: an order of magnitude
      // smaller steps than learning from scratch (on L = 4, p = 4 of the reference grid, 3e-4 took the
      // warm-started policy from 1.27 % to 0.64 % above the optimum where 3e-3 never scored better than its start).
      hyperparameters: { learningRate: fineTuneLearningRate },
      selection: {
        every: checkpointEvery * 2,
        score: (policy) => {
          const costs = evaluateContexts(spec, sample, 4, selectionPaths, policy).meanCostPerPeriod;
          return costs.reduce((sum, cost, index) => sum + cost / Math.max(ruleCosts[index], 1e-9), 0) / costs.length;
        },
      },
      environmentSpec: spec,
      contexts: { kind: 'list', contexts, periodsPerContext: 256 },
      seed: resumable && resumeFrom ? resumable.run.seed : input.seed,
      totalUpdates,
      resumeFrom,
      signal: stop,
      clock: () => Date.now(),
      checkpointEvery,
      onProgress: (update: TrainingProgress) => {
        pending.push({ update: update.update, steps: update.steps, values: { meanCostPerPeriod: update.meanCostPerPeriod, stepsPerSecond: update.stepsPerSecond ?? 0, ...update.metrics } });
        report({
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
        if (!store.training.checkpoint(runId, claimant.token, state.update, state, pending, new Date().toISOString())) throw runHeartbeat.markLost();
        pending = [];
      },
    });
    runHeartbeat.assertHeld();
    const cancelled = signal.aborted;
    report({ taskId: input.taskId, kind: 'training', phase: 'comparing with the classical policies', done: result.updatesDone, total: totalUpdates });
    const comparison: ItemComparison[] = entries.map(({ item, context, best }, index) => {
      // A large catalogue takes minutes here without a progress event: the run still shows it is alive.
      runHeartbeat.beat();
      const options = { lanes: 16, periods: 1500, warmupPeriods: 2 * (context.leadTimePeriods + context.reviewPeriods), seed: input.seed + index };
      const ppo = evaluatePolicy(result.policy, context, options);
      const classical = evaluateOrderRule(spec, context, rules.get(context)!, options);
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
    // Before adoption: replay the new and the current policy (or the shipped general one) on real history.
    report({ taskId: input.taskId, kind: 'training', phase: 'backtesting the new policy against the one in use', done: result.updatesDone, total: totalUpdates });
    const current = store.training.activePolicy<SavedPolicy>(cataloguePolicyKind);
    const incumbent = current ? { label: `policy in use (v${current.version})`, saved: current.saved } : shippedPolicy ? { label: 'shipped general policy', saved: shippedPolicy } : null;
    const adoption = await decideAdoption({ dbPath: input.dbPath, taskId: input.taskId, seed: input.seed }, saved, incumbent, report, new AbortController().signal);
    // Policy, last checkpoint and the run's end in one transaction: a kill in between would leave a
    // saved policy under a run still marked 'running', which the next start would resume and save again.
    const policyId = store.transaction(() => {
      const previous = store.training.activePolicy(cataloguePolicyKind);
      const savedId = store.training.savePolicy({
        name: `Catalogue policy (${entries.length} items)`,
        kind: cataloguePolicyKind,
        backend: backend.backend,
        saved,
        metadata: { runId, updates: result.updatesDone, steps: result.steps, comparison, items: config.items, startedFrom, selection: result.selection, adoption },
        parentId: previous?.id ?? null,
        now: new Date().toISOString(),
        activate: adoption.adopted,
      });
      // Only while the run is still this claim's: otherwise nothing of this transaction is kept.
      const finishedAt = new Date().toISOString();
      if (!store.training.checkpoint(runId, claimant.token, result.updatesDone, result.finalState, pending, finishedAt)) throw runHeartbeat.markLost();
      store.training.finishRun(runId, claimant.token, cancelled ? 'cancelled' : 'completed', savedId, null, finishedAt);
      return savedId;
    });
    unfinishedRunId = undefined;
    result.policy.dispose();
    report({ taskId: input.taskId, kind: 'training', phase: 'done', done: result.updatesDone, total: totalUpdates, finished: true });
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
      startedFrom,
      selection: result.selection ? { startScore: result.selection.scores[0].score, bestScore: result.selection.bestScore, bestUpdate: result.selection.bestUpdate } : null,
      adoption,
    };
  } catch (error) {
    if (unfinishedRunId !== undefined) {
      try {
        // Changes nothing when another process took the run over: that run is its now.
        store.training.finishRun(unfinishedRunId, claimant.token, 'interrupted', null, toAppError(error).message, new Date().toISOString());
      } catch {
        // The database itself failing (busy, full): the run stays 'running' until this process ends,
        // then reads as interrupted and the next start resumes it.
      }
    }
    throw error;
  } finally {
    heartbeat?.stop();
    store.close();
  }
}
