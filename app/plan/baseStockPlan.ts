import { normalQuantile } from '../common/normal';
import { applyOrderConstraints } from './orderRounding';

/** Everything the planner needs to know about one item today. */
export interface PlanItemInput {
  itemId: number;
  sku: string;
  leadTimeDays: number;
  reviewPeriodDays: number;
  serviceLevel: number;
  moq: number | null;
  orderMultiple: number | null;
  /** Daily units of the recent history, oldest first, ending on the last day with data. */
  recentDailyUnits: Float64Array;
  onHand: number;
  onOrder: number;
}

export interface PlanLineResult {
  itemId: number;
  policy: string;
  recommendedQty: number;
  inventoryPosition: number;
  onHand: number;
  onOrder: number;
  orderUpTo: number;
  meanDailyDemand: number;
  demandOverHorizon: number;
  safetyStock: number;
  /** Days the inventory position covers after the order, at the mean daily demand. */
  daysOfCoverAfterOrder: number | null;
  reason: string;
}

/**
 * The textbook service-level base-stock rule (the reference the tuned and learned policies are
 * compared with): order up to the mean demand over lead time + review period plus a safety stock
 * of z·σ·√(L+R) for the target cycle service level, assuming independent days.
 */
export function planBaseStock(input: PlanItemInput): PlanLineResult {
  const history = input.recentDailyUnits;
  const inventoryPosition = input.onHand + input.onOrder;
  const base = { itemId: input.itemId, policy: 'base-stock (service level)', onHand: input.onHand, onOrder: input.onOrder, inventoryPosition };
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < history.length; i++) {
    sum += history[i];
    sumSquares += history[i] * history[i];
  }
  const days = history.length;
  if (days === 0 || sum <= 0) {
    return {
      ...base,
      recommendedQty: 0,
      orderUpTo: 0,
      meanDailyDemand: 0,
      demandOverHorizon: 0,
      safetyStock: 0,
      daysOfCoverAfterOrder: null,
      reason: 'No sales in the history used for planning: nothing to base an order on.',
    };
  }
  const mean = sum / days;
  const variance = days > 1 ? Math.max(0, (sumSquares - days * mean * mean) / (days - 1)) : 0;
  const horizonDays = input.leadTimeDays + input.reviewPeriodDays;
  const z = normalQuantile(input.serviceLevel);
  const demandOverHorizon = mean * horizonDays;
  const safetyStock = Math.max(0, z * Math.sqrt(variance * horizonDays));
  const orderUpTo = Math.ceil(demandOverHorizon + safetyStock);
  const raw = orderUpTo - inventoryPosition;
  const rounded = applyOrderConstraints(raw, input.moq, input.orderMultiple);
  const positionAfter = inventoryPosition + rounded.quantity;
  const percent = Math.round(input.serviceLevel * 1000) / 10;
  const fmt = (value: number): string => (Math.round(value * 10) / 10).toLocaleString('en-GB');
  let reason: string;
  if (raw <= 0) {
    reason =
      `Inventory position ${fmt(inventoryPosition)} already covers the order-up-to level ${fmt(orderUpTo)} ` +
      `(${horizonDays} days of demand at ${fmt(mean)}/day plus ${fmt(safetyStock)} safety stock for ${percent} % service): no order.`;
  } else {
    reason =
      `Order up to ${fmt(orderUpTo)} = ${horizonDays} days (lead time ${input.leadTimeDays} + review ${input.reviewPeriodDays}) ` +
      `of demand at ${fmt(mean)}/day (${fmt(demandOverHorizon)}) plus ${fmt(safetyStock)} safety stock for ${percent} % service; ` +
      `inventory position is ${fmt(inventoryPosition)}, so ${fmt(raw)} are needed` +
      (rounded.steps.length > 0 ? `, ${rounded.steps.join(', ')}.` : '.');
  }
  return {
    ...base,
    recommendedQty: rounded.quantity,
    orderUpTo,
    meanDailyDemand: mean,
    demandOverHorizon,
    safetyStock,
    daysOfCoverAfterOrder: mean > 0 ? positionAfter / mean : null,
    reason,
  };
}
