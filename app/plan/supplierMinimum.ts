import { applyOrderRules } from '../sim/itemSettings';
import type { Store } from '../store';
import type { PlanLineRecord } from '../store/plans';
import { economicsFor, type ItemEconomics, type PlanCatalogue } from './itemEconomics';

/**
 * The supplier's minimum order value, applied after MOQ and case packs and before the budget.
 *
 * When the plan's order to a supplier is worth less than the supplier's minimum, there are two
 * ways to comply, and the plan takes the cheaper one in expectation:
 *   - top up: add order steps (the MOQ for a line at 0, then one case pack or unit) one at a time,
 *     each to the line where it is cheapest to hold per unit of money added — the smallest
 *     holding cost per day × days the extra units would wait on the shelf before they sell
 *     ((inventory position + quantity + step / 2) / mean daily demand − lead time) — until the
 *     total reaches the minimum. Lines with no demand or no unit cost are never topped up.
 *   - defer: order nothing from this supplier now and order at the next review instead. Expected
 *     cost: the units each ordered line is expected to be short until an order placed one review
 *     period later arrives, max(0, mean daily demand × (lead time + review period) − inventory
 *     position), times its lost-sale cost.
 * The whole order is deferred when waiting costs less than the top-up's extra holding cost (or
 * when no line can be topped up); otherwise it is topped up. Both costs are expectations at mean
 * demand: a rule of thumb that the explanation of every changed line spells out, not an optimum.
 * A supplier whose ordered lines include one without a unit cost cannot be valued and is left
 * unchanged (with a warning).
 */
export interface SupplierMinimumLine
  extends Pick<ItemEconomics, 'leadTimeDays' | 'reviewPeriodDays' | 'holdingCostPerDay' | 'stockoutCostPerUnit' | 'moq' | 'orderMultiple'> {
  itemId: number;
  supplier: string | null;
  quantity: number;
  unitCost: number | null;
  inventoryPosition: number;
  meanDailyDemand: number;
}

export interface SupplierMinimumDecision {
  supplier: string;
  minimum: number;
  totalBefore: number;
  totalAfter: number;
  action: 'top-up' | 'defer' | 'unvalued';
  /** False when no line of the supplier can take a top-up (no demand or no unit cost). */
  canTopUp: boolean;
  /** Expected extra holding cost of the top-up (also computed when the order is deferred). */
  topUpCost: number;
  /** Expected lost-sale cost of waiting one review period. */
  waitingCost: number;
  /** New quantity of every line of the supplier whose quantity changed. */
  changes: Map<number, number>;
}

const value = (line: SupplierMinimumLine, quantity: number): number => quantity * (line.unitCost ?? 0);

/** The first order step of a line at 0 is its smallest allowed order; later steps are a case pack (or one unit). */
function nextStep(line: SupplierMinimumLine, current: number): number {
  const multiple = line.orderMultiple > 0 ? line.orderMultiple : 1;
  return current > 0 ? multiple : applyOrderRules(1, line.moq, multiple);
}

/** Extra holding cost of adding `step` units to a line already at `current`. */
function holdingCostOfStep(line: SupplierMinimumLine, current: number, step: number): number {
  const waitDays = Math.max(0, (line.inventoryPosition + current + step / 2) / line.meanDailyDemand - line.leadTimeDays);
  return step * line.holdingCostPerDay * waitDays;
}

/** Decide, per supplier below its minimum, between topping up and deferring. Pure. */
export function applySupplierMinimum(lines: readonly SupplierMinimumLine[], minimums: ReadonlyMap<string, number>): SupplierMinimumDecision[] {
  const bySupplier = new Map<string, SupplierMinimumLine[]>();
  for (const line of lines) {
    if (line.supplier === null || !((minimums.get(line.supplier) ?? 0) > 0)) continue;
    bySupplier.set(line.supplier, [...(bySupplier.get(line.supplier) ?? []), line]);
  }
  const decisions: SupplierMinimumDecision[] = [];
  for (const [supplier, group] of [...bySupplier.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const minimum = minimums.get(supplier)!;
    const ordered = group.filter((line) => line.quantity > 0);
    if (ordered.length === 0) continue;
    const base = { supplier, minimum, topUpCost: 0, waitingCost: 0 };
    if (ordered.some((line) => line.unitCost === null || !(line.unitCost > 0))) {
      decisions.push({ ...base, totalBefore: NaN, totalAfter: NaN, action: 'unvalued', canTopUp: false, changes: new Map() });
      continue;
    }
    const totalBefore = ordered.reduce((sum, line) => sum + value(line, line.quantity), 0);
    if (totalBefore >= minimum - 1e-9) continue;
    const quantities = new Map(group.map((line) => [line.itemId, line.quantity]));
    const candidates = group.filter((line) => line.unitCost !== null && line.unitCost > 0 && line.meanDailyDemand > 0);
    let total = totalBefore;
    let topUpCost = 0;
    while (total < minimum - 1e-9 && candidates.length > 0) {
      let best: { line: SupplierMinimumLine; step: number; cost: number; costPerMoney: number } | undefined;
      for (const line of candidates) {
        const current = quantities.get(line.itemId)!;
        const step = nextStep(line, current);
        const cost = holdingCostOfStep(line, current, step);
        const costPerMoney = cost / value(line, step);
        if (!best || costPerMoney < best.costPerMoney - 1e-12 || (Math.abs(costPerMoney - best.costPerMoney) <= 1e-12 && line.itemId < best.line.itemId)) {
          best = { line, step, cost, costPerMoney };
        }
      }
      const chosen = best!;
      quantities.set(chosen.line.itemId, quantities.get(chosen.line.itemId)! + chosen.step);
      total += value(chosen.line, chosen.step);
      topUpCost += chosen.cost;
    }
    const waitingCost = ordered.reduce(
      (sum, line) => sum + Math.max(0, line.meanDailyDemand * (line.leadTimeDays + line.reviewPeriodDays) - line.inventoryPosition) * line.stockoutCostPerUnit,
      0,
    );
    const canTopUp = total >= minimum - 1e-9;
    const defer = !canTopUp || waitingCost < topUpCost;
    const changes = new Map<number, number>();
    for (const line of group) {
      const after = defer ? 0 : quantities.get(line.itemId)!;
      if (after !== line.quantity) changes.set(line.itemId, after);
    }
    decisions.push({ supplier, minimum, totalBefore, totalAfter: defer ? 0 : total, action: defer ? 'defer' : 'top-up', canTopUp, topUpCost, waitingCost, changes });
  }
  return decisions;
}

const money = (amount: number): string => amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The sentence each changed line's reason gets. */
export function supplierMinimumExplanation(decision: SupplierMinimumDecision, before: number, after: number, currency: string): string {
  const below = `${decision.supplier}'s order came to ${money(decision.totalBefore)} ${currency}, below its minimum order value of ${money(decision.minimum)} ${currency}`;
  if (decision.action === 'defer') {
    const why = decision.canTopUp
      ? `waiting a review period risks about ${money(decision.waitingCost)} ${currency} of lost sales, less than the ${money(decision.topUpCost)} ${currency} it would cost to hold a top-up to the minimum`
      : 'no line of this supplier can be topped up (none has both demand and a unit cost)';
    return ` Supplier minimum: ${below}; the whole order is deferred to the next review (${after} instead of ${before}): ${why}.`;
  }
  return (
    ` Supplier minimum: ${below}; topped up from ${before} to ${after}, on the lines that are cheapest to hold more of ` +
    `(the top-up costs about ${money(decision.topUpCost)} ${currency} to hold, waiting would risk about ${money(decision.waitingCost)} ${currency} of lost sales).`
  );
}

/** The plan step: apply every supplier's minimum to the plan's lines and explain each change. */
export function applySupplierMinimums(store: Store, { settings, items }: PlanCatalogue, lines: PlanLineRecord[], warnings: string[]): void {
  const minimums = store.suppliers.minimumOrderValues();
  if (minimums.size === 0) return;
  const inputs: SupplierMinimumLine[] = lines.flatMap((line) => {
    const item = items.get(line.itemId);
    if (!item) return [];
    const economics = economicsFor(item, settings);
    return [{
      itemId: line.itemId,
      supplier: item.supplier,
      quantity: line.recommendedQty,
      unitCost: item.unitCost,
      inventoryPosition: line.inventoryPosition,
      // Every planner fills details.meanDailyDemand (the rule on history and the tuned policies alike).
      meanDailyDemand: Number(line.details.meanDailyDemand ?? 0),
      leadTimeDays: economics.leadTimeDays,
      reviewPeriodDays: economics.reviewPeriodDays,
      holdingCostPerDay: economics.holdingCostPerDay,
      stockoutCostPerUnit: economics.stockoutCostPerUnit,
      moq: economics.moq,
      orderMultiple: economics.orderMultiple,
    }];
  });
  const byItem = new Map(lines.map((line) => [line.itemId, line]));
  for (const decision of applySupplierMinimum(inputs, minimums)) {
    if (decision.action === 'unvalued') {
      warnings.push(`${decision.supplier} has a minimum order value, but some of its ordered items have no unit cost: the minimum was not checked. Add unit costs to the item master.`);
      continue;
    }
    for (const [itemId, after] of decision.changes) {
      const line = byItem.get(itemId)!;
      line.details = { ...line.details, beforeSupplierMinimum: line.recommendedQty };
      line.reason += supplierMinimumExplanation(decision, line.recommendedQty, after, settings.currency);
      line.recommendedQty = after;
    }
    warnings.push(
      decision.action === 'defer'
        ? `${decision.supplier}: order of ${money(decision.totalBefore)} ${settings.currency} is below the minimum ${money(decision.minimum)} ${settings.currency}; deferred to the next review.`
        : `${decision.supplier}: order of ${money(decision.totalBefore)} ${settings.currency} is below the minimum ${money(decision.minimum)} ${settings.currency}; topped up to ${money(decision.totalAfter)} ${settings.currency}.`,
    );
  }
}

/**
 * Suppliers whose order, after the budget step, is above nothing but below their minimum order value
 * (the budget runs after the minimum and may cut a topped-up order back). Pure: quantities and costs in.
 * Lines without a unit cost are left out (they are outside the budget, and their value is unknown).
 */
export function suppliersBelowMinimum(
  lines: ReadonlyArray<{ supplier: string | null; quantity: number; unitCost: number | null }>,
  minimums: ReadonlyMap<string, number>,
): Array<{ supplier: string; total: number; minimum: number }> {
  const totals = new Map<string, number>();
  for (const line of lines) {
    if (line.supplier === null || line.unitCost === null || !minimums.has(line.supplier)) continue;
    totals.set(line.supplier, (totals.get(line.supplier) ?? 0) + line.quantity * line.unitCost);
  }
  return [...totals]
    .filter(([supplier, total]) => total > 0 && total < minimums.get(supplier)! - 1e-9)
    .map(([supplier, total]) => ({ supplier, total, minimum: minimums.get(supplier)! }));
}

/** After the budget: warn about every supplier the budget pushed back under its minimum order value. */
export function warnSuppliersBelowMinimum(store: Store, { settings, items }: PlanCatalogue, lines: PlanLineRecord[], warnings: string[]): void {
  const minimums = store.suppliers.minimumOrderValues();
  if (minimums.size === 0) return;
  const currency = settings.currency;
  const below = suppliersBelowMinimum(
    lines.map((line) => ({ supplier: items.get(line.itemId)?.supplier ?? null, quantity: line.recommendedQty, unitCost: items.get(line.itemId)?.unitCost ?? null })),
    minimums,
  );
  for (const { supplier, total, minimum } of below) {
    warnings.push(`${supplier}: after the budget the order is ${money(total)} ${currency}, below its minimum order value of ${money(minimum)} ${currency}. Raise the budget, or skip this supplier's lines until the next review.`);
  }
}
