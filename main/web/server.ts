import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { callApi, type ApiContext } from '../../app/api';
import type { ProgressEvent } from '../../app/api/progress';
import type { FileStage } from '../host/fileStage';
import { contentSecurityPolicy } from '../host/security';

/**
 * The local web host: the dashboard and the same typed API over HTTP, for browsers where the
 * Electron window cannot run. It listens on 127.0.0.1 only, and every API request must carry the
 * random token printed at launch (header `Authorization: Bearer …`, or `?token=` for the
 * event stream, which browsers cannot give headers).
 *
 *   POST /api/call            {method, params} → Result JSON
 *   POST /api/files?name=…    raw file body    → {ok, value: {fileId, name}}
 *   GET  /api/events?token=…  server-sent events: progress of long tasks
 *   GET  /*                   the built dashboard (index.html for unknown paths)
 */
export interface WebHostOptions {
  context: Omit<ApiContext, 'progress'>;
  files: FileStage;
  staticDir: string;
  port?: number;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
}

export interface WebHost {
  server: Server;
  url: string;
  token: string;
  close(): Promise<void>;
}

const maxJsonBytes = 10 * 1024 * 1024;
const maxUploadBytes = 4 * 1024 * 1024 * 1024;
const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const eventClients = new Set<ServerResponse>();
  const broadcast = (event: ProgressEvent): void => {
    const frame = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
    for (const client of eventClients) client.write(frame);
  };
  const context: ApiContext = { ...options.context, progress: broadcast };
  let port = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS-rebinding guard: only our own loopback address may be named in Host.
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      sendJson(response, 421, { ok: false, error: { code: 'invalid-input', message: 'Unexpected Host header.' } });
      return;
    }
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) {
      const presented = bearer(request) ?? url.searchParams.get('token') ?? '';
      if (!sameSecret(presented, token)) {
        sendJson(response, 401, { ok: false, error: { code: 'invalid-input', message: 'Missing or wrong access token: open the address printed by `replenish serve`.' } });
        return;
      }
      if (request.method === 'POST' && url.pathname === '/api/call') return handleCall(request, response);
      if (request.method === 'POST' && url.pathname === '/api/files') return handleUpload(request, response, url);
      if (request.method === 'GET' && url.pathname === '/api/events') return handleEvents(request, response);
      sendJson(response, 404, { ok: false, error: { code: 'not-found', message: `No API route ${request.method} ${url.pathname}` } });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { ok: false, error: { code: 'invalid-input', message: 'Method not allowed' } });
      return;
    }
    serveStatic(url.pathname, response);
  }

  async function handleCall(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request, maxJsonBytes));
    } catch (error) {
      sendJson(response, 400, { ok: false, error: { code: 'invalid-input', message: `The request body is not valid JSON: ${(error as Error).message}` } });
      return;
    }
    const call = (typeof body === 'object' && body !== null ? body : {}) as { method?: unknown; params?: unknown };
    sendJson(response, 200, await callApi(context, call.method, call.params));
  }

  async function handleUpload(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const name = (url.searchParams.get('name') ?? 'upload').slice(0, 255);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxUploadBytes) {
      sendJson(response, 413, { ok: false, error: { code: 'invalid-input', message: `${name} is larger than 4 GB.` } });
      return;
    }
    const reserved = options.files.reserveUpload(name);
    await pipeline(request, createWriteStream(reserved.path, { mode: 0o600 }));
    sendJson(response, 200, { ok: true, value: { fileId: reserved.id, name } });
  }

  function handleEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': connected\n\n');
    eventClients.add(response);
    request.on('close', () => eventClients.delete(response));
  }

  function serveStatic(pathname: string, response: ServerResponse): void {
    const root = normalize(options.staticDir);
    let path = normalize(join(root, decodeURIComponent(pathname)));
    if (!path.startsWith(root + sep) && path !== root) {
      sendJson(response, 403, { ok: false, error: { code: 'invalid-input', message: 'Forbidden' } });
      return;
    }
    if (!existsSync(path) || statSync(path).isDirectory()) path = join(root, 'index.html');
    if (!existsSync(path)) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The dashboard has not been built. Run `npm run build` (npm install does it too) and reload.');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': mimeTypes[extname(path)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': path.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    };
    if (path.endsWith('.html')) {
      headers['content-security-policy'] = contentSecurityPolicy;
      headers['x-frame-options'] = 'DENY';
      headers['referrer-policy'] = 'no-referrer';
    }
    response.writeHead(200, headers);
    createReadStream(path).pipe(response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise((resolve) => {
        for (const client of eventClients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`body larger than ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(JSON.stringify(body));
}
