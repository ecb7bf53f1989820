import type { ProgressSink } from '../api/progress';
import { addDays, daysBetween } from '../common/dates';
import { AppFailure } from '../common/result';
import { detectClosedDays, fitDemandModel, horizonDemand } from '../demand';
import { baseStockPolicy, cappedBaseStockPolicy } from '../policies/classical';
import type { TunedPolicy } from '../policies/tuning';
import { evaluatePolicy } from '../sim/evaluate';
import type { ReorderPolicy } from '../sim/policy';
import { openStore } from '../store';
import { economicsFor, simulationItem } from './itemEconomics';
import { tuneItemPolicies } from './tuneItem';
import type { SavedPolicy } from '../rl/checkpoint';
import type { ReplayItem } from './ppoReplay';
import { itemContext } from '../training/contexts';
import { cataloguePolicyKind } from '../training/catalogue';

export interface BacktestTaskInput {
  dbPath: string;
  weeks: number;
  taskId: string;
  seed?: number;
  /**
   * Learned policies to replay beside the classical ones. Default: the active catalogue policy, if any.
   * (Policy adoption passes the new and the current policy here.)
   */
  ppoPolicies?: { label: string; saved: SavedPolicy }[];
  /** Tune and replay the classical policies too (default true; adoption only needs the PPO rows). */
  classical?: boolean;
}

export interface BacktestPolicyResult {
  policy: string;
  parameters: Record<string, number>;
  cost: number;
  holdingCost: number;
  stockoutCost: number;
  fillRate: number;
  stockoutDays: number;
  averageStock: number;
  /** Demand over the window divided by the average stock, per year. */
  turns: number;
}

export interface BacktestItem {
  item: string;
  demand: number;
  startOnHand: number;
  policies: BacktestPolicyResult[];
}

export interface BacktestTaskOutput {
  window: { from: string; to: string; days: number };
  trainedThrough: string;
  items: BacktestItem[];
  /** Sum over items, per policy. */
  totals: { policy: string; cost: number; fillRate: number; stockoutDays: number; averageStock: number }[];
  notes: string[];
}

function policyFor(tuned: TunedPolicy): ReorderPolicy {
  const level = tuned.parameters.orderUpTo;
  return tuned.policy === 'capped-base-stock' ? cappedBaseStockPolicy([level], [tuned.parameters.cap]) : baseStockPolicy([level]);
}

/**
 * Replay the last N weeks of real demand under each policy. Honest by construction: models are
 * refitted and policies retuned on the history BEFORE the window only, so no policy has seen the
 * demand it is judged on. Every policy starts from the same stock: the forecast demand over lead
 * time + review period (or the stock count at the start of the window when there is one).
 */
export async function backtestTask(input: BacktestTaskInput, progress: ProgressSink, signal: AbortSignal): Promise<BacktestTaskOutput> {
  const store = openStore(input.dbPath);
  try {
    const range = store.sales.calendar();
    if (!range.first || !range.last) throw new AppFailure({ code: 'invalid-input', message: 'There is no sales history to replay: import sales first.' });
    const windowDays = input.weeks * 7;
    const windowStart = addDays(range.last, -(windowDays - 1));
    const trainingDays = daysBetween(range.first, windowStart);
    if (trainingDays < 56) {
      throw new AppFailure({ code: 'invalid-input', message: `Only ${trainingDays} days of history lie before the last ${input.weeks} weeks; at least 56 are needed to fit models. Use fewer weeks.` });
    }
    const settings = store.settings.get();
    const items = store.items.listWithStats();
    const allSeries = store.sales.dailySeries(range.first, range.last);
    const training = allSeries.map((series) => series.units.subarray(0, trainingDays));
    const calendar = detectClosedDays(training, range.first);
    if (!calendar.ok) throw new AppFailure(calendar.error);
    const positions = store.inventory.positions(windowStart);
    const results: BacktestItem[] = [];
    const active = input.ppoPolicies ? undefined : store.training.activePolicy<SavedPolicy>(cataloguePolicyKind);
    const ppoPolicies = input.ppoPolicies ?? (active ? [{ label: `ppo (v${active.version})`, saved: active.saved }] : []);
    const replayItems: ReplayItem[] = [];
    for (const [index, series] of allSeries.entries()) {
      if (signal.aborted) throw new AppFailure({ code: 'cancelled', message: 'Backtest cancelled.' });
      const item = items.find((candidate) => candidate.id === series.itemId);
      if (!item || item.totalUnits <= 0) continue;
      const fitted = fitDemandModel(training[index], { startDate: range.first, calendar: calendar.value });
      if (!fitted.ok) continue;
      const economics = economicsFor(item, settings);
      const tuned = input.classical === false ? [] : tuneItemPolicies(fitted.value.model, economics, (input.seed ?? 1) * 100_003 + item.id).policies;
      const snapshot = positions.get(item.id);
      const startOnHand =
        snapshot?.onHandAsOf ? snapshot.onHand : Math.round(horizonDemand(fitted.value.model, economics.leadTimeDays + economics.reviewPeriodDays).mean);
      const window = series.units.slice(trainingDays);
      const policies = tuned.map((policy): BacktestPolicyResult => {
        const evaluation = evaluatePolicy({
          items: [simulationItem(economics, startOnHand)],
          demand: { kind: 'history', history: [window] },
          policy: policyFor(policy),
          periods: window.length,
          warmUpPeriods: 0,
          seed: input.seed ?? 1,
        });
        if (!evaluation.ok) throw new AppFailure(evaluation.error);
        const report = evaluation.value.items[0];
        return {
          policy: policy.policy,
          parameters: policy.parameters,
          cost: report.meanCost * window.length,
          holdingCost: report.holdingCostPerPeriod * window.length,
          stockoutCost: report.stockoutCostPerPeriod * window.length,
          fillRate: report.fillRate,
          stockoutDays: report.stockoutPeriods,
          averageStock: report.averageOnHand,
          turns: report.averageOnHand > 0 ? (report.meanDemand * 365) / report.averageOnHand : 0,
        };
      });
      results.push({ item: item.sku, demand: window.reduce((sum, units) => sum + units, 0), startOnHand, policies });
      replayItems.push({ context: itemContext(fitted.value.model, economics), startOnHand, window });
      progress({ taskId: input.taskId, kind: 'backtest', phase: `item ${index + 1} of ${allSeries.length}`, done: index + 1, total: allSeries.length });
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (ppoPolicies.length > 0 && replayItems.length > 0) {
      // Loaded only when a learned policy is replayed: TensorFlow.js is large.
      const { replayPolicy } = await import('./ppoReplay');
      for (const { label, saved } of ppoPolicies) {
        progress({ taskId: input.taskId, kind: 'backtest', phase: `replaying ${label}`, done: allSeries.length, total: allSeries.length });
        const replayed = await replayPolicy(saved, replayItems);
        replayed.forEach((replay, index) => {
          if (!replay) return;
          results[index].policies.push({
            policy: label,
            parameters: {},
            cost: replay.cost,
            holdingCost: replay.holdingCost,
            stockoutCost: replay.stockoutCost,
            fillRate: replay.fillRate,
            stockoutDays: replay.stockoutDays,
            averageStock: replay.averageStock,
            turns: replay.averageStock > 0 ? (replay.meanDemand * 365) / replay.averageStock : 0,
          });
        });
      }
    }
    const totals = new Map<string, { cost: number; served: number; demand: number; stockoutDays: number; averageStock: number }>();
    for (const item of results) {
      for (const policy of item.policies) {
        const total = totals.get(policy.policy) ?? { cost: 0, served: 0, demand: 0, stockoutDays: 0, averageStock: 0 };
        total.cost += policy.cost;
        total.served += policy.fillRate * item.demand;
        total.demand += item.demand;
        total.stockoutDays += policy.stockoutDays;
        total.averageStock += policy.averageStock;
        totals.set(policy.policy, total);
      }
    }
    progress({ taskId: input.taskId, kind: 'backtest', phase: 'done', done: allSeries.length, total: allSeries.length, finished: true });
    return {
      window: { from: windowStart, to: range.last, days: windowDays },
      trainedThrough: addDays(windowStart, -1),
      items: results,
      totals: [...totals.entries()]
        .map(([policy, total]) => ({ policy, cost: total.cost, fillRate: total.demand > 0 ? total.served / total.demand : 1, stockoutDays: total.stockoutDays, averageStock: total.averageStock }))
        .sort((a, b) => a.cost - b.cost),
      notes: [
        `Models were fitted and policies tuned on sales up to ${addDays(windowStart, -1)} only.`,
        ...ppoPolicies
          .map(({ label }) => ({ label, count: results.filter((item) => item.policies.some((policy) => policy.policy === label)).length }))
          .filter(({ count }) => count < results.length)
          .map(({ label, count }) => `${label} was replayed on ${count} of ${results.length} items (the others' lead times exceed what the policy observes); its totals cover those items only.`),
        positions.size > 0 && [...positions.values()].some((position) => position.onHandAsOf) ? 'Starting stock: the stock count at the start of the window where there is one.' : 'No stock count at the start of the window: every policy starts with the forecast demand over lead time + review period on hand.',
      ],
    };
  } finally {
    store.close();
  }
}
