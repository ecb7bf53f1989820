/**
 * The inventory bookkeeping every simulation in Replenish shares: the policy evaluator, the
 * backtest replay and PPO's training environment all step these lanes, so there is one place
 * where arrivals, lost sales, backorders and costs are counted.
 *
 * A *lane* is one item under one demand sample path. Lanes are stored column-wise in typed arrays
 * so that thousands of them step together without allocating.
 *
 * Event convention (identical to ../shared/reference/README.md, so results compare with that table).
 * In period t:
 *   1. `receive()`  — the order placed L periods ago is added to on-hand;
 *   2. the state is on-hand plus the orders still in the pipeline (oldest first);
 *   3. `order(q)`   — a new order is placed; it arrives at step 1 of period t + L;
 *   4. `serve(d)`   — demand is met from on-hand; unmet units are lost (cost p each) or backlogged
 *                     (cost p per unit per period while backlogged);
 *   5.                holding cost h per unit left on hand is charged, and the period advances.
 * A lead time of 0 means the order is usable for this period's demand.
 */
export interface LaneCosts {
  /** Cost per unit on hand at the end of a period. */
  holdingCost: Float64Array;
  /** Cost per unit lost (lost sales) or per unit backlogged per period (backorders). */
  stockoutCost: Float64Array;
  /** Fixed cost per order placed (0 for none). */
  orderingCost: Float64Array;
  /** 1 where unmet demand is lost, 0 where it is backlogged. */
  lostSales: Uint8Array;
}

export interface PeriodOutcome {
  /** Cost charged to each lane in this period (holding + stockout + ordering). */
  cost: Float64Array;
  /** Units of demand that were served from stock (for fill rates). */
  served: Float64Array;
  /** Units that could not be served this period (lost or newly backlogged). */
  short: Float64Array;
}

export class InventoryLanes {
  readonly lanes: number;
  /** Ring size of the arrival schedule: longest lead time + 1. */
  readonly capacity: number;
  /** The current period t (starts at 0). */
  period = 0;
  /** On-hand stock per lane; negative means backlog (backorder lanes only). */
  readonly onHand: Float64Array;
  /** Quantity arriving in period p for lane i is at `arrivals[i * capacity + p % capacity]`. */
  readonly arrivals: Float64Array;
  /** Ordering cost incurred at step 3 of the current period, charged at step 5. */
  private readonly pendingOrderingCost: Float64Array;

  constructor(lanes: number, maxLeadTime: number) {
    if (!Number.isInteger(lanes) || lanes <= 0) throw new RangeError(`lanes must be a positive integer, got ${lanes}`);
    if (!Number.isInteger(maxLeadTime) || maxLeadTime < 0) {
      throw new RangeError(`maxLeadTime must be a non-negative integer, got ${maxLeadTime}`);
    }
    this.lanes = lanes;
    this.capacity = maxLeadTime + 1;
    this.onHand = new Float64Array(lanes);
    this.arrivals = new Float64Array(lanes * this.capacity);
    this.pendingOrderingCost = new Float64Array(lanes);
  }

  /** Step 1: add what arrives this period to on-hand. */
  receive(): void {
    const { lanes, capacity, onHand, arrivals } = this;
    const slot = this.period % capacity;
    for (let i = 0, index = slot; i < lanes; i++, index += capacity) {
      onHand[i] += arrivals[index];
      arrivals[index] = 0;
    }
  }

  /**
   * Step 3: place orders (units ≥ 0) with the given lead time per lane (periods, ≤ maxLeadTime).
   * Random lead times are simply a different `leadTime` array each period; orders may then cross.
   */
  order(quantity: Float64Array, leadTime: Int32Array, costs: LaneCosts): void {
    const { lanes, capacity, onHand, arrivals, pendingOrderingCost } = this;
    const period = this.period;
    for (let i = 0; i < lanes; i++) {
      const q = quantity[i];
      if (!(q > 0)) continue;
      const lead = leadTime[i];
      if (lead >= capacity || lead < 0) throw new RangeError(`lane ${i}: lead time ${lead} outside 0..${capacity - 1}`);
      if (lead === 0) onHand[i] += q;
      else arrivals[i * capacity + ((period + lead) % capacity)] += q;
      pendingOrderingCost[i] += costs.orderingCost[i];
    }
  }

  /** Steps 4 and 5: meet demand, charge stockout, holding and ordering costs, advance the period. */
  serve(demand: Float64Array, costs: LaneCosts, outcome: PeriodOutcome): void {
    const { lanes, onHand, pendingOrderingCost } = this;
    const { holdingCost, stockoutCost, lostSales } = costs;
    const { cost, served, short } = outcome;
    for (let i = 0; i < lanes; i++) {
      const d = demand[i];
      const before = onHand[i];
      const available = before > 0 ? before : 0;
      const fromStock = d < available ? d : available;
      const unmet = d - fromStock;
      let periodCost = pendingOrderingCost[i];
      pendingOrderingCost[i] = 0;
      if (lostSales[i] === 1) {
        onHand[i] = before - fromStock;
        periodCost += stockoutCost[i] * unmet;
      } else {
        const after = before - d;
        onHand[i] = after;
        if (after < 0) periodCost -= stockoutCost[i] * after;
      }
      const left = onHand[i];
      if (left > 0) periodCost += holdingCost[i] * left;
      cost[i] = periodCost;
      served[i] = fromStock;
      short[i] = unmet;
    }
    this.period++;
  }

  /**
   * Orders still to arrive for one lane, oldest first, in `out[0..maxLeadTime-1]` — `out[k]` is
   * what arrives k + 1 periods from now (call after `receive()` of the current period).
   */
  pipeline(lane: number, out: Float64Array): void {
    const { capacity, arrivals } = this;
    const base = lane * capacity;
    for (let k = 1; k < capacity; k++) out[k - 1] = arrivals[base + ((this.period + k) % capacity)];
  }

  /**
   * Put `quantity` in one lane's pipeline, arriving `periodsFromNow` periods after the current one
   * (1 … maxLeadTime): how orders placed before the simulation starts enter it.
   */
  schedule(lane: number, periodsFromNow: number, quantity: number): void {
    const { capacity } = this;
    if (!Number.isInteger(periodsFromNow) || periodsFromNow < 1 || periodsFromNow >= capacity) {
      throw new RangeError(`lane ${lane}: an order arriving in ${periodsFromNow} periods is outside 1..${capacity - 1}`);
    }
    this.arrivals[lane * capacity + ((this.period + periodsFromNow) % capacity)] += quantity;
  }

  /** On-hand (net of backlog) plus everything in the pipeline. */
  inventoryPosition(lane: number): number {
    const { capacity, arrivals } = this;
    let position = this.onHand[lane];
    for (let k = 0, base = lane * capacity; k < capacity; k++) position += arrivals[base + k];
    return position;
  }

  /** Fill every lane's state: on-hand and the arrival schedule relative to the current period. */
  reset(onHand: number | Float64Array = 0): void {
    this.period = 0;
    if (typeof onHand === 'number') this.onHand.fill(onHand);
    else this.onHand.set(onHand);
    this.arrivals.fill(0);
    this.pendingOrderingCost.fill(0);
  }
}

/** Allocate the per-period outcome arrays for `lanes` lanes. */
export function createOutcome(lanes: number): PeriodOutcome {
  return { cost: new Float64Array(lanes), served: new Float64Array(lanes), short: new Float64Array(lanes) };
}

/** Costs that are the same on every lane (the reference benchmark's single instance). */
export function uniformCosts(
  lanes: number,
  costs: { holdingCost: number; stockoutCost: number; orderingCost?: number; lostSales: boolean },
): LaneCosts {
  return {
    holdingCost: new Float64Array(lanes).fill(costs.holdingCost),
    stockoutCost: new Float64Array(lanes).fill(costs.stockoutCost),
    orderingCost: new Float64Array(lanes).fill(costs.orderingCost ?? 0),
    lostSales: new Uint8Array(lanes).fill(costs.lostSales ? 1 : 0),
  };
}
