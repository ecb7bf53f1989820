import { addDays, daysBetween } from '../common/dates';
import { InventoryLanes, createOutcome, uniformCosts } from '../sim/inventoryLanes';
import { forecastTolerance, verdictFor, type OutcomeVerdict } from './rules';

/** One recommendation of a saved plan, with the actual daily sales since its plan date. */
export interface OutcomeInput {
  planDate: string;
  /** Whole days from placing an order to receiving it (0 = usable the same day). */
  leadTimeDays: number;
  /** Whole days between order opportunities (≥ 1). */
  reviewPeriodDays: number;
  /** On hand at the plan date. */
  onHand: number;
  /** Orders open at the plan date: `quantity` arrives `day` days after the plan date (0 = on it). */
  openOrderArrivals: { day: number; quantity: number }[];
  /** The quantity the plan settled on (override or skip included); it arrives after the lead time. */
  orderQty: number;
  /** The plan's forecast of demand over the window. */
  forecastDemand: number;
  meanDailyForecast: number;
  /**
   * Actual units sold per day from the plan date on, as far as the sales history reaches: shorter
   * than the window while the window is not covered yet. Extra days beyond the window are ignored.
   */
  dailySales: ArrayLike<number>;
}

export interface OutcomeFigures {
  windowFrom: string;
  windowTo: string;
  windowDays: number;
  coveredDays: number;
  verdict: OutcomeVerdict;
  /** The rest are null while pending. */
  actualDemand: number | null;
  /** Forecast − actual: positive when the forecast was too high. */
  forecastError: number | null;
  absoluteForecastError: number | null;
  /** Forecast error as a share of actual demand, in %; null when nothing sold. */
  forecastErrorPct: number | null;
  stockoutDays: number | null;
  firstStockoutDate: string | null;
  /** Units of demand the simulated on-hand could not serve. */
  lostUnits: number | null;
  /** Simulated on-hand at the end of the window. */
  endingStock: number | null;
  /** What the plan expected to have left: on hand + arrivals in the window + order − forecast (≥ 0). */
  expectedEndingStock: number | null;
  explanation: string;
}

/** Day (from the plan date) on which an open order arrives: its expected date, else after the lead time. */
export function arrivalDay(planDate: string, expectedDate: string | null, leadTimeDays: number): number {
  return expectedDate ? Math.max(0, daysBetween(planDate, expectedDate)) : leadTimeDays;
}

/** The window a recommendation was meant to cover: lead time + review period days from the plan date. */
export function outcomeWindow(planDate: string, leadTimeDays: number, reviewPeriodDays: number): { from: string; to: string; days: number } {
  const days = Math.max(0, Math.round(leadTimeDays)) + Math.max(1, Math.round(reviewPeriodDays));
  return { from: planDate, to: addDays(planDate, days - 1), days };
}

const fmt = (value: number): string => (Math.round(value * 10) / 10).toLocaleString('en-GB');
const errorPct = (value: number | null): string => (value === null ? '' : ` (forecast error ${value > 0 ? '+' : ''}${Math.round(value)} % of actual)`);

/**
 * What happened to one recommendation: actual demand against the forecast, and a day-by-day replay
 * of the item's on-hand over the window — the plan's on-hand, the open orders as they fall due, the
 * order arriving after the lead time, the actual sales served from stock and lost when it is empty
 * (the event convention of app/sim/inventoryLanes.ts: receive, order, serve). Pure.
 */
export function evaluateOutcome(input: OutcomeInput): OutcomeFigures {
  const leadTimeDays = Math.max(0, Math.round(input.leadTimeDays));
  const window = outcomeWindow(input.planDate, leadTimeDays, input.reviewPeriodDays);
  const coveredDays = Math.min(window.days, input.dailySales.length);
  const base = { windowFrom: window.from, windowTo: window.to, windowDays: window.days, coveredDays };
  if (coveredDays < window.days) {
    return {
      ...base,
      verdict: 'pending',
      actualDemand: null,
      forecastError: null,
      absoluteForecastError: null,
      forecastErrorPct: null,
      stockoutDays: null,
      firstStockoutDate: null,
      lostUnits: null,
      endingStock: null,
      expectedEndingStock: null,
      explanation: `Sales cover ${coveredDays} of the ${window.days} days this recommendation was meant to cover (to ${window.to}).`,
    };
  }
  const inWindow = input.openOrderArrivals.filter((arrival) => arrival.quantity > 0 && arrival.day < window.days);
  const latestArrival = inWindow.reduce((latest, arrival) => Math.max(latest, arrival.day), 0);
  const lanes = new InventoryLanes(1, Math.max(leadTimeDays, latestArrival));
  const costs = uniformCosts(1, { holdingCost: 0, stockoutCost: 0, lostSales: true });
  const period = createOutcome(1);
  lanes.reset(input.onHand + inWindow.filter((arrival) => arrival.day === 0).reduce((sum, arrival) => sum + arrival.quantity, 0));
  for (const arrival of inWindow) if (arrival.day > 0) lanes.schedule(0, arrival.day, arrival.quantity);
  const orderQty = Math.max(0, input.orderQty);
  const demand = new Float64Array(1);
  let actualDemand = 0;
  let stockoutDays = 0;
  let lostUnits = 0;
  let firstStockoutDay = -1;
  for (let day = 0; day < window.days; day++) {
    lanes.receive();
    if (day === 0) lanes.order(Float64Array.of(orderQty), Int32Array.of(leadTimeDays), costs);
    demand[0] = Math.max(0, Number(input.dailySales[day]) || 0);
    actualDemand += demand[0];
    lanes.serve(demand, costs, period);
    if (period.short[0] > 1e-9) {
      stockoutDays++;
      lostUnits += period.short[0];
      if (firstStockoutDay < 0) firstStockoutDay = day;
    }
  }
  const endingStock = lanes.onHand[0];
  const arriving = inWindow.reduce((sum, arrival) => sum + arrival.quantity, 0) + orderQty;
  const expectedEndingStock = Math.max(0, input.onHand + arriving - input.forecastDemand);
  const forecastError = input.forecastDemand - actualDemand;
  const forecastErrorPct = actualDemand > 0 ? (forecastError / actualDemand) * 100 : null;
  const verdict = verdictFor({
    forecastDemand: input.forecastDemand,
    meanDailyForecast: input.meanDailyForecast,
    reviewPeriodDays: window.days - leadTimeDays,
    actualDemand,
    stockoutDays,
    endingStock,
    expectedEndingStock,
  });
  const firstStockoutDate = firstStockoutDay >= 0 ? addDays(input.planDate, firstStockoutDay) : null;
  const demandText = `demand ${fmt(actualDemand)} against a forecast of ${fmt(input.forecastDemand)}${errorPct(forecastErrorPct)}`;
  const stockText = `ended with ${fmt(endingStock)} on hand where the plan expected ${fmt(expectedEndingStock)}`;
  const explanations: Record<Exclude<OutcomeVerdict, 'pending'>, string> = {
    stockout: `Ran out on ${stockoutDays} of ${window.days} days (first on ${firstStockoutDate}), ${fmt(lostUnits)} units of demand unmet; ${demandText}.`,
    overstock: `Overstock: ${stockText}; ${demandText}.`,
    'forecast-high': `Forecast too high: ${demandText}, beyond the noise of ±${fmt(forecastTolerance(input.forecastDemand))}; no stockout, ${stockText}.`,
    'forecast-low': `Forecast too low: ${demandText}, beyond the noise of ±${fmt(forecastTolerance(input.forecastDemand))}; stock still lasted, ${stockText}.`,
    ok: `As planned: ${demandText}; no stockout, ${stockText}.`,
  };
  return {
    ...base,
    verdict,
    actualDemand,
    forecastError,
    absoluteForecastError: Math.abs(forecastError),
    forecastErrorPct,
    stockoutDays,
    firstStockoutDate,
    lostUnits,
    endingStock,
    expectedEndingStock,
    explanation: explanations[verdict as Exclude<OutcomeVerdict, 'pending'>],
  };
}
