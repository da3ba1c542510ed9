/** No secret reaches a log line: the derived webhook secret, tokens, URL credentials, message text. */
import { Writable } from 'node:stream';
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { telegramConfigFromEnv, webhookSecretOf, type TelegramConfig } from '../../adapters/telegram/config.js';
import { openWebhook } from '../../adapters/telegram/webhook.js';
import { discordConfigFromEnv } from '../../adapters/discord/config.js';
import { configFromEnv } from '../../src/config/env.js';
import { createLogger, logFn, redactText, secretsOf } from '../../src/log.js';
import { systemClock } from '../../src/clock.js';
import { FakeTelegramApi } from '../fakes/telegram/index.js';

function capture(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write: (chunk, _enc, done) => {
      chunks.push(String(chunk));
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

let fake: FakeTelegramApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('error payloads in the log', () => {
  it('a failing setWebhook logs neither the derived secret nor the token (fake Telegram)', async () => {
    fake = await FakeTelegramApi.start();
    fake.failNext('setWebhook', { error_code: 400, description: 'Bad Request: bad webhook: Failed to resolve host' });
    const config: TelegramConfig = { token: fake.token, apiRoot: fake.apiRoot, webhookUrl: 'https://bot.example.org/hook' };
    const secret = webhookSecretOf(config);
    const api = new Api(config.token, { apiRoot: fake.apiRoot });
    const error = await openWebhook(api, config.webhookUrl!, config, { handle: async () => {}, clock: systemClock, log: () => {}, mount: () => () => {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    // The error really carries the secret (grammY keeps the payload): the log must not.
    expect(JSON.stringify(error)).toContain(secret);
    for (const secrets of [secretsOf({ telegram: config }, [secret]), secretsOf({ telegram: config })]) {
      const sink = capture();
      logFn(createLogger({ level: 'info', secrets, destination: sink.out }), 'telegram')('telegram: start failed', error);
      const line = sink.text();
      expect(line).toContain('setWebhook');
      expect(line).toContain('Failed to resolve host');
      expect(line).not.toContain(secret);
      expect(line).not.toContain(config.token);
      expect(line).not.toContain(config.token.split(':')[1]);
    }
  });

  it('a failed send logs the chat id and the text size, never the text', async () => {
    fake = await FakeTelegramApi.start();
    fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    const api = new Api(fake.token, { apiRoot: fake.apiRoot });
    const text = 'private question about a colleague, 427 characters long';
    const error = await api.sendMessage(-100123, text).then(
      () => undefined,
      (e: unknown) => e,
    );
    const sink = capture();
    logFn(createLogger({ level: 'info', secrets: [fake.token], destination: sink.out }))('announce: sending failed', error);
    const line = JSON.parse(sink.text()) as { err: { payload: Record<string, unknown> } };
    expect(sink.text()).not.toContain('private question');
    expect(line.err.payload).toMatchObject({ chat_id: -100123, text: `[${text.length} chars]` });
  });

  it('URL credentials, database passwords and token-shaped strings are replaced in messages and errors', () => {
    const sink = capture();
    const databaseUrl = 'postgres://bot:p%40ss-w0rd!@db:5432/catalog';
    const log = logFn(createLogger({ level: 'info', secrets: secretsOf({ databaseUrl }), destination: sink.out }));
    log('connecting to http://admin:hunter22@10.0.0.1:8081/ failed');
    log('store failed', new Error(`password authentication failed: p@ss-w0rd! / p%40ss-w0rd! at ${databaseUrl}`));
    log('request', new Error('GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe'));
    const text = sink.text();
    for (const leak of ['hunter22', 'p@ss-w0rd!', 'p%40ss-w0rd!', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw']) expect(text).not.toContain(leak);
    expect(text).toContain('http://[redacted]@10.0.0.1:8081/');
    expect(redactText('see https://u:p@host/x and mailto:a@b')).toBe('see https://[redacted]@host/x and mailto:a@b');
  });
});

describe('config errors never echo a credential', () => {
  const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  it('TELEGRAM_API_ROOT with user:pass@', () => {
    expect(() => telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'http://user:s3cretpass@127.0.0.1:8081' })).toThrow(
      /TELEGRAM_API_ROOT must be a plain server address/,
    );
    try {
      telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'ftp://user:s3cretpass@host' });
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cretpass');
    }
    try {
      telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'http://user:s3cretpass@127.0.0.1:8081' });
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cretpass');
    }
  });

  it('PUBLIC_URL and DISCORD_REST_API with credentials', () => {
    expect(() => configFromEnv({ PUBLIC_URL: 'ftp://user:s3cretpass@bot.example.org' })).toThrow(/PUBLIC_URL/);
    try {
      configFromEnv({ PUBLIC_URL: 'ftp://user:s3cretpass@bot.example.org' });
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cretpass');
    }
    try {
      discordConfigFromEnv({ DISCORD_TOKEN: 'x'.repeat(60), DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_REST_API: 'gopher://u:s3cretpass@h' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/DISCORD_REST_API/);
      expect((error as Error).message).not.toContain('s3cretpass');
    }
  });
});
