/** The webhook handler's timers run on the injected clock: a slow update is answered 200 after 10 s, and it keeps running. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../../adapters/telegram/webhook.js';
import { FakeClock } from '../../fake-clock.js';

/** A POST carrying `body`, and a response that records its status as it is written. */
function exchange(body: string, secret: string) {
  const req = Object.assign(new PassThrough(), { url: '/hook', method: 'POST', headers: { 'x-telegram-bot-api-secret-token': secret } });
  const res = {
    status: undefined as number | undefined,
    headersSent: false,
    writeHead(status: number) {
      this.status = status;
      this.headersSent = true;
      return this;
    },
    end() {},
    setHeader() {},
    destroy() {},
  };
  return { req: req as unknown as IncomingMessage, res, send: () => req.end(body) };
}

describe('webhook handler', () => {
  it('answers a slow update 200 once HANDLE_TIMEOUT_MS has passed on the clock, and drains it', async () => {
    const clock = new FakeClock();
    let finish!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const handler = createWebhookHandler({
      path: '/hook',
      secret: 's3cret',
      clock,
      log: () => undefined,
      handle: () => {
        started();
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    const { req, res, send } = exchange(JSON.stringify({ update_id: 1 }), 's3cret');
    handler.onRequest(req, res as unknown as ServerResponse);
    send();
    await running;
    await clock.advance(9_999);
    expect(res.status).toBeUndefined();
    await clock.advance(1);
    expect(res.status).toBe(200);
    // Still being handled: drain waits for it (or for the grace period on the clock).
    let drained = false;
    const drain = handler.drain().then(() => (drained = true));
    await clock.advance(1);
    expect(drained).toBe(false);
    finish();
    await drain;
    expect(drained).toBe(true);
  });

  it('refuses a wrong secret with 401', () => {
    const handler = createWebhookHandler({ path: '/hook', secret: 's3cret', clock: new FakeClock(), log: () => undefined, handle: async () => {} });
    const { req, res } = exchange('{}', 'wrong');
    handler.onRequest(req, res as unknown as ServerResponse);
    expect(res.status).toBe(401);
  });
});
