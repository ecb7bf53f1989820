import { describe, expect, it } from 'vitest';
import { Rng } from '../../../app/random/rng';
import { applyOrderRules, drawLeadTime, leadTimeMoments, leadTimeSampler, referenceItem, validateItems } from '../../../app/sim/itemSettings';

describe('order rules (final step after a policy)', () => {
  it('orders nothing for a raw quantity ≤ 0', () => {
    expect(applyOrderRules(0, 10, 5)).toBe(0);
    expect(applyOrderRules(-3, 10, 5)).toBe(0);
  });
  it('rounds up to the multiple, then lifts to the MOQ rounded up to the multiple', () => {
    expect(applyOrderRules(7, 0, 5)).toBe(10);
    expect(applyOrderRules(10, 0, 5)).toBe(10);
    expect(applyOrderRules(3, 12, 5)).toBe(15);
    expect(applyOrderRules(13, 12, 5)).toBe(15);
    expect(applyOrderRules(3, 12, 0)).toBe(12);
    expect(applyOrderRules(2.5, 0, 0)).toBe(2.5);
    expect(applyOrderRules(10.000000000001, 0, 5)).toBe(10);
  });
});

describe('item settings', () => {
  it('refuses bad settings as data, naming the field', () => {
    const bad = { ...referenceItem(2, 9), reviewPeriod: 0, holdingCost: -1 };
    const result = validateItems([referenceItem(1, 4), bad]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-input');
      expect(result.error.problems?.map((p) => p.column)).toEqual(['reviewPeriod', 'holdingCost']);
      expect(result.error.problems?.[0].row).toBe(1);
    }
    const spread = { ...referenceItem(2, 9), leadTimeSpread: { periods: [1, 2], probabilities: [1] } };
    expect(validateItems([spread]).ok).toBe(false);
    expect(validateItems([referenceItem(2, 9)]).ok).toBe(true);
  });

  it('draws random lead times with the given frequencies', () => {
    const item = { ...referenceItem(2, 9), leadTimeSpread: { periods: [1, 2, 5], probabilities: [2, 1, 1] } };
    expect(leadTimeMoments(item)).toEqual({ mean: 2.25, variance: (2 * 1 + 4 + 25) / 4 - 2.25 ** 2 });
    const sampler = leadTimeSampler(item.leadTimeSpread);
    const rng = new Rng(5);
    const counts = new Map<number, number>();
    for (let i = 0; i < 40_000; i++) {
      const lead = drawLeadTime(sampler, rng);
      counts.set(lead, (counts.get(lead) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 5]);
    expect((counts.get(1) ?? 0) / 40_000).toBeCloseTo(0.5, 1);
    expect((counts.get(5) ?? 0) / 40_000).toBeCloseTo(0.25, 1);
  });
});
