import type { Store } from '../store';
import type { PlanLineRecord } from '../store/plans';
import { addDays, daysBetween } from '../common/dates';
import { horizonDemand, type FittedDemandModel } from '../demand';
import { planBaseStock } from './baseStockPlan';
import { economicsFor } from './itemEconomics';
import { recommendFromTuned } from './recommend';

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
export function createPlan(store: Store, options: PlanOptions): CreatedPlan {
  const settings = store.settings.get();
  const items = store.items.listWithStats();
  const calendar = store.sales.calendar();
  const warnings: string[] = [];
  let historyFrom: string | null = null;
  let historyTo: string | null = null;
  const seriesByItem = new Map<number, Float64Array>();
  if (calendar.first && calendar.last) {
    historyTo = calendar.last < options.planDate ? calendar.last : addDays(options.planDate, -1);
    const from = addDays(historyTo, -(planningHistoryDays - 1));
    historyFrom = from > calendar.first ? from : calendar.first;
    for (const series of store.sales.dailySeries(historyFrom, historyTo)) seriesByItem.set(series.itemId, series.units);
    const staleDays = daysBetween(historyTo, options.planDate);
    if (staleDays > 31) warnings.push(`The newest sales data is from ${historyTo}, ${staleDays} days before the plan date: import recent sales.`);
  } else {
    warnings.push('No sales history has been imported yet.');
  }
  const positions = store.inventory.positions(options.planDate);
  if ([...positions.values()].every((position) => position.onHandAsOf === null) && items.length > 0) {
    warnings.push('No stock count has been imported: on-hand is taken as 0 for every item.');
  }
  const models = store.demandModels.current<FittedDemandModel, unknown>();
  const tunedByItem = store.classicalPolicies.byItem();
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
  const planId = store.plans.save(
    { planDate: options.planDate, createdAt: options.createdAt, budget: options.budget, summary: { historyFrom, historyTo, warnings } },
    lines,
  );
  return { planId, planDate: options.planDate, historyFrom, historyTo, warnings };
}
