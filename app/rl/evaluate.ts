/**
 * Long-run average cost of a policy on one item context, estimated the way the reference table is
 * defined: many independent lanes, a warm-up discarded, then the mean cost per period.
 *
 * Common random numbers: the environment draws every lane's demand in lane order each period whatever
 * the orders were, so two policies evaluated with the same seed see exactly the same demand — their
 * difference is measured far more precisely than either cost.
 * Standard error: lanes are independent replications, so it is the standard deviation of the lanes'
 * mean costs divided by √lanes.
 */
import { VectorEnvironment, type EnvironmentSpec, type StepResult } from './environment';
import type { LaneContext } from './context';
import type { PpoPolicy } from './network';

export interface EvaluationOptions {
  /** Independent replications. Default 200. */
  lanes: number;
  /** Periods per lane after the warm-up. Default 5000 → 10^6 periods in all with 200 lanes. */
  periods: number;
  /** Periods discarded first so the start state does not bias the mean. Default 200 (≫ lead time). */
  warmupPeriods: number;
  seed: number;
}

export const defaultEvaluationOptions: EvaluationOptions = { lanes: 200, periods: 5000, warmupPeriods: 200, seed: 12345 };

export interface EvaluationResult {
  meanCostPerPeriod: number;
  standardError: number;
  /** Periods counted (lanes × periods, warm-up excluded). */
  periodsCounted: number;
}

/** Run `decide` (one period for all lanes) on a fresh environment and average the costs. */
function run(spec: EnvironmentSpec, context: LaneContext, options: EvaluationOptions, decide: (env: VectorEnvironment) => StepResult): EvaluationResult {
  const env = new VectorEnvironment(spec, options.lanes, { kind: 'fixed', contexts: [context] }, options.seed);
  const laneSums = new Float64Array(options.lanes);
  for (let t = 0; t < options.warmupPeriods + options.periods; t++) {
    const result = decide(env);
    if (t < options.warmupPeriods) continue;
    for (let lane = 0; lane < options.lanes; lane++) laneSums[lane] += result.cost[lane];
  }
  let mean = 0;
  for (let lane = 0; lane < options.lanes; lane++) mean += laneSums[lane] / options.periods;
  mean /= options.lanes;
  let squares = 0;
  for (let lane = 0; lane < options.lanes; lane++) squares += (laneSums[lane] / options.periods - mean) ** 2;
  const standardError = options.lanes > 1 ? Math.sqrt(squares / (options.lanes - 1) / options.lanes) : Number.NaN;
  return { meanCostPerPeriod: mean, standardError, periodsCounted: options.lanes * options.periods };
}

/** Greedy (most probable bin) actions of a trained policy. */
export function evaluatePolicy(policy: PpoPolicy, context: LaneContext, options: Partial<EvaluationOptions> = {}): EvaluationResult {
  const settings = { ...defaultEvaluationOptions, ...options };
  const observation = new Float32Array(settings.lanes * policy.networkSpec.observationSize);
  const actions = new Int32Array(settings.lanes);
  return run(policy.environmentSpec, context, settings, (env) => {
    env.observe(observation);
    policy.greedyActions(observation, settings.lanes, actions);
    return env.step(actions);
  });
}

/**
 * A classical order rule on the same lanes and demand (for references measured in the same run):
 * `rule(env, lane)` returns the units to order for that lane now.
 */
export function evaluateOrderRule(
  spec: EnvironmentSpec,
  context: LaneContext,
  rule: (env: VectorEnvironment, lane: number) => number,
  options: Partial<EvaluationOptions> = {},
): EvaluationResult {
  const settings = { ...defaultEvaluationOptions, ...options };
  const quantities = new Float64Array(settings.lanes);
  return run(spec, context, settings, (env) => {
    for (let lane = 0; lane < settings.lanes; lane++) quantities[lane] = rule(env, lane);
    return env.stepQuantities(quantities);
  });
}

/** Capped base-stock (Xin 2021): order min(max(S − IP, 0), cap); cap = Infinity is plain base-stock. */
export function cappedBaseStockRule(orderUpTo: number, cap = Number.POSITIVE_INFINITY): (env: VectorEnvironment, lane: number) => number {
  return (env, lane) => Math.min(Math.max(orderUpTo - env.inventory.inventoryPosition(lane), 0), cap);
}

/** Mean cost per period of each of several contexts, measured together (lanes interleaved over contexts). */
export interface ContextEvaluation {
  meanCostPerPeriod: number[];
  standardError: number[];
}

/**
 * Evaluate many contexts in one vectorised run: lane i plays contexts[i % n], `lanesPerContext` lanes each.
 * One network call per period serves every context, which is what makes scoring a general policy on a
 * validation set cheap. `decide(env, lane)` is a rule in units; without it the policy's greedy actions run.
 */
export function evaluateContexts(
  spec: EnvironmentSpec,
  contexts: LaneContext[],
  lanesPerContext: number,
  options: Omit<EvaluationOptions, 'lanes'>,
  policyOrRule: PpoPolicy | ((env: VectorEnvironment, lane: number) => number),
): ContextEvaluation {
  const lanes = contexts.length * lanesPerContext;
  const env = new VectorEnvironment(spec, lanes, { kind: 'fixed', contexts }, options.seed);
  const sums = new Float64Array(lanes);
  const quantities = new Float64Array(lanes);
  const observation = new Float32Array(lanes * env.observationSize);
  const actions = new Int32Array(lanes);
  for (let t = 0; t < options.warmupPeriods + options.periods; t++) {
    let result: StepResult;
    if (typeof policyOrRule === 'function') {
      for (let lane = 0; lane < lanes; lane++) quantities[lane] = policyOrRule(env, lane);
      result = env.stepQuantities(quantities);
    } else {
      env.observe(observation);
      policyOrRule.greedyActions(observation, lanes, actions);
      result = env.step(actions);
    }
    if (t < options.warmupPeriods) continue;
    for (let lane = 0; lane < lanes; lane++) sums[lane] += result.cost[lane];
  }
  const meanCostPerPeriod: number[] = [];
  const standardError: number[] = [];
  contexts.forEach((_, index) => {
    const laneMeans: number[] = [];
    for (let lane = index; lane < lanes; lane += contexts.length) laneMeans.push(sums[lane] / options.periods);
    const mean = laneMeans.reduce((a, b) => a + b, 0) / laneMeans.length;
    const variance = laneMeans.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, laneMeans.length - 1);
    meanCostPerPeriod.push(mean);
    standardError.push(laneMeans.length > 1 ? Math.sqrt(variance / laneMeans.length) : Number.NaN);
  });
  return { meanCostPerPeriod, standardError };
}
