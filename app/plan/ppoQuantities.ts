import { AppFailure } from '../common/result';
import { selectBackend } from '../rl/backend';
import { loadPolicy, type SavedPolicy } from '../rl/checkpoint';
import type { LaneContext } from '../rl/context';
import { VectorEnvironment } from '../rl/environment';

export interface PpoPlanInput {
  itemId: number;
  context: LaneContext;
  onHand: number;
  /** Open orders: quantity arriving `daysFromNow` days from the plan date (≥ 1). */
  arrivals: { daysFromNow: number; quantity: number }[];
}

/**
 * Today's order of the catalogue PPO policy for each item: the item's real state (on hand and
 * open orders by arrival day) is written into a one-period environment, observed exactly as in
 * training, and the greedy action becomes units through the same final step (case pack, MOQ).
 * Items whose lead time does not fit the policy's pipeline are left out (they keep the classical
 * policy).
 */
export async function ppoQuantities(saved: SavedPolicy, inputs: PpoPlanInput[]): Promise<Map<number, number>> {
  const spec = saved.spec.environment;
  const fitting = inputs.filter((input) => input.context.leadTimePeriods <= spec.maxLeadTimePeriods);
  const quantities = new Map<number, number>();
  if (fitting.length === 0) return quantities;
  await selectBackend();
  const loaded = await loadPolicy(saved);
  if (!loaded.ok) throw new AppFailure({ code: 'invalid-input', message: `The trained policy cannot be used: ${loaded.error.message}` });
  const policy = loaded.value;
  try {
    const environment = new VectorEnvironment(spec, fitting.length, { kind: 'fixed', contexts: fitting.map((input) => input.context) }, 1);
    const inventory = environment.inventory;
    inventory.reset(0);
    fitting.forEach((input, lane) => {
      inventory.onHand[lane] = input.onHand;
      for (const arrival of input.arrivals) {
        // Orders due later than the policy can see are counted at the far end of its pipeline.
        const days = Math.min(Math.max(1, arrival.daysFromNow), spec.maxLeadTimePeriods);
        inventory.schedule(lane, days, arrival.quantity);
      }
    });
    const observations = new Float32Array(fitting.length * environment.observationSize);
    const actions = new Int32Array(fitting.length);
    environment.observe(observations);
    policy.greedyActions(observations, fitting.length, actions);
    fitting.forEach((input, lane) => quantities.set(input.itemId, environment.orderQuantity(lane, actions[lane])));
    return quantities;
  } finally {
    policy.dispose();
  }
}
