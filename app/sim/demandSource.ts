/**
 * Where simulated demand comes from. Three kinds, one per-lane interface:
 *   - `paths`:        pre-sampled sample paths (from app/demand or a test), per item a Float64Array
 *                     laid out [path][period];
 *   - `distribution`: drawn on the fly, per item Poisson or negative binomial with an optional
 *                     per-period mean multiplier (seasonality);
 *   - `history`:      replay of one real demand history per item (one path).
 *
 * Common random numbers: every lane (item, path) draws from its own Rng stream whose seed depends
 * only on (seed, the item's stream id, path) — never on the policy, the order in which lanes are
 * stepped, or how many other items are simulated. So the same seed gives every compared policy the
 * same demand, and an item tuned alone sees the demand it sees inside a batch of thousands.
 */
import type { Result } from '../common/result';
import { fail, ok } from '../common/result';
import { Rng } from '../random/rng';

export interface DemandDistribution {
  kind: 'poisson' | 'negativeBinomial';
  /** Mean demand per period. */
  mean: number;
  /** Negative binomial only: variance = mean + mean² / dispersion. */
  dispersion?: number;
  /** Period t's mean is mean × seasonality[t mod length] (absolute period, warm-up included). */
  seasonality?: Float64Array;
  /** Items with the same stream id see the same demand (tuning copies an item this way); default: its index. */
  streamId?: number;
}

export type DemandSource =
  | { kind: 'paths'; pathCount: number; periods: number; paths: Float64Array[] }
  | { kind: 'distribution'; pathCount: number; seed: number; items: DemandDistribution[] }
  | { kind: 'history'; history: Float64Array[] };

/** Fills one period's demand for every lane (lane = item × pathCount + path). */
export interface DemandGenerator {
  readonly pathCount: number;
  fill(period: number, demand: Float64Array): void;
}

/** Mixes (seed, stream, path, purpose) into one 32-bit seed; Rng's splitmix expansion does the rest. */
export function laneSeed(seed: number, stream: number, path: number, purpose: number): number {
  let h = seed >>> 0;
  for (const part of [stream, path, purpose]) {
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) ^ Math.imul(part + 1, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h >>> 0;
}

/** Purpose tags keep a lane's demand stream apart from its lead-time stream. */
export const DEMAND_STREAM = 1;
export const LEAD_TIME_STREAM = 2;

/**
 * Draws one item's demand: the single sampling rule shared by the on-the-fly source, pre-sampling
 * and the fused hot path. For Poisson demand with a constant mean below 30 it inverts a cumulative
 * table built once, with exactly the recurrence Rng.poisson uses per draw (p₀ = e^−m, pₖ = pₖ₋₁·m/k,
 * running sums), from one uniform per draw — so it returns the very numbers Rng.poisson would,
 * without an exp and k divisions per draw. Everything else goes to Rng.
 */
export class DemandSampler {
  // A plain array: a sampler is built per item per run, and a typed array this size would cost an
  // off-heap allocation (~0.5 µs measured) while reading either is as fast.
  private readonly cumulative: number[] | undefined;
  /**
   * Guide table (Chen & Asau) over the top GUIDE_BITS bits of the uniform's 32: guide[j] is the
   * smallest k with cumulative[k] ≥ j / 2^GUIDE_BITS. A uniform u = x / 2^32 with x >>> (32 − GUIDE_BITS)
   * = j is ≥ j / 2^GUIDE_BITS exactly, so the search may start at guide[j]: it only skips entries
   * that cannot be the answer, and the result is the plain linear search's. With 256 entries for
   * a table of at most ~90, most uniforms land on their answer at once, which keeps the search's
   * branch predictable.
   */
  private readonly guide: Uint8Array;

  constructor(readonly distribution: DemandDistribution) {
    const { kind, mean, seasonality } = distribution;
    const table = kind === 'poisson' && !seasonality && mean > 0 && mean < 30 ? poissonTable(mean) : undefined;
    // The guide stores indices in bytes; Rng.poisson's table for a mean below 30 stays far below 256.
    this.cumulative = table !== undefined && table.length <= 256 ? table : undefined;
    this.guide = new Uint8Array(this.cumulative ? GUIDE_SIZE : 0);
    // guide[j] = k for j / GUIDE_SIZE in (cumulative[k − 1], cumulative[k]], filled run by run
    // (× GUIDE_SIZE is exact); the sentinel 2 closes the last run.
    for (let k = 0, start = 0; this.cumulative !== undefined && start < GUIDE_SIZE; k++) {
      const end = Math.min(GUIDE_SIZE, Math.floor(this.cumulative[k] * GUIDE_SIZE) + 1);
      if (end > start) this.guide.fill(k, start, end);
      start = Math.max(start, end);
    }
  }

  draw(rng: Rng, period: number): number {
    const table = this.cumulative;
    if (table !== undefined) {
      const bits = rng.nextUint32();
      // Exactly rng.uniform(): the same stream, the same number.
      const u = bits / 4294967296;
      let k = this.guide[bits >>> (32 - GUIDE_BITS)];
      while (u > table[k]) k++;
      return k;
    }
    const { kind, mean, seasonality, dispersion } = this.distribution;
    const periodMean = seasonality ? mean * seasonality[period % seasonality.length] : mean;
    return kind === 'poisson' ? rng.poisson(periodMean) : rng.negativeBinomial(periodMean, dispersion ?? Infinity);
  }

  /**
   * Draws periods firstPeriod … firstPeriod + count − 1 into out[offset …]: the same numbers as
   * `count` calls of `draw`, in one loop (the hot path samples a lane's whole path this way).
   */
  fill(rng: Rng, firstPeriod: number, out: Float64Array, offset: number, count: number): void {
    const table = this.cumulative;
    if (table === undefined) {
      for (let i = 0; i < count; i++) out[offset + i] = this.draw(rng, firstPeriod + i);
      return;
    }
    const guide = this.guide;
    for (let i = 0; i < count; i++) {
      const bits = rng.nextUint32();
      const u = bits / 4294967296;
      let k = guide[bits >>> (32 - GUIDE_BITS)];
      while (u > table[k]) k++;
      out[offset + i] = k;
    }
  }
}

const GUIDE_BITS = 8;
const GUIDE_SIZE = 1 << GUIDE_BITS;

/** Rng.poisson's cumulative sums, up to where its search stops; the last entry is 2 (a sentinel above any u < 1). */
function poissonTable(mean: number): number[] {
  const values: number[] = [];
  let p = Math.exp(-mean);
  let cumulative = p;
  for (let k = 0; ; ) {
    values.push(cumulative);
    k++;
    p *= mean / k;
    cumulative += p;
    if (p < 1e-17 && cumulative > 0.9999999999) break;
  }
  // Rng.poisson returns k once the stopping rule fires, whatever u is: that is the sentinel's index.
  values.push(2);
  return values;
}

/** Number of paths a source provides per item. */
export function sourcePathCount(source: DemandSource): number {
  return source.kind === 'history' ? 1 : source.pathCount;
}

/** Check a source against the number of items and the number of periods to simulate. */
export function validateDemandSource(source: DemandSource, itemCount: number, totalPeriods: number): Result<DemandSource> {
  if (source.kind === 'distribution') {
    if (source.items.length !== itemCount) return fail('invalid-input', `demand given for ${source.items.length} items, expected ${itemCount}`);
    if (!Number.isInteger(source.pathCount) || source.pathCount < 1) return fail('invalid-input', 'pathCount must be an integer ≥ 1');
    const bad = source.items.findIndex(
      (d) => !(d.mean >= 0) || !Number.isFinite(d.mean) || (d.kind === 'negativeBinomial' && !((d.dispersion ?? Infinity) > 0)) ||
        (d.seasonality !== undefined && (d.seasonality.length === 0 || d.seasonality.some((m) => !(m >= 0)))),
    );
    if (bad >= 0) return fail('invalid-input', `item ${bad}: demand mean, dispersion or seasonality is invalid`);
    return ok(source);
  }
  const arrays = source.kind === 'paths' ? source.paths : source.history;
  const pathCount = sourcePathCount(source);
  const periods = source.kind === 'paths' ? source.periods : totalPeriods;
  if (arrays.length !== itemCount) return fail('invalid-input', `demand given for ${arrays.length} items, expected ${itemCount}`);
  if (!Number.isInteger(pathCount) || pathCount < 1) return fail('invalid-input', 'pathCount must be an integer ≥ 1');
  if (periods < totalPeriods) return fail('invalid-input', `demand covers ${periods} periods, ${totalPeriods} are simulated`);
  const short = arrays.findIndex((a) => a.length < pathCount * periods);
  if (short >= 0) return fail('invalid-input', `item ${short}: demand array shorter than ${pathCount} × ${periods}`);
  return ok(source);
}

/** A generator over a validated source. */
export function createDemandGenerator(source: DemandSource): DemandGenerator {
  if (source.kind === 'distribution') return new SampledDemand(source.items, source.pathCount, source.seed);
  if (source.kind === 'history') return new StoredDemand(source.history, 1, 0);
  return new StoredDemand(source.paths, source.pathCount, source.periods);
}

class StoredDemand implements DemandGenerator {
  constructor(
    private readonly arrays: Float64Array[],
    readonly pathCount: number,
    /** Stride between paths (0 for a single history path). */
    private readonly periods: number,
  ) {}

  fill(period: number, demand: Float64Array): void {
    const { arrays, pathCount, periods } = this;
    for (let item = 0, lane = 0; item < arrays.length; item++) {
      const values = arrays[item];
      for (let path = 0; path < pathCount; path++, lane++) demand[lane] = values[path * periods + period];
    }
  }
}

class SampledDemand implements DemandGenerator {
  private readonly streams: Rng[];
  private readonly laneSampler: DemandSampler[];

  constructor(items: DemandDistribution[], readonly pathCount: number, seed: number) {
    this.streams = [];
    this.laneSampler = [];
    items.forEach((distribution, item) => {
      const sampler = new DemandSampler(distribution);
      for (let path = 0; path < pathCount; path++) {
        this.streams.push(new Rng(laneSeed(seed, distribution.streamId ?? item, path, DEMAND_STREAM)));
        this.laneSampler.push(sampler);
      }
    });
  }

  fill(period: number, demand: Float64Array): void {
    const { streams, laneSampler } = this;
    for (let lane = 0; lane < streams.length; lane++) demand[lane] = laneSampler[lane].draw(streams[lane], period);
  }
}

/**
 * Pre-sample `pathCount` paths of `periods` periods per item from the same streams the on-the-fly
 * source uses, so a `paths` source made this way reproduces the `distribution` source exactly.
 */
export function presampleDemand(items: DemandDistribution[], pathCount: number, periods: number, seed: number): DemandSource {
  const paths = items.map((distribution, item) => {
    const sampler = new DemandSampler(distribution);
    const values = new Float64Array(pathCount * periods);
    for (let path = 0; path < pathCount; path++) {
      sampler.fill(new Rng(laneSeed(seed, distribution.streamId ?? item, path, DEMAND_STREAM)), 0, values, path * periods, periods);
    }
    return values;
  });
  return { kind: 'paths', pathCount, periods, paths };
}
