import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { api, callApi, type ApiContext } from '../../app/api';
import { AppFailure, type ErrorCode } from '../../app/common/result';
import { Rng } from '../../app/random/rng';
import { InlineTaskRunner, type TaskRunner } from '../../app/tasks/registry';
import { createHostContext, type HostContext } from '../../main/host/context';
import { startWebHost, type WebHost } from '../../main/web/server';
import { tempDir } from '../helpers/tempDir';

/**
 * Random and malformed payloads for every API method, straight through `callApi` (what the
 * Electron IPC handler calls after its own schema) and through the web host's HTTP endpoint.
 * Every answer must be data — `{ok: true, value}` or `{ok: false, error: {code, message}}` with a
 * known, non-internal code — never a throw, never a 500, and the host must keep serving.
 *
 * Long tasks (imports, fits, benchmarks) are not run: a payload that passes validation reaches a
 * task runner that answers "unavailable", so the fuzz stays fast and tests the boundary itself.
 */
const payloadsPerMethod = 50;
const knownCodes: ErrorCode[] = ['invalid-input', 'not-found', 'conflict', 'database-newer', 'database-busy', 'cancelled', 'unavailable'];

class RefusingTaskRunner implements TaskRunner {
  readonly reached = new Set<string>();
  run(task: string): never {
    this.reached.add(task);
    throw new AppFailure({ code: 'unavailable', message: `The ${task} task is not run while fuzzing.` });
  }
}

const hugeString = 'x'.repeat(200_000);
const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

/** A junk value: wrong types, extremes, deep nesting, prototype-pollution shapes. */
function junk(rng: Rng, depth = 0): unknown {
  const choices: (() => unknown)[] = [
    () => null,
    () => true,
    () => -1,
    () => 0,
    () => 1.5,
    () => 1e308,
    () => -1e308,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => '',
    () => hugeString,
    () => '../../../../etc/passwd',
    () => "'; DROP TABLE items; --",
    () => '\u0000\uFFFF\uD800',
    () => '2026-02-30',
    () => prototypeKeys[rng.integer(prototypeKeys.length)],
    () => [],
    () => Array.from({ length: 1 + rng.integer(5) }, () => (depth < 3 ? junk(rng, depth + 1) : 1)),
    () => JSON.parse('{"__proto__": {"polluted": true}}'),
    () => ({ constructor: { prototype: { polluted: true } } }),
    () => (depth < 3 ? { [prototypeKeys[rng.integer(prototypeKeys.length)]]: junk(rng, depth + 1) } : {}),
    () => deepNest(200),
  ];
  return choices[rng.integer(choices.length)]();
}

function deepNest(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? [value] : { nested: value };
  return value;
}

/** Payloads for one method: junk at top level, and the method's own keys holding junk. */
function payloadsFor(rng: Rng, keys: string[]): unknown[] {
  const payloads: unknown[] = [undefined, null, {}, [], 'params', 42];
  while (payloads.length < payloadsPerMethod) {
    const shape = rng.integer(4);
    if (shape === 0) payloads.push(junk(rng));
    else {
      const payload: Record<string, unknown> = {};
      for (const key of keys) if (rng.uniform() < 0.7) payload[key] = junk(rng);
      if (shape === 2) payload[prototypeKeys[rng.integer(prototypeKeys.length)]] = junk(rng);
      if (shape === 3) Object.assign(payload, JSON.parse(`{"__proto__": {"isAdmin": true}, "${keys[0] ?? 'x'}": {"__proto__": {"polluted": 1}}}`));
      payloads.push(payload);
    }
  }
  return payloads;
}

function schemaKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function expectDataAnswer(answer: unknown, label: string): void {
  expect(typeof answer === 'object' && answer !== null, label).toBe(true);
  const result = answer as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (result.ok === true) {
    expect('value' in result, label).toBe(true);
    return;
  }
  expect(result.ok, label).toBe(false);
  expect(knownCodes, `${label}: ${JSON.stringify(result.error).slice(0, 300)}`).toContain(result.error?.code);
  expect(typeof result.error?.message, label).toBe('string');
}

describe('API boundary fuzz', () => {
  const temp = tempDir('replenish-fuzz-');
  const runner = new RefusingTaskRunner();
  let host: HostContext;
  let context: ApiContext;
  let web: WebHost;
  const methods = Object.keys(api);

  beforeAll(async () => {
    // A database with a few items and sales, so that look-ups have something to find.
    const csv = join(temp.dir, 'seed.csv');
    writeFileSync(csv, 'Date,SKU,Qty\n' + Array.from({ length: 60 }, (_, day) => `2026-01-${String((day % 28) + 1).padStart(2, '0')},SKU-${day % 3},${1 + (day % 4)}`).join('\n') + '\n');
    const seeding = createHostContext(join(temp.dir, 'fuzz.db'), new InlineTaskRunner());
    const seeded = await callApi({ ...seeding.context, progress: () => {} }, 'data.import', { fileId: seeding.files.addPath(csv) });
    expect(seeded.ok, JSON.stringify(seeded)).toBe(true);
    seeding.close();

    host = createHostContext(join(temp.dir, 'fuzz.db'), runner, () => new Date('2026-02-01T12:00:00Z'));
    context = { ...host.context, progress: () => {} };
    web = await startWebHost({ context: host.context, files: host.files, staticDir: join(temp.dir, 'no-dashboard'), token: 'fuzz-token' });
  });
  afterAll(async () => {
    await web?.close();
    host?.close();
    temp.cleanup();
  });

  it('covers every method', () => {
    expect(methods.length).toBeGreaterThan(10);
  });

  it('answers every malformed call through callApi with data, never a throw', async () => {
    const rng = new Rng(1);
    const tally = new Map<string, number>();
    for (const method of methods) {
      const payloads = payloadsFor(rng.fork(methods.indexOf(method)), schemaKeys(api[method as keyof typeof api].params as z.ZodType));
      for (const [index, payload] of payloads.entries()) {
        const answer = await callApi(context, method, payload);
        expectDataAnswer(answer, `${method} #${index}`);
        const outcome = answer.ok ? 'ok' : answer.error.code;
        tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
      }
    }
    console.info(`callApi fuzz over ${methods.length} methods:`, Object.fromEntries(tally), 'tasks reached:', [...runner.reached]);
    // Not vacuous: most payloads are refused by validation, and the well-formed few are served.
    expect(tally.get('invalid-input') ?? 0).toBeGreaterThan(methods.length * payloadsPerMethod * 0.5);
    expect(tally.get('ok') ?? 0).toBeGreaterThan(0);
    for (const name of [...prototypeKeys, '', 'items', 'items.list.x', hugeString, 42, null, { method: 'items.list' }]) {
      const answer = await callApi(context, name, {});
      expectDataAnswer(answer, `method ${String(name).slice(0, 40)}`);
      expect((answer as { ok: boolean }).ok).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  }, 120_000);

  it('answers every malformed call over HTTP with data and never a 500, and keeps serving', async () => {
    const post = async (body: string): Promise<{ status: number; answer: unknown }> => {
      const response = await fetch(new URL('/api/call', web.url), {
        method: 'POST',
        headers: { authorization: 'Bearer fuzz-token', 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      return { status: response.status, answer: JSON.parse(text) };
    };
    const rng = new Rng(2);
    for (const method of methods) {
      const payloads = payloadsFor(rng.fork(methods.indexOf(method)), schemaKeys(api[method as keyof typeof api].params as z.ZodType));
      for (const [index, payload] of payloads.entries()) {
        const { status, answer } = await post(JSON.stringify({ method, params: payload }));
        expect(status, `${method} #${index}`).toBe(200);
        expectDataAnswer(answer, `HTTP ${method} #${index}`);
      }
    }
    // Bodies that are not calls at all.
    for (const body of ['', 'not json', '{"method":', '[]', 'null', '"items.list"', '{"method":5}', '{"__proto__":{"method":"items.list"}}', `{"method":"items.list","params":${'['.repeat(50_000)}${']'.repeat(50_000)}}`]) {
      const { status, answer } = await post(body);
      expect([200, 400], body.slice(0, 40)).toContain(status);
      expectDataAnswer(answer, `body ${body.slice(0, 40)}`);
      expect((answer as { ok: boolean }).ok).toBe(false);
    }
    const alive = await post(JSON.stringify({ method: 'system.info', params: {} }));
    expect(alive.status).toBe(200);
    expect((alive.answer as { ok: boolean }).ok).toBe(true);
  }, 120_000);
});
