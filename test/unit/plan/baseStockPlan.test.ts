import { describe, expect, it } from 'vitest';
import { planBaseStock, type PlanItemInput } from '../../../app/plan/baseStockPlan';

const base: PlanItemInput = {
  itemId: 1,
  sku: 'A',
  leadTimeDays: 14,
  reviewPeriodDays: 7,
  serviceLevel: 0.95,
  moq: null,
  orderMultiple: null,
  recentDailyUnits: Float64Array.from({ length: 100 }, (_, day) => (day % 2 === 0 ? 8 : 12)),
  onHand: 50,
  onOrder: 30,
};

describe('service-level base-stock plan', () => {
  it('orders up to mean demand over L+R plus z·σ·√(L+R)', () => {
    const line = planBaseStock(base);
    // mean 10/day, sample sd = sqrt(100·4/99) ≈ 2.0101, z(0.95) ≈ 1.6449, horizon 21 days.
    const safety = 1.6448536 * Math.sqrt((400 / 99) * 21);
    expect(line.meanDailyDemand).toBeCloseTo(10, 10);
    expect(line.safetyStock).toBeCloseTo(safety, 4);
    expect(line.orderUpTo).toBe(Math.ceil(210 + safety));
    expect(line.recommendedQty).toBe(line.orderUpTo - 80);
    expect(line.reason).toMatch(/Order up to 226 = 21 days/);
  });

  it('orders nothing when the position covers the level, and says so', () => {
    const line = planBaseStock({ ...base, onHand: 400 });
    expect(line.recommendedQty).toBe(0);
    expect(line.reason).toMatch(/already covers/);
  });

  it('explains an item without sales instead of guessing', () => {
    const line = planBaseStock({ ...base, recentDailyUnits: new Float64Array(30) });
    expect(line.recommendedQty).toBe(0);
    expect(line.reason).toMatch(/No sales/);
  });

  it('applies case pack and MOQ after the policy and mentions them', () => {
    const line = planBaseStock({ ...base, orderMultiple: 48, moq: 200 });
    expect(line.recommendedQty % 48).toBe(0);
    expect(line.recommendedQty).toBeGreaterThanOrEqual(200);
    expect(line.reason).toMatch(/minimum order quantity/);
  });
});
