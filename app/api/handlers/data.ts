import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppFailure } from '../../common/result';
import { previewImportFile } from '../../import';
import type { ImportTaskOutput } from '../../import/importTask';
import { sniffFile } from '../../import/sniff';
import { RECORD_KINDS } from '../../import/types';
import { method } from '../define';
import type { ApiContext } from '../context';

const importOptions = {
  fileId: z.string().min(1).max(200),
  kind: z.enum(RECORD_KINDS as unknown as ['sales', 'items', 'inventory', 'open-orders']).optional(),
  sheet: z.string().max(200).optional(),
  mapping: z.record(z.string().max(60), z.string().max(500)).optional(),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
};

/** The sample that ships in resources/sample. */
export const sampleFileName = 'sample-sales.xlsx';

function stagedFile(ctx: ApiContext, fileId: string): { path: string; name: string } {
  const file = ctx.files.resolve(fileId);
  if (!file) throw new AppFailure({ code: 'not-found', message: 'The chosen file is no longer available; choose it again.' });
  return file;
}

export const dataHandlers = {
  /** What the import wizard shows before anything is written: format, headers, mapping, sample rows. */
  'data.previewImport': method(z.object(importOptions).strict(), async (ctx, params) => {
    const file = stagedFile(ctx, params.fileId);
    const preview = await previewImportFile(file.path, { kind: params.kind, sheet: params.sheet, mapping: params.mapping, dateOrder: params.dateOrder });
    if (!preview.ok) throw new AppFailure({ code: 'invalid-input', message: `${file.name}: ${preview.error.message}`, problems: [{ ...preview.error, file: file.name }], problemCount: 1 });
    // The planner now checks the preview: meanwhile the import's worker gets ready (its parser,
    // and exceljs for a workbook), so that pressing Import starts reading at once.
    ctx.tasks.warmUp?.('import', { format: preview.value.format, totalBytes: statSync(file.path).size });
    return { fileName: file.name, ...preview.value };
  }),

  /** Import a file in one transaction, off the host's thread; progress arrives under `taskId`. */
  'data.import': method(
    z
      .object({
        ...importOptions,
        dryRun: z.boolean().optional(),
        taskId: z.string().max(100).optional(),
        saveMappingAs: z.string().min(1).max(100).optional(),
      })
      .strict(),
    async (ctx, params): Promise<ImportTaskOutput> => {
      const file = stagedFile(ctx, params.fileId);
      const output = await ctx.tasks.run(
        'import',
        {
          dbPath: ctx.store.path,
          filePath: file.path,
          fileName: file.name,
          kind: params.kind,
          sheet: params.sheet,
          mapping: params.mapping,
          dateOrder: params.dateOrder,
          dryRun: params.dryRun ?? false,
          taskId: params.taskId ?? randomUUID(),
          now: ctx.now().toISOString(),
        },
        ctx.progress,
      );
      if (output.dryRun) {
        // A check before the real import, which probably follows: get its worker ready again.
        const sniffed = await sniffFile(file.path);
        ctx.tasks.warmUp?.('import', { format: sniffed.ok ? sniffed.value.format : undefined, totalBytes: statSync(file.path).size });
      }
      if (params.saveMappingAs && params.mapping && !output.dryRun) {
        ctx.store.imports.saveMapping(params.saveMappingAs, output.kind, params.mapping, Object.values(params.mapping).sort().join('|'), ctx.now().toISOString());
      }
      return output;
    },
  ),

  /** First-run guide: import the shipped sample sales history (the same path as any import). */
  'data.loadSample': method(z.object({ taskId: z.string().max(100).optional() }).strict(), async (ctx, params): Promise<ImportTaskOutput> => {
    return ctx.tasks.run(
      'import',
      {
        dbPath: ctx.store.path,
        filePath: join(ctx.resourcesDir, 'sample', sampleFileName),
        fileName: sampleFileName,
        kind: 'sales',
        dryRun: false,
        taskId: params.taskId ?? randomUUID(),
        now: ctx.now().toISOString(),
      },
      ctx.progress,
    );
  }),

  'data.importHistory': method(z.object({}).strict(), (ctx) => ctx.store.imports.list()),
  'data.mappings': method(z.object({}).strict(), (ctx) => ctx.store.imports.listMappings()),
};
