import { economicsFor } from '../plan/itemEconomics';
import type { StockPosition } from '../store/inventory';
import type { ItemRow } from '../store/items';
import type { PlanLineRecord } from '../store/plans';
import type { Settings } from '../store/settings';

/**
 * What a recommendation assumed about time, saved with the plan line (`details.outcomeBasis`) so
 * that its outcome is judged on the lead time, review period and open orders of the plan date —
 * not on master data edited or orders received since.
 */
export interface OutcomeBasis {
  leadTimeDays: number;
  reviewPeriodDays: number;
  /** Orders open at the plan date, as they were then. */
  openOrders: { expectedDate: string | null; quantity: number }[];
}

/** Stamp every line with its outcome basis (called once by createPlan, before the plan is saved). */
export function recordOutcomeBasis(
  lines: PlanLineRecord[],
  items: readonly ItemRow[],
  settings: Settings,
  positions: ReadonlyMap<number, StockPosition>,
): void {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const line of lines) {
    const item = byId.get(line.itemId);
    if (!item) continue;
    const economics = economicsFor(item, settings);
    const basis: OutcomeBasis = {
      leadTimeDays: economics.leadTimeDays,
      reviewPeriodDays: economics.reviewPeriodDays,
      openOrders: (positions.get(line.itemId)?.openOrders ?? []).map((order) => ({ expectedDate: order.expectedDate, quantity: order.quantity })),
    };
    line.details = { ...line.details, outcomeBasis: basis };
  }
}

/**
 * The basis of a stored line. Plans saved before bases were recorded fall back to the item's
 * current lead time and review period, with everything on order arriving after the lead time.
 */
export function outcomeBasisOf(line: PlanLineRecord, item: ItemRow | undefined, settings: Settings): OutcomeBasis {
  const stored = line.details.outcomeBasis as Partial<OutcomeBasis> | undefined;
  if (
    stored &&
    typeof stored.leadTimeDays === 'number' &&
    typeof stored.reviewPeriodDays === 'number' &&
    Array.isArray(stored.openOrders) &&
    stored.openOrders.every((order) => typeof order?.quantity === 'number' && (order.expectedDate === null || typeof order.expectedDate === 'string'))
  ) {
    return { leadTimeDays: stored.leadTimeDays, reviewPeriodDays: stored.reviewPeriodDays, openOrders: stored.openOrders };
  }
  const economics = item
    ? economicsFor(item, settings)
    : { leadTimeDays: Math.max(0, Math.round(settings.defaultLeadTimeDays)), reviewPeriodDays: Math.max(1, Math.round(settings.defaultReviewPeriodDays)) };
  return {
    leadTimeDays: economics.leadTimeDays,
    reviewPeriodDays: economics.reviewPeriodDays,
    openOrders: line.onOrder > 0 ? [{ expectedDate: null, quantity: line.onOrder }] : [],
  };
}

/**
 * The plan's forecast of demand over the window. Every planner stores its own horizon forecast
 * (`forecastOverHorizon` for tuned policies, `demandOverHorizon` for the service-level rule) and
 * `meanDailyDemand`; the mean × window is the fallback.
 */
export function forecastOf(details: Record<string, unknown>, windowDays: number): { forecastDemand: number; meanDailyForecast: number } {
  const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const meanDaily = finite(details.meanDailyDemand);
  const horizon = finite(details.forecastOverHorizon) ?? finite(details.demandOverHorizon);
  const forecastDemand = Math.max(0, horizon ?? (meanDaily ?? 0) * windowDays);
  return { forecastDemand, meanDailyForecast: Math.max(0, meanDaily ?? forecastDemand / windowDays) };
}
