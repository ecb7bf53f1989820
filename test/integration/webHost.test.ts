import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../app/store';
import { InlineTaskRunner } from '../../app/tasks/registry';
import { createHostContext, type HostContext } from '../../main/host/context';
import { startWebHost, type WebHost } from '../../main/web/server';
import { sharedDir, tempDir } from '../helpers/tempDir';

/** A raw request, so that Host and Authorization can be set to anything. */
function send(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('local web host', () => {
  const temp = tempDir();
  let host: HostContext;
  let web: WebHost;
  let port: number;
  const token = 'test-token-0123456789';
  const auth = (): Record<string, string> => ({ host: `127.0.0.1:${port}`, authorization: `Bearer ${token}`, 'content-type': 'application/json' });

  beforeAll(async () => {
    host = createHostContext(join(temp.dir, 'web.db'), new InlineTaskRunner());
    web = await startWebHost({ context: host.context, files: host.files, staticDir: join(temp.dir, 'no-build'), token });
    port = Number(new URL(web.url).port);
  });
  afterAll(async () => {
    await web.close();
    host.close();
    temp.cleanup();
  });

  it('listens on 127.0.0.1 only', () => {
    const address = web.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
  });

  it('rejects API requests without the launch token, or with a wrong one', async () => {
    const body = JSON.stringify({ method: 'system.info', params: {} });
    const none = await send(port, { method: 'POST', path: '/api/call', headers: { host: `127.0.0.1:${port}` }, body });
    expect(none.status).toBe(401);
    const wrong = await send(port, { method: 'POST', path: '/api/call', headers: { ...auth(), authorization: 'Bearer nope' }, body });
    expect(wrong.status).toBe(401);
    const events = await send(port, { path: '/api/events?token=nope', headers: { host: `127.0.0.1:${port}` } });
    expect(events.status).toBe(401);
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const response = await send(port, { path: '/', headers: { host: `evil.example:${port}` } });
    expect(response.status).toBe(421);
  });

  it('serves the API with the token', async () => {
    const response = await send(port, { method: 'POST', path: '/api/call', headers: auth(), body: JSON.stringify({ method: 'system.info', params: {} }) });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { items: 0, schemaVersion: latestSchemaVersion } });
  });

  it('answers malformed calls with a validation error, never a crash', async () => {
    const cases = [
      'not json',
      JSON.stringify({ method: 'no.such.method', params: {} }),
      JSON.stringify({ method: 'plans.override', params: { planId: 'x' } }),
      JSON.stringify({ method: 'items.list', params: { extra: 1 } }),
      JSON.stringify([1, 2, 3]),
      JSON.stringify({ method: 'settings.update', params: { currency: 'euro' } }),
    ];
    for (const body of cases) {
      const response = await send(port, { method: 'POST', path: '/api/call', headers: auth(), body });
      const parsed = JSON.parse(response.body);
      expect(parsed.ok, body).toBe(false);
      expect(parsed.error.code, body).toBe('invalid-input');
    }
    const still = await send(port, { method: 'POST', path: '/api/call', headers: auth(), body: JSON.stringify({ method: 'system.info', params: {} }) });
    expect(JSON.parse(still.body).ok).toBe(true);
  });

  it('accepts an upload and previews it through the same API', async () => {
    const csv = readFileSync(join(sharedDir, 'data', 'online_retail_uci_top15.csv'));
    const upload = await send(port, { method: 'POST', path: '/api/files?name=sales.csv', headers: { ...auth(), 'content-type': 'text/csv' }, body: csv });
    const staged = JSON.parse(upload.body);
    expect(staged).toMatchObject({ ok: true, value: { name: 'sales.csv' } });
    const preview = await send(port, {
      method: 'POST',
      path: '/api/call',
      headers: auth(),
      body: JSON.stringify({ method: 'data.previewImport', params: { fileId: staged.value.fileId } }),
    });
    const parsed = JSON.parse(preview.body);
    expect(parsed.ok).toBe(true);
    expect(parsed.value).toMatchObject({ format: 'csv', detectedKind: 'sales', missingFields: [] });
    expect(parsed.value.headers).toContain('StockCode');
  });

  it('says the dashboard is not built when it is not', async () => {
    const response = await send(port, { path: '/', headers: { host: `127.0.0.1:${port}` } });
    expect(response.status).toBe(503);
    expect(response.body).toMatch(/npm run build/);
  });
});
