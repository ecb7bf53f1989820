import { z } from 'zod';
import { AppFailure } from '../../common/result';
import type { SupplierRecord } from '../../store/suppliers';
import { method } from '../define';

export const suppliersHandlers = {
  /** Suppliers (from the item master and open orders) with their minimum order value. */
  'suppliers.list': method(z.object({}).strict(), (ctx): { currency: string; suppliers: SupplierRecord[] } => ({
    currency: ctx.store.settings.get().currency,
    suppliers: ctx.store.suppliers.list(),
  })),
  /** Set or clear (null) a supplier's minimum order value, in the planner's currency; plans apply it. */
  'suppliers.setMinimumOrderValue': method(
    z.object({ supplier: z.string().min(1).max(200), minOrderValue: z.number().min(0).max(1e12).nullable() }).strict(),
    (ctx, params): { updated: true } => {
      const value = params.minOrderValue === 0 ? null : params.minOrderValue;
      if (!ctx.store.suppliers.setMinimumOrderValue(params.supplier, value)) {
        throw new AppFailure({ code: 'not-found', message: `No supplier is called "${params.supplier}". Suppliers come from the item master import.` });
      }
      return { updated: true };
    },
  ),
};
