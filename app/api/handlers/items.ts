import { z } from 'zod';
import { addDays, toIsoDate } from '../../common/dates';
import { AppFailure } from '../../common/result';
import { forecastMean, forecastQuantiles, samplePaths, type FittedDemandModel } from '../../demand';
import { Rng } from '../../random/rng';
import { abcXyzClasses, type AbcClass, type XyzClass } from '../../plan/classes';
import type { ItemWithStats } from '../../store/items';
import { method } from '../define';

/** Weeks of history in the list's sparkline. */
export const sparklineWeeks = 26;

export interface ItemSummary extends ItemWithStats {
  /** ABC by yearly demand value, XYZ by variability of weekly demand (app/plan/classes.ts). */
  abc: AbcClass;
  xyz: XyzClass;
  /** Units per week for the last `sparklineWeeks` weeks of data, oldest first. */
  weeklyUnits: number[];
  onHand: number;
  onHandAsOf: string | null;
  onOrder: number;
}

/** Weeks of forecast shown on an item's page. */
export const forecastWeeks = 8;

const masterPatch = z
  .object({
    description: z.string().max(500).nullable().optional(),
    supplier: z.string().min(1).max(200).nullable().optional(),
    unitCost: z.number().min(0).max(1e9).nullable().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code').nullable().optional(),
    leadTimeDays: z.number().min(0).max(730).nullable().optional(),
    leadTimeSpreadDays: z.number().min(0).max(365).nullable().optional(),
    moq: z.number().min(0).max(1e9).nullable().optional(),
    orderMultiple: z.number().min(1).max(1e9).nullable().optional(),
    holdingCostRate: z.number().min(0).max(5).nullable().optional(),
    stockoutPenalty: z.number().min(0).max(1e9).nullable().optional(),
    serviceLevel: z.number().gt(0).lt(1).nullable().optional(),
    reviewPeriodDays: z.number().int().min(1).max(365).nullable().optional(),
  })
  .strict();

export const itemsHandlers = {
  /** One item: master data, weekly sales history, the model's weekly forecast band, its policies. */
  'items.detail': method(z.object({ id: z.number().int().positive() }).strict(), (ctx, params) => {
    const item = ctx.store.items.get(params.id);
    if (!item) throw new AppFailure({ code: 'not-found', message: `Item ${params.id} does not exist.` });
    const calendar = ctx.store.sales.calendar();
    const history: { weekStart: string; units: number }[] = [];
    if (calendar.first && calendar.last) {
      const [series] = ctx.store.sales.dailySeries(calendar.first, calendar.last, [item.id]);
      series.units.forEach((units, day) => {
        const week = Math.floor(day / 7);
        history[week] ??= { weekStart: addDays(calendar.first!, week * 7), units: 0 };
        history[week].units += units;
      });
    }
    const stored = ctx.store.demandModels.current<FittedDemandModel, unknown>(item.id).get(item.id);
    let forecast: { weekStart: string; mean: number; low80: number; high80: number }[] = [];
    if (stored) {
      const days = forecastWeeks * 7;
      const paths = 400;
      const samples = samplePaths(stored.model, days, paths, new Rng(item.id));
      const weekly = new Float64Array(paths * forecastWeeks);
      for (let path = 0; path < paths; path++) for (let day = 0; day < days; day++) weekly[path * forecastWeeks + Math.floor(day / 7)] += samples[path * days + day];
      const [low, mid, high] = forecastQuantiles(weekly, paths, forecastWeeks, [0.1, 0.5, 0.9]);
      const mean = forecastMean(stored.model, days);
      forecast = Array.from({ length: forecastWeeks }, (_, week) => ({
        weekStart: addDays(stored.model.nextDate, week * 7),
        mean: mean.slice(week * 7, week * 7 + 7).reduce((sum, value) => sum + value, 0),
        median: mid[week],
        low80: low[week],
        high80: high[week],
      }));
    }
    return {
      item,
      history,
      forecast,
      model: stored ? { kind: stored.modelKind, fittedAt: stored.fittedAt, accuracy: stored.accuracy } : null,
      policies: (ctx.store.classicalPolicies.byItem().get(item.id) ?? []).map(({ policy, parameters, meanCost, standardError }) => ({ policy, parameters, meanCost, standardError })),
    };
  }),

  /** Edit master data (validated); unknown fields are refused, null clears a field. */
  'items.update': method(z.object({ id: z.number().int().positive(), changes: masterPatch }).strict(), (ctx, params) => {
    const item = ctx.store.items.get(params.id);
    if (!item) throw new AppFailure({ code: 'not-found', message: `Item ${params.id} does not exist.` });
    ctx.store.items.updateMaster(params.id, params.changes, ctx.now().toISOString());
    return ctx.store.items.get(params.id)!;
  }),

  'items.list': method(z.object({}).strict(), (ctx): { items: ItemSummary[]; dataThrough: string | null } => {
    const listed = ctx.store.items.listWithStatsThrough();
    const items = listed.items as ItemSummary[];
    const lastDay = listed.lastDay;
    const positions = ctx.store.inventory.positions(toIsoDate(ctx.now()));
    // Summed per week in SQL (one seek per item and week): reading the 182 days of every item
    // into JS cost several seconds at 50,000 items.
    const weekly = lastDay ? ctx.store.items.weeklyUnits(lastDay, sparklineWeeks) : new Map<number, number[]>();
    const classes = abcXyzClasses(
      items.map((item) => ({ itemId: item.id, yearlyValue: item.meanDailyUnits * 365 * (item.unitCost ?? 1), weeklyUnits: weekly.get(item.id) ?? [] })),
    );
    // The items are fresh objects of this call: completed in place rather than copied.
    for (const item of items) {
      const position = positions.get(item.id);
      const itemClass = classes.get(item.id)!;
      item.abc = itemClass.abc;
      item.xyz = itemClass.xyz;
      item.weeklyUnits = weekly.get(item.id) ?? [];
      item.onHand = position?.onHand ?? 0;
      item.onHandAsOf = position?.onHandAsOf ?? null;
      item.onOrder = position?.onOrder ?? 0;
    }
    return { dataThrough: lastDay, items };
  }),
};
