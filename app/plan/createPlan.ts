import type { Store } from '../store';
import type { PlanLineRecord } from '../store/plans';
import { addDays, daysBetween } from '../common/dates';
import type { SavedPolicy } from '../rl/checkpoint';
import type { StockPosition } from '../store/inventory';
import { itemContext } from '../training/contexts';
import { cataloguePolicyKind, type ItemComparison } from '../training/catalogue';
import type { PpoPlanInput } from './ppoQuantities';
import { allocateBudget } from './budget';
import { horizonDemand, type FittedDemandModel } from '../demand';
import { planBaseStock } from './baseStockPlan';
import { economicsFor, type PlanCatalogue } from './itemEconomics';
import { recommendFromTuned } from './recommend';
import { applySupplierMinimums, warnSuppliersBelowMinimum } from './supplierMinimum';
import { recordOutcomeBasis } from '../outcomes/planBasis';

/** Days of history the first planner looks at: half a year balances recency and noise. */
export const planningHistoryDays = 182;

export interface PlanOptions {
  /** The day the orders would be placed (YYYY-MM-DD). */
  planDate: string;
  budget: number | null;
  createdAt: string;
}

export interface CreatedPlan {
  planId: number;
  planDate: string;
  historyFrom: string | null;
  historyTo: string | null;
  warnings: string[];
}

/** Plan every item from the database and save the plan with its lines. */
export async function createPlan(store: Store, options: PlanOptions): Promise<CreatedPlan> {
  const settings = store.settings.get();
  const items = store.items.list();
  const catalogue: PlanCatalogue = { settings, items: new Map(items.map((item) => [item.id, item])) };
  const calendar = store.sales.calendar();
  const warnings: string[] = [];
  let historyFrom: string | null = null;
  let historyTo: string | null = null;
  const seriesByItem = new Map<number, Float64Array>();
  const models = store.demandModels.current<FittedDemandModel, unknown>();
  const tunedByItem = store.classicalPolicies.byItem();
  if (calendar.first && calendar.last) {
    historyTo = calendar.last < options.planDate ? calendar.last : addDays(options.planDate, -1);
    const from = addDays(historyTo, -(planningHistoryDays - 1));
    historyFrom = from > calendar.first ? from : calendar.first;
    // Only items without a fitted model and tuned policies fall back to the rule on recent history.
    const fallback = items.filter((item) => !models.has(item.id) || !tunedByItem.has(item.id)).map((item) => item.id);
    if (fallback.length > 0) {
      for (const series of store.sales.dailySeries(historyFrom, historyTo, fallback)) seriesByItem.set(series.itemId, series.units);
    }
    const staleDays = daysBetween(historyTo, options.planDate);
    if (staleDays > 31) warnings.push(`The newest sales data is from ${historyTo}, ${staleDays} days before the plan date: import recent sales.`);
  } else {
    warnings.push('No sales history has been imported yet.');
  }
  const positions = store.inventory.positions(options.planDate);
  if ([...positions.values()].every((position) => position.onHandAsOf === null) && items.length > 0) {
    warnings.push('No stock count has been imported: on-hand is taken as 0 for every item.');
  }
  if (models.size === 0 && items.length > 0) warnings.push('No demand models fitted yet: quantities use the service-level rule on recent history. Fit models for tuned policies.');
  const lines: PlanLineRecord[] = items.map((item) => {
    const position = positions.get(item.id) ?? { onHand: 0, onOrder: 0 };
    const model = models.get(item.id)?.model;
    const tuned = tunedByItem.get(item.id);
    if (model && tuned) {
      const economics = economicsFor(item, settings);
      const horizon = horizonDemand(model, economics.leadTimeDays + economics.reviewPeriodDays);
      const inventoryPosition = position.onHand + position.onOrder;
      const recommendation = recommendFromTuned(tuned, economics, inventoryPosition, horizon);
      if (recommendation) {
        return { itemId: item.id, ...recommendation, inventoryPosition, onHand: position.onHand, onOrder: position.onOrder, overrideQty: null, skipped: false };
      }
    }
    const result = planBaseStock({
      itemId: item.id,
      sku: item.sku,
      leadTimeDays: item.leadTimeDays ?? settings.defaultLeadTimeDays,
      reviewPeriodDays: item.reviewPeriodDays ?? settings.defaultReviewPeriodDays,
      serviceLevel: item.serviceLevel ?? settings.defaultServiceLevel,
      moq: item.moq,
      orderMultiple: item.orderMultiple,
      recentDailyUnits: seriesByItem.get(item.id) ?? new Float64Array(0),
      onHand: position.onHand,
      onOrder: position.onOrder,
    });
    return {
      itemId: item.id,
      policy: result.policy,
      recommendedQty: result.recommendedQty,
      classicalPolicy: result.policy,
      classicalQty: result.recommendedQty,
      inventoryPosition: result.inventoryPosition,
      onHand: result.onHand,
      onOrder: result.onOrder,
      reason: result.reason,
      details: {
        orderUpTo: result.orderUpTo,
        meanDailyDemand: result.meanDailyDemand,
        demandOverHorizon: result.demandOverHorizon,
        safetyStock: result.safetyStock,
        daysOfCoverAfterOrder: result.daysOfCoverAfterOrder,
      },
      overrideQty: null,
      skipped: false,
    };
  });
  await applyCataloguePolicy(store, catalogue, lines, models, positions, options.planDate, warnings);
  // Supplier minimum order values: after MOQ and case packs, before the budget (app/plan/supplierMinimum.ts).
  applySupplierMinimums(store, catalogue, lines, warnings);
  if (options.budget !== null) {
    applyBudget(catalogue, lines, options.budget, warnings);
    // The budget runs after the supplier minimums and can cut an order back under one: say so.
    warnSuppliersBelowMinimum(store, catalogue, lines, warnings);
  }
  // Lead time, review period and open orders as of today, so outcomes are judged on them later (app/outcomes).
  recordOutcomeBasis(lines, items, settings, positions);
  const planId = store.plans.save(
    { planDate: options.planDate, createdAt: options.createdAt, budget: options.budget, summary: { historyFrom, historyTo, warnings } },
    lines,
  );
  return { planId, planDate: options.planDate, historyFrom, historyTo, warnings };
}

/**
 * Where the trained catalogue policy beat the item's tuned classical policy beyond the noise (the
 * comparison stored with the policy), its quantity replaces the classical one; the classical
 * quantity stays beside it so the planner sees both.
 */
async function applyCataloguePolicy(
  store: Store,
  { settings, items }: PlanCatalogue,
  lines: PlanLineRecord[],
  models: Map<number, { model: FittedDemandModel }>,
  positions: Map<number, StockPosition>,
  planDate: string,
  warnings: string[],
): Promise<void> {
  const active = store.training.activePolicy<SavedPolicy>(cataloguePolicyKind);
  if (!active) return;
  const comparison = new Map(((active.metadata.comparison ?? []) as ItemComparison[]).map((row) => [row.itemId, row]));
  const chosen = lines.filter((line) => comparison.get(line.itemId)?.usePpo && models.has(line.itemId) && items.has(line.itemId));
  if (chosen.length === 0) return;
  const inputs: PpoPlanInput[] = chosen.map((line) => {
    const position = positions.get(line.itemId);
    return {
      itemId: line.itemId,
      context: itemContext(models.get(line.itemId)!.model, economicsFor(items.get(line.itemId)!, settings)),
      onHand: position?.onHand ?? 0,
      arrivals: (position?.openOrders ?? []).map((order) => ({
        daysFromNow: order.expectedDate ? daysBetween(planDate, order.expectedDate) : 1,
        quantity: order.quantity,
      })),
    };
  });
  let quantities: Map<number, number>;
  try {
    // Loaded only when a learned policy is in use: TensorFlow.js is large.
    const { ppoQuantities } = await import('./ppoQuantities');
    quantities = await ppoQuantities(active.saved, inputs);
  } catch (error) {
    warnings.push(`The trained policy could not be used (${(error as Error).message}); classical policies were used.`);
    return;
  }
  for (const line of chosen) {
    const quantity = quantities.get(line.itemId);
    if (quantity === undefined) continue;
    const row = comparison.get(line.itemId)!;
    line.classicalPolicy = line.policy;
    line.classicalQty = line.recommendedQty;
    line.policy = `ppo (catalogue v${active.version})`;
    line.recommendedQty = quantity;
    line.reason =
      `Order ${quantity} (learned policy). On this item's simulated demand it cost ${row.ppoCost.toFixed(3)}/day against ` +
      `${row.classicalCost.toFixed(3)}/day for the tuned ${row.classicalPolicy}, beyond the noise. Classical alternative: ` +
      line.reason;
    line.details = { ...line.details, ppoCostPerDay: row.ppoCost, classicalCostPerDay: row.classicalCost };
  }
}

/** Fit the plan's quantities into the budget (app/plan/budget.ts) and explain each cut. */
function applyBudget({ settings, items }: PlanCatalogue, lines: PlanLineRecord[], budget: number, warnings: string[]): void {
  const allocation = allocateBudget(
    lines.map((line) => {
      const item = items.get(line.itemId);
      return {
        itemId: line.itemId,
        recommendedQty: line.recommendedQty,
        unitCost: item?.unitCost ?? null,
        inventoryPosition: line.inventoryPosition,
        // Every planner fills details.meanDailyDemand (the rule on history and the tuned policies alike).
        meanDailyDemand: Number(line.details.meanDailyDemand ?? 0),
        orderMultiple: item?.orderMultiple ?? 1,
        moq: item?.moq ?? 0,
      };
    }),
    budget,
  );
  for (const line of lines) {
    const quantity = allocation.quantities.get(line.itemId) ?? line.recommendedQty;
    if (quantity === line.recommendedQty) continue;
    line.details = { ...line.details, beforeBudget: line.recommendedQty };
    line.reason += ` Budget: cut from ${line.recommendedQty} to ${quantity}; the budget went first to the items that would run out soonest.`;
    line.recommendedQty = quantity;
  }
  warnings.push(`Budget ${budget.toLocaleString('en-GB')} ${settings.currency}: ${Math.round(allocation.spent).toLocaleString('en-GB')} allocated.`);
  if (allocation.unvalued.length > 0) {
    warnings.push(`${allocation.unvalued.length} item${allocation.unvalued.length === 1 ? ' has' : 's have'} no unit cost: their quantities are outside the budget. Add unit costs to the item master.`);
  }
}
