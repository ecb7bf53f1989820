import { describe, expect, it } from 'vitest';
import { InventoryLanes, createOutcome, uniformCosts } from '../../../app/sim/inventoryLanes';

describe('InventoryLanes bookkeeping (reference event convention)', () => {
  it('delivers an order L periods later, before that period’s demand', () => {
    const lanes = new InventoryLanes(1, 2);
    const costs = uniformCosts(1, { holdingCost: 1, stockoutCost: 4, lostSales: true });
    const outcome = createOutcome(1);
    const lead = Int32Array.of(2);
    // t=0: nothing on hand, order 5, demand 3 → 3 lost, cost 12.
    lanes.receive();
    lanes.order(Float64Array.of(5), lead, costs);
    expect(lanes.inventoryPosition(0)).toBe(5);
    lanes.serve(Float64Array.of(3), costs, outcome);
    expect(Array.from(outcome.cost)).toEqual([12]);
    expect(Array.from(outcome.short)).toEqual([3]);
    // t=1: the order is still in the pipeline, one period from arriving.
    lanes.receive();
    const pipe = new Float64Array(2);
    lanes.pipeline(0, pipe);
    expect(Array.from(pipe)).toEqual([5, 0]);
    lanes.order(Float64Array.of(0), lead, costs);
    lanes.serve(Float64Array.of(1), costs, outcome);
    expect(outcome.cost[0]).toBe(4);
    // t=2: the order arrives, demand 2 is served, 3 left → holding cost 3.
    lanes.receive();
    expect(lanes.onHand[0]).toBe(5);
    lanes.order(Float64Array.of(0), lead, costs);
    lanes.serve(Float64Array.of(2), costs, outcome);
    expect(outcome.cost[0]).toBe(3);
    expect(outcome.served[0]).toBe(2);
    expect(lanes.onHand[0]).toBe(3);
  });

  it('backlogs unmet demand and charges per unit per period on backorder lanes', () => {
    const lanes = new InventoryLanes(1, 1);
    const costs = uniformCosts(1, { holdingCost: 1, stockoutCost: 9, lostSales: false });
    const outcome = createOutcome(1);
    const lead = Int32Array.of(1);
    lanes.receive();
    lanes.order(Float64Array.of(4), lead, costs);
    lanes.serve(Float64Array.of(2), costs, outcome);
    expect(lanes.onHand[0]).toBe(-2);
    expect(outcome.cost[0]).toBe(18);
    lanes.receive(); // 4 arrive: backlog of 2 is filled, 2 left
    expect(lanes.onHand[0]).toBe(2);
    lanes.order(Float64Array.of(0), lead, costs);
    lanes.serve(Float64Array.of(1), costs, outcome);
    expect(outcome.cost[0]).toBe(1);
  });

  it('charges the fixed ordering cost once per order and handles lead time 0', () => {
    const lanes = new InventoryLanes(2, 1);
    const costs = uniformCosts(2, { holdingCost: 0.5, stockoutCost: 4, orderingCost: 10, lostSales: true });
    const outcome = createOutcome(2);
    lanes.receive();
    lanes.order(Float64Array.of(6, 0), Int32Array.of(0, 0), costs);
    lanes.serve(Float64Array.of(2, 2), costs, outcome);
    expect(Array.from(outcome.cost)).toEqual([10 + 0.5 * 4, 4 * 2]);
  });

  it('rejects a lead time longer than the ring holds', () => {
    const lanes = new InventoryLanes(1, 1);
    const costs = uniformCosts(1, { holdingCost: 1, stockoutCost: 1, lostSales: true });
    expect(() => lanes.order(Float64Array.of(1), Int32Array.of(3), costs)).toThrow(RangeError);
  });
});
