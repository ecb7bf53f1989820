import { describe, expect, it } from 'vitest';
import { Rng } from '../../../app/random/rng';
import type { LaneTotals } from '../../../app/sim/baseStockLane';
import {
  emptyTotals, fractionalLane, MAX_WHOLE_UNIT_LEAD, UNIT_LIMIT, wholeUnitEligible, wholeUnitLane,
} from '../../../app/sim/baseStockLane';
import type { ItemSettings } from '../../../app/sim/itemSettings';
import { referenceItem } from '../../../app/sim/itemSettings';

/**
 * The steady-state loops (app/sim/wholeUnitSteadyState.ts) run four periods at a time, sum in int32
 * blocks of 1,024 periods and check demand as they go; here the whole-unit kernel built on them is
 * held to the float64 kernel — itself held to InventoryLanes in fusedBaseStock.test.ts — at those
 * seams. Every case also asserts that the whole-unit kernel accepted the lane: a rerun on the float64
 * kernel would hide a wrong answer from the comparisons in fusedBaseStock.test.ts.
 */
interface Run {
  whole: boolean;
  wholeTotals: LaneTotals;
  fractionalTotals: LaneTotals;
  wholeEnd: number[];
  fractionalEnd: number[];
}

function runBoth(item: ItemSettings, level: number, values: Float64Array, totalPeriods: number, warmUpPeriods: number): Run {
  const reach = Math.max(item.leadTimePeriods, item.initialPipeline?.length ?? 0);
  const wholeArrivals = new Int32Array(totalPeriods + reach + 1);
  const fractionalArrivals = new Float64Array(totalPeriods + reach + 1);
  const wholeTotals = emptyTotals();
  const fractionalTotals = emptyTotals();
  const whole = wholeUnitLane(item, level, values, totalPeriods, warmUpPeriods, wholeArrivals, wholeTotals);
  fractionalLane(item, level, values, totalPeriods, warmUpPeriods, fractionalArrivals, fractionalTotals);
  return {
    whole, wholeTotals, fractionalTotals,
    wholeEnd: Array.from(wholeArrivals.subarray(totalPeriods, totalPeriods + reach)),
    fractionalEnd: Array.from(fractionalArrivals.subarray(totalPeriods, totalPeriods + reach)),
  };
}

function expectSame(run: Run): void {
  expect(run.whole).toBe(true);
  expect(run.wholeTotals).toEqual(run.fractionalTotals);
  expect(run.wholeEnd).toEqual(run.fractionalEnd);
}

describe('the whole-unit steady-state loops', () => {
  it('match the float64 kernel across group and block boundaries, on both stockout rules', () => {
    const rng = new Rng(41);
    const longest = 2_051;
    const values = Float64Array.from({ length: longest }, () => rng.integer(9));
    // Lengths around multiples of 4 and of the 1,024-period block; warm-ups that split them anywhere.
    for (const totalPeriods of [1, 2, 3, 4, 5, 7, 1_023, 1_024, 1_025, 1_027, 2_048, longest]) {
      for (const warmUpPeriods of [0, 1, 3, 1_021, 1_030]) {
        if (warmUpPeriods >= totalPeriods && warmUpPeriods > 0) continue;
        for (const lead of [0, 1, 2, 4, 7]) {
          for (const lostSales of [true, false]) {
            const item: ItemSettings = { ...referenceItem(lead, 9, lostSales), orderingCost: 1 };
            expectSame(runBoth(item, 4 + 4 * lead, values, totalPeriods, warmUpPeriods));
            // An overstocked start with a pipeline: the steady state begins mid-horizon, off the group grid.
            const overstocked: ItemSettings = { ...item, initialOnHand: 37, initialPipeline: lead > 1 ? [5, 0, 3].slice(0, lead - 1) : undefined };
            expectSame(runBoth(overstocked, 4 + 4 * lead, values, totalPeriods, warmUpPeriods));
          }
        }
      }
    }
  });

  it('match it at the int32 bounds: demand and levels at UNIT_LIMIT, the longest lead time', () => {
    const rng = new Rng(43);
    // Over 2,048 periods of ~2^20 a period, a lane's sums pass 2^31: only the per-block int32 sums keep them exact.
    const totalPeriods = 2_503;
    const path = (draw: () => number): Float64Array => Float64Array.from({ length: totalPeriods }, draw);
    const paths = [
      path(() => UNIT_LIMIT - 1 - rng.integer(16)), // every period near the limit: large stockout sums
      path(() => (rng.uniform() < 0.97 ? 0 : UNIT_LIMIT - 1)), // mostly nothing: large on-hand sums
      path(() => { // a mix: stock swings over the whole range
        const draw = rng.uniform();
        return draw < 0.6 ? UNIT_LIMIT - 1 - rng.integer(16) : draw < 0.8 ? 0 : rng.integer(UNIT_LIMIT);
      }),
    ];
    for (const values of paths) {
      for (const lead of [0, 1, 3, MAX_WHOLE_UNIT_LEAD]) {
        for (const lostSales of [true, false]) {
          for (const level of [UNIT_LIMIT, UNIT_LIMIT - 3, 0, -UNIT_LIMIT]) {
            const item: ItemSettings = { ...referenceItem(lead, 5, lostSales), initialOnHand: UNIT_LIMIT, orderingCost: 3 };
            expectSame(runBoth(item, level, values, totalPeriods, 7));
          }
        }
      }
    }
  });

  it('report every kind of demand they cannot take, wherever it sits', () => {
    const totalPeriods = 403; // 100 groups of four and a tail of three
    const odd = [2.5, 3 + 2 ** -40, -0.5, -1, UNIT_LIMIT, 2 ** 32 + 3, Infinity, -Infinity, Number.NaN, 1e300];
    for (const lostSales of [true, false]) {
      for (const lead of [0, 3]) {
        const item = referenceItem(lead, 9, lostSales);
        // Starting with 300 units on hand, the first ~90 periods are the overstocked stretch's.
        const overstocked = { ...item, initialOnHand: 300 };
        for (const value of odd) {
          for (const position of [0, 1, 2, 3, 201, totalPeriods - 2, totalPeriods - 1]) {
            const values = new Float64Array(totalPeriods).fill(3);
            values[position] = value;
            expect(runBoth(item, 20, values, totalPeriods, 10).whole).toBe(false);
            if (position < 4) expect(runBoth(overstocked, 20, values, totalPeriods, 10).whole).toBe(false);
          }
        }
        // Pairs whose errors would cancel in a plain sum of (value − its int32 truncation).
        for (const [first, second] of [[2 ** 32 + 3, -(2 ** 32) + 3], [2.5, -0.5]]) {
          const values = new Float64Array(totalPeriods).fill(3);
          values[40] = first;
          values[41] = second;
          expect(runBoth(item, 20, values, totalPeriods, 10).whole).toBe(false);
        }
      }
    }
  });

  it('are not used for stock below zero, which their int32 bounds do not cover', () => {
    expect(wholeUnitEligible({ ...referenceItem(3, 9), initialPipeline: [4, -2] }, 20)).toBe(false);
    expect(wholeUnitEligible({ ...referenceItem(3, 9), initialOnHand: -5 }, 20)).toBe(false);
    expect(wholeUnitEligible({ ...referenceItem(3, 9), initialOnHand: 5, initialPipeline: [4, 0] }, 20)).toBe(true);
  });
});
