import { describe, expect, it } from 'vitest';
import { applySupplierMinimum, supplierMinimumExplanation, suppliersBelowMinimum, type SupplierMinimumLine } from '../../../app/plan/supplierMinimum';

const line = (itemId: number, overrides: Partial<SupplierMinimumLine>): SupplierMinimumLine => ({
  itemId, supplier: 'Acme', quantity: 0, unitCost: 2, inventoryPosition: 0, meanDailyDemand: 5, leadTimeDays: 2, reviewPeriodDays: 2,
  holdingCostPerDay: 0.01, stockoutCostPerUnit: 1, moq: 0, orderMultiple: 1, ...overrides,
});

/**
 * Acme wants orders of at least 100. The plan orders 10 of item 1 (value 20, no stock, 5/day, packs of 5);
 * item 2 (cost 4, 20 in stock, 2/day, MOQ 10) is not ordered.
 */
const lines = [line(1, { quantity: 10, orderMultiple: 5 }), line(2, { unitCost: 4, inventoryPosition: 20, meanDailyDemand: 2, moq: 10 })];
const minimums = new Map([['Acme', 100]]);

describe('supplier minimum order value', () => {
  it('tops up step by step where holding more is cheapest per unit of money, until the minimum is reached', () => {
    // Holding cost per money of the next step = 0.01 × wait days / unit cost, wait = (position + qty + step/2)/demand − lead time.
    //   item 1 at 10, 15, 20, 25, 30 (+5 each): waits 0.5, 1.5, 2.5, 3.5, 4.5 → 0.0025 … 0.0225 per money, costs 0.025 … 0.225;
    //   item 2's first step is its MOQ of 10: wait (20 + 5)/2 − 2 = 10.5 → 1.05, 0.02625 per money;
    //   item 1 at 35: wait 5.5 → 0.0275 per money, so item 2 gets its 10 and the total reaches 70 + 40 = 110.
    // Top-up cost 0.025 + 0.075 + 0.125 + 0.175 + 0.225 + 1.05 = 1.675; waiting costs (5 × 4 − 0) × 1 = 20 in lost sales.
    const [decision] = applySupplierMinimum(lines, minimums);
    expect(decision).toMatchObject({ supplier: 'Acme', action: 'top-up', canTopUp: true, totalBefore: 20, totalAfter: 110, waitingCost: 20 });
    expect(decision.topUpCost).toBeCloseTo(1.675, 10);
    expect([...decision.changes]).toEqual([[1, 35], [2, 10]]);
    const reason = supplierMinimumExplanation(decision, 10, 35, 'GBP');
    expect(reason).toMatch(/Acme's order came to 20\.00 GBP, below its minimum order value of 100\.00 GBP; topped up from 10 to 35/);
  });

  it('defers the whole order when waiting costs less than holding the top-up', () => {
    // Item 1 now has 40 on hand: it covers 5/day × (2 + 2) days, so waiting a review period risks nothing.
    const [decision] = applySupplierMinimum([line(1, { quantity: 10, orderMultiple: 5, inventoryPosition: 40 }), lines[1]], minimums);
    expect(decision).toMatchObject({ action: 'defer', totalBefore: 20, totalAfter: 0, waitingCost: 0 });
    expect(decision.topUpCost).toBeGreaterThan(0);
    expect([...decision.changes]).toEqual([[1, 0]]);
    expect(supplierMinimumExplanation(decision, 10, 0, 'GBP')).toMatch(/deferred to the next review \(0 instead of 10\)/);
  });

  it('defers when no line can take a top-up, and leaves suppliers at or above their minimum alone', () => {
    const [decision] = applySupplierMinimum([line(1, { quantity: 10, meanDailyDemand: 0 })], minimums);
    expect(decision).toMatchObject({ action: 'defer', canTopUp: false });
    expect(applySupplierMinimum([line(1, { quantity: 50 })], minimums)).toEqual([]);
    expect(applySupplierMinimum([line(1, { quantity: 10, supplier: 'Other' })], minimums)).toEqual([]);
    expect(applySupplierMinimum([line(1, { quantity: 0 })], minimums)).toEqual([]);
  });

  it('cannot value an order with an item without unit cost', () => {
    const [decision] = applySupplierMinimum([line(1, { quantity: 10 }), line(2, { quantity: 5, unitCost: null })], minimums);
    expect(decision).toMatchObject({ action: 'unvalued', changes: new Map() });
  });
});

describe('suppliers the budget left below their minimum', () => {
  const minimums = new Map([['Acme', 100], ['Bolt', 50]]);

  it('flags a supplier whose ordered value is above nothing but under its minimum, by hand: 3 × 20 + 2 × 10 = 80 < 100', () => {
    const lines = [
      { supplier: 'Acme', quantity: 3, unitCost: 20 },
      { supplier: 'Acme', quantity: 2, unitCost: 10 },
      // Bolt: 5 × 10 = 50, exactly its minimum — fine.
      { supplier: 'Bolt', quantity: 5, unitCost: 10 },
      // No minimum for Crate; an unpriced Acme line is left out rather than guessed.
      { supplier: 'Crate', quantity: 1, unitCost: 1 },
      { supplier: 'Acme', quantity: 7, unitCost: null },
    ];
    expect(suppliersBelowMinimum(lines, minimums)).toEqual([{ supplier: 'Acme', total: 80, minimum: 100 }]);
  });

  it('a supplier with nothing ordered is not below its minimum (there is no order to send)', () => {
    expect(suppliersBelowMinimum([{ supplier: 'Acme', quantity: 0, unitCost: 20 }, { supplier: null, quantity: 4, unitCost: 3 }], minimums)).toEqual([]);
  });
});
