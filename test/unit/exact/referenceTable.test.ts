/**
 * Every row of the reference table (../shared/reference/lost_sales_optimal.csv) that fits in a
 * CI-sized run, reproduced to 4 decimals. Which rows run here and why:
 *  - lost sales, L = 1, 2, 3: optimal, best base-stock (S, cost), best capped base-stock (S, r, cost);
 *  - lost sales, L = 4: optimal and best base-stock (about a second each); the capped search at
 *    L = 4 evaluates dozens of policies (4–15 s per row), so here only for p = 4 and 9, and for all
 *    p in test/bench/exact.bench.ts;
 *  - backorders, all L: best base-stock and capped rows; the generic full-state solver for
 *    L = 1, 2, 3 (at L = 4 its backlog-side state space has 3.8 million states, ~10 s per row:
 *    bench only).
 */
import { loadReferenceTable, type ReferenceRow } from '../../helpers/referenceTable';
import { describe, expect, it } from 'vitest';
import { optimiseBaseStock, optimiseCappedBaseStock } from '../../../app/exact/baseStock';
import { poissonDemand } from '../../../app/exact/demandDistribution';
import { solveLostSalesBenchmark } from '../../../app/exact/lostSalesBenchmark';
import { solveOptimal } from '../../../app/exact/optimal';
import type { InventoryModel } from '../../../app/exact/stateSpace';



const rows = loadReferenceTable();
const demand = poissonDemand(5);
const model = (row: ReferenceRow): InventoryModel => ({
  leadTime: row.L,
  holding: 1,
  penalty: row.p,
  shortage: row.setting === 'backorder' ? 'backorder' : 'lost-sales',
  demand,
});
const label = (row: ReferenceRow): string => `${row.setting} L=${row.L} p=${row.p}`;

describe('reference table', () => {
  it('has the 32 rows of the Zipkin grid', () => {
    expect(rows).toHaveLength(32);
  });

  const lostSalesFull = rows.filter((row) => row.setting === 'lost_sales' && row.L <= 3);
  it.each(lostSalesFull.map((row) => [label(row), row] as const))('%s: optimal, base-stock and capped base-stock', (_, row) => {
    const result = solveLostSalesBenchmark({ leadTime: row.L, penalty: row.p, holding: 1, demand: 'poisson', mean: 5 });
    if (!result.ok) throw new Error(result.error.message);
    const [optimal, baseStock, capped] = result.value.results;
    expect(optimal.policy).toBe('optimal');
    expect(optimal.cost).toBeCloseTo(row.optimal, 4);
    expect(baseStock.params?.baseStockLevel).toBe(row.best_base_stock_S);
    expect(baseStock.cost).toBeCloseTo(row.base_stock_cost, 4);
    expect(capped.params?.baseStockLevel).toBe(row.capped_S);
    expect(capped.params?.orderCap).toBe(row.capped_r);
    expect(capped.cost).toBeCloseTo(row.capped_cost, 4);
  });

  const lostSalesLong = rows.filter((row) => row.setting === 'lost_sales' && row.L === 4);
  it.each(lostSalesLong.map((row) => [label(row), row] as const))('%s: optimal, base-stock and (p ≤ 9) capped base-stock', (_, row) => {
    const solution = solveOptimal(model(row));
    expect(solution.converged).toBe(true);
    expect(solution.averageCost).toBeCloseTo(row.optimal, 4);
    const baseStock = optimiseBaseStock(model(row));
    expect(baseStock.level).toBe(row.best_base_stock_S);
    expect(baseStock.cost).toBeCloseTo(row.base_stock_cost, 4);
    if (row.p <= 9) {
      const capped = optimiseCappedBaseStock(model(row));
      expect([capped.level, capped.cap]).toEqual([row.capped_S, row.capped_r]);
      expect(capped.cost).toBeCloseTo(row.capped_cost, 4);
    }
  });

  const backorders = rows.filter((row) => row.setting === 'backorder');
  it.each(backorders.map((row) => [label(row), row] as const))('%s: base-stock, capped (no cap) and, for L ≤ 3, the full-state optimum', (_, row) => {
    const baseStock = optimiseBaseStock(model(row));
    expect(baseStock.level).toBe(row.best_base_stock_S);
    expect(baseStock.cost).toBeCloseTo(row.base_stock_cost, 4);
    const capped = optimiseCappedBaseStock(model(row));
    expect(row.capped_r).toBe('inf');
    expect(capped.cap).toBeNull();
    expect(capped.level).toBe(row.capped_S);
    expect(capped.cost).toBeCloseTo(row.capped_cost, 4);
    if (row.L <= 3) {
      const solution = solveOptimal(model(row));
      expect(solution.converged).toBe(true);
      expect(solution.averageCost).toBeCloseTo(row.optimal, 4);
    }
  });
});
