/**
 * The webhook endpoint (for deployments that run several instances behind one URL).
 * Every request must carry the secret in X-Telegram-Bot-Api-Secret-Token (compared in
 * constant time; wrong or missing → 401), be a POST to the webhook URL's path, and hold
 * one JSON update. An update is answered 200 once handled, or after HANDLE_TIMEOUT_MS
 * while it keeps running, so Telegram does not deliver it twice; a failed update is
 * still answered 200 (the error boundary has dealt with it) so it is not redelivered
 * forever.
 *
 * `createWebhookHandler` is the request handler alone, for mounting on a server the bot
 * already runs (HTTP_PORT); `startWebhookServer` serves it on a server of its own;
 * `openWebhook` does either and then tells Telegram the URL (setWebhook).
 */
import { TaskGroup } from '../../src/runtime/tasks.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Clock } from '../../src/clock.js';
import type { LogFn } from '../../src/log.js';
import type { PlatformServices } from '../../src/platform.js';
import { DEFAULT_WEBHOOK_HOST, DEFAULT_WEBHOOK_PORT, webhookPathOf, webhookSecretOf, type TelegramConfig } from './config.js';

/** The update types the bot asks for. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query'] as const;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const MAX_BODY_BYTES = 1 << 20;
const HANDLE_TIMEOUT_MS = 10_000;
const CLOSE_GRACE_MS = 10_000;

interface WebhookHandlerOptions {
  path: string;
  secret: string;
  /** Handles one update; rejects only on a failure the boundary could not handle. */
  handle: (update: Update) => Promise<void>;
  log: LogFn;
  clock: Clock;
}

interface WebhookServerOptions extends WebhookHandlerOptions {
  host: string;
  port: number;
}

interface WebhookHandler {
  /** Answers one HTTP request (any path other than options.path is 404). */
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Resolves when the updates being handled are done (or after the grace period). */
  drain(): Promise<void>;
}

interface WebhookServer {
  address: AddressInfo;
  /** Stops accepting requests, waits for the updates being handled, closes every connection. */
  close(): Promise<void>;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison of the header with the secret (hashes make the lengths equal). */
function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return false;
  return timingSafeEqual(digest(value), digest(secret));
}

export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const inFlight = new TaskGroup({ clock: options.clock });

  const reply = (res: ServerResponse, status: number, body = '') => {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== options.path) return reply(res, 404, 'not found');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return reply(res, 405, 'method not allowed');
    }
    if (!secretMatches(req.headers[SECRET_HEADER], options.secret)) {
      req.resume();
      return reply(res, 401, 'unauthorized');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return reply(res, 413, 'too large');
      let update: Update;
      try {
        update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
      } catch {
        return reply(res, 400, 'not JSON');
      }
      if (typeof update !== 'object' || update === null || !Number.isSafeInteger(update.update_id)) {
        return reply(res, 400, 'not an update');
      }
      const task = options.handle(update).then(
        () => reply(res, 200),
        (error: unknown) => {
          options.log(`telegram: webhook update ${update.update_id} failed`, error);
          reply(res, 500, 'error');
        },
      );
      void inFlight.run(task);
      const timer = options.clock.setTimer(HANDLE_TIMEOUT_MS, () => reply(res, 200));
      void task.finally(() => timer.cancel());
    });
  };

  const drain = async () => {
    await inFlight.drained(CLOSE_GRACE_MS);
  };
  return { onRequest, drain };
}

async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const handler = createWebhookHandler(options);
  const server = createServer(handler.onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.log('telegram: webhook server error', error));

  let closing: Promise<void> | undefined;
  return {
    address: server.address() as AddressInfo,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await handler.drain();
        server.closeAllConnections();
        await closed;
      })()),
  };
}

/** A running webhook endpoint: close() stops taking updates and waits for those in hand. */
export type OpenWebhook = Pick<WebhookServer, 'close'> & { address?: WebhookServer['address'] };

/**
 * Webhook mode: the handler on the shared server (`mount`, when HTTP_PORT runs one) or on a
 * server of its own, then setWebhook with the secret; if Telegram refuses, the endpoint closes.
 */
export async function openWebhook(
  api: Api,
  url: string,
  config: TelegramConfig,
  options: Pick<WebhookHandlerOptions, 'handle' | 'log' | 'clock'> & { mount?: PlatformServices['mountHttp'] },
): Promise<OpenWebhook> {
  const handlerOptions = { path: webhookPathOf(config), secret: webhookSecretOf(config), ...options };
  let webhook: OpenWebhook;
  if (options.mount) {
    const handler = createWebhookHandler(handlerOptions);
    const unmount = options.mount(handlerOptions.path, handler.onRequest);
    webhook = {
      close: async () => {
        unmount();
        await handler.drain();
      },
    };
  } else {
    webhook = await startWebhookServer({
      ...handlerOptions,
      host: config.webhookHost ?? DEFAULT_WEBHOOK_HOST,
      port: config.webhookPort ?? DEFAULT_WEBHOOK_PORT,
    });
  }
  try {
    await api.setWebhook(url, { secret_token: handlerOptions.secret, allowed_updates: ALLOWED_UPDATES, drop_pending_updates: false });
  } catch (error) {
    await webhook.close();
    throw error;
  }
  return webhook;
}
