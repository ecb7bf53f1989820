import type { z } from 'zod';
import type { ApiContext } from './context';

/** One API method: a zod schema for its parameters and the handler that serves it. */
export interface MethodDefinition<Schema extends z.ZodType, Value> {
  params: Schema;
  handler: (ctx: ApiContext, params: z.output<Schema>) => Promise<Value> | Value;
}

export function method<Schema extends z.ZodType, Value>(
  params: Schema,
  handler: (ctx: ApiContext, params: z.output<Schema>) => Promise<Value> | Value,
): MethodDefinition<Schema, Value> {
  return { params, handler };
}
