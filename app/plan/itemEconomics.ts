import type { ItemSettings } from '../sim/itemSettings';
import type { ItemRow } from '../store/items';
import type { Settings } from '../store/settings';

/**
 * The costs and constraints of one item in daily periods, with the planner-wide defaults filled
 * in where the item master is silent — and a note for each default used, so the plan can say so.
 */
export interface ItemEconomics {
  leadTimeDays: number;
  reviewPeriodDays: number;
  /** Cost of holding one unit for one day. */
  holdingCostPerDay: number;
  /** Cost of one unit of demand that cannot be served (lost). */
  stockoutCostPerUnit: number;
  moq: number;
  orderMultiple: number;
  serviceLevel: number;
  /** True when the unit cost is unknown and costs are in units of the item's own cost. */
  relativeCosts: boolean;
  defaultsUsed: string[];
}

export function economicsFor(item: ItemRow, settings: Settings): ItemEconomics {
  const defaultsUsed: string[] = [];
  const pick = <T>(value: T | null, fallback: T, label: string): T => {
    if (value !== null && value !== undefined) return value;
    defaultsUsed.push(label);
    return fallback;
  };
  const unitCost = item.unitCost !== null && item.unitCost > 0 ? item.unitCost : 1;
  const holdingRate = pick(item.holdingCostRate, settings.defaultHoldingCostRate, 'holding-cost rate');
  const holdingCostPerDay = (unitCost * holdingRate) / 365;
  return {
    leadTimeDays: Math.max(0, Math.round(pick(item.leadTimeDays, settings.defaultLeadTimeDays, 'lead time'))),
    reviewPeriodDays: Math.max(1, Math.round(pick(item.reviewPeriodDays, settings.defaultReviewPeriodDays, 'review period'))),
    holdingCostPerDay,
    stockoutCostPerUnit: pick(item.stockoutPenalty, unitCost * settings.defaultStockoutPenaltyShare, 'stockout penalty'),
    moq: item.moq ?? 0,
    orderMultiple: item.orderMultiple ?? 1,
    serviceLevel: pick(item.serviceLevel, settings.defaultServiceLevel, 'service level'),
    relativeCosts: item.unitCost === null || item.unitCost <= 0,
    defaultsUsed,
  };
}

/** The item as the simulator sees it: daily periods, lost sales (a retail customer walks away). */
export function simulationItem(economics: ItemEconomics, initialOnHand = 0): ItemSettings {
  return {
    leadTimePeriods: economics.leadTimeDays,
    reviewPeriod: economics.reviewPeriodDays,
    holdingCost: economics.holdingCostPerDay,
    stockoutCost: economics.stockoutCostPerUnit,
    lostSales: true,
    orderingCost: 0,
    minimumOrderQuantity: economics.moq,
    orderMultiple: economics.orderMultiple,
    initialOnHand,
  };
}

/**
 * What every step of a plan reads about the catalogue — the settings and each item's master data —
 * read once per plan: each step used to read the whole item list again.
 */
export interface PlanCatalogue {
  settings: Settings;
  items: ReadonlyMap<number, ItemRow>;
}
