import { addDays } from '../common/dates';
import type { Store } from '../store';
import type { OutcomeRecord, PlanHeader } from '../store/outcomes';
import { arrivalDay, evaluateOutcome, outcomeWindow } from './evaluate';
import { forecastOf, outcomeBasisOf } from './planBasis';

export interface RefreshOptions {
  /** ISO timestamp stored with each outcome (the caller's clock). */
  now: string;
  /** Recompute every evaluated plan. Otherwise only the plans whose outcomes may have changed: */
  full?: boolean;
  /**
   * — those with a missing or pending outcome, and those with a window reaching this day (the
   * first day of an import: sales from it on may have changed).
   */
  changedFrom?: string | null;
}

export interface RefreshResult {
  /** Plans evaluated (after the selection rule) and how many of them were recomputed. */
  plans: number;
  recomputed: number;
  outcomes: number;
  pending: number;
  /** Outcome rows dropped because their plan is no longer the one evaluated for its date. */
  removed: number;
  salesThrough: string | null;
}

/**
 * Which saved plans are judged: one per plan date — the newest plan of that date that was turned
 * into purchase orders, else the newest plan of that date. Re-planning the same day replaces
 * a draft; judging every draft would count one decision several times.
 */
export function plansToEvaluate(plans: readonly PlanHeader[]): PlanHeader[] {
  const chosen = new Map<string, PlanHeader>();
  const rank = (plan: PlanHeader): [number, number] => [plan.status === 'ordered' ? 1 : 0, plan.id];
  for (const plan of plans) {
    const current = chosen.get(plan.planDate);
    if (!current) {
      chosen.set(plan.planDate, plan);
      continue;
    }
    const [orderedA, idA] = rank(plan);
    const [orderedB, idB] = rank(current);
    if (orderedA > orderedB || (orderedA === orderedB && idA > idB)) chosen.set(plan.planDate, plan);
  }
  return [...chosen.values()].sort((a, b) => a.id - b.id);
}

/**
 * Bring the stored outcomes up to date with the sales history: evaluate every line of every chosen
 * plan (app/outcomes/evaluate.ts) and replace that plan's stored outcomes. One transaction.
 */
export function refreshOutcomes(store: Store, options: RefreshOptions): RefreshResult {
  return store.transaction(() => {
    const salesThrough = store.sales.calendar().last;
    const settings = store.settings.get();
    const items = new Map(store.items.list().map((item) => [item.id, item]));
    const plans = plansToEvaluate(store.outcomes.planHeaders());
    const removed = store.outcomes.keepOnlyPlans(plans.map((plan) => plan.id));
    let recomputed = 0;
    let outcomes = 0;
    let pending = 0;
    for (const plan of plans) {
      const stored = store.outcomes.completeness(plan.id);
      if (!options.full && unchanged(stored, options.changedFrom ?? null)) {
        outcomes += stored.outcomes;
        continue;
      }
      const lines = store.plans.lines(plan.id);
      const prepared = lines.map((line) => {
        const basis = outcomeBasisOf(line, items.get(line.itemId), settings);
        return { line, basis, window: outcomeWindow(plan.planDate, basis.leadTimeDays, basis.reviewPeriodDays) };
      });
      const longest = prepared.reduce((days, entry) => Math.max(days, entry.window.days), 0);
      const through = salesThrough && salesThrough >= plan.planDate ? minDate(salesThrough, addDays(plan.planDate, longest - 1)) : null;
      const sales = new Map<number, Float64Array>();
      if (through && lines.length > 0) {
        for (const series of store.sales.dailySeries(plan.planDate, through, lines.map((line) => line.itemId))) sales.set(series.itemId, series.units);
      }
      const rows = prepared.map(({ line, basis, window }): OutcomeRecord => {
        const orderedQty = line.skipped ? 0 : (line.overrideQty ?? line.recommendedQty);
        const forecast = forecastOf(line.details, window.days);
        const figures = evaluateOutcome({
          planDate: plan.planDate,
          leadTimeDays: basis.leadTimeDays,
          reviewPeriodDays: basis.reviewPeriodDays,
          onHand: line.onHand,
          openOrderArrivals: basis.openOrders.map((order) => ({ day: arrivalDay(plan.planDate, order.expectedDate, basis.leadTimeDays), quantity: order.quantity })),
          orderQty: orderedQty,
          ...forecast,
          dailySales: sales.get(line.itemId) ?? new Float64Array(0),
        });
        return {
          planId: plan.id,
          itemId: line.itemId,
          planDate: plan.planDate,
          policy: line.policy,
          recommendedQty: line.recommendedQty,
          orderedQty,
          forecastDemand: forecast.forecastDemand,
          computedAt: options.now,
          ...figures,
        };
      });
      store.outcomes.replaceForPlan(plan.id, rows);
      recomputed++;
      outcomes += rows.length;
      pending += rows.filter((row) => row.verdict === 'pending').length;
    }
    return { plans: plans.length, recomputed, outcomes, pending, removed, salesThrough };
  });
}

/**
 * A plan needs no recomputation when every line has a final outcome and every window ends before
 * the first changed day (if any). A plan's lines and windows never change once saved; planner
 * overrides are made while a plan is current, when its outcomes are still pending (`full` catches
 * any later one).
 */
function unchanged(stored: { lines: number; outcomes: number; pending: number; lastWindowTo: string | null }, changedFrom: string | null): boolean {
  if (stored.lines === 0 || stored.outcomes !== stored.lines || stored.pending > 0) return false;
  return changedFrom === null || (stored.lastWindowTo !== null && stored.lastWindowTo < changedFrom);
}

const minDate = (a: string, b: string): string => (a < b ? a : b);

/**
 * The import's hook: after a sales import has committed, recompute the outcomes its days may have
 * changed. The import stands whatever happens here; a failure comes back as a warning (the
 * outcomes can be refreshed on demand later).
 */
export function refreshOutcomesAfterImport(store: Store, changedFrom: string | null, now: string): string | null {
  try {
    // An import without dates (nothing new) still completes outcomes of plans made since the last refresh.
    refreshOutcomes(store, { now, changedFrom });
    return null;
  } catch (error) {
    return `The outcomes of past recommendations could not be updated (${(error as Error).message}); refresh them with \`replenish outcomes\`.`;
  }
}
