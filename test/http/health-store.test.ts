/** /healthz reports the store (ready only while it is reachable and writable) and the seed watcher. */
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/http/metrics.js';
import { mountBotRoutes } from '../../src/http/routes.js';
import { HttpServer } from '../../src/http/server.js';
import { Health } from '../../src/runtime/health.js';
import { StoreMonitor } from '../../src/runtime/store-monitor.js';
import type { Store, StoreHealth } from '../../src/store/types.js';
import { makeBot } from '../helpers.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(health: Health) {
  server = new HttpServer();
  mountBotRoutes(server, { health, metrics: new Metrics({ processMetrics: false }), calendar: makeBot(), catalogLoadedAt: () => new Date() });
  const { port } = await server.listen(0, '127.0.0.1');
  return async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

describe('/healthz and the store', () => {
  it('is 503 while the store is unavailable (PostgreSQL down), 200 when busy or ok', async () => {
    const health = new Health();
    health.catalogLoaded(10, 0);
    const get = await serve(health);
    let state: StoreHealth = { kind: 'postgres', state: 'unavailable', writable: false, error: 'unreachable: connect ECONNREFUSED 127.0.0.1:5432' };
    const store = { health: async () => state } as unknown as Store;
    const monitor = new StoreMonitor(store, { onHealth: (h) => health.store(h) });
    await monitor.probe();
    expect(await get()).toMatchObject({ status: 503, body: { ready: false, store: { kind: 'postgres', state: 'unavailable', error: expect.stringContaining('ECONNREFUSED') } } });
    state = { kind: 'postgres', state: 'ok', writable: true };
    await monitor.probe();
    expect(await get()).toMatchObject({ status: 200, body: { ready: true, store: { state: 'ok' } } });
    state = { kind: 'sqlite', state: 'busy', writable: true, error: 'locked by another process' };
    await monitor.probe();
    expect(await get()).toMatchObject({ status: 200, body: { store: { state: 'busy' } } });
  });

  it('says when the seed directory cannot be watched', async () => {
    const health = new Health();
    health.catalogLoaded(10, 0);
    const get = await serve(health);
    health.watcher({ watching: false, error: "ENOENT: no such file or directory, stat '/srv/seeds'" });
    expect(await get()).toMatchObject({ status: 200, body: { watch: { watching: false, error: expect.stringContaining('ENOENT') } } });
  });
});
