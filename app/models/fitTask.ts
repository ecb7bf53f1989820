import type { ProgressSink } from '../api/progress';
import { AppFailure } from '../common/result';
import { detectClosedDays, fitAndEvaluate, type Accuracy, type DemandStats, type FittedDemandModel } from '../demand';
import { economicsFor } from '../plan/itemEconomics';
import { tuneItemPolicies } from '../plan/tuneItem';
import type { TunedPolicy } from '../policies/tuning';
import { openStore } from '../store';

export interface FitTaskInput {
  dbPath: string;
  /** SKUs to fit; every item with sales when absent. */
  items?: string[];
  holdoutWeeks?: number;
  taskId: string;
  now: string;
  seed?: number;
}

export interface FittedItem {
  item: string;
  itemId: number;
  model: 'smooth' | 'intermittent' | 'none';
  demandClass: DemandStats['demandClass'] | null;
  meanDaily: number | null;
  /** Hold-out accuracy (null when the history is too short; see note). */
  accuracy: Accuracy | null;
  note?: string;
  /** Classical policies tuned on the model, cheapest first (expected cost per day). */
  policies: { policy: string; parameters: Record<string, number>; meanCost: number; standardError: number }[];
}

export interface FitTaskOutput {
  calendar: { from: string; to: string; closedWeekdays: number[]; closedDays: number };
  items: FittedItem[];
}

/**
 * Fit the demand model of each item on the shared calendar (closed days found across all items),
 * measure it on a hold-out of the last weeks, and store it as the item's current model — in one
 * transaction, so a cancelled or failed fit leaves the previous models in place.
 */
export async function fitTask(input: FitTaskInput, progress: ProgressSink, signal: AbortSignal): Promise<FitTaskOutput> {
  const store = openStore(input.dbPath);
  try {
    const range = store.sales.calendar();
    if (!range.first || !range.last) throw new AppFailure({ code: 'invalid-input', message: 'There is no sales history to fit: import sales first.' });
    const items = store.items.listWithStats();
    const wanted = input.items ? new Set(input.items) : undefined;
    if (wanted) {
      const unknown = [...wanted].filter((sku) => !items.some((item) => item.sku === sku));
      if (unknown.length > 0) throw new AppFailure({ code: 'invalid-input', message: `Unknown item${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` });
    }
    const allSeries = store.sales.dailySeries(range.first, range.last);
    const calendar = detectClosedDays(allSeries.map((series) => series.units), range.first);
    if (!calendar.ok) throw new AppFailure(calendar.error);
    const seriesById = new Map(allSeries.map((series) => [series.itemId, series.units]));
    const targets = items.filter((item) => !wanted || wanted.has(item.sku));
    const results: FittedItem[] = [];
    const toSave: { itemId: number; model: FittedDemandModel; accuracy: Accuracy | null; note?: string; tuned: TunedPolicy[] }[] = [];
    const settings = store.settings.get();
    const started = Date.now();
    for (const [index, item] of targets.entries()) {
      if (signal.aborted) throw new AppFailure({ code: 'cancelled', message: 'Fitting cancelled: the previous models are unchanged.' });
      const series = seriesById.get(item.id);
      const evaluation = series && item.totalUnits > 0
        ? fitAndEvaluate(series, { startDate: range.first, calendar: calendar.value, holdoutWeeks: input.holdoutWeeks ?? 8, seed: input.seed ?? 1 })
        : undefined;
      if (!evaluation || !evaluation.ok) {
        results.push({ item: item.sku, itemId: item.id, model: 'none', demandClass: null, meanDaily: null, accuracy: null, policies: [], note: evaluation && !evaluation.ok ? evaluation.error.message : 'no sales history' });
      } else {
        const { model, stats, accuracy, accuracyNote } = evaluation.value;
        results.push({ item: item.sku, itemId: item.id, model: model.core.kind, demandClass: stats.demandClass, meanDaily: stats.meanDaily, accuracy, note: accuracyNote, policies: [] });
        // The yardsticks: classical policies tuned on this model's own sample paths.
        const { policies } = tuneItemPolicies(model, economicsFor(item, settings), (input.seed ?? 1) * 100_003 + item.id);
        toSave.push({ itemId: item.id, model, accuracy, note: accuracyNote, tuned: policies });
        results[results.length - 1].policies = policies.map(({ policy, parameters, meanCost, standardError }) => ({ policy, parameters, meanCost, standardError }));
      }
      if (index % 10 === 9 || index === targets.length - 1) {
        const elapsed = (Date.now() - started) / 1000;
        progress({ taskId: input.taskId, kind: 'fit', phase: `item ${index + 1} of ${targets.length}`, done: index + 1, total: targets.length, etaSeconds: (elapsed / (index + 1)) * (targets.length - index - 1) });
        // Let a worker's message port deliver a cancel between items.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    store.transaction(() => {
      for (const entry of toSave) {
        store.demandModels.save({ itemId: entry.itemId, fittedAt: input.now, modelKind: entry.model.core.kind, model: entry.model, accuracy: entry.accuracy ?? { note: entry.note }, dataThrough: range.last });
        for (const tuned of entry.tuned) {
          store.classicalPolicies.save({ itemId: entry.itemId, policy: tuned.policy, parameters: tuned.parameters, meanCost: tuned.meanCost, standardError: tuned.standardError, tunedAt: input.now });
        }
      }
    });
    progress({ taskId: input.taskId, kind: 'fit', phase: 'done', done: targets.length, total: targets.length, finished: true });
    const closedWeekdays = calendar.value.rule.closedWeekdays;
    return {
      calendar: { from: range.first, to: range.last, closedWeekdays, closedDays: calendar.value.closed.reduce((sum, day) => sum + day, 0) },
      items: results,
    };
  } finally {
    store.close();
  }
}
