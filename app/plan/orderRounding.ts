/**
 * The documented final step applied to every policy's raw order quantity: constraints of the
 * supplier, in this order —
 *   1. nothing to order stays nothing (a raw quantity ≤ 0 is 0);
 *   2. round UP to the order multiple (case pack), so the policy's target is still reached;
 *   3. lift to the minimum order quantity (MOQ) if below it.
 * Each step that changed the quantity is reported so the plan can explain it.
 */
export interface RoundedOrder {
  quantity: number;
  steps: string[];
}

export function applyOrderConstraints(rawQuantity: number, moq: number | null, orderMultiple: number | null): RoundedOrder {
  const steps: string[] = [];
  if (!(rawQuantity > 0)) return { quantity: 0, steps };
  let quantity = Math.ceil(rawQuantity - 1e-9);
  if (orderMultiple && orderMultiple > 1) {
    const rounded = Math.ceil(quantity / orderMultiple - 1e-9) * orderMultiple;
    if (rounded !== quantity) steps.push(`rounded up from ${quantity} to a multiple of ${orderMultiple}`);
    quantity = rounded;
  }
  if (moq && quantity < moq) {
    let lifted = moq;
    if (orderMultiple && orderMultiple > 1) lifted = Math.ceil(moq / orderMultiple - 1e-9) * orderMultiple;
    steps.push(`raised from ${quantity} to the minimum order quantity ${lifted}`);
    quantity = lifted;
  }
  return { quantity, steps };
}
