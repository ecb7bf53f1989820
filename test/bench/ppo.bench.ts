/**
 * PPO quality and speed on the exact lost-sales benchmark (../shared/reference/lost_sales_optimal.csv).
 *
 *   npx tsx test/bench/ppo.bench.ts [--quick] [--all] [--seconds N] [--seeds K] [--first-seed S] [--instances 2:9,4:4] [--hp JSON]
 *                                   [--warm-start] [--warm-steps N] [--select-best] [--fine-tune] [--zero-shot]
 *
 * Per instance and seed: train from scratch for a wall-clock budget (the run's update count is set from
 * a short calibration so that learning-rate annealing ends with the budget), then evaluate the greedy
 * policy for 10^6 periods after a warm-up (200 lanes × 5000 periods, common random numbers) and compare
 * with the reference table's optimal, base-stock and capped base-stock costs. The best base-stock policy is
 * also evaluated in the same run on the same demand, as a check that the event convention matches.
 * For L=2, p=9 the greedy policy is evaluated every few updates (10^5 periods, time excluded from training
 * time) to measure the training seconds needed to come within 1 % of the optimum.
 * `--warm-start`: before PPO, clone the capped base-stock rule tuned by simulation on the instance's Poisson
 * demand (app/policies/tuning.ts — not the reference table's S, r) with `--warm-steps` Adam steps (default 300).
 * Tuning and warm-start seconds count as training time (in the time to 1 % too) and, with `--seconds`, come
 * out of the budget.
 * `--select-best`: model selection during training (ppo.ts `selection`): the greedy cost on 10^5 held-out
 * periods (seed 99, never the evaluation's seed 2027) is scored before the first update and ~10 times during
 * the run, and the best weights are kept. Those scores are also the learning curve, and their time COUNTS as
 * training time (it is part of the procedure).
 * `--fine-tune`: start every run from the shipped general policy (resources/policies/general-policy.json) in
 * its layout (app/rl/generalPolicy.ts) instead of a fresh network; implies `--select-best`.
 * `--zero-shot`: no training at all — evaluate the shipped general policy alone on each instance.
 * Prints one JSON document on stdout; progress goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../../app/rl/backend';
import { referenceContext } from '../../app/rl/context';
import { cappedBaseStockRule, evaluateOrderRule, evaluatePolicy } from '../../app/rl/evaluate';
import { trainPpo, type PpoHyperparameters } from '../../app/rl/ppo';
import type { WarmStartOptions } from '../../app/rl/warmStart';
import { tuneCappedBaseStock } from '../../app/policies/tuning';
import { generalPolicySpec } from '../../app/rl/generalPolicy';
import { loadPolicy, type SavedPolicy } from '../../app/rl/checkpoint';
import { parsePretrainedPolicy, pretrainedFileName } from '../../app/rl/pretrained';
import { referenceItem } from '../../app/sim/itemSettings';

interface ReferenceRow { L: number; p: number; optimal: number; baseStockS: number; baseStockCost: number; cappedCost: number }

function readReference(): ReferenceRow[] {
  const path = fileURLToPath(new URL('../../../shared/reference/lost_sales_optimal.csv', import.meta.url));
  const [, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  return lines
    .map((line) => line.split(','))
    .filter((cells) => cells[0] === 'lost_sales')
    .map((c) => ({ L: Number(c[1]), p: Number(c[2]), optimal: Number(c[3]), baseStockS: Number(c[4]), baseStockCost: Number(c[5]), cappedCost: Number(c[8]) }));
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const budgetSeconds = Number(argument('--seconds') ?? (quick ? 20 : 60));
/**
 * `--updates N` fixes the number of PPO updates instead of deriving it from `--seconds` (no calibration, no
 * hard stop). On a machine shared with other jobs wall time per update varies by 2× within minutes, so
 * tuning comparisons of settings with the same cost per update are made at equal updates.
 */
const fixedUpdates = argument('--updates') === undefined ? null : Number(argument('--updates'));
const seeds = Number(argument('--seeds') ?? 1);
/** First training seed (runs use firstSeed … firstSeed + seeds − 1): lets interleaved tuning runs cover other seeds. */
const firstSeed = Number(argument('--first-seed') ?? 1);
const evaluation = quick ? { lanes: 100, periods: 2000, warmupPeriods: 200, seed: 2027 } : { lanes: 200, periods: 5000, warmupPeriods: 200, seed: 2027 };
const wanted = process.argv.includes('--all') ? null : (argument('--instances') ?? '2:9,4:4').split(',').map((pair) => pair.split(':').map(Number));
const instances = readReference().filter((row) => wanted === null || wanted.some(([L, p]) => row.L === L && row.p === p));
/** `--hp '{"lanes":128}'` overrides PPO hyperparameters (for tuning runs; the defaults are the shipped ones). */
const hyperparameters = JSON.parse(argument('--hp') ?? '{}') as Partial<PpoHyperparameters>;
const warmStartEnabled = process.argv.includes('--warm-start');
const warmSteps = Number(argument('--warm-steps') ?? 300);
const zeroShot = process.argv.includes('--zero-shot');
const fineTune = process.argv.includes('--fine-tune');
const selectBest = fineTune || process.argv.includes('--select-best');
const generalFile = argument('--general') ?? fileURLToPath(new URL(`../../resources/policies/${pretrainedFileName}`, import.meta.url));
const general: SavedPolicy | null = zeroShot || fineTune ? readGeneral(generalFile) : null;
// Per-instance runs use the small layout measured in the feasibility notes; runs that start from
// (or are) the general policy use its layout.
const environmentSpec = general ? generalPolicySpec : { maxLeadTimePeriods: 4, actionBins: 11, maxOrderInMeanDemand: 2 };

function readGeneral(path: string): SavedPolicy {
  const parsed = parsePretrainedPolicy(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error.message}`);
  return parsed.value.policy;
}
const log = (message: string): void => void process.stderr.write(`${message}\n`);

const { backend, notes } = await selectBackend();
log(`backend ${backend} ${notes.join('; ')}`);

/** The instance's capped base-stock (S, r) tuned by simulation on Poisson(5) demand, and the seconds it took. */
function tuneRule(row: ReferenceRow): { orderUpTo: number; cap: number; seconds: number } {
  const before = performance.now();
  const tuned = tuneCappedBaseStock({
    item: referenceItem(row.L, row.p),
    demand: { kind: 'distribution', distribution: { kind: 'poisson', mean: 5 } },
    pathCount: 16,
    periods: 4000,
    warmUpPeriods: 100,
    seed: 7,
  });
  if (!tuned.ok) throw new Error(`capped base-stock tuning failed: ${JSON.stringify(tuned.error)}`);
  return { orderUpTo: tuned.value.parameters.orderUpTo, cap: tuned.value.parameters.cap, seconds: (performance.now() - before) / 1000 };
}

async function zeroShotOnce(row: ReferenceRow) {
  const loaded = await loadPolicy(general!);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const greedy = evaluatePolicy(loaded.value, referenceContext(row.L, row.p), evaluation);
  loaded.value.dispose();
  return { seed: 0, cost: greedy.meanCostPerPeriod, stdErr: greedy.standardError, gapPct: (greedy.meanCostPerPeriod / row.optimal - 1) * 100, trainSeconds: 0, updates: 0, secondsToOnePercent: null as number | null };
}

async function trainOnce(row: ReferenceRow, seed: number) {
  const context = referenceContext(row.L, row.p);
  const selectionPaths = { lanes: 50, periods: 2000, warmupPeriods: 100, seed: 99 };
  const contexts = { kind: 'fixed' as const, contexts: [context] };
  const tuned = warmStartEnabled ? tuneRule(row) : null;
  const warmStart: WarmStartOptions | undefined = tuned ? { rule: cappedBaseStockRule(tuned.orderUpTo, tuned.cap), gradientSteps: warmSteps } : undefined;
  let totalUpdates = fixedUpdates ?? 0;
  if (fixedUpdates === null) {
    // Calibration: seconds per update on this machine now (second update; the first pays for warm-up),
    // and the warm start's own seconds (start → first update, less one update), taken off the budget.
    const stamps: number[] = [];
    const probeStart = performance.now();
    const probe = await trainPpo({ environmentSpec, contexts, seed: seed + 1000, totalUpdates: 3, hyperparameters, warmStart, initialPolicy: general ?? undefined, onProgress: () => stamps.push(performance.now()) });
    probe.policy.dispose();
    const secondsPerUpdate = (stamps[2] - stamps[1]) / 1000;
    const warmSeconds = warmStart ? Math.max(0, (stamps[0] - probeStart) / 1000 - secondsPerUpdate) : 0;
    totalUpdates = Math.max(2, Math.floor((budgetSeconds - warmSeconds - (tuned?.seconds ?? 0)) / secondsPerUpdate));
  }
  const trackOnePercent = row.L === 2 && row.p === 9;
  let excludedMs = 0;
  let secondsToOnePercent: number | null = null;
  const curve: Array<{ trainSeconds: number; cost: number; gapPct: number }> = [];
  // Tuning time counts as training time: it is part of what a warm-started run costs.
  const start = performance.now() - (tuned?.seconds ?? 0) * 1000;
  const cpuStart = process.cpuUsage();
  const signal = { aborted: false };
  let firstUpdateSeconds: number | null = null;
  const result = await trainPpo({
    environmentSpec,
    contexts,
    seed,
    totalUpdates,
    hyperparameters,
    warmStart,
    initialPolicy: general ?? undefined,
    signal,
    clock: () => performance.now(),
    selection: selectBest
      ? {
          every: Math.max(1, Math.round(totalUpdates / 10)),
          score: (policy) => {
            const cost = evaluatePolicy(policy, context, selectionPaths).meanCostPerPeriod;
            const gapPct = (cost / row.optimal - 1) * 100;
            const trainSeconds = (performance.now() - start - excludedMs) / 1000;
            curve.push({ trainSeconds, cost, gapPct });
            if (secondsToOnePercent === null && gapPct <= 1) secondsToOnePercent = trainSeconds;
            return cost;
          },
        }
      : undefined,
    onProgress: (progress) => {
      if (progress.update === 1) firstUpdateSeconds = (performance.now() - start) / 1000;
      // Hard stop at 1.5 × budget if the machine slowed down after calibration.
      if (fixedUpdates === null && (performance.now() - start - excludedMs) / 1000 > 1.5 * budgetSeconds) signal.aborted = true;
      if (progress.update % 10 === 0) {
        const m = progress.metrics;
        log(`L=${row.L} p=${row.p} seed ${seed}: update ${progress.update}/${totalUpdates}, ${progress.stepsPerSecond?.toFixed(0)} steps/s, sampled cost ${progress.meanCostPerPeriod.toFixed(3)}, explained variance ${m.explainedVariance.toFixed(3)}, value loss ${m.valueLoss.toFixed(3)}, entropy ${m.entropy.toFixed(3)}, KL ${m.approxKl.toFixed(4)}`);
      }
    },
    policyEvery: trackOnePercent && !selectBest ? Math.max(1, Math.round(totalUpdates / 12)) : undefined,
    onPolicy: trackOnePercent && !selectBest
      ? (policy) => {
          const before = performance.now();
          const trainSeconds = (before - start - excludedMs) / 1000;
          const quickCost = evaluatePolicy(policy, context, selectionPaths).meanCostPerPeriod;
          const gapPct = (quickCost / row.optimal - 1) * 100;
          curve.push({ trainSeconds, cost: quickCost, gapPct });
          if (secondsToOnePercent === null && gapPct <= 1) secondsToOnePercent = trainSeconds;
          excludedMs += performance.now() - before;
        }
      : undefined,
  });
  const trainSeconds = (performance.now() - start - excludedMs) / 1000;
  // CPU seconds of this process (curve evaluations included): less sensitive than wall time to other jobs.
  const cpu = process.cpuUsage(cpuStart);
  const trainCpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The critic's health over the last tenth of the run (≈ 0 means the advantages are mostly noise).
  const tail = result.history.slice(-Math.max(1, Math.floor(result.history.length / 10)));
  const finalExplainedVariance = tail.reduce((a, p) => a + p.metrics.explainedVariance, 0) / tail.length;
  const greedy = evaluatePolicy(result.policy, context, evaluation);
  result.policy.dispose();
  return {
    seed,
    cost: greedy.meanCostPerPeriod,
    stdErr: greedy.standardError,
    gapPct: (greedy.meanCostPerPeriod / row.optimal - 1) * 100,
    trainSeconds,
    trainCpuSeconds,
    updates: result.updatesDone,
    steps: result.steps,
    stepsPerSecond: result.steps / trainSeconds,
    secondsToOnePercent,
    finalExplainedVariance,
    // Seconds from the start (tuning included) to the end of the first PPO update.
    firstUpdateSeconds,
    warmStart: tuned && result.warmStart ? { tunedOrderUpTo: tuned.orderUpTo, tunedCap: tuned.cap, tuningSeconds: tuned.seconds, gradientSteps: warmSteps, ...result.warmStart } : undefined,
    selection: result.selection ? { bestUpdate: result.selection.bestUpdate, bestSelectionGapPct: (result.selection.bestScore / row.optimal - 1) * 100 } : undefined,
    curve: trackOnePercent || selectBest ? curve : undefined,
  };
}

const results = [];
for (const row of instances) {
  const context = referenceContext(row.L, row.p);
  const baseStock = evaluateOrderRule(environmentSpec, context, cappedBaseStockRule(row.baseStockS), evaluation);
  // The simulation-tuned capped base-stock (what --warm-start clones), measured on the same demand.
  const tunedRule = tuneRule(row);
  const tunedCapped = evaluateOrderRule(environmentSpec, context, cappedBaseStockRule(tunedRule.orderUpTo, tunedRule.cap), evaluation);
  const runs = [];
  for (let s = 0; s < (zeroShot ? 1 : seeds); s++) runs.push(zeroShot ? await zeroShotOnce(row) : await trainOnce(row, firstSeed + s));
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const cost = mean(runs.map((r) => r.cost));
  results.push({
    instance: { leadTime: row.L, penalty: row.p, holding: 1, demand: 'poisson', mean: 5 },
    cost,
    stdErr: mean(runs.map((r) => r.stdErr)) / Math.sqrt(runs.length),
    optimal: row.optimal,
    baseStockCost: row.baseStockCost,
    baseStockCostMeasured: baseStock.meanCostPerPeriod,
    baseStockStdErrMeasured: baseStock.standardError,
    cappedCost: row.cappedCost,
    tunedCapped: { orderUpTo: tunedRule.orderUpTo, cap: tunedRule.cap, costMeasured: tunedCapped.meanCostPerPeriod, gapPct: (tunedCapped.meanCostPerPeriod / row.optimal - 1) * 100 },
    gapToOptimalPct: (cost / row.optimal - 1) * 100,
    baseStockGapPct: (row.baseStockCost / row.optimal - 1) * 100,
    cappedGapPct: (row.cappedCost / row.optimal - 1) * 100,
    beatsBaseStock: cost < row.baseStockCost,
    trainSeconds: mean(runs.map((r) => r.trainSeconds)),
    backend,
    runs,
  });
  log(`L=${row.L} p=${row.p}: ppo ${cost.toFixed(4)} optimal ${row.optimal} gap ${((cost / row.optimal - 1) * 100).toFixed(2)} %`);
}

const gaps = results.map((r) => r.gapToOptimalPct);
const l2p9 = results.find((r) => r.instance.leadTime === 2 && r.instance.penalty === 9);
const onePercentTimes = l2p9 ? l2p9.runs.map((r) => r.secondsToOnePercent) : [];
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'ppo',
      figure: {
        meanGapToOptimalPct: gaps.reduce((a, b) => a + b, 0) / gaps.length,
        worstGapToOptimalPct: Math.max(...gaps),
        beatsBaseStockEverywhere: results.every((r) => r.beatsBaseStock),
        secondsToOnePercentL2P9: onePercentTimes.length ? onePercentTimes : null,
      },
      reference: 'optimal / base-stock / capped-base-stock rows of ../shared/reference/lost_sales_optimal.csv (base-stock re-measured in this run)',
      ratio: { meanCostOverOptimal: results.reduce((a, r) => a + r.cost / r.optimal, 0) / results.length },
      target: { meanGapPct: 1.0, goalMeanGapPct: 0.5, worstGapPct: 2.0, beatsBaseStockEverywhere: true, secondsToOnePercentL2P9: 60 },
      settings: { mode: zeroShot ? 'general policy zero-shot' : fineTune ? 'fine-tune from the general policy' : warmStartEnabled ? 'warm start from the tuned capped rule' : 'from scratch', selectBest, budgetSecondsPerInstance: budgetSeconds, fixedUpdates, warmStart: warmStartEnabled ? { gradientSteps: warmSteps } : null, seeds, firstSeed, hyperparameters, evaluation, environmentSpec, quick },
      environment: { node: process.version, backend, backendNotes: notes, loadAverage: loadavg(), platform: process.platform },
      instances: results,
    },
    null,
    2,
  )}\n`,
);
