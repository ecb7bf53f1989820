import { addDays } from '../common/dates';
import { AppFailure } from '../common/result';
import type { Store } from '../store';
import type { PurchaseOrder, PurchaseOrderStatus } from '../store/orders';

/** Which status may follow which: a PO is drafted, sent, then received or cancelled. */
const allowedTransitions: Record<PurchaseOrderStatus, PurchaseOrderStatus[]> = {
  draft: ['sent', 'cancelled'],
  sent: ['received', 'cancelled'],
  received: [],
  cancelled: [],
};

export interface CreateFromPlanOptions {
  /** Only these suppliers (by name); all when absent. */
  suppliers?: string[];
  now: Date;
}

/**
 * Turn the current plan (with the planner's overrides and skips) into one draft PO per supplier.
 * Lines carry the item's unit cost and an expected arrival of plan date + lead time. Items
 * without a supplier go on one PO without supplier, so nothing the planner wanted is dropped.
 */
export function createPurchaseOrdersFromPlan(store: Store, planId: number, options: CreateFromPlanOptions): PurchaseOrder[] {
  const plan = store.plans.get(planId);
  if (!plan) throw new AppFailure({ code: 'not-found', message: `Plan ${planId} does not exist.` });
  if (plan.status !== 'draft') {
    throw new AppFailure({ code: 'conflict', message: `Plan ${planId} is ${plan.status}: orders were already created from it. Re-plan to order again.` });
  }
  const settings = store.settings.get();
  const items = new Map(store.items.list().map((item) => [item.id, item]));
  const groups = new Map<string | null, { itemId: number; quantity: number; unitCost: number | null; expectedDate: string | null }[]>();
  for (const line of store.plans.lines(planId)) {
    const quantity = line.skipped ? 0 : (line.overrideQty ?? line.recommendedQty);
    if (!(quantity > 0)) continue;
    const item = items.get(line.itemId);
    const supplier = item?.supplier ?? null;
    if (options.suppliers && !options.suppliers.includes(supplier ?? '')) continue;
    const leadTime = item?.leadTimeDays ?? settings.defaultLeadTimeDays;
    const group = groups.get(supplier) ?? [];
    group.push({ itemId: line.itemId, quantity, unitCost: item?.unitCost ?? null, expectedDate: addDays(plan.planDate, Math.round(leadTime)) });
    groups.set(supplier, group);
  }
  if (groups.size === 0) {
    throw new AppFailure({ code: 'invalid-input', message: 'Nothing to order: every line of the plan is zero or skipped (or no line matches the chosen suppliers).' });
  }
  const createdAt = options.now.toISOString();
  return store.transaction(() => {
    const ids: number[] = [];
    const sorted = [...groups.entries()].sort(([a], [b]) => (a ?? '\uffff').localeCompare(b ?? '\uffff'));
    for (const [supplier, lines] of sorted) {
      ids.push(
        store.purchaseOrders.create({
          poNumber: store.purchaseOrders.nextNumber(plan.planDate),
          supplierId: supplier ? store.items.ensureSupplier(supplier, createdAt) : null,
          planId,
          currency: settings.currency,
          createdAt,
          lines,
        }),
      );
    }
    store.purchaseOrders.markPlanOrdered(planId);
    // In the order they were created (suppliers alphabetically, the one without supplier last).
    return store.purchaseOrders.list({ ids }).sort((a, b) => a.id - b.id);
  });
}

/**
 * Move a PO to a new status. Receiving books the ordered (or the given) quantities into stock:
 * a new on-hand snapshot on the receiving day, so the next plan sees them on hand and no longer
 * on order.
 */
export function changePurchaseOrderStatus(
  store: Store,
  poId: number,
  status: PurchaseOrderStatus,
  now: Date,
  received?: Record<number, number>,
): PurchaseOrder {
  const [order] = store.purchaseOrders.list({ ids: [poId] });
  if (!order) throw new AppFailure({ code: 'not-found', message: `Purchase order ${poId} does not exist.` });
  if (!allowedTransitions[order.status].includes(status)) {
    throw new AppFailure({ code: 'conflict', message: `${order.poNumber} is ${order.status}; it cannot become ${status}.` });
  }
  const at = now.toISOString();
  const day = at.slice(0, 10);
  store.transaction(() => {
    if (status === 'received') {
      const positions = store.inventory.positions(day);
      for (const line of order.lines) {
        const quantity = received?.[line.id] ?? line.quantity;
        store.purchaseOrders.setReceived(line.id, quantity);
        const onHand = positions.get(line.itemId)?.onHand ?? 0;
        store.inventory.setOnHand(line.itemId, day, onHand + quantity, null);
        const position = positions.get(line.itemId);
        if (position) position.onHand = onHand + quantity;
      }
    }
    store.purchaseOrders.setStatus(poId, status, at);
  });
  return store.purchaseOrders.list({ ids: [poId] })[0];
}
