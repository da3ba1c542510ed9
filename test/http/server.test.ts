/** The shared HTTP server: /healthz readiness and /metrics content, on 127.0.0.1. */
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/http/metrics.js';
import { mountBotRoutes } from '../../src/http/routes.js';
import { HttpServer } from '../../src/http/server.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import { Health } from '../../src/runtime/health.js';
import type { Place } from '../../src/engine/types.js';
import { makeEngine, testActor } from '../helpers.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(health: Health, metrics: Metrics) {
  const engine = makeEngine();
  const core = engine.services;
  server = new HttpServer();
  mountBotRoutes(server, { health, metrics, calendar: core, catalogLoadedAt: () => new Date('2026-11-01T00:00:00Z') });
  const { port } = await server.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return { engine, core, get: (path: string, init?: RequestInit) => fetch(`${base}${path}`, init) };
}

describe('/healthz', () => {
  it('is 503 until the catalog is loaded and every configured platform is connected, then 200', async () => {
    const health = new Health();
    const { get } = await serve(health, new Metrics({ processMetrics: false }));

    let res = await get('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', ready: false, catalog: { loaded: false } });

    health.catalogLoaded(75, 3);
    health.platform('telegram', 'starting');
    health.platform('discord', 'retrying', 'connect ECONNREFUSED 127.0.0.1:1');
    res = await get('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      ready: false,
      catalog: { loaded: true, entries: 75, problems: 3 },
      platforms: { telegram: { state: 'starting' }, discord: { state: 'retrying', error: 'connect ECONNREFUSED 127.0.0.1:1', attempts: 1 } },
    });

    health.platform('telegram', 'connected');
    health.platform('discord', 'connected');
    res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ status: 'ok', ready: true, platforms: { telegram: { state: 'connected' }, discord: { state: 'connected' } } });

    health.stopping();
    expect((await get('/healthz')).status).toBe(503);
  });

  it('is ready with no platform configured once the catalog is loaded', async () => {
    const health = new Health();
    health.catalogLoaded(1, 0);
    const { get } = await serve(health, new Metrics({ processMetrics: false }));
    expect((await get('/healthz')).status).toBe(200);
  });

  it('answers other methods with 405 and unknown paths with 404', async () => {
    const { get } = await serve(new Health(), new Metrics({ processMetrics: false }));
    const post = await get('/healthz', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await get('/nothing-here')).status).toBe(404);
  });
});

describe('/metrics', () => {
  it('counts messages by platform and intent, times them, and shows announcements, catalog and errors', async () => {
    const metrics = new Metrics();
    const { engine, core, get } = await serve(new Health(), metrics);
    metrics.catalog(core.entries.length, core.catalog.problems);
    const { handle } = new Dispatcher(engine, { metrics }).access;
    const telegram: Place = { platform: 'telegram', address: 'telegram:1', group: false };
    const discord: Place = { platform: 'discord', address: 'discord:123456789012345678', group: false };
    await handle({ type: 'text', text: '/deadline EMNLP' }, testActor(), telegram);
    await handle({ type: 'text', text: 'papers about ECG' }, testActor(), telegram);
    await handle({ type: 'command', name: 'paper', args: { query: 'ECG' } }, testActor(), discord);
    await handle({ type: 'text', text: '/nosuchcommand' }, testActor(), discord);
    metrics.announcement('sent', 2);
    metrics.announcement('late');
    metrics.announcement('failed');

    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value = (line: string) => {
      const found = text.split('\n').find((l) => l.startsWith(`${line} `));
      return found === undefined ? undefined : Number(found.slice(line.length + 1));
    };
    expect(text).toContain('# TYPE catalog_bot_messages_handled_total counter');
    expect(value('catalog_bot_messages_handled_total{platform="telegram",intent="deadline"}')).toBe(1);
    expect(value('catalog_bot_messages_handled_total{platform="telegram",intent="paper"}')).toBe(1);
    expect(value('catalog_bot_messages_handled_total{platform="discord",intent="paper"}')).toBe(1);
    expect(value('catalog_bot_messages_handled_total{platform="discord",intent="unknown-command"}')).toBe(1);
    expect(text).toContain('# TYPE catalog_bot_handle_seconds histogram');
    expect(value('catalog_bot_handle_seconds_count{platform="telegram"}')).toBe(2);
    expect(value('catalog_bot_handle_seconds_bucket{le="+Inf",platform="discord"}')).toBe(2);
    expect(value('catalog_bot_announcements_total{outcome="sent"}')).toBe(2);
    expect(value('catalog_bot_announcements_total{outcome="late"}')).toBe(1);
    expect(value('catalog_bot_announcements_total{outcome="skipped"}')).toBe(0);
    expect(value('catalog_bot_announcements_total{outcome="failed"}')).toBe(1);
    expect(value('catalog_bot_catalog_entries')).toBe(75);
    expect(value('catalog_bot_catalog_lint_problems{severity="error"}')).toBe(0);
    expect(value('catalog_bot_catalog_lint_problems{severity="warning"}')).toBe(core.catalog.problems.length);
    expect(value('catalog_bot_errors_total{source="handler"}')).toBe(0);
    expect(text).toContain('catalog_bot_process_resident_memory_bytes');
  });

  it('counts a request that failed inside the core as an error', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const failing = { handle: async () => ({ type: 'reply' as const, reply: { intent: 'error', lang: 'en' as const, text: ['sorry'], items: [] } }), commands: () => [] };
    const dispatcher = new Dispatcher(failing, { metrics });
    await dispatcher.access.handle({ type: 'text', text: 'x' }, testActor(), { platform: 'console', address: 'console', group: false });
    expect(await metrics.text()).toMatch(/^catalog_bot_errors_total\{source="handler"\} 1$/m);
  });
});
