import { AppFailure } from '../common/result';
import { selectBackend } from '../rl/backend';
import { loadPolicy, type SavedPolicy } from '../rl/checkpoint';
import type { LaneContext } from '../rl/context';
import { VectorEnvironment } from '../rl/environment';

export interface ReplayItem {
  context: LaneContext;
  /** Stock on hand at the start of the window (no orders in transit). */
  startOnHand: number;
  /** Recorded daily demand of the window. */
  window: ArrayLike<number>;
}

export interface ReplayResult {
  cost: number;
  holdingCost: number;
  stockoutCost: number;
  fillRate: number;
  stockoutDays: number;
  /** Mean end-of-day stock on hand. */
  averageStock: number;
  meanDemand: number;
}

/**
 * Replay real demand under a trained PPO policy (the backtest's PPO rows): all items step together in
 * one environment, each from its starting stock, with greedy actions and the same final ordering step
 * as in planning. The window's demand replaces the simulator's draws; lost sales are charged per unit
 * short and holding per unit left at the end of the day (the reference event convention). Items whose
 * lead time does not fit the policy come back as null (they have no PPO row).
 */
export async function replayPolicy(saved: SavedPolicy, items: ReplayItem[]): Promise<(ReplayResult | null)[]> {
  const spec = saved.spec.environment;
  const fitting = items.map((item, index) => ({ item, index })).filter(({ item }) => item.context.leadTimePeriods <= spec.maxLeadTimePeriods && item.window.length > 0);
  const results: (ReplayResult | null)[] = items.map(() => null);
  if (fitting.length === 0) return results;
  await selectBackend();
  const loaded = await loadPolicy(saved);
  if (!loaded.ok) throw new AppFailure({ code: 'invalid-input', message: `The trained policy cannot be replayed: ${loaded.error.message}` });
  const policy = loaded.value;
  try {
    const lanes = fitting.length;
    const environment = new VectorEnvironment(spec, lanes, { kind: 'fixed', contexts: fitting.map(({ item }) => item.context) }, 1);
    environment.inventory.reset(0);
    fitting.forEach(({ item }, lane) => (environment.inventory.onHand[lane] = item.startOnHand));
    environment.replay(fitting.map(({ item }) => item.window));
    const days = Math.max(...fitting.map(({ item }) => item.window.length));
    const observation = new Float32Array(lanes * environment.observationSize);
    const actions = new Int32Array(lanes);
    const totals = fitting.map(() => ({ cost: 0, stockoutCost: 0, served: 0, short: 0, stockoutDays: 0 }));
    for (let day = 0; day < days; day++) {
      environment.observe(observation);
      policy.greedyActions(observation, lanes, actions);
      const step = environment.step(actions);
      const outcome = environment.lastOutcome;
      fitting.forEach(({ item }, lane) => {
        if (day >= item.window.length) return;
        const total = totals[lane];
        total.cost += step.cost[lane];
        total.stockoutCost += outcome.short[lane] * item.context.stockoutCost;
        total.served += outcome.served[lane];
        total.short += outcome.short[lane];
        if (outcome.short[lane] > 0) total.stockoutDays++;
      });
    }
    fitting.forEach(({ item, index }, lane) => {
      const total = totals[lane];
      const length = item.window.length;
      const demand = total.served + total.short;
      const holdingCost = total.cost - total.stockoutCost;
      results[index] = {
        cost: total.cost,
        holdingCost,
        stockoutCost: total.stockoutCost,
        fillRate: demand > 0 ? total.served / demand : 1,
        stockoutDays: total.stockoutDays,
        averageStock: holdingCost / (item.context.holdingCost * length),
        meanDemand: demand / length,
      };
    });
    return results;
  } finally {
    policy.dispose();
  }
}
