/** HttpServer.close(): a request in progress is answered; one that outlasts the grace period (on the clock) is cut. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpServer, send } from '../../src/http/server.js';
import { FakeClock } from '../fake-clock.js';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, path, host: '127.0.0.1' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function slowServer(clock: FakeClock) {
  const server = new HttpServer({ clock, closeGraceMs: 8_000 });
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => (entered = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  server.mount('/slow', async (_req, res) => {
    entered();
    await released;
    send(res, 200, 'done\n');
  });
  const { port } = await server.listen(0, '127.0.0.1');
  return { server, port, inHandler, release };
}

describe('HttpServer.close', () => {
  it('waits for the request in progress and answers it', async () => {
    const clock = new FakeClock();
    const { server, port, inHandler, release } = await slowServer(clock);
    const answer = get(port, '/slow');
    await inHandler;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await clock.advance(7_999);
    expect(closed).toBe(false);
    release();
    expect(await answer).toEqual({ status: 200, body: 'done\n' });
    await closing;
    expect(closed).toBe(true);
  });

  it('cuts a request still running when the grace period ends', async () => {
    const clock = new FakeClock();
    const { server, port, inHandler, release } = await slowServer(clock);
    const answer = get(port, '/slow');
    answer.catch(() => undefined);
    await inHandler;
    const closing = server.close();
    await clock.advance(8_000);
    await closing;
    await expect(answer).rejects.toThrow();
    release();
  });
});
