import { describe, expect, it } from 'vitest';
import { optimalOrderQuantity } from '../../../app/exact/optimal';
import { solveLostSalesBenchmark, solveLostSalesOptimalPolicy } from '../../../app/exact/lostSalesBenchmark';

describe('solveLostSalesBenchmark', () => {
  it('returns the `bench lost-sales --json` shape, with optimal ≤ capped ≤ base-stock', () => {
    const result = solveLostSalesBenchmark({ leadTime: 2, penalty: 9, demand: 'negbin', mean: 4, cv: 0.8 });
    if (!result.ok) throw new Error(result.error.message);
    const { instance, results } = result.value;
    expect(instance).toEqual({ leadTime: 2, penalty: 9, holding: 1, demand: 'negbin', mean: 4, cv: 0.8 });
    expect(results.map((r) => r.policy)).toEqual(['optimal', 'base-stock', 'capped-base-stock']);
    const [optimal, baseStock, capped] = results.map((r) => r.cost);
    expect(optimal).toBeLessThanOrEqual(capped + 1e-8);
    expect(capped).toBeLessThanOrEqual(baseStock + 1e-12);
    expect(optimal).toBeGreaterThan(0);
    expect(Number.isInteger(results[1].params?.baseStockLevel)).toBe(true);
    expect(JSON.parse(JSON.stringify(result.value))).toEqual(result.value);
  });

  it('solves only the policies asked for, and geometric demand with its implied cv', () => {
    const result = solveLostSalesBenchmark({ leadTime: 1, penalty: 4, demand: 'geometric', mean: 2 }, ['base-stock']);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.results.map((r) => r.policy)).toEqual(['base-stock']);
    expect(result.value.instance.cv).toBeCloseTo(Math.sqrt(6) / 2, 12);
  });

  it('reports bad or oversized instances as invalid input', () => {
    const cases = [
      solveLostSalesBenchmark({ leadTime: 0, penalty: 9 }),
      solveLostSalesBenchmark({ leadTime: 2.5, penalty: 9 }),
      solveLostSalesBenchmark({ leadTime: 2, penalty: -1 }),
      solveLostSalesBenchmark({ leadTime: 2, penalty: 9, demand: 'negbin', mean: 5 }),
      solveLostSalesBenchmark({ leadTime: 2, penalty: 9 }, ['ppo' as never]),
      solveLostSalesBenchmark({ leadTime: 8, penalty: 99, mean: 20 }),
    ];
    for (const result of cases) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-input');
    }
  });

  it('exposes the optimal policy for state-by-state comparison', () => {
    const solved = solveLostSalesOptimalPolicy({ leadTime: 2, penalty: 4 });
    if (!solved.ok) throw new Error(solved.error.message);
    expect(solved.value.averageCost).toBeCloseTo(4.3953, 4);
    // Empty system: order something; a full pipeline beyond the bound: order nothing.
    expect(optimalOrderQuantity(solved.value, 0, [0])).toBeGreaterThan(0);
    expect(optimalOrderQuantity(solved.value, 30, [0])).toBe(0);
  });
});
