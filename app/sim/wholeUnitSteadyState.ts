/**
 * The steady-state loops of the whole-unit base-stock kernel (`wholeUnitLane` in ./baseStockLane.ts):
 * the periods where inventory position is back at S after every order, which is almost all of them.
 * There, next period's order is what this period took out of stock (the units sold under lost sales,
 * the demand under backorders), so the loop carries only on-hand and a pipeline indexed by period.
 *
 * Why the loops look the way they do (each choice measured on the population of
 * test/bench/simulator.bench.ts, 10,000 items × 1,000 periods; together about a quarter off):
 *   - one loop per stockout rule: the backorder rule keeps unmet demand, the lost-sales rule drops
 *     it; a shared loop with a mask pays for both on every period (~10 %);
 *   - four periods per iteration: V8 re-checks both typed arrays (map, length, data pointer and, in
 *     some processes, whether the buffer was detached) and the interrupt limit on every iteration,
 *     so a quarter as many iterations do a quarter of that work (two or eight periods per iteration
 *     measured worse or no better);
 *   - sums in int32 per block of periods, added into doubles after each block: `| 0` adds carry no
 *     overflow check, which V8 otherwise emits per sum per period; the block length keeps every
 *     block sum below 2^31 for whole-unit inputs (bounds below);
 *   - the whole-number check as a float sum of |given − units| (zero exactly when every value is
 *     a whole number) plus an OR of the units (any unit outside [0, 2^20) sets a bit ≥ 20): no branch,
 *     where `units !== given` compiles to one on every period.
 * Whatever the demand, nothing here throws or leaves int32, so a lane whose demand turns out not to
 * be whole units just returns meaningless sums and the flag, and is rerun on the float64 kernel.
 *
 * Bounds, for whole units (demand and |S| ≤ UNIT_LIMIT = 2^20, see ./baseStockLane.ts): under lost
 * sales 0 ≤ on-hand ≤ S and units lost < 2^20 per period; under backorders on-hand ≤ S while the
 * backlog may reach (L + 4)·2^20, so it is summed in a double directly.
 */

/**
 * State carried between the stretches of a whole-unit lane, and the sums of the last stretch.
 * The stretches are functions of their own and the lane function holds no loop besides: V8 then
 * compiles each loop with fewer spills (measured: about 0.5 ns per item-period).
 */
export interface Stretch {
  onHand: number;
  /** Inventory position (kept by the overstocked stretch only; S throughout the steady state). */
  position: number;
  held: number;
  stockout: number;
  /** Steady stretch: orders placed in periods from + 1 … to (each period places the next one's). */
  placed: number;
  /** Non-zero if some demand was not a whole number in [0, UNIT_LIMIT). */
  nonWholeDemand: number;
}

/** Periods per block of int32 sums: 1,024 × (2^20 + 1) < 2^31. A multiple of 4 (see below). */
const BLOCK_PERIODS = 1024;

/**
 * Lost sales, periods from … to − 1 in the steady state, with the order of period `from` already in
 * arrivals[from + lead]. Each period: on-hand after receiving and serving is max(on-hand + arriving −
 * demand, 0); what was sold is ordered, to arrive lead + 1 periods later.
 */
export function lostSalesSteadyStretch(
  arrivals: Int32Array, demand: Float64Array, from: number, to: number, lead: number, stretch: Stretch,
): void {
  const nextSlot = lead + 1;
  let onHand = stretch.onHand;
  let held = 0;
  let lostTotal = 0;
  let placed = 0;
  // −0 rather than 0: a heap number, so V8 keeps this sum in float64 (starting from a small integer
  // it would speculate int32 and branch on every addition). −0 + 0 is 0, so the test below holds.
  let mismatch = -0;
  let unitBits = 0;
  // Four periods at a time up to here (BLOCK_PERIODS is a multiple of 4), then one at a time.
  const groupsEnd = to - ((to - from) & 3);
  let t = from;
  while (t < to) {
    const blockEnd = t < groupsEnd ? Math.min(groupsEnd, t + BLOCK_PERIODS) : to;
    let blockHeld = 0;
    let blockLost = 0;
    let blockPlaced = 0;
    for (; t + 4 <= blockEnd; t += 4) {
      const t1 = (t + 1) | 0;
      const t2 = (t + 2) | 0;
      const t3 = (t + 3) | 0;
      {
        const given = demand[t];
        const units = given | 0;
        mismatch += Math.abs(given - units);
        unitBits |= units;
        const after = (onHand + ((arrivals[t] - units) | 0)) | 0;
        // Branch-free min(after, 0), the units short (≤ 0): demand is random, so a branch would mispredict.
        const shortfall = after & (after >> 31);
        const left = (after - shortfall) | 0;
        const sold = (units + shortfall) | 0;
        arrivals[(t + nextSlot) | 0] = sold;
        onHand = left;
        blockHeld = (blockHeld + left) | 0;
        blockLost = (blockLost - shortfall) | 0;
        // 1 when something was sold (so ordered): for 0 ≤ sold < 2^31, sold + 2^31 − 1 reaches bit 31 iff sold ≥ 1.
        blockPlaced = (blockPlaced + ((sold + 0x7fffffff) >>> 31)) | 0;
      }
      {
        const given = demand[t1];
        const units = given | 0;
        mismatch += Math.abs(given - units);
        unitBits |= units;
        const after = (onHand + ((arrivals[t1] - units) | 0)) | 0;
        const shortfall = after & (after >> 31);
        const left = (after - shortfall) | 0;
        const sold = (units + shortfall) | 0;
        arrivals[(t1 + nextSlot) | 0] = sold;
        onHand = left;
        blockHeld = (blockHeld + left) | 0;
        blockLost = (blockLost - shortfall) | 0;
        blockPlaced = (blockPlaced + ((sold + 0x7fffffff) >>> 31)) | 0;
      }
      {
        const given = demand[t2];
        const units = given | 0;
        mismatch += Math.abs(given - units);
        unitBits |= units;
        const after = (onHand + ((arrivals[t2] - units) | 0)) | 0;
        const shortfall = after & (after >> 31);
        const left = (after - shortfall) | 0;
        const sold = (units + shortfall) | 0;
        arrivals[(t2 + nextSlot) | 0] = sold;
        onHand = left;
        blockHeld = (blockHeld + left) | 0;
        blockLost = (blockLost - shortfall) | 0;
        blockPlaced = (blockPlaced + ((sold + 0x7fffffff) >>> 31)) | 0;
      }
      {
        const given = demand[t3];
        const units = given | 0;
        mismatch += Math.abs(given - units);
        unitBits |= units;
        const after = (onHand + ((arrivals[t3] - units) | 0)) | 0;
        const shortfall = after & (after >> 31);
        const left = (after - shortfall) | 0;
        const sold = (units + shortfall) | 0;
        arrivals[(t3 + nextSlot) | 0] = sold;
        onHand = left;
        blockHeld = (blockHeld + left) | 0;
        blockLost = (blockLost - shortfall) | 0;
        blockPlaced = (blockPlaced + ((sold + 0x7fffffff) >>> 31)) | 0;
      }
    }
    for (; t < blockEnd; t++) {
      const given = demand[t];
      const units = given | 0;
      mismatch += Math.abs(given - units);
      unitBits |= units;
      const after = (onHand + ((arrivals[t] - units) | 0)) | 0;
      const shortfall = after & (after >> 31);
      const left = (after - shortfall) | 0;
      const sold = (units + shortfall) | 0;
      arrivals[(t + nextSlot) | 0] = sold;
      onHand = left;
      blockHeld = (blockHeld + left) | 0;
      blockLost = (blockLost - shortfall) | 0;
      blockPlaced = (blockPlaced + ((sold + 0x7fffffff) >>> 31)) | 0;
    }
    held += blockHeld;
    lostTotal += blockLost;
    placed += blockPlaced;
  }
  stretch.onHand = onHand;
  stretch.held = held;
  stretch.stockout = lostTotal;
  stretch.placed = placed;
  stretch.nonWholeDemand = (mismatch === 0 ? 0 : 1) | (unitBits >>> 20); // 2^20 = UNIT_LIMIT
}

/**
 * Backorders, periods from … to − 1 in the steady state, with the order of period `from` already in
 * arrivals[from + lead]. Each period: on-hand (negative: backlog) after receiving and serving is
 * on-hand + arriving − demand; the demand is ordered, to arrive lead + 1 periods later.
 */
export function backorderSteadyStretch(
  arrivals: Int32Array, demand: Float64Array, from: number, to: number, lead: number, stretch: Stretch,
): void {
  const nextSlot = lead + 1;
  let onHand = stretch.onHand;
  let held = 0;
  // The backlog can exceed 2^31 within a block: a double from the start (−0: see lostSalesSteadyStretch).
  let backlog = -0;
  let placed = 0;
  let mismatch = -0;
  let unitBits = 0;
  const groupsEnd = to - ((to - from) & 3);
  let t = from;
  while (t < to) {
    const blockEnd = t < groupsEnd ? Math.min(groupsEnd, t + BLOCK_PERIODS) : to;
    let blockHeld = 0;
    let blockPlaced = 0;
    for (; t + 4 <= blockEnd; t += 4) {
      const t1 = (t + 1) | 0;
      const t2 = (t + 2) | 0;
      const t3 = (t + 3) | 0;
      {
        const given = demand[t];
        const units = given | 0;
        mismatch += Math.abs(given - units);
        unitBits |= units;
        const after = (onHand + ((arrivals[t] - units) | 0)) | 0;
        // min(after, 0), branch-free: on-hand left is after − shortfall, the backlog −shortfall.
        const shortfall = after & (after >> 31);
        arrivals[(t + nextSlot) | 0] = units;
        onHand = after;
        blockHeld = (blockHeld + ((after - shortfall) | 0)) | 0;
        backlog -= shortfall;
        blockPlaced = (blockPlaced + ((units + 0x7fffffff) >>> 31)) | 0;
      }
      {
        const given = demand[t1];
        const units = given | 0;
        mismatch += Math.abs(given - units);
        unitBits |= units;
        const after = (onHand + ((arrivals[t1] - units) | 0)) | 0;
        const shortfall = after & (after >> 31);
        arrivals[(t1 + nextSlot) | 0] = units;
        onHand = after;
        blockHeld = (blockHeld + ((after - shortfall) | 0)) | 0;
        backlog -= shortfall;
        blockPlaced = (blockPlaced + ((units + 0x7fffffff) >>> 31)) | 0;
      }
      {
        const given = demand[t2];
        const units = given | 0;
        mismatch += Math.abs(given - units);
        unitBits |= units;
        const after = (onHand + ((arrivals[t2] - units) | 0)) | 0;
        const shortfall = after & (after >> 31);
        arrivals[(t2 + nextSlot) | 0] = units;
        onHand = after;
        blockHeld = (blockHeld + ((after - shortfall) | 0)) | 0;
        backlog -= shortfall;
        blockPlaced = (blockPlaced + ((units + 0x7fffffff) >>> 31)) | 0;
      }
      {
        const given = demand[t3];
        const units = given | 0;
        mismatch += Math.abs(given - units);
        unitBits |= units;
        const after = (onHand + ((arrivals[t3] - units) | 0)) | 0;
        const shortfall = after & (after >> 31);
        arrivals[(t3 + nextSlot) | 0] = units;
        onHand = after;
        blockHeld = (blockHeld + ((after - shortfall) | 0)) | 0;
        backlog -= shortfall;
        blockPlaced = (blockPlaced + ((units + 0x7fffffff) >>> 31)) | 0;
      }
    }
    for (; t < blockEnd; t++) {
      const given = demand[t];
      const units = given | 0;
      mismatch += Math.abs(given - units);
      unitBits |= units;
      const after = (onHand + ((arrivals[t] - units) | 0)) | 0;
      const shortfall = after & (after >> 31);
      arrivals[(t + nextSlot) | 0] = units;
      onHand = after;
      blockHeld = (blockHeld + ((after - shortfall) | 0)) | 0;
      backlog -= shortfall;
      blockPlaced = (blockPlaced + ((units + 0x7fffffff) >>> 31)) | 0;
    }
    held += blockHeld;
    placed += blockPlaced;
  }
  stretch.onHand = onHand;
  stretch.held = held;
  stretch.stockout = backlog + 0; // + 0 turns an untouched −0 into 0
  stretch.placed = placed;
  stretch.nonWholeDemand = (mismatch === 0 ? 0 : 1) | (unitBits >>> 20); // 2^20 = UNIT_LIMIT
}
