/**
 * Fit the plan into a total budget by marginal value, not by cutting every line by the same share.
 *
 * The money goes one order step (a case pack, or one unit) at a time to the item whose stock and
 * orders would cover the fewest days of demand at that moment — the item whose next unit most
 * reduces the risk of running out — until the budget is spent or every item has its recommended
 * quantity. MOQs are respected: an item gets either nothing or at least its MOQ.
 */
export interface BudgetLine {
  itemId: number;
  recommendedQty: number;
  /** Money per unit; lines without a cost cannot be valued and keep their quantity, outside the budget. */
  unitCost: number | null;
  inventoryPosition: number;
  meanDailyDemand: number;
  orderMultiple: number;
  moq: number;
}

export interface BudgetAllocation {
  quantities: Map<number, number>;
  spent: number;
  /** Lines whose value is unknown (no unit cost): kept as recommended and not counted. */
  unvalued: number[];
}

export function allocateBudget(lines: BudgetLine[], budget: number): BudgetAllocation {
  const quantities = new Map<number, number>();
  const unvalued: number[] = [];
  const candidates = lines.filter((line) => {
    if (line.recommendedQty <= 0) {
      quantities.set(line.itemId, 0);
      return false;
    }
    if (line.unitCost === null || !(line.unitCost > 0)) {
      quantities.set(line.itemId, line.recommendedQty);
      unvalued.push(line.itemId);
      return false;
    }
    quantities.set(line.itemId, 0);
    return true;
  });
  let remaining = budget;
  const cover = (line: BudgetLine): number => (line.inventoryPosition + quantities.get(line.itemId)!) / Math.max(line.meanDailyDemand, 1e-9);
  for (;;) {
    let best: BudgetLine | undefined;
    let bestStep = 0;
    for (const line of candidates) {
      const current = quantities.get(line.itemId)!;
      if (current >= line.recommendedQty) continue;
      const multiple = Math.max(1, line.orderMultiple);
      // The first step of a line must reach its MOQ; later steps are one case pack.
      const step = current === 0 ? Math.max(multiple, Math.ceil(line.moq / multiple) * multiple) : multiple;
      const units = Math.min(step, line.recommendedQty - current);
      if (units * line.unitCost! > remaining + 1e-9) continue;
      if (!best || cover(line) < cover(best)) {
        best = line;
        bestStep = units;
      }
    }
    if (!best) break;
    quantities.set(best.itemId, quantities.get(best.itemId)! + bestStep);
    remaining -= bestStep * best.unitCost!;
  }
  return { quantities, spent: budget - remaining, unvalued };
}
