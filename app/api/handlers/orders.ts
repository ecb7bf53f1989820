import { z } from 'zod';
import { toIsoDate } from '../../common/dates';
import { AppFailure } from '../../common/result';
import { purchaseOrdersToCsv, purchaseOrdersToPdf, purchaseOrdersToXlsx } from '../../orders/exportFiles';
import { changePurchaseOrderStatus, createPurchaseOrdersFromPlan } from '../../orders/purchaseOrders';
import { method } from '../define';

const mimeTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  pdf: 'application/pdf',
} as const;

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  /** File content, base64 (binary formats cross JSON transports this way). */
  base64: string;
}

export const ordersHandlers = {
  'orders.list': method(z.object({}).strict(), (ctx) => ctx.store.purchaseOrders.list()),

  'orders.createFromPlan': method(
    z.object({ planId: z.number().int().positive().optional(), suppliers: z.array(z.string().max(200)).max(1000).optional() }).strict(),
    (ctx, params) => {
      const planId = params.planId ?? ctx.store.plans.latest()?.id;
      if (!planId) throw new AppFailure({ code: 'not-found', message: 'There is no plan yet: create a plan first.' });
      return createPurchaseOrdersFromPlan(ctx.store, planId, { suppliers: params.suppliers, now: ctx.now() });
    },
  ),

  'orders.setStatus': method(
    z
      .object({
        id: z.number().int().positive(),
        status: z.enum(['draft', 'sent', 'received', 'cancelled']),
        /** Received quantity per line id, when it differs from the ordered quantity. */
        received: z.record(z.string().regex(/^\d+$/), z.number().min(0)).optional(),
      })
      .strict(),
    (ctx, params) => {
      const received = params.received ? Object.fromEntries(Object.entries(params.received).map(([id, qty]) => [Number(id), qty])) : undefined;
      return changePurchaseOrderStatus(ctx.store, params.id, params.status, ctx.now(), received);
    },
  ),

  'orders.export': method(
    z
      .object({
        format: z.enum(['xlsx', 'csv', 'pdf']),
        ids: z.array(z.number().int().positive()).max(10_000).optional(),
        numbers: z.array(z.string().max(100)).max(10_000).optional(),
      })
      .strict(),
    async (ctx, params): Promise<ExportedFile> => {
      const orders = ctx.store.purchaseOrders.list({ ids: params.ids, numbers: params.numbers });
      if (orders.length === 0) throw new AppFailure({ code: 'not-found', message: 'No purchase orders match: create orders from a plan first.' });
      // Orders imported without a currency of their own are in the settings' currency.
      const money = { defaultCurrency: ctx.store.settings.get().currency };
      const content =
        params.format === 'xlsx'
          ? Buffer.from(await purchaseOrdersToXlsx(orders, money))
          : params.format === 'pdf'
            ? Buffer.from(await purchaseOrdersToPdf(orders, money))
            : Buffer.from(purchaseOrdersToCsv(orders, money), 'utf8');
      const name = orders.length === 1 ? orders[0].poNumber : `purchase-orders-${toIsoDate(ctx.now())}`;
      return { fileName: `${name}.${params.format}`, mimeType: mimeTypes[params.format], base64: content.toString('base64') };
    },
  ),
};
