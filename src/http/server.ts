/**
 * The one small HTTP server of a running bot (HTTP_PORT): /healthz, /metrics,
 * /calendar.ics, /calendar/<token>.ics, and the Telegram webhook when webhook mode is on.
 * Routes are matched on the exact path, then on a mounted prefix (the longest first); anything
 * else is 404. A prefix route's paths may hold secrets: the log names only the prefix. close() stops accepting connections, lets
 * the requests in progress finish (up to a grace period), then closes every socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock.js';
import { TaskGroup } from '../runtime/tasks.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface HttpServerOptions {
  log?: (message: string, error?: unknown) => void;
  /** How long close() waits for requests in progress (default 8 s). */
  closeGraceMs?: number;
  /** For the grace period (default systemClock). */
  clock?: Clock;
}

export class HttpServer {
  private readonly routes = new Map<string, RequestHandler>();
  /** Prefix routes, longest prefix first. */
  private prefixes: { prefix: string; handler: RequestHandler }[] = [];
  private readonly requests: TaskGroup;
  private server: Server | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: HttpServerOptions = {}) {
    this.requests = new TaskGroup(options.clock ? { clock: options.clock } : {});
  }

  /** Serves `path` with `handler`; returns the function that removes it. */
  mount(path: string, handler: RequestHandler): () => void {
    if (this.routes.has(path)) throw new Error(`the HTTP path ${path} is already served`);
    this.routes.set(path, handler);
    return () => {
      if (this.routes.get(path) === handler) this.routes.delete(path);
    };
  }

  /**
   * Serves every path that starts with `prefix` (which ends in "/") and has no exact route;
   * returns the function that removes it.
   */
  mountPrefix(prefix: string, handler: RequestHandler): () => void {
    if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`an HTTP prefix starts and ends with "/" (got ${prefix})`);
    if (this.prefixes.some((p) => p.prefix === prefix)) throw new Error(`the HTTP prefix ${prefix} is already served`);
    const route = { prefix, handler };
    this.prefixes = [...this.prefixes, route].sort((a, b) => b.prefix.length - a.prefix.length);
    return () => {
      this.prefixes = this.prefixes.filter((p) => p !== route);
    };
  }

  /** The handler of a path, and the path as the log may show it. */
  private route(path: string): { handler: RequestHandler; logged: string } | undefined {
    const exact = this.routes.get(path);
    if (exact) return { handler: exact, logged: path };
    const under = this.prefixes.find((p) => path.startsWith(p.prefix));
    return under && { handler: under.handler, logged: `${under.prefix}…` };
  }

  async listen(port: number, host = '0.0.0.0'): Promise<AddressInfo> {
    if (this.server) throw new Error('the HTTP server is already listening');
    const server = createServer((req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.options.log?.('http: server error', error));
    this.server = server;
    return server.address() as AddressInfo;
  }

  get address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      const server = this.server;
      if (!server) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests arriving meanwhile on open connections are still answered (with connection: close).
      await this.requests.drained(this.options.closeGraceMs ?? 8_000);
      server.closeAllConnections();
      await closed;
    })());
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      send(res, 400, 'bad request\n');
      return;
    }
    const route = this.route(url.pathname);
    if (!route) {
      send(res, 404, 'not found\n');
      return;
    }
    const { handler, logged } = route;
    if (this.closing) res.setHeader('connection', 'close');
    void this.requests.run(async () => {
      try {
        await handler(req, res, url);
      } catch (error) {
        this.options.log?.(`http: ${req.method} ${logged} failed`, error);
        if (!res.headersSent) send(res, 500, 'internal error\n');
        else res.destroy();
      }
    });
  }
}

/** Writes a whole response (text unless a content type is given). */
export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** Only GET and HEAD; anything else gets 405. Returns false when the response was sent. */
export function onlyGet(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  send(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
  return false;
}
