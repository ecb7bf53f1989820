/**
 * Per-item tuning of classical policies by simulation with common random numbers.
 *
 * Every candidate parameter value of one item is a separate "item" of one vectorised evaluation:
 * all copies read the same pre-sampled demand paths and the same lead-time stream, so differences
 * between candidates are not blurred by sampling noise, and a whole neighbourhood of candidates is
 * simulated in one pass over the lanes. Costs are cached per candidate; because demand and lead
 * times do not depend on the batch a candidate is evaluated in, cached and fresh numbers agree.
 */
import type { AppError, Result } from '../common/result';
import { fail, ok } from '../common/result';
import type { DemandDistribution } from '../sim/demandSource';
import { presampleDemand } from '../sim/demandSource';
import { evaluatePolicy } from '../sim/evaluate';
import type { ItemSettings } from '../sim/itemSettings';
import { validateItems } from '../sim/itemSettings';
import type { ReorderPolicy } from '../sim/policy';
import { baseStockPolicy, cappedBaseStockPolicy, economicOrderQuantity, reorderPointQuantityPolicy, sSPolicy } from './classical';
import { criticalRatio, protectionIntervalDemand, safetyStockOrderUpTo } from './serviceLevel';

export interface TuningOptions {
  item: ItemSettings;
  /** A distribution to pre-sample, or paths already sampled ([path][period], ≥ warm-up + periods each). */
  demand: { kind: 'distribution'; distribution: DemandDistribution } | { kind: 'paths'; pathCount: number; periods: number; paths: Float64Array };
  /** Paths to pre-sample (distribution only). */
  pathCount?: number;
  periods: number;
  warmUpPeriods: number;
  seed: number;
}

export interface TunedPolicy {
  policy: string;
  parameters: Record<string, number>;
  meanCost: number;
  standardError: number;
  /** Distinct candidates simulated. */
  candidatesEvaluated: number;
}

interface Scored {
  cost: number;
  standardError: number;
}

/** One item's tuning context: its demand, pre-sampled once, and a cached candidate evaluator. */
class CandidateBench {
  readonly mean: number;
  readonly variance: number;
  private readonly cache = new Map<string, Scored>();

  constructor(
    readonly options: TuningOptions,
    private readonly paths: Float64Array,
    private readonly pathCount: number,
    private readonly pathPeriods: number,
  ) {
    let sum = 0;
    let squares = 0;
    let count = 0;
    for (let path = 0; path < pathCount; path++) {
      for (let t = options.warmUpPeriods; t < options.warmUpPeriods + options.periods; t++) {
        const value = paths[path * pathPeriods + t];
        sum += value;
        squares += value * value;
        count++;
      }
    }
    this.mean = sum / count;
    this.variance = Math.max(0, squares / count - this.mean * this.mean);
  }

  /** Costs of the candidates (tuples of parameters), simulating only the ones not seen yet. */
  score(candidates: number[][], makePolicy: (columns: number[][]) => ReorderPolicy): Scored[] {
    const fresh = candidates.filter((candidate, index) => !this.cache.has(candidate.join()) &&
      candidates.findIndex((other) => other.join() === candidate.join()) === index);
    if (fresh.length > 0) {
      const { item, periods, warmUpPeriods, seed } = this.options;
      const columns = fresh[0].map((_, k) => fresh.map((candidate) => candidate[k]));
      const result = evaluatePolicy({
        items: fresh.map(() => item),
        demand: { kind: 'paths', pathCount: this.pathCount, periods: this.pathPeriods, paths: fresh.map(() => this.paths) },
        policy: makePolicy(columns),
        periods,
        warmUpPeriods,
        seed,
        leadTimeStreamIds: new Int32Array(fresh.length),
      });
      if (!result.ok) throw new Error(result.error.message);
      fresh.forEach((candidate, index) => {
        const evaluation = result.value.items[index];
        this.cache.set(candidate.join(), { cost: evaluation.meanCost, standardError: evaluation.standardError });
      });
    }
    return candidates.map((candidate) => this.cache.get(candidate.join()) as Scored);
  }

  get evaluated(): number {
    return this.cache.size;
  }
}

function prepare(options: TuningOptions): Result<CandidateBench> {
  const checked = validateItems([options.item]);
  if (!checked.ok) return checked;
  const total = options.warmUpPeriods + options.periods;
  if (!Number.isInteger(options.periods) || options.periods < 1 || !Number.isInteger(options.warmUpPeriods) || options.warmUpPeriods < 0) {
    return fail('invalid-input', 'periods must be an integer ≥ 1 and warmUpPeriods an integer ≥ 0');
  }
  if (options.demand.kind === 'distribution') {
    const pathCount = options.pathCount ?? 4;
    const source = presampleDemand([options.demand.distribution], pathCount, total, options.seed);
    if (source.kind !== 'paths') return fail('internal', 'pre-sampling did not give paths');
    return ok(new CandidateBench(options, source.paths[0], pathCount, total));
  }
  const { pathCount, periods, paths } = options.demand;
  if (periods < total || paths.length < pathCount * periods) {
    return fail('invalid-input', `demand paths cover ${periods} periods, ${total} are needed`);
  }
  return ok(new CandidateBench(options, paths, pathCount, periods));
}

function guarded(run: () => TunedPolicy): Result<TunedPolicy> {
  try {
    return ok(run());
  } catch (thrown) {
    const error: AppError = { code: 'internal', message: thrown instanceof Error ? thrown.message : String(thrown) };
    return { ok: false, error };
  }
}

/** The newsvendor-style order-up-to level: the tuning's starting point. */
function startingOrderUpTo(bench: CandidateBench): number {
  const { item } = bench.options;
  return Math.max(0, Math.round(safetyStockOrderUpTo(item, { mean: bench.mean, variance: bench.variance }, criticalRatio(item))));
}

function bestBaseStock(bench: CandidateBench): { level: number; scored: Scored } {
  const { item } = bench.options;
  const spread = protectionIntervalDemand(item, { mean: bench.mean, variance: bench.variance }).sd;
  const halfWidth = Math.max(3, Math.ceil(spread / 2));
  let centre = startingOrderUpTo(bench);
  // Slide a window of integer levels until the best one is inside it, not on its edge.
  for (let round = 0; round < 50; round++) {
    const low = Math.max(0, centre - halfWidth);
    const levels = Array.from({ length: centre + halfWidth - low + 1 }, (_, k) => [low + k]);
    const scores = bench.score(levels, ([column]) => baseStockPolicy(column));
    let best = 0;
    scores.forEach((score, k) => { if (score.cost < scores[best].cost) best = k; });
    const level = levels[best][0];
    const onEdge = (best === 0 && level > 0) || best === levels.length - 1;
    if (!onEdge) return { level, scored: scores[best] };
    centre = level;
  }
  throw new Error('base-stock search did not settle in 50 windows');
}

/** Best integer order-up-to level S for the item. */
export function tuneBaseStock(options: TuningOptions): Result<TunedPolicy> {
  const prepared = prepare(options);
  if (!prepared.ok) return prepared;
  const bench = prepared.value;
  return guarded(() => {
    const { level, scored } = bestBaseStock(bench);
    return result('base-stock', { orderUpTo: level }, scored, bench);
  });
}

function result(policy: string, parameters: Record<string, number>, scored: Scored, bench: CandidateBench): TunedPolicy {
  return { policy, parameters, meanCost: scored.cost, standardError: scored.standardError, candidatesEvaluated: bench.evaluated };
}

/**
 * Pattern search on a two-parameter integer grid: evaluate the 3×3 neighbourhood at the current
 * step sizes (one vectorised simulation), move to its best point; when the centre is best, halve
 * the steps; stop at steps of 1. Large steps first make it cheap for fast movers with big levels.
 */
function patternSearch(
  bench: CandidateBench,
  start: [number, number],
  initialStep: [number, number],
  feasible: (a: number, b: number) => boolean,
  makePolicy: (columns: number[][]) => ReorderPolicy,
): { point: [number, number]; scored: Scored } {
  let point = start;
  let step = initialStep.map((s) => Math.max(1, Math.round(s))) as [number, number];
  for (let round = 0; round < 200; round++) {
    const candidates: number[][] = [];
    for (const da of [-1, 0, 1]) {
      for (const db of [-1, 0, 1]) {
        const a = point[0] + da * step[0];
        const b = point[1] + db * step[1];
        if ((da === 0 && db === 0) || feasible(a, b)) candidates.push([a, b]);
      }
    }
    const scores = bench.score(candidates, makePolicy);
    let best = candidates.findIndex((c) => c[0] === point[0] && c[1] === point[1]);
    scores.forEach((score, k) => { if (score.cost < scores[best].cost) best = k; });
    const next = candidates[best] as [number, number];
    if (next[0] === point[0] && next[1] === point[1]) {
      if (step[0] === 1 && step[1] === 1) return { point, scored: scores[best] };
      step = [Math.max(1, Math.floor(step[0] / 2)), Math.max(1, Math.floor(step[1] / 2))];
    }
    point = next;
  }
  throw new Error('pattern search did not settle in 200 rounds');
}

/** Best capped base-stock (S, r), started from the best base-stock level and a cap near demand per review. */
export function tuneCappedBaseStock(options: TuningOptions): Result<TunedPolicy> {
  const prepared = prepare(options);
  if (!prepared.ok) return prepared;
  const bench = prepared.value;
  return guarded(() => {
    const { level } = bestBaseStock(bench);
    const review = options.item.reviewPeriod;
    const perReviewSd = Math.sqrt(bench.variance * review);
    const cap = Math.max(1, Math.round(bench.mean * review + 2 * perReviewSd));
    const { point, scored } = patternSearch(bench, [level, cap], [perReviewSd / 2, perReviewSd / 2], (s, r) => s >= 0 && r >= 1,
      ([levels, caps]) => cappedBaseStockPolicy(levels, caps));
    return result('capped-base-stock', { orderUpTo: point[0], cap: point[1] }, scored, bench);
  });
}

/** Best (s, S), started from base-stock with an EOQ-sized gap. */
export function tuneSS(options: TuningOptions): Result<TunedPolicy> {
  const prepared = prepare(options);
  if (!prepared.ok) return prepared;
  const bench = prepared.value;
  return guarded(() => {
    const { item } = options;
    const { level } = bestBaseStock(bench);
    const gap = economicOrderQuantity(bench.mean, item.orderingCost, item.holdingCost);
    const spread = protectionIntervalDemand(item, { mean: bench.mean, variance: bench.variance }).sd;
    const { point, scored } = patternSearch(bench, [level - 1, level - 1 + gap], [spread / 2, gap / 2],
      (s, S) => s >= -1 && S > s, ([points, levels]) => sSPolicy(points, levels));
    return result('s-S', { reorderPoint: point[0], orderUpTo: point[1] }, scored, bench);
  });
}

/** Best (r, Q), started from r = best base-stock level − 1 and Q = EOQ (in order multiples). */
export function tuneReorderPointQuantity(options: TuningOptions): Result<TunedPolicy> {
  const prepared = prepare(options);
  if (!prepared.ok) return prepared;
  const bench = prepared.value;
  return guarded(() => {
    const { item } = options;
    const { level } = bestBaseStock(bench);
    const multiple = item.orderMultiple >= 1 ? Math.round(item.orderMultiple) : 1;
    const eoq = economicOrderQuantity(bench.mean, item.orderingCost, item.holdingCost);
    const batch = Math.max(multiple, Math.round(eoq / multiple) * multiple);
    const spread = protectionIntervalDemand(item, { mean: bench.mean, variance: bench.variance }).sd;
    // Q moves in whole order multiples: the search's second coordinate counts multiples.
    const { point, scored } = patternSearch(bench, [level - 1, batch / multiple], [spread / 2, batch / multiple / 2],
      (r, n) => r >= -1 && n >= 1, ([points, counts]) => reorderPointQuantityPolicy(points, counts.map((n) => n * multiple)));
    return result('r-Q', { reorderPoint: point[0], batchQuantity: point[1] * multiple }, scored, bench);
  });
}
