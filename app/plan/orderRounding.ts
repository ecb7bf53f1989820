import { applyOrderRules } from '../sim/itemSettings';

/**
 * The supplier's constraints applied to a policy's raw quantity — the same rule the simulator
 * uses (`applyOrderRules`: nothing stays nothing, lift to the MOQ, round up to the case pack;
 * whole units when there is no case pack) — plus the words that explain each change in the plan.
 */
export interface RoundedOrder {
  quantity: number;
  steps: string[];
}

export function applyOrderConstraints(rawQuantity: number, moq: number | null, orderMultiple: number | null): RoundedOrder {
  const multiple = orderMultiple && orderMultiple > 0 ? orderMultiple : 1;
  const minimum = moq && moq > 0 ? moq : 0;
  const quantity = applyOrderRules(rawQuantity, minimum, multiple);
  const steps: string[] = [];
  if (quantity === 0) return { quantity, steps };
  const whole = Math.ceil(rawQuantity - 1e-9);
  if (whole < minimum) steps.push(`raised from ${whole} to the minimum order quantity ${minimum}`);
  if (multiple > 1 && quantity !== Math.max(whole, minimum)) steps.push(`rounded up to ${quantity}, a multiple of the case pack of ${multiple}`);
  return { quantity, steps };
}
