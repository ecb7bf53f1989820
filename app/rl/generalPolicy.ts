/**
 * The general policy: one PPO network conditioned on the item context, trained across many contexts
 * (the reference grid and seeded random ones), shipped in resources/ so that a catalogue gets PPO
 * recommendations before any training on it, and so that catalogue training fine-tunes from it.
 *
 * How it is trained (reproduced by `npm run train:pretrained`, seeded, a fixed number of updates):
 * 1. Contexts: the 16 lost-sales instances of the reference grid (listed twice: that is where the policy
 *    is measured, so 40 % of the draws), 24 random contexts with short lead times (app/rl/context.ts
 *    ranges: Poisson and negative binomial demand, seasonality, MOQ, multiples, fixed costs, backorders)
 *    and 24 catalogue-like ones (daily periods, lead times up to 28 days, half with weekly review).
 * 2. Warm start: each context's capped base-stock rule is tuned by simulation (ruleTuning.ts) and cloned
 *    into the network (behaviour cloning over many lanes × contexts).
 * 3. PPO on lanes that draw a new context every ~256 periods, with model selection on a validation score:
 *    the mean over validation contexts of the greedy cost divided by the tuned rule's cost, on paths
 *    independent of training and of the benchmark's evaluation paths.
 */
import { Rng } from '../random/rng';
import { defaultContextRanges, randomContext, referenceContext, type LaneContext } from './context';
import type { EnvironmentSpec } from './environment';
import { cappedBaseStockRule, evaluateContexts } from './evaluate';
import { tuneCappedRule, type TunedRule } from './ruleTuning';
import type { VectorEnvironment } from './environment';

/**
 * Layout every general (and catalogue) policy shares, so fine-tuning can start from the shipped one:
 * lead times up to 28 periods (daily items up to four weeks; longer ones keep their classical policy),
 * 21 bins of 0.1 μR from 0 to 2 μR (whole units 0..10 in half steps at μ = 5, R = 1, so every capped
 * base-stock rule of the reference grid is expressible exactly).
 */
export const generalPolicySpec: EnvironmentSpec = { maxLeadTimePeriods: 28, actionBins: 21, maxOrderInMeanDemand: 2 };

/** Lead times and costs of the reference grid's lost-sales instances. */
export const referenceGrid: Array<{ leadTimePeriods: number; stockoutCost: number }> = [1, 2, 3, 4].flatMap((leadTimePeriods) =>
  [4, 9, 19, 39].map((stockoutCost) => ({ leadTimePeriods, stockoutCost })),
);

export interface GeneralContexts {
  training: LaneContext[];
  /** Contexts scored for model selection (the reference grid and 16 of the random ones). */
  validation: LaneContext[];
}

export function generalContexts(seed: number): GeneralContexts {
  const rng = new Rng(seed);
  const reference = referenceGrid.map(({ leadTimePeriods, stockoutCost }) => referenceContext(leadTimePeriods, stockoutCost));
  const short = Array.from({ length: 24 }, () => randomContext(rng, defaultContextRanges));
  const long = Array.from({ length: 24 }, () => {
    const context = randomContext(rng, { ...defaultContextRanges, maxLeadTimePeriods: generalPolicySpec.maxLeadTimePeriods, periodicReviewShare: 0 });
    return rng.uniform() < 0.5 ? { ...context, reviewPeriods: 7 } : context;
  });
  return { training: [...reference, ...reference, ...short, ...long], validation: [...reference, ...short.slice(0, 8), ...long.slice(0, 8)] };
}

/** Tuned capped base-stock rules for a set of contexts, keyed by the context object. */
export function tuneRules(spec: EnvironmentSpec, contexts: LaneContext[]): Map<LaneContext, TunedRule> {
  const rules = new Map<LaneContext, TunedRule>();
  for (const context of contexts) if (!rules.has(context)) rules.set(context, tuneCappedRule(spec, context));
  return rules;
}

/** The warm-start rule: each lane follows its current context's tuned rule. */
export function ruleOfContexts(rules: Map<LaneContext, TunedRule>): (env: VectorEnvironment, lane: number) => number {
  const compiled = new Map([...rules].map(([context, rule]) => [context, cappedBaseStockRule(rule.orderUpTo, rule.cap)]));
  return (env, lane) => {
    const rule = compiled.get(env.contexts[lane]);
    if (!rule) throw new RangeError('no tuned rule for this lane context');
    return rule(env, lane);
  };
}

/** Paths used for model selection: never the same seed as training or the benchmark's evaluation. */
export const selectionPaths = { lanesPerContext: 4, periods: 1500, warmupPeriods: 150, seed: 777_001 };

/** Validation score: mean over contexts of cost / tuned-rule cost (1.0 = as good as the rule). */
export function validationScorer(
  spec: EnvironmentSpec,
  contexts: LaneContext[],
  rules: Map<LaneContext, TunedRule>,
): (policy: Parameters<typeof evaluateContexts>[4]) => number {
  const ruleCosts = evaluateContexts(spec, contexts, selectionPaths.lanesPerContext, selectionPaths, ruleOfContexts(rules)).meanCostPerPeriod;
  return (policy) => {
    const costs = evaluateContexts(spec, contexts, selectionPaths.lanesPerContext, selectionPaths, policy).meanCostPerPeriod;
    return costs.reduce((sum, cost, index) => sum + cost / ruleCosts[index], 0) / costs.length;
  };
}
