/** HttpServer prefix routes: after exact paths, the longest prefix first, removable; the bot mounts the private feeds only with a store. */
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/http/metrics.js';
import { mountBotRoutes } from '../../src/http/routes.js';
import { HttpServer, send } from '../../src/http/server.js';
import { Health } from '../../src/runtime/health.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { makeBot } from '../helpers.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function listen(s: HttpServer) {
  server = s;
  const { port } = await s.listen(0, '127.0.0.1');
  return async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return `${res.status} ${await res.text()}`;
  };
}

describe('prefix routes', () => {
  it('serve what no exact path does, the longest prefix first, until removed', async () => {
    const s = new HttpServer();
    s.mount('/a/exact', (_req, res) => send(res, 200, 'exact'));
    s.mountPrefix('/a/', (_req, res, url) => send(res, 200, `a ${url.pathname}`));
    const removeDeeper = s.mountPrefix('/a/b/', (_req, res) => send(res, 200, 'a/b'));
    expect(() => s.mountPrefix('/a/', () => undefined)).toThrow(/already served/);
    expect(() => s.mountPrefix('/no-slash', () => undefined)).toThrow(/starts and ends/);
    const get = await listen(s);
    expect(await get('/a/exact')).toBe('200 exact');
    expect(await get('/a/x.ics')).toBe('200 a /a/x.ics');
    expect(await get('/a/b/c')).toBe('200 a/b');
    expect(await get('/a')).toBe('404 not found\n');
    removeDeeper();
    expect(await get('/a/b/c')).toBe('200 a /a/b/c');
  });

  it('the bot serves /calendar/<token>.ics only when it has a store', async () => {
    const core = makeBot();
    const store = openSqliteStore(':memory:');
    const token = await store.feedTokenOf('telegram:42');
    const routes = { health: new Health(), metrics: new Metrics({ processMetrics: false }), calendar: core, catalogLoadedAt: () => new Date('2026-11-01T00:00:00Z') };
    const without = new HttpServer();
    mountBotRoutes(without, routes);
    expect(await (await listen(without))(`/calendar/${token}.ics`)).toBe('404 not found\n');
    await without.close();

    const withStore = new HttpServer();
    mountBotRoutes(withStore, { ...routes, store });
    const answer = await (await listen(withStore))(`/calendar/${token}.ics`);
    expect(answer).toMatch(/^200 BEGIN:VCALENDAR/);
    expect(answer).not.toContain('BEGIN:VEVENT');
    await store.close();
  });
});
