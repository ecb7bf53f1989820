import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { addDays, daysBetween, isIsoDate, toIsoDate } from '../../common/dates';
import { AppFailure } from '../../common/result';
import { toCsv } from '../../orders/csv';
import type { BacktestTaskOutput } from '../../plan/backtestTask';
import { createPlan } from '../../plan/createPlan';
import { economicsFor } from '../../plan/itemEconomics';
import { projectOnHand } from '../../plan/projection';
import { samplePaths, type FittedDemandModel } from '../../demand';
import { Rng } from '../../random/rng';
import type { PlanLineRecord, PlanRecord } from '../../store/plans';
import type { ApiContext } from '../context';
import { method } from '../define';

export interface PlanLineView extends PlanLineRecord {
  sku: string;
  description: string | null;
  supplier: string | null;
  unitCost: number | null;
  /** The quantity that will be ordered: the override when set, 0 when skipped. */
  finalQty: number;
}

export interface PlanView {
  plan: PlanRecord;
  lines: PlanLineView[];
}

const isoDate = z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD');

function planView(ctx: ApiContext, plan: PlanRecord): PlanView {
  const items = new Map(ctx.store.items.list().map((item) => [item.id, item]));
  const lines = ctx.store.plans.lines(plan.id).map((line) => {
    const item = items.get(line.itemId);
    return {
      ...line,
      sku: item?.sku ?? String(line.itemId),
      description: item?.description ?? null,
      supplier: item?.supplier ?? null,
      unitCost: item?.unitCost ?? null,
      finalQty: line.skipped ? 0 : (line.overrideQty ?? line.recommendedQty),
    };
  });
  lines.sort((a, b) => a.sku.localeCompare(b.sku));
  return { plan, lines };
}

export const plansHandlers = {
  'plans.create': method(
    z.object({ date: isoDate.optional(), budget: z.number().positive().nullable().optional() }).strict(),
    async (ctx, params): Promise<PlanView> => {
      const now = ctx.now();
      const created = await createPlan(ctx.store, {
        planDate: params.date ?? toIsoDate(now),
        budget: params.budget ?? null,
        createdAt: now.toISOString(),
      });
      return planView(ctx, ctx.store.plans.get(created.planId)!);
    },
  ),
  'plans.latest': method(z.object({}).strict(), (ctx): PlanView | null => {
    const plan = ctx.store.plans.latest();
    return plan ? planView(ctx, plan) : null;
  }),
  'plans.override': method(
    z
      .object({
        planId: z.number().int().positive(),
        itemId: z.number().int().positive(),
        quantity: z.number().min(0).max(1e9).nullable(),
        skipped: z.boolean(),
      })
      .strict(),
    (ctx, params): { updated: true } => {
      if (!ctx.store.plans.setOverride(params.planId, params.itemId, params.quantity, params.skipped)) {
        throw new AppFailure({ code: 'not-found', message: `Plan ${params.planId} has no line for item ${params.itemId}.` });
      }
      return { updated: true };
    },
  ),
  /** Replay the last weeks of real demand under each policy (refitted on the history before them). */
  'plans.backtest': method(
    z.object({ weeks: z.number().int().min(1).max(104), taskId: z.string().max(100).optional() }).strict(),
    (ctx, params): Promise<BacktestTaskOutput> => ctx.tasks.run('backtest', { dbPath: ctx.store.path, weeks: params.weeks, taskId: params.taskId ?? randomUUID() }, ctx.progress),
  ),
  /** "Why this quantity?": the line's numbers and projected stock with and without the order. */
  'plans.explain': method(z.object({ planId: z.number().int().positive(), itemId: z.number().int().positive() }).strict(), (ctx, params) => {
    const plan = ctx.store.plans.get(params.planId);
    const line = plan ? ctx.store.plans.lines(plan.id).find((entry) => entry.itemId === params.itemId) : undefined;
    const item = ctx.store.items.get(params.itemId);
    if (!plan || !line || !item) throw new AppFailure({ code: 'not-found', message: `Plan ${params.planId} has no line for item ${params.itemId}.` });
    const model = ctx.store.demandModels.current<FittedDemandModel, unknown>(item.id).get(item.id)?.model;
    const economics = economicsFor(item, ctx.store.settings.get());
    const days = Math.max(28, economics.leadTimeDays + 2 * economics.reviewPeriodDays + 14);
    const dates = Array.from({ length: days }, (_, day) => addDays(plan.planDate, day));
    if (!model) return { line, dates, withOrder: null, withoutOrder: null, note: 'No demand model: fit models to see the projected stock.' };
    const paths = 300;
    const demand = samplePaths(model, days, paths, new Rng(item.id * 7919 + 17), plan.planDate);
    const position = ctx.store.inventory.positions(plan.planDate).get(item.id);
    const arrivals = (position?.openOrders ?? []).map((order) => ({
      day: order.expectedDate ? Math.max(0, daysBetween(plan.planDate, order.expectedDate)) : economics.leadTimeDays,
      quantity: order.quantity,
    }));
    const quantity = line.skipped ? 0 : (line.overrideQty ?? line.recommendedQty);
    const base = { onHand: position?.onHand ?? line.onHand, arrivals, demand, paths, days };
    return {
      line,
      dates,
      withOrder: projectOnHand({ ...base, order: quantity > 0 ? { day: economics.leadTimeDays, quantity } : null }),
      withoutOrder: projectOnHand({ ...base, order: null }),
      note: `${paths} simulated demand paths of the fitted model; no further orders after today; the order arrives after the ${economics.leadTimeDays}-day lead time.`,
    };
  }),
  'plans.exportCsv': method(z.object({ planId: z.number().int().positive() }).strict(), (ctx, params) => {
    const plan = ctx.store.plans.latest();
    if (!plan || plan.id !== params.planId) {
      throw new AppFailure({ code: 'not-found', message: `Plan ${params.planId} is not the current plan; create a new plan and export that.` });
    }
    const view = planView(ctx, plan);
    const header = ['Item', 'Description', 'Supplier', 'On hand', 'On order', 'Inventory position', 'Recommended', 'Order quantity', 'Policy', 'Reason'];
    const rows = view.lines.map((line) => [
      line.sku, line.description ?? '', line.supplier ?? '', line.onHand, line.onOrder, line.inventoryPosition,
      line.recommendedQty, line.finalQty, line.policy, line.reason,
    ]);
    return { fileName: `replenish-plan-${plan.planDate}.csv`, content: toCsv([header, ...rows]) };
  }),
};
