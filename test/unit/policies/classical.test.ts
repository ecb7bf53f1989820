import { describe, expect, it } from 'vitest';
import {
  baseStockPolicy, cappedBaseStockPolicy, economicOrderQuantity, minMaxPolicy, reorderPointQuantityPolicy, sSPolicy,
} from '../../../app/policies/classical';
import {
  criticalRatio, normalQuantile, protectionIntervalDemand, safetyStockOrderUpTo, serviceLevelBaseStockPolicy,
} from '../../../app/policies/serviceLevel';
import { referenceItem } from '../../../app/sim/itemSettings';
import type { PolicyState, ReorderPolicy } from '../../../app/sim/policy';

/** Two items × three paths with the given inventory positions. */
function decide(policy: ReorderPolicy, positions: number[]): number[] {
  const lanes = positions.length;
  const state: PolicyState = {
    lanes, pathCount: 3, laneItem: Int32Array.from({ length: lanes }, (_, lane) => Math.floor(lane / 3)), period: 0,
    onHand: Float64Array.from(positions), inventoryPosition: Float64Array.from(positions), pipeline: new Float64Array(0), pipelineLength: 0,
  };
  const quantity = new Float64Array(lanes);
  policy.decide(state, quantity);
  return Array.from(quantity);
}

describe('classical policies (raw quantities on inventory position)', () => {
  const positions = [-2, 7, 12, 3, 9, 10];

  it('base-stock orders up to S per item', () => {
    expect(decide(baseStockPolicy([10, 9]), positions)).toEqual([12, 3, 0, 6, 0, 0]);
  });

  it('capped base-stock orders min(max(S − IP, 0), r)', () => {
    expect(decide(cappedBaseStockPolicy([10, 9], [5, 4]), positions)).toEqual([5, 3, 0, 4, 0, 0]);
  });

  it('(s, S) orders up to S at or below s; min/max only strictly below min', () => {
    expect(decide(sSPolicy([7, 3], [15, 12]), positions)).toEqual([17, 8, 0, 9, 0, 0]);
    expect(decide(minMaxPolicy([7, 3], [15, 12]), positions)).toEqual([17, 0, 0, 0, 0, 0]);
  });

  it('(r, Q) orders the fewest whole batches that lift IP above r', () => {
    expect(decide(reorderPointQuantityPolicy([7, 9], [4, 5]), positions)).toEqual([12, 4, 0, 10, 5, 0]);
  });

  it('EOQ is sqrt(2KD/h), at least one unit', () => {
    expect(economicOrderQuantity(10, 50, 1)).toBe(32);
    expect(economicOrderQuantity(0.1, 0, 1)).toBe(1);
  });
});

describe('service-level safety stock (the textbook reference)', () => {
  it('inverts the normal CDF', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.0902323, 6);
  });

  it('protects L + R periods, adding lead-time variance when the lead time is random', () => {
    const item = { ...referenceItem(3, 9), reviewPeriod: 2 };
    expect(protectionIntervalDemand(item, { mean: 5, variance: 5 })).toEqual({ mean: 25, sd: 5 });
    const spread = { ...item, leadTimeSpread: { periods: [2, 4], probabilities: [1, 1] } };
    // E[L] + R = 5, Var(L) = 1: variance 5·5 + 25·1 = 50.
    expect(protectionIntervalDemand(spread, { mean: 5, variance: 5 }).sd).toBeCloseTo(Math.sqrt(50), 12);
    expect(safetyStockOrderUpTo(item, { mean: 5, variance: 5 }, 0.95)).toBeCloseTo(25 + 1.6448536 * 5, 5);
    expect(criticalRatio(referenceItem(1, 9))).toBe(0.9);
  });

  it('is a base-stock policy with S rounded up', () => {
    const policy = serviceLevelBaseStockPolicy([referenceItem(1, 4), referenceItem(4, 39)], [{ mean: 5, variance: 5 }, { mean: 5, variance: 5 }], [0.8, 0.975]);
    expect(policy.name).toBe('service-level-base-stock');
    // S = 10 + 0.8416·3.162 → 13; S = 25 + 1.96·5 → 35.
    expect(decide(policy, [0, 0, 0, 0, 0, 0])).toEqual([13, 13, 13, 35, 35, 35]);
  });
});
