import { describe, expect, it } from 'vitest';
import { applyOrderConstraints } from '../../../app/plan/orderRounding';

describe('applyOrderConstraints (the final step after every policy)', () => {
  it('keeps nothing as nothing', () => {
    expect(applyOrderConstraints(0, 10, 6)).toEqual({ quantity: 0, steps: [] });
    expect(applyOrderConstraints(-4, 10, 6).quantity).toBe(0);
  });
  it('rounds fractional needs up to whole units', () => {
    expect(applyOrderConstraints(3.2, null, null)).toEqual({ quantity: 4, steps: [] });
  });
  it('rounds up to the case pack and explains it', () => {
    const order = applyOrderConstraints(13, null, 6);
    expect(order.quantity).toBe(18);
    expect(order.steps[0]).toMatch(/case pack of 6/);
  });
  it('lifts to the MOQ, itself rounded to the case pack', () => {
    expect(applyOrderConstraints(5, 20, null).quantity).toBe(20);
    expect(applyOrderConstraints(5, 20, 6).quantity).toBe(24);
    expect(applyOrderConstraints(30, 20, 6).quantity).toBe(30);
  });
});
