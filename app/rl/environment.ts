/**
 * The vectorised environment PPO plays: many lanes (items × demand sample paths) stepping together
 * on the shared bookkeeping `InventoryLanes`, in the reference event convention.
 *
 * Invariant: between calls, step 1 of the current period (`receive()`) has been done, so the
 * observation is exactly the reference's decision state (on-hand after arrivals, pipeline oldest first).
 *
 * Observation (float32, all quantities in units of the lane's mean demand μ):
 *   [0]                  on-hand / μ
 *   [1 .. M-1]           pipeline slot k (arrives in k+1 periods) / μ, zero-padded to M-1 = maxLead-1 slots
 *   [M .. 2M-2]          days to each slot's arrival / M (0 for slots beyond this lane's lead time)
 *   [2M-1 ..]            context: lead time / M, review period / 7, 1 if an order may be placed now,
 *                        ln(1 + p/h) / 4, K / (h μ) / 10, ln(μ) / 4, 1/√μ (Poisson CV, i.e. how
 *                        integer-lumpy demand is), 1/√k (extra dispersion; 0 = Poisson), seasonal
 *                        index over the coming lead time − 1, MOQ / μ, order multiple / μ, lost-sales flag.
 * Action: bin b ∈ {0 … B-1} → b × (maxOrderInMeanDemand / (B-1)) × μ × R units (R = review period), then, as a documented final
 *   step: rounded to whole units, rounded up to the order multiple, an order below the MOQ becomes the MOQ
 *   if it is at least half of it and 0 otherwise, and 0 off review days. (Budgets are a plan-level step.)
 *   Why 0..2μ in steps of 0.2μ: at μ = 5 these are exactly the whole orders 0..10, so every capped
 *   base-stock policy min(max(S − IP, 0), r) with r ≤ 10 is expressible exactly (tested); the best capped
 *   policies of the reference table have r = 5..9 and cost less than the best base-stock on all 16 lost-sales
 *   instances, so the best policy in this action set beats base-stock everywhere. Plain base-stock itself
 *   orders what was sold, which exceeds 10 only when demand does (P(D > 10) ≈ 1.4 % at Poisson(5)); the
 *   issue's feasibility test found 3μ stalled learning and order-up-to actions only relearned base-stock.
 * Reward: −cost of the period / (h μ). Dividing by h μ makes a period's reward O(1) on every item
 *   (optimal costs on the reference grid are 0.8–2.2 h μ), whatever its currency and volume.
 */
import { Rng } from '../random/rng';
import { InventoryLanes, createOutcome, type LaneCosts, type PeriodOutcome } from '../sim/inventoryLanes';
import { randomContext, type ContextRanges, type LaneContext } from './context';

export interface EnvironmentSpec {
  /** Longest lead time the observation has room for (pipeline padded to maxLeadTimePeriods − 1 slots). */
  maxLeadTimePeriods: number;
  /** Number of order-quantity bins B (default 11: 0, 0.2μ, …, 2μ — whole units 0..10 at μ = 5). */
  actionBins: number;
  /** Largest order in units of mean demand (default 2; the test found 3 stalled). */
  maxOrderInMeanDemand: number;
}

export const defaultEnvironmentSpec: EnvironmentSpec = { maxLeadTimePeriods: 8, actionBins: 11, maxOrderInMeanDemand: 2 };

const contextFeatures = 12;

export function observationSize(spec: EnvironmentSpec): number {
  return 1 + 2 * (spec.maxLeadTimePeriods - 1) + contextFeatures;
}

/** Where each lane's context comes from: a fixed list (lane i gets contexts[i % n]) or random draws. */
export type ContextSource =
  | { kind: 'fixed'; contexts: LaneContext[] }
  | { kind: 'random'; ranges: ContextRanges; /** periods a lane keeps its context before a new draw */ periodsPerContext: number }
  /**
   * Lanes draw contexts uniformly from a list and switch to a new draw after about `periodsPerContext`
   * periods: every item of a catalogue larger than the number of lanes is trained on, not only the first.
   */
  | { kind: 'list'; contexts: LaneContext[]; periodsPerContext: number };

export interface StepResult {
  /** −cost / (h μ) per lane. */
  reward: Float32Array;
  /** Cost of the period per lane, in money (for logs and evaluation). */
  cost: Float64Array;
  /** 1 where the lane switched to a new context after this step (a truncation, not a terminal state). */
  truncated: Uint8Array;
  /** Observation the truncated lanes reached before the switch (rows of other lanes are stale). */
  finalObservation: Float32Array;
}

export class VectorEnvironment {
  readonly spec: EnvironmentSpec;
  readonly lanes: number;
  readonly observationSize: number;
  readonly inventory: InventoryLanes;
  readonly contexts: LaneContext[];
  private readonly source: ContextSource;
  private readonly costs: LaneCosts;
  private readonly leadTime: Int32Array;
  private readonly quantity: Float64Array;
  private readonly demand: Float64Array;
  private readonly outcome: PeriodOutcome;
  private readonly pipelineScratch: Float64Array;
  /** Period at which each lane draws a new context (random source only). */
  private readonly contextEnds: Float64Array;
  private demandRng: Rng;
  private contextRng: Rng;
  /** Recorded demand per lane (replay of real history); null = draw from each lane's demand model. */
  private replayDemand: ArrayLike<number>[] | null = null;
  private replayStart = 0;
  private readonly result: StepResult;

  constructor(spec: EnvironmentSpec, lanes: number, source: ContextSource, seed: number) {
    this.spec = spec;
    this.lanes = lanes;
    this.source = source;
    this.observationSize = observationSize(spec);
    this.inventory = new InventoryLanes(lanes, spec.maxLeadTimePeriods);
    this.costs = {
      holdingCost: new Float64Array(lanes),
      stockoutCost: new Float64Array(lanes),
      orderingCost: new Float64Array(lanes),
      lostSales: new Uint8Array(lanes),
    };
    this.leadTime = new Int32Array(lanes);
    this.quantity = new Float64Array(lanes);
    this.demand = new Float64Array(lanes);
    this.outcome = createOutcome(lanes);
    this.pipelineScratch = new Float64Array(spec.maxLeadTimePeriods);
    this.contextEnds = new Float64Array(lanes).fill(Number.POSITIVE_INFINITY);
    this.demandRng = new Rng(seed);
    this.contextRng = new Rng(seed ^ 0x5bd1e995);
    this.contexts = new Array<LaneContext>(lanes);
    this.result = {
      reward: new Float32Array(lanes),
      cost: new Float64Array(lanes),
      truncated: new Uint8Array(lanes),
      finalObservation: new Float32Array(lanes * this.observationSize),
    };
    for (let lane = 0; lane < lanes; lane++) this.assignContext(lane);
  }

  /**
   * Restart the random streams. Training calls this at every update with a seed derived from
   * (run seed, update): the generator's state then never needs saving — a checkpoint's update
   * counter is enough to resume the exact same demand stream.
   */
  reseed(seed: number): void {
    this.demandRng = new Rng(seed);
    this.contextRng = new Rng(seed ^ 0x5bd1e995);
  }

  private assignContext(lane: number): void {
    const source = this.source;
    const context =
      source.kind === 'fixed'
        ? source.contexts[lane % source.contexts.length]
        : source.kind === 'list'
          ? source.contexts[this.contextRng.integer(source.contexts.length)]
          : randomContext(this.contextRng, source.ranges);
    if (context.leadTimePeriods > this.spec.maxLeadTimePeriods || context.leadTimePeriods < 0) {
      throw new RangeError(`lead time ${context.leadTimePeriods} outside 0..${this.spec.maxLeadTimePeriods}`);
    }
    this.assignContextValues(lane, context);
    // Start near a sensible stock (one lead time + one period of demand) with an empty pipeline.
    const inventory = this.inventory;
    inventory.onHand[lane] = Math.round(context.demandMean * (context.leadTimePeriods + 1));
    inventory.arrivals.fill(0, lane * inventory.capacity, (lane + 1) * inventory.capacity);
    if (source.kind !== 'fixed') {
      // Staggered ends so that lanes do not all switch context in the same period.
      const length = source.periodsPerContext;
      this.contextEnds[lane] = inventory.period + Math.ceil(length * (0.5 + this.contextRng.uniform()));
    }
  }

  /** Write the observation of every lane into `out` (lanes × observationSize). */
  observe(out: Float32Array): void {
    for (let lane = 0; lane < this.lanes; lane++) this.observeLane(lane, out, lane * this.observationSize);
  }

  private observeLane(lane: number, out: Float32Array, offset: number): void {
    const context = this.contexts[lane];
    const slots = this.spec.maxLeadTimePeriods - 1;
    const mean = context.demandMean;
    const lead = context.leadTimePeriods;
    const period = this.inventory.period;
    this.inventory.pipeline(lane, this.pipelineScratch);
    let o = offset;
    out[o++] = this.inventory.onHand[lane] / mean;
    for (let k = 0; k < slots; k++) out[o++] = this.pipelineScratch[k] / mean;
    for (let k = 0; k < slots; k++) out[o++] = k < lead - 1 ? (k + 1) / this.spec.maxLeadTimePeriods : 0;
    out[o++] = lead / this.spec.maxLeadTimePeriods;
    out[o++] = context.reviewPeriods / 7;
    out[o++] = period % context.reviewPeriods === 0 ? 1 : 0;
    out[o++] = Math.log1p(context.stockoutCost / context.holdingCost) / 4;
    out[o++] = context.orderingCost / (context.holdingCost * mean) / 10;
    out[o++] = Math.log(mean) / 4;
    out[o++] = 1 / Math.sqrt(mean);
    out[o++] = Number.isFinite(context.demandDispersion) ? 1 / Math.sqrt(context.demandDispersion) : 0;
    out[o++] = comingSeasonalIndex(context, period) - 1;
    out[o++] = context.minimumOrderQuantity / mean;
    out[o++] = context.orderMultiple / mean;
    out[o++] = context.lostSales ? 1 : 0;
  }

  /** Units ordered for action bin `bin` on `lane` in the current period (the final step included). */
  orderQuantity(lane: number, bin: number): number {
    return finaliseOrder(this.contexts[lane], Math.round(bin * this.binStep(lane)), this.inventory.period);
  }

  /**
   * Units per action bin on `lane`: (maxOrderInMeanDemand / (B − 1)) × μ × review period. An order placed
   * every R periods covers R periods of demand, so the action range scales with R; with R = 1 (the
   * reference grid) the bins are b × 0.2 μ as documented above.
   */
  binStep(lane: number): number {
    const context = this.contexts[lane];
    return (this.spec.maxOrderInMeanDemand / (this.spec.actionBins - 1)) * context.demandMean * context.reviewPeriods;
  }

  /** Steps 3–5 of the period for every lane with the given action bins, then step 1 of the next. */
  step(actions: Int32Array): StepResult {
    for (let lane = 0; lane < this.lanes; lane++) this.quantity[lane] = this.orderQuantity(lane, actions[lane]);
    return this.advance();
  }

  /** The same with order quantities in units (classical rules in evaluation); they are finalised too. */
  stepQuantities(units: Float64Array): StepResult {
    const period = this.inventory.period;
    for (let lane = 0; lane < this.lanes; lane++) this.quantity[lane] = finaliseOrder(this.contexts[lane], units[lane], period);
    return this.advance();
  }

  private advance(): StepResult {
    const { inventory, costs, demand, outcome, result, lanes } = this;
    const period = inventory.period;
    inventory.order(this.quantity, this.leadTime, costs);
    if (this.replayDemand) {
      const day = period - this.replayStart;
      for (let lane = 0; lane < lanes; lane++) demand[lane] = this.replayDemand[lane][day] ?? 0;
    } else {
      // Demand is drawn for every lane in lane order whatever the actions: common random numbers.
      for (let lane = 0; lane < lanes; lane++) {
        const context = this.contexts[lane];
        const mean = context.demandMean * seasonalIndexAt(context, period);
        demand[lane] = this.demandRng.negativeBinomial(mean, context.demandDispersion);
      }
    }
    inventory.serve(demand, costs, outcome);
    inventory.receive();
    result.truncated.fill(0);
    for (let lane = 0; lane < lanes; lane++) {
      const context = this.contexts[lane];
      result.cost[lane] = outcome.cost[lane];
      result.reward[lane] = -outcome.cost[lane] / (context.holdingCost * context.demandMean);
      if (inventory.period >= this.contextEnds[lane]) {
        result.truncated[lane] = 1;
        this.observeLane(lane, result.finalObservation, lane * this.observationSize);
        this.assignContext(lane);
      }
    }
    return result;
  }

  /**
   * Replay recorded demand from now on (a backtest of real history): lane i's demand in the k-th period
   * from now is `series[i][k]` (0 past its end). The policy's observations are unchanged.
   */
  replay(series: ArrayLike<number>[]): void {
    if (series.length !== this.lanes) throw new RangeError(`replay needs one series per lane (${this.lanes}), got ${series.length}`);
    this.replayDemand = series;
    this.replayStart = this.inventory.period;
  }

  /** Units served and short per lane in the last period stepped (for fill rates in a replay). */
  get lastOutcome(): Readonly<PeriodOutcome> {
    return this.outcome;
  }

  /** The lanes' mutable state, for checkpoints (contexts are plain objects; typed arrays copied). */
  saveState(): EnvironmentState {
    return {
      period: this.inventory.period,
      onHand: Array.from(this.inventory.onHand),
      arrivals: Array.from(this.inventory.arrivals),
      contexts: this.contexts.map((context) => ({ ...context, demandDispersion: dispersionToJson(context.demandDispersion) })),
      contextEnds: Array.from(this.contextEnds, (end) => (Number.isFinite(end) ? end : -1)),
    };
  }

  restoreState(state: EnvironmentState): void {
    this.inventory.period = state.period;
    this.inventory.onHand.set(state.onHand);
    this.inventory.arrivals.set(state.arrivals);
    state.contexts.forEach((saved, lane) => {
      const context: LaneContext = { ...saved, demandDispersion: saved.demandDispersion ?? Number.POSITIVE_INFINITY };
      const end = state.contextEnds[lane];
      this.assignContextValues(lane, context);
      this.contextEnds[lane] = end < 0 ? Number.POSITIVE_INFINITY : end;
    });
  }

  private assignContextValues(lane: number, context: LaneContext): void {
    this.contexts[lane] = context;
    this.costs.holdingCost[lane] = context.holdingCost;
    this.costs.stockoutCost[lane] = context.stockoutCost;
    this.costs.orderingCost[lane] = context.orderingCost;
    this.costs.lostSales[lane] = context.lostSales ? 1 : 0;
    this.leadTime[lane] = context.leadTimePeriods;
  }
}

/** JSON-safe environment state (Infinity dispersion stored as null). */
export interface EnvironmentState {
  period: number;
  onHand: number[];
  arrivals: number[];
  contexts: Array<Omit<LaneContext, 'demandDispersion'> & { demandDispersion: number | null }>;
  contextEnds: number[];
}

function dispersionToJson(dispersion: number): number | null {
  return Number.isFinite(dispersion) ? dispersion : null;
}

function seasonalIndexAt(context: LaneContext, period: number): number {
  const profile = context.seasonalIndex;
  return profile.length === 0 ? 1 : profile[period % profile.length];
}

/** Mean seasonal index over the periods an order placed now must cover (now … now + L). */
function comingSeasonalIndex(context: LaneContext, period: number): number {
  if (context.seasonalIndex.length === 0) return 1;
  let sum = 0;
  for (let k = 0; k <= context.leadTimePeriods; k++) sum += seasonalIndexAt(context, period + k);
  return sum / (context.leadTimePeriods + 1);
}

/**
 * The documented final step from a wanted quantity to the order placed: whole units, rounded up to
 * the order multiple, MOQ (at least half the MOQ → the MOQ, else nothing), nothing off review days.
 */
export function finaliseOrder(context: LaneContext, wanted: number, period: number): number {
  if (period % context.reviewPeriods !== 0 || !(wanted > 0)) return 0;
  let units = Math.round(wanted);
  if (context.orderMultiple > 1) units = Math.ceil(units / context.orderMultiple) * context.orderMultiple;
  if (units > 0 && units < context.minimumOrderQuantity) {
    units = units >= context.minimumOrderQuantity / 2 ? context.minimumOrderQuantity : 0;
  }
  return units;
}
