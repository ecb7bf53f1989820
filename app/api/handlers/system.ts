import { z } from 'zod';
import { AppFailure } from '../../common/result';
import { latestSchemaVersion } from '../../store';
import { backupDatabase, defaultBackupPath, listBackups } from '../../store/backup';
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
    /** The settings' currency, so every screen shows amounts in it. */
    currency: ctx.store.settings.get().currency,
  })),
  /** A verified copy of the database in the backups folder next to it (never a caller-chosen path). */
  'system.backup': method(z.object({}).strict(), async (ctx) => {
    const result = await backupDatabase(ctx.store.db, defaultBackupPath(ctx.store.path, 'manual', ctx.now()));
    if (!result.ok) throw new AppFailure(result.error);
    return result.value;
  }),
  'system.backups': method(z.object({}).strict(), (ctx) => listBackups(ctx.store.path)),
  'settings.get': method(z.object({}).strict(), (ctx) => ctx.store.settings.get()),
  'settings.update': method(settingsPatch, (ctx, params) => ctx.store.settings.update(params)),
};
