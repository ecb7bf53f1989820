/**
 * The dynamic programme and the simulator must describe the same system: here each DP transition
 * and period cost is replayed through InventoryLanes (the bookkeeping every simulation shares),
 * and the optimal policy is simulated on InventoryLanes to check its long-run cost.
 */
import { describe, expect, it } from 'vitest';
import { poissonDemand, tabulatedDemand } from '../../../app/exact/demandDistribution';
import { optimalOrderQuantity, solveOptimal } from '../../../app/exact/optimal';
import { periodCost, stateIndex, successorBase } from '../../../app/exact/stateSpace';
import type { InventoryModel } from '../../../app/exact/stateSpace';
import { Rng } from '../../../app/random/rng';
import { InventoryLanes, createOutcome, uniformCosts } from '../../../app/sim/inventoryLanes';

describe('DP transitions follow the InventoryLanes event convention', () => {
  for (const shortage of ['lost-sales', 'backorder'] as const) {
    it(`${shortage}, L = 3: successor state and expected period cost`, () => {
      const demand = tabulatedDemand([0.2, 0.3, 0.1, 0.4]);
      const model: InventoryModel = { leadTime: 3, holding: 1.5, penalty: 7, shortage, demand };
      const { space, orderUpToMin } = solveOptimal(model, { maxIterations: 1 });
      const costs = uniformCosts(1, { holdingCost: 1.5, stockoutCost: 7, lostSales: shortage === 'lost-sales' });
      const outcome = createOutcome(1);
      const pipeline = new Float64Array(2);
      let checked = 0;
      for (let s = 0; s < space.size; s += 7) {
        const x = space.onHand[s];
        const q1 = space.oldestOrder[s];
        const q2 = space.position[s] - x - q1;
        expect(stateIndex(space, x, [q1, q2])).toBe(s);
        let expectedCost = 0;
        for (let d = 0; d <= demand.maxDemand; d++) {
          const lowestOrder = Number.isFinite(orderUpToMin) ? Math.max(0, orderUpToMin - space.position[s]) : 0;
          const highestOrder = space.positionMax - space.position[s];
          const costs0: number[] = [];
          for (const z of new Set([lowestOrder, highestOrder])) {
            const lanes = new InventoryLanes(1, 3);
            lanes.reset(x);
            lanes.arrivals[1] = q1;
            lanes.arrivals[2] = q2;
            lanes.order(Float64Array.of(z), Int32Array.of(3), costs);
            lanes.serve(Float64Array.of(d), costs, outcome);
            // The order placed now cannot change this period's cost (it arrives L periods later).
            costs0.push(outcome.cost[0]);
            if (z === lowestOrder) expectedCost += demand.pmf[d] * outcome.cost[0];
            lanes.receive();
            lanes.pipeline(0, pipeline);
            const leftover = shortage === 'lost-sales' ? Math.max(x - d, 0) : x - d;
            expect(successorBase(space, s, leftover) + z).toBe(stateIndex(space, lanes.onHand[0], pipeline.subarray(0, 2)));
            checked++;
          }
          expect(new Set(costs0).size).toBe(1);
        }
        expect(periodCost(model, x)).toBeCloseTo(expectedCost, 12);
      }
      expect(checked).toBeGreaterThan(100);
    });
  }
});

describe('the optimal policy simulated on InventoryLanes', () => {
  it('lost sales L = 2, p = 9: simulated cost matches the exact 6.0936 within sampling error', () => {
    const model: InventoryModel = { leadTime: 2, holding: 1, penalty: 9, shortage: 'lost-sales', demand: poissonDemand(5) };
    const solution = solveOptimal(model);
    const lanesCount = 200;
    const lanes = new InventoryLanes(lanesCount, 2);
    const costs = uniformCosts(lanesCount, { holdingCost: 1, stockoutCost: 9, lostSales: true });
    const outcome = createOutcome(lanesCount);
    const orders = new Float64Array(lanesCount);
    const leadTimes = new Int32Array(lanesCount).fill(2);
    const demand = new Float64Array(lanesCount);
    const pipeline = new Float64Array(2);
    const rng = new Rng(20260501);
    const warmUp = 200;
    const periods = 3000;
    let total = 0;
    lanes.reset(0);
    for (let t = 0; t < warmUp + periods; t++) {
      lanes.receive();
      for (let i = 0; i < lanesCount; i++) {
        lanes.pipeline(i, pipeline);
        const order = optimalOrderQuantity(solution, lanes.onHand[i], pipeline.subarray(0, 1));
        if (order === null) throw new Error('state outside the solved space');
        orders[i] = order;
        demand[i] = rng.poisson(5);
      }
      lanes.order(orders, leadTimes, costs);
      lanes.serve(demand, costs, outcome);
      if (t >= warmUp) for (let i = 0; i < lanesCount; i++) total += outcome.cost[i];
    }
    const simulated = total / (lanesCount * periods);
    // 600,000 lane-periods: the standard error is about 0.01; 0.05 leaves room without hiding a bug.
    expect(Math.abs(simulated - solution.averageCost)).toBeLessThan(0.05);
    expect(solution.averageCost).toBeCloseTo(6.09364, 4);
  });
});
