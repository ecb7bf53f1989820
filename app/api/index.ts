import type { z } from 'zod';
import { ok, toAppError, type Result } from '../common/result';
import type { ApiContext } from './context';
import type { MethodDefinition } from './define';
import { benchHandlers } from './handlers/bench';
import { dataHandlers } from './handlers/data';
import { homeHandlers } from './handlers/home';
import { itemsHandlers } from './handlers/items';
import { modelsHandlers } from './handlers/models';
import { ordersHandlers } from './handlers/orders';
import { outcomesHandlers } from './handlers/outcomes';
import { plansHandlers } from './handlers/plans';
import { suppliersHandlers } from './handlers/suppliers';
import { systemHandlers } from './handlers/system';
import { trainingHandlers } from './handlers/training';

/**
 * The one API of Replenish. Every host (Electron IPC, the local web host, the CLI, tests) serves
 * exactly these methods through `callApi`; the renderer's client takes its types from here.
 */
export const api = {
  ...systemHandlers,
  ...dataHandlers,
  ...itemsHandlers,
  ...plansHandlers,
  ...ordersHandlers,
  ...modelsHandlers,
  ...benchHandlers,
  ...homeHandlers,
  ...trainingHandlers,
  ...outcomesHandlers,
  ...suppliersHandlers,
};

export type Api = typeof api;
export type ApiMethod = keyof Api;
/** What a caller passes (before defaults are applied by the schema). */
export type ApiParams<M extends ApiMethod> = z.input<Api[M]['params']>;
/** What a successful call returns. */
export type ApiValue<M extends ApiMethod> = Awaited<ReturnType<Api[M]['handler']>>;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

/**
 * Validate and run one call. Never throws: unknown methods, invalid parameters and failures all
 * come back as `{ok: false, error}` so that every transport can pass them on as data.
 */
export async function callApi(ctx: ApiContext, methodName: unknown, params: unknown): Promise<Result<unknown>> {
  if (!isApiMethod(methodName)) {
    return { ok: false, error: { code: 'invalid-input', message: `Unknown API method: ${String(methodName).slice(0, 80)}` } };
  }
  const definition = api[methodName] as MethodDefinition<z.ZodType, unknown>;
  const parsed = definition.params.safeParse(params ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: `Invalid parameters for ${methodName}: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(parameters)'}: ${issue.message}`)
          .join('; ')}`,
      },
    };
  }
  try {
    return ok(await definition.handler(ctx, parsed.data));
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
}

export type { ApiContext } from './context';
export type { ProgressEvent } from './progress';
export type { AppError, Result } from '../common/result';
