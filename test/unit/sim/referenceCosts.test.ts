/**
 * The simulator against the exact long-run costs of ../shared/reference/lost_sales_optimal.csv
 * (Poisson demand, mean 5, h = 1; the exact values come from value iteration, not from this code).
 * The rows below are copied from that file: L, p, best_base_stock_S, base_stock_cost, capped_S,
 * capped_r, capped_cost. 16 paths × 10,000 periods give a standard error of about 0.2 % of the
 * cost, small against the few-percent error a wrong event convention (an off-by-one lead time,
 * holding charged before demand) makes.
 */
import { describe, expect, it } from 'vitest';
import { baseStockPolicy, cappedBaseStockPolicy } from '../../../app/policies/classical';
import type { DemandSource } from '../../../app/sim/demandSource';
import { evaluatePolicy } from '../../../app/sim/evaluate';
import { referenceItem } from '../../../app/sim/itemSettings';
import type { ReorderPolicy } from '../../../app/sim/policy';

const lostSales: [number, number, number, number, number, number, number][] = [
  [1, 4, 12, 4.1628, 12, 6, 4.06542], [1, 9, 13, 5.54747, 14, 6, 5.48123], [1, 19, 15, 6.72779, 15, 8, 6.68775],
  [1, 39, 16, 7.86265, 16, 9, 7.84248], [2, 4, 16, 4.63864, 17, 5, 4.40573], [2, 9, 19, 6.31626, 19, 6, 6.11909],
  [2, 19, 21, 7.84217, 21, 7, 7.72086], [2, 39, 22, 9.19028, 22, 8, 9.13258], [3, 4, 20, 4.975, 21, 5, 4.63077],
  [3, 9, 23, 6.86403, 24, 6, 6.61644], [3, 19, 26, 8.60449, 26, 6, 8.40104], [3, 39, 28, 10.21763, 28, 7, 10.08526],
  [4, 4, 25, 5.19777, 26, 5, 4.79785], [4, 9, 28, 7.27093, 29, 5, 6.91228], [4, 19, 31, 9.23193, 31, 6, 8.95438],
  [4, 39, 33, 11.06229, 34, 6, 10.89261],
];
const backorder: [number, number, number, number][] = [[1, 9, 14, 5.86937], [2, 9, 20, 7.123], [3, 9, 26, 8.18643], [4, 9, 32, 9.15105]];

const demand: DemandSource = { kind: 'distribution', pathCount: 16, seed: 2026, items: [{ kind: 'poisson', mean: 5 }] };

function simulate(lead: number, penalty: number, policy: ReorderPolicy, lost = true): { meanCost: number; standardError: number } {
  const result = evaluatePolicy({ items: [referenceItem(lead, penalty, lost)], demand, policy, periods: 10_000, warmUpPeriods: 200, seed: 1 });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.items[0];
}

describe('simulated costs agree with the exact reference within 3 standard errors', () => {
  it.each(lostSales)('lost sales L=%i p=%i: base-stock S=%i and capped base-stock', (lead, penalty, S, baseCost, cappedS, cap, cappedCost) => {
    const base = simulate(lead, penalty, baseStockPolicy([S]));
    expect(base.standardError).toBeGreaterThan(0);
    expect(base.standardError).toBeLessThan(0.005 * baseCost);
    expect(Math.abs(base.meanCost - baseCost)).toBeLessThan(3 * base.standardError);
    const capped = simulate(lead, penalty, cappedBaseStockPolicy([cappedS], [cap]));
    expect(Math.abs(capped.meanCost - cappedCost)).toBeLessThan(3 * capped.standardError);
  });

  it.each(backorder)('backorders L=%i p=%i: base-stock S=%i', (lead, penalty, S, cost) => {
    const base = simulate(lead, penalty, baseStockPolicy([S]), false);
    expect(Math.abs(base.meanCost - cost)).toBeLessThan(3 * base.standardError);
  });
});
