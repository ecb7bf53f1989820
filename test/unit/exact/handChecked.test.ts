import { describe, expect, it } from 'vitest';
import { PolicyEvaluator, optimiseBaseStock, optimiseCappedBaseStock } from '../../../app/exact/baseStock';
import { poissonDemand, tabulatedDemand } from '../../../app/exact/demandDistribution';
import { optimalOrderQuantity, solveOptimal } from '../../../app/exact/optimal';
import type { InventoryModel } from '../../../app/exact/stateSpace';

/*
 * L = 1, demand 0 or 1 with probability ½ each, h = 1, lost sales. State x = on-hand after the
 * arrival; the order z placed now arrives next period, so x' = max(x − D, 0) + z.
 * Period cost c(x) = h·E(x − D)⁺ + p·E(D − x)⁺:  c(0) = p/2,  c(1) = ½,  c(2) = 3/2,  c(3) = 5/2.
 *  - Base-stock S = 1 (order 1 − x): from 1 → 1 or 0 (½ each), from 0 → 1. Stationary π1 = ⅔,
 *    π0 = ⅓: cost ⅔·½ + ⅓·p/2 = ⅓ + p/6  (= 1.8333… for p = 9).
 *  - Base-stock S = 2 (order 2 − x): from 1 and from 2 → 2 or 1 (½ each): cost ½(½ + 3/2) = 1.
 *  - Base-stock S = 3: positions 2 and 3, cost ½(3/2 + 5/2) = 2.
 *  - Any policy that ever reaches x = 0 pays p/2 = 4.5 there; staying in {1, 2} costs at least the
 *    S = 2 chain (x = 1 must order 1, else it reaches 0 w.p. ½; x = 2 ordering anything reaches 3).
 * So for p = 9 the optimum is 1, attained by base-stock S = 2, whose largest order is 1 — a cap
 * r ≥ 1 never binds, so capped base-stock is plain base-stock.
 */
describe('hand-checkable L = 1, two-point demand', () => {
  const coin = tabulatedDemand([0.5, 0.5]);
  const lostSales: InventoryModel = { leadTime: 1, holding: 1, penalty: 9, shortage: 'lost-sales', demand: coin };

  it('base-stock costs match the stationary distributions worked out by hand', () => {
    const evaluator = new PolicyEvaluator(lostSales);
    expect(evaluator.baseStock(1)).toBeCloseTo(1 / 3 + 9 / 6, 8);
    expect(evaluator.baseStock(2)).toBeCloseTo(1, 8);
    expect(evaluator.baseStock(3)).toBeCloseTo(2, 8);
  });

  it('optimum 1 with policy "order 2 − x"; best base-stock S = 2; no cap helps', () => {
    const solution = solveOptimal(lostSales);
    expect(solution.converged).toBe(true);
    expect(Math.abs(solution.averageCost - 1)).toBeLessThanOrEqual(solution.span);
    expect(optimalOrderQuantity(solution, 1, [])).toBe(1);
    expect(optimalOrderQuantity(solution, 2, [])).toBe(0);
    expect(optimiseBaseStock(lostSales)).toEqual({ level: 2, cost: expect.closeTo(1, 8) });
    expect(optimiseCappedBaseStock(lostSales)).toEqual({ level: 2, cap: null, cost: expect.closeTo(1, 8) });
  });

  /*
   * Backorders with the same data, p = 4: base-stock S is optimal with cost G(S) = E[h (S − D2)⁺ +
   * p (D2 − S)⁺], D2 = two periods' demand ∈ {0, 1, 2} w.p. ¼, ½, ¼:
   *   G(0) = 4(½ + 2·¼) = 4,  G(1) = ¼·1 + 4·¼·1 = 5/4,  G(2) = ¼·2 + ½·1 = 1,  G(3) = 2.
   */
  it('backorders: the full-state solver finds G(2) = 1', () => {
    const backorders: InventoryModel = { leadTime: 1, holding: 1, penalty: 4, shortage: 'backorder', demand: coin };
    const evaluator = new PolicyEvaluator(backorders);
    expect([0, 1, 2, 3].map((s) => evaluator.baseStock(s))).toEqual([4, 1.25, 1, 2].map((v) => expect.closeTo(v, 12)));
    expect(solveOptimal(backorders).averageCost).toBeCloseTo(1, 7);
    expect(optimiseBaseStock(backorders).level).toBe(2);
  });
});

describe('optimal policy structure (lost sales, Poisson 5)', () => {
  const model: InventoryModel = { leadTime: 3, holding: 1, penalty: 9, shortage: 'lost-sales', demand: poissonDemand(5) };
  const solution = solveOptimal(model);

  it('order quantity is non-increasing in on-hand and in each pipeline entry, by at most 1 per unit', () => {
    let checked = 0;
    for (let q1 = 0; q1 <= 12; q1++) {
      for (let q2 = 0; q2 <= 12; q2++) {
        for (let x = 0; x + q1 + q2 < solution.space.positionMax; x++) {
          const here = optimalOrderQuantity(solution, x, [q1, q2]);
          const moreOnHand = optimalOrderQuantity(solution, x + 1, [q1, q2]);
          const moreOldest = optimalOrderQuantity(solution, x, [q1 + 1, q2]);
          const moreNewest = optimalOrderQuantity(solution, x, [q1, q2 + 1]);
          if (here === null || moreOnHand === null || moreOldest === null || moreNewest === null) throw new Error('state missing');
          for (const next of [moreOnHand, moreOldest, moreNewest]) {
            expect(next).toBeLessThanOrEqual(here);
            expect(here - next).toBeLessThanOrEqual(1);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('orders nothing at or above the position bound, and refuses states it cannot speak for', () => {
    expect(optimalOrderQuantity(solution, solution.space.positionMax + 5, [0, 0])).toBe(0);
    expect(optimalOrderQuantity(solution, 0, [0, 0])).toBeGreaterThan(0);
    expect(optimalOrderQuantity(solution, -1, [0, 0])).toBeNull();
    expect(optimalOrderQuantity(solution, 3, [1])).toBeNull();
    expect(optimalOrderQuantity(solution, 2.5, [0, 0])).toBeNull();
  });

  it('widening the state-space bound does not change the optimum or the policy on shared states', () => {
    const wider = solveOptimal(model, { boundMargin: 6 });
    expect(wider.space.size).toBeGreaterThan(solution.space.size);
    expect(Math.abs(wider.averageCost - solution.averageCost)).toBeLessThan(1e-8);
    for (let x = 0; x <= 20; x++) {
      expect(optimalOrderQuantity(wider, x, [3, 4])).toBe(optimalOrderQuantity(solution, x, [3, 4]));
    }
  });
});
