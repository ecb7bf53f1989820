import { z } from 'zod';

/** Payloads the preload may send; anything else is rejected before it reaches the API. */
export const apiCallPayload = z.object({ method: z.string().min(1).max(100), params: z.unknown() }).strict();
export const stagePathPayload = z.object({ path: z.string().min(1).max(4096), name: z.string().max(255).optional() }).strict();
export const openDialogPayload = z
  .object({ title: z.string().max(200).optional(), extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(20).optional() })
  .strict();
export const saveFilePayload = z
  .object({ defaultName: z.string().min(1).max(255), content: z.union([z.string(), z.instanceof(Uint8Array)]) })
  .strict();
/** "Give me the file Replenish was opened with": no parameters. */
export const takeOpenedFilePayload = z.object({}).strict();
