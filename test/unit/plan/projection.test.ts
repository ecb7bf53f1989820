import { describe, expect, it } from 'vitest';
import { projectOnHand } from '../../../app/plan/projection';

describe('projected on-hand with and without the order', () => {
  it('books arrivals and the order on their day and loses unmet demand', () => {
    // One path, 5 days of demand 4: start with 6, an open order of 3 on day 2, our order of 10 on day 3.
    const demand = Float64Array.of(4, 4, 4, 4, 4);
    const base = { onHand: 6, arrivals: [{ day: 2, quantity: 3 }], demand, paths: 1, days: 5 };
    const without = projectOnHand({ ...base, order: null });
    expect(without.median).toEqual([2, 0, 0, 0, 0]);
    expect(without.stockoutProbability).toBe(1);
    const withOrder = projectOnHand({ ...base, order: { day: 3, quantity: 10 } });
    expect(withOrder.median).toEqual([2, 0, 0, 6, 2]);
  });

  it('gives quantiles across paths and the share of paths that run out', () => {
    const demand = Float64Array.of(1, 1, 9, 9); // path 0: 1, 1; path 1: 9, 9
    const band = projectOnHand({ onHand: 10, arrivals: [], order: null, demand, paths: 2, days: 2 });
    expect(band.mean).toEqual([5, 4]);
    expect(band.low).toEqual([1, 0]);
    expect(band.high).toEqual([9, 8]);
    expect(band.stockoutProbability).toBe(0.5);
  });
});
