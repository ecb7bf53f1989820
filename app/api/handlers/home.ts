import { z } from 'zod';
import { toIsoDate } from '../../common/dates';
import { method } from '../define';

export interface AttentionItem {
  itemId: number;
  sku: string;
  description: string | null;
  detail: string;
}

export interface HomeSummary {
  items: number;
  itemsWithSales: number;
  dataThrough: string | null;
  modelsFitted: number;
  plan: { id: number; planDate: string; status: string; linesToOrder: number; units: number; value: number | null } | null;
  kpis: {
    /** Σ on-hand × unit cost; null when no item has a unit cost. */
    inventoryValue: number | null;
    /** Σ on-hand / Σ mean daily demand. */
    daysOfCover: number | null;
    /** Yearly demand at cost over inventory value. */
    turns: number | null;
    openPurchaseOrders: number;
  };
  attention: {
    stockoutRisk: AttentionItem[];
    ordersToPlace: AttentionItem[];
    overstock: AttentionItem[];
    noHistory: AttentionItem[];
    noSupplier: AttentionItem[];
  };
}

const round = (value: number): number => Math.round(value * 10) / 10;

export const homeHandlers = {
  /** What needs attention today, and the headline figures, from the latest plan and the stock. */
  'home.summary': method(z.object({}).strict(), (ctx): HomeSummary => {
    const items = ctx.store.items.listWithStats();
    const settings = ctx.store.settings.get();
    const positions = ctx.store.inventory.positions(toIsoDate(ctx.now()));
    const plan = ctx.store.plans.latest();
    const lines = plan ? ctx.store.plans.lines(plan.id) : [];
    const byId = new Map(items.map((item) => [item.id, item]));
    const attention: HomeSummary['attention'] = { stockoutRisk: [], ordersToPlace: [], overstock: [], noHistory: [], noSupplier: [] };
    const entry = (itemId: number, detail: string): AttentionItem => ({ itemId, sku: byId.get(itemId)?.sku ?? '', description: byId.get(itemId)?.description ?? null, detail });
    let planUnits = 0;
    let planValue = 0;
    let planValueKnown = false;
    for (const line of lines) {
      const quantity = line.skipped ? 0 : (line.overrideQty ?? line.recommendedQty);
      const item = byId.get(line.itemId);
      const meanDaily = Number(line.details.meanDailyDemand ?? 0);
      const orderUpTo = Number(line.details.orderUpTo ?? 0);
      const leadTime = item?.leadTimeDays ?? settings.defaultLeadTimeDays;
      // Stock and orders as they are now (POs created since the plan count as on order).
      const now = positions.get(line.itemId);
      const position = now ? now.onHand + now.onOrder : line.inventoryPosition;
      if (quantity > 0 && plan?.status === 'draft') {
        planUnits += quantity;
        if (item?.unitCost) {
          planValue += quantity * item.unitCost;
          planValueKnown = true;
        }
        attention.ordersToPlace.push(entry(line.itemId, `order ${quantity}`));
      }
      if (meanDaily > 0 && position < meanDaily * leadTime) {
        attention.stockoutRisk.push(entry(line.itemId, `stock and orders (${round(position)}) cover ${round(position / meanDaily)} days; a new order takes ${leadTime}`));
      }
      if (orderUpTo > 0 && position > 2 * orderUpTo) {
        attention.overstock.push(entry(line.itemId, `stock and orders (${round(position)}) are over twice the order-up-to level ${orderUpTo}`));
      }
    }
    let inventoryValue = 0;
    let valueKnown = false;
    let onHandTotal = 0;
    let dailyDemandTotal = 0;
    let yearlyDemandValue = 0;
    for (const item of items) {
      const onHand = positions.get(item.id)?.onHand ?? 0;
      onHandTotal += onHand;
      dailyDemandTotal += item.meanDailyUnits;
      if (item.unitCost) {
        inventoryValue += onHand * item.unitCost;
        yearlyDemandValue += item.meanDailyUnits * 365 * item.unitCost;
        valueKnown = true;
      }
      if (item.totalUnits <= 0) attention.noHistory.push(entry(item.id, 'no sales history'));
      if (!item.supplier) attention.noSupplier.push(entry(item.id, 'no supplier'));
    }
    const openOrders = ctx.store.purchaseOrders.list().filter((order) => order.status === 'draft' || order.status === 'sent').length;
    return {
      items: items.length,
      itemsWithSales: items.filter((item) => item.totalUnits > 0).length,
      dataThrough: ctx.store.sales.calendar().last,
      modelsFitted: ctx.store.demandModels.count(),
      plan: plan
        ? { id: plan.id, planDate: plan.planDate, status: plan.status, linesToOrder: attention.ordersToPlace.length, units: planUnits, value: planValueKnown ? planValue : null }
        : null,
      kpis: {
        inventoryValue: valueKnown ? inventoryValue : null,
        daysOfCover: dailyDemandTotal > 0 ? onHandTotal / dailyDemandTotal : null,
        turns: valueKnown && inventoryValue > 0 ? yearlyDemandValue / inventoryValue : null,
        openPurchaseOrders: openOrders,
      },
      attention,
    };
  }),
};
