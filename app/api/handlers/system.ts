import { z } from 'zod';
import { latestSchemaVersion } from '../../store';
import { method } from '../define';

export const appVersion = '0.1.0';

const settingsPatch = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code such as EUR').optional(),
    defaultLeadTimeDays: z.number().min(0).max(730).optional(),
    defaultReviewPeriodDays: z.number().int().min(1).max(365).optional(),
    defaultServiceLevel: z.number().gt(0.5).lt(1).optional(),
    defaultHoldingCostRate: z.number().min(0).max(5).optional(),
    defaultStockoutPenaltyShare: z.number().min(0).max(100).optional(),
  })
  .strict();

export const systemHandlers = {
  'system.info': method(z.object({}).strict(), (ctx) => ({
    version: appVersion,
    schemaVersion: latestSchemaVersion,
    databasePath: ctx.store.path,
    items: ctx.store.items.count(),
  })),
  'settings.get': method(z.object({}).strict(), (ctx) => ctx.store.settings.get()),
  'settings.update': method(settingsPatch, (ctx, params) => ctx.store.settings.update(params)),
};
