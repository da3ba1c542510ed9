/** Telegram webhook mode on the shared server (HTTP_PORT): one port for the webhook, /healthz and /metrics. */
import { describe, expect, it } from 'vitest';
import { platformModule, type TelegramReceiver } from '../../adapters/telegram/index.js';
import { systemClock } from '../../src/clock.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import { Metrics } from '../../src/http/metrics.js';
import { mountBotRoutes } from '../../src/http/routes.js';
import { HttpServer } from '../../src/http/server.js';
import { Health } from '../../src/runtime/health.js';
import { FakeTelegramApi, TEST_USERS } from '../fakes/telegram/index.js';
import { makeEngine } from '../helpers.js';

describe('Telegram webhook on the shared server', () => {
  it('is mounted at the webhook path beside /healthz, answers updates, and is unmounted on stop', async () => {
    const fake = await FakeTelegramApi.start();
    const engine = makeEngine();
    const server = new HttpServer();
    const health = new Health();
    const metrics = new Metrics({ processMetrics: false });
    mountBotRoutes(server, { health, metrics, calendar: engine.services, catalogLoadedAt: () => new Date() });
    const { port } = await server.listen(0, '127.0.0.1');
    const logs: string[] = [];
    const adapter = platformModule.createReceiver(
      { token: fake.token, apiRoot: fake.apiRoot, webhookUrl: 'https://bot.example.test/tg/hook', webhookSecret: 'shared_Secret-1' },
      { clock: systemClock, log: (m, e) => logs.push(`${m} ${String(e ?? '')}`), mountHttp: (path, handler) => server.mount(path, handler) },
    ) as TelegramReceiver;
    try {
      await adapter.start(new Dispatcher(engine, { metrics }).access);
      expect(adapter.webhookAddress()).toBeUndefined();
      expect(fake.callsTo('setWebhook')[0]!.payload).toMatchObject({ url: 'https://bot.example.test/tg/hook', secret_token: 'shared_Secret-1' });

      const user = Object.values(TEST_USERS)[0]!;
      const draft = fake.build.privateText('/paper ecg', { from: user });
      const post = (secret: string) =>
        fetch(`http://127.0.0.1:${port}/tg/hook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
          body: JSON.stringify({ ...draft, update_id: 800001 }),
        });
      expect((await post('wrong')).status).toBe(401);
      expect((await post('shared_Secret-1')).status).toBe(200);
      expect(fake.messages(user.id)).toHaveLength(1);
      expect(await metrics.text()).toMatch(/^catalog_bot_messages_handled_total\{platform="telegram",intent="paper"\} 1$/m);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
      expect(logs).toEqual([]);
    } finally {
      await adapter.stop();
    }
    expect((await fetch(`http://127.0.0.1:${port}/tg/hook`, { method: 'POST', body: '{}' })).status).toBe(404);
    await server.close();
    await fake.close();
  });
});
