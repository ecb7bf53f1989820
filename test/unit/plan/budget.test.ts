import { describe, expect, it } from 'vitest';
import { allocateBudget, type BudgetLine } from '../../../app/plan/budget';

const line = (itemId: number, overrides: Partial<BudgetLine>): BudgetLine => ({
  itemId, recommendedQty: 100, unitCost: 1, inventoryPosition: 0, meanDailyDemand: 10, orderMultiple: 1, moq: 0, ...overrides,
});

describe('budget allocation by marginal value', () => {
  it('keeps every recommendation when the budget suffices', () => {
    const result = allocateBudget([line(1, {}), line(2, { unitCost: 2 })], 1000);
    expect([...result.quantities]).toEqual([[1, 100], [2, 100]]);
    expect(result.spent).toBe(300);
  });

  it('gives the money first to the item that would run out soonest, not a flat cut', () => {
    // Item 1 has 20 days of cover already, item 2 none: 100 of money go to item 2 until it reaches 20 days too.
    const result = allocateBudget([line(1, { inventoryPosition: 200 }), line(2, {})], 100);
    expect(result.quantities.get(2)).toBe(100);
    expect(result.quantities.get(1)).toBe(0);
    const even = allocateBudget([line(1, { inventoryPosition: 50 }), line(2, {})], 100);
    // Both end with equal cover (position + qty)/10: 50 + q1 = q2 and q1 + q2 = 100 → 25 and 75.
    expect(even.quantities.get(1)).toBe(25);
    expect(even.quantities.get(2)).toBe(75);
  });

  it('respects case packs and MOQs and never overspends', () => {
    const result = allocateBudget([line(1, { orderMultiple: 12, moq: 48, recommendedQty: 96 }), line(2, { unitCost: 5 })], 300);
    const first = result.quantities.get(1)!;
    expect(first === 0 || (first >= 48 && first % 12 === 0)).toBe(true);
    expect(result.spent).toBeLessThanOrEqual(300);
    expect(first * 1 + result.quantities.get(2)! * 5).toBe(result.spent);
  });

  it('keeps lines without a unit cost outside the budget and says which', () => {
    const result = allocateBudget([line(1, { unitCost: null }), line(2, {})], 10);
    expect(result.quantities.get(1)).toBe(100);
    expect(result.unvalued).toEqual([1]);
    expect(result.quantities.get(2)).toBe(10);
  });
});
