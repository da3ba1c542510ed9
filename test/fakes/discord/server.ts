/**
 * The single node:http server: REST under `/api[/vN]/...`, uploaded attachments under `/attachments/...`
 * and the gateway WebSocket (upgrade on `/gateway`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGateway } from './gateway.js';
import { matchRoute, pathExists, type RouteResult } from './rest-routes.js';
import type { FakeState } from './state.js';
import type { Json, RateLimitOptions, RecordedFile, RecordedRequest } from './types.js';

export interface ServerHooks {
  /** Called right after a request is recorded; return options to answer it with 429. */
  takeRateLimit(req: RecordedRequest): RateLimitOptions | null;
  /** Called once the response was sent. */
  onResponded(req: RecordedRequest): void;
}

const MAX_BODY = 30 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('Request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface ParsedBody {
  body: Json;
  files: RecordedFile[];
  multipart: boolean;
  error?: RouteResult;
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [], multipart: false };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType ?? '' },
      body: raw,
    }).formData();
    const files: RecordedFile[] = [];
    let body: Json = {};
    const fields: Record<string, string> = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        if (key === 'payload_json') {
          try {
            body = JSON.parse(value);
          } catch {
            return { body: value, files, multipart: true, error: { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } } };
          }
        } else {
          fields[key] = value;
        }
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ field: key, filename: value.name, contentType: value.type || 'application/octet-stream', size: data.length, data });
      }
    }
    if (Object.keys(fields).length) body = { ...(typeof body === 'object' && body !== null ? body : {}), ...fields };
    return { body, files, multipart: true };
  }
  const text = raw.toString('utf8');
  if (type.startsWith('application/json') || type === '') {
    try {
      return { body: JSON.parse(text), files: [], multipart: false };
    } catch {
      return { body: text, files: [], multipart: false, error: { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } } };
    }
  }
  return { body: text, files: [], multipart: false };
}

function send(res: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = { via: '1.1 fake-discord', ...(result.headers ?? {}) };
  if (result.status === 204 || result.body === undefined) {
    // No content-type, no body: discord.js (@discordjs/rest) then returns an ArrayBuffer instead of parsing JSON.
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(result.body);
  res.writeHead(result.status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

function rateLimitResult(opts: RateLimitOptions, req: RecordedRequest): RouteResult {
  const retryAfter = opts.retryAfter ?? 1;
  const global = opts.global ?? false;
  const scope = opts.scope ?? (global ? 'global' : 'user');
  const headers: Record<string, string> = {
    'retry-after': String(retryAfter),
    'x-ratelimit-scope': scope,
  };
  if (global) {
    headers['x-ratelimit-global'] = 'true';
  } else {
    headers['x-ratelimit-limit'] = '5';
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-reset'] = ((Date.now() + retryAfter * 1000) / 1000).toFixed(3);
    headers['x-ratelimit-reset-after'] = retryAfter.toFixed(3);
    headers['x-ratelimit-bucket'] =
      opts.bucket ??
      `fake${Buffer.from(`${req.method}:${req.path.replace(/\d{15,}/g, ':id')}`)
        .toString('hex')
        .slice(0, 24)}`;
  }
  return {
    status: 429,
    headers,
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global, ...(global ? { code: 0 } : {}) },
  };
}

const API_RE = /^\/api(?:\/v(\d+))?(\/.*)?$/;

export class FakeHttpServer {
  readonly server: Server;
  readonly requests: RecordedRequest[] = [];
  private seq = 0;

  constructor(
    private readonly state: FakeState,
    private readonly gateway: FakeGateway,
    private readonly hooks: ServerHooks,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) send(res, { status: 500, body: { message: `Fake Discord error: ${String(err)}`, code: 0 } });
        else res.destroy();
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();

    if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const file = this.state.attachments.get(url.pathname);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.length) });
      res.end(file.data);
      return;
    }

    const api = API_RE.exec(url.pathname);
    if (!api) {
      send(res, { status: 404, body: { message: '404: Not Found', code: 0 } });
      return;
    }
    const raw = await readBody(req);
    const parsed = await parseBody(req.headers['content-type'], raw);
    const rawRest = api[2] ?? '/';
    const path = rawRest
      .split('/')
      .map((seg) => {
        try {
          return decodeURIComponent(seg);
        } catch {
          return seg;
        }
      })
      .join('/');

    const record: RecordedRequest = {
      seq: ++this.seq,
      at: Date.now(),
      method,
      path,
      rawPath: url.pathname,
      apiVersion: api[1] ? Number(api[1]) : null,
      query: Object.fromEntries(url.searchParams.entries()),
      headers: req.headers,
      body: parsed.body,
      multipart: parsed.multipart,
      files: parsed.files,
    };
    this.requests.push(record);

    const result = this.route(record, parsed, req);
    record.status = result.status;
    record.response = result.body;
    send(res, result);
    this.hooks.onResponded(record);
  }

  private route(record: RecordedRequest, parsed: ParsedBody, req: IncomingMessage): RouteResult {
    const limited = this.hooks.takeRateLimit(record);
    if (limited) {
      record.rateLimited = true;
      return rateLimitResult(limited, record);
    }
    if (parsed.error) return parsed.error;
    const match = matchRoute(record.method, record.path);
    if (!match) {
      record.unhandled = true;
      if (pathExists(record.path)) return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
      return { status: 404, body: { message: '404: Not Found', code: 0 } };
    }
    if (match.route.auth) {
      const auth = req.headers.authorization;
      if (auth !== `Bot ${this.state.token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    }
    return match.route.handler({ state: this.state, gateway: this.gateway, req: record, params: match.params });
  }
}
