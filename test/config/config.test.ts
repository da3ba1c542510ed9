/** The environment is validated once at start: each kind of mistake → one line naming the variable. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appConfigFromEnv, secretsOfConfig } from '../../app/config.js';
import type { PlatformEntry } from '../../app/platforms.js';
import { ConfigError, configFromEnv, loadDotEnv } from '../../src/config/env.js';
import { createLogger, logFn } from '../../src/log.js';
import type { PlatformModule } from '../../src/platform.js';

const TG = '123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp';

/** The one line of the ConfigError the environment gives (core settings and the registered platforms). */
async function failure(env: Record<string, string>): Promise<string> {
  try {
    await appConfigFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('config from the environment', () => {
  it('is all defaults with nothing set (the console chat)', () => {
    expect(configFromEnv({})).toEqual({ httpHost: '0.0.0.0' });
  });

  it('reads every setting', async () => {
    const seeds = mkdtempSync(join(tmpdir(), 'cfg-seeds-'));
    const config = await appConfigFromEnv({
      LOG_LEVEL: 'debug',
      HTTP_PORT: '8080',
      HTTP_HOST: '127.0.0.1',
      PUBLIC_URL: 'https://bot.example.org/',
      CATALOG_SEEDS: seeds,
      CATALOG_WATCH: 'off',
      DATABASE_URL: 'postgres://bot:pw@db:5432/bot',
      TELEGRAM_BOT_TOKEN: TG,
      DISCORD_TOKEN: 'discord-token-value',
      DISCORD_APPLICATION_ID: '123456789012345678',
    });
    expect(config.core).toEqual({
      logLevel: 'debug',
      httpPort: 8080,
      httpHost: '127.0.0.1',
      publicUrl: 'https://bot.example.org',
      seeds,
      watch: false,
      databaseUrl: 'postgres://bot:pw@db:5432/bot',
    });
    expect(config.platforms.map((p) => p.module.name)).toEqual(['telegram', 'discord']);
    expect(config.platforms[0]!.config).toMatchObject({ token: TG });
    expect(config.platforms[1]!.config).toMatchObject({ applicationId: '123456789012345678' });
  });

  it('treats an empty variable as unset', () => {
    expect(configFromEnv({ HTTP_PORT: '', LOG_LEVEL: '  ' })).toEqual({ httpHost: '0.0.0.0' });
  });

  it('rejects a port that is not a number', async () => {
    expect(await failure({ HTTP_PORT: 'eighty' })).toBe('HTTP_PORT must be a port number from 0 to 65535 (got "eighty")');
  });

  it('rejects a port out of range', async () => {
    expect(await failure({ HTTP_PORT: '70000' })).toMatch(/^HTTP_PORT must be a port number/);
  });

  it('rejects an unknown log level', async () => {
    expect(await failure({ LOG_LEVEL: 'loud' })).toBe('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
  });

  it('rejects a seed directory that does not exist', async () => {
    expect(await failure({ CATALOG_SEEDS: '/nonexistent/seeds' })).toMatch(/^CATALOG_SEEDS must be an existing directory/);
  });

  it('rejects a database URL that is not PostgreSQL, without quoting it (it holds the password)', async () => {
    const message = await failure({ DATABASE_URL: 'mysql://bot:hunter22@db/bot' });
    expect(message).toMatch(/^DATABASE_URL must be a PostgreSQL URL/);
    expect(message).not.toContain('hunter22');
  });

  it('rejects both databases at once', async () => {
    expect(await failure({ DATABASE_URL: 'postgres://db/bot', DATABASE_PATH: '/data/bot.db' })).toMatch(/^DATABASE_URL and DATABASE_PATH are both set/);
  });

  it('rejects a public URL that is not http(s)', async () => {
    expect(await failure({ PUBLIC_URL: 'ftp://bot.example.org' })).toMatch(/^PUBLIC_URL must be an http\(s\) URL/);
  });

  it('rejects a yes/no setting with another word', async () => {
    expect(await failure({ CATALOG_WATCH: 'maybe' })).toMatch(/^CATALOG_WATCH must be 1\/true\/on or 0\/false\/off/);
  });

  it('uses the Telegram rules: a malformed token, without quoting it', async () => {
    const message = await failure({ TELEGRAM_BOT_TOKEN: 'not-a-token-secretvalue' });
    expect(message).toMatch(/^TELEGRAM_BOT_TOKEN does not look like a bot token/);
    expect(message).not.toContain('secretvalue');
  });

  it('uses the Discord rules: a token without its application id', async () => {
    expect(await failure({ DISCORD_TOKEN: 'discord-token-value' })).toMatch(/^DISCORD_APPLICATION_ID is not set/);
  });

  it('uses the Discord rules: shard ids outside the shard count', async () => {
    const discord = { DISCORD_TOKEN: 'discord-token-value', DISCORD_APPLICATION_ID: '123456789012345678' };
    expect(await failure({ ...discord, DISCORD_SHARDS: '0,5', DISCORD_SHARD_COUNT: '4' })).toBe('DISCORD_SHARDS has shard 5, but DISCORD_SHARD_COUNT is 4 (ids go from 0 to 3)');
    expect(await failure({ ...discord, DISCORD_SHARDS: '0,1' })).toMatch(/^DISCORD_SHARD_COUNT must be the total number of shards/);
    const read = async (env: Record<string, string>) => (await appConfigFromEnv(env)).platforms[0]!.config;
    expect(await read({ ...discord, DISCORD_SHARDS: '2, 3', DISCORD_SHARD_COUNT: '4' })).toMatchObject({ shards: [2, 3], shardCount: 4 });
    expect(await read({ ...discord, DISCORD_SHARDS: 'auto' })).toMatchObject({ shards: 'auto' });
  });

  it('rejects a webhook port that differs from the shared HTTP port', async () => {
    const message = await failure({
      HTTP_PORT: '8080',
      TELEGRAM_BOT_TOKEN: TG,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg',
      TELEGRAM_WEBHOOK_PORT: '8443',
    });
    expect(message).toMatch(/^TELEGRAM_WEBHOOK_PORT is 8443 but HTTP_PORT \(8080\) serves the webhook/);
  });

  it('reads an optional .env file without overriding what is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nCATALOG_BOT_TEST_A=from-file\nCATALOG_BOT_TEST_B=from-file\n');
    process.env.CATALOG_BOT_TEST_B = 'from-env';
    try {
      expect(loadDotEnv(join(dir, 'missing.env'))).toBe(false);
      expect(loadDotEnv(file)).toBe(true);
      expect(process.env.CATALOG_BOT_TEST_A).toBe('from-file');
      expect(process.env.CATALOG_BOT_TEST_B).toBe('from-env');
    } finally {
      delete process.env.CATALOG_BOT_TEST_A;
      delete process.env.CATALOG_BOT_TEST_B;
    }
  });
});

describe('the platform registry', () => {
  /** A module reading FAKE_TOKEN (FAKE_MODE=bad: a one-line error naming the variable). */
  const fake: PlatformModule<{ token: string }> = {
    name: 'fake',
    config: {
      schema: z.object({ token: z.string() }),
      fromEnv: (env) => {
        if (env.FAKE_MODE === 'bad') throw new Error('FAKE_MODE must be good');
        return env.FAKE_TOKEN === 'off' ? undefined : { token: env.FAKE_TOKEN! };
      },
      secrets: (c) => [c.token],
    },
    limits: { perAddress: () => ({ burst: 1, perSecond: 1 }), pageTokenBytes: 64 },
    address: { owns: (a) => a.startsWith('fake:') },
    createSender: () => {
      throw new Error('not used');
    },
    createReceiver: () => {
      throw new Error('not used');
    },
    publishCommands: async () => {},
  };
  function registry(): { entries: PlatformEntry[]; loads: () => number } {
    let loads = 0;
    return {
      entries: [
        {
          name: 'fake',
          switch: 'FAKE_TOKEN',
          load: async () => {
            loads++;
            return fake as PlatformModule;
          },
        },
      ],
      loads: () => loads,
    };
  }

  it('loads a module only when its switch is set', async () => {
    const r = registry();
    expect((await appConfigFromEnv({ FAKE_TOKEN: '  ' }, r.entries)).platforms).toEqual([]);
    expect(r.loads()).toBe(0);
    const config = await appConfigFromEnv({ FAKE_TOKEN: 'fake-secret' }, r.entries);
    expect(r.loads()).toBe(1);
    expect(config.platforms).toEqual([{ module: fake, config: { token: 'fake-secret' } }]);
    expect(secretsOfConfig(config)).toEqual(['fake-secret']);
  });

  it('leaves out a module that reads no settings, and turns its error into a one-line ConfigError', async () => {
    expect((await appConfigFromEnv({ FAKE_TOKEN: 'off' }, registry().entries)).platforms).toEqual([]);
    await expect(appConfigFromEnv({ FAKE_TOKEN: 'x', FAKE_MODE: 'bad' }, registry().entries)).rejects.toThrow(new ConfigError('FAKE_MODE must be good'));
  });
});

describe('logs', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    return { lines, stream };
  }

  it('writes JSON lines at the configured level', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'warn', destination: stream });
    logger.info('hidden');
    logger.warn({ platform: 'telegram' }, 'shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'shown', platform: 'telegram', name: 'catalog-bot' });
  });

  it('never writes a token or the database password, in messages, errors or fields', async () => {
    const config = await appConfigFromEnv({
      TELEGRAM_BOT_TOKEN: TG,
      DISCORD_TOKEN: 'discord-token-value',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DATABASE_URL: 'postgres://bot:pg-password-1@db:5432/bot',
    });
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', destination: stream, secrets: secretsOfConfig(config) });
    logFn(logger, 'telegram')(`GET https://api.telegram.org/bot${TG}/getMe failed`, new Error(`fetch bot${TG}/getMe: 401`));
    logger.info({ token: 'discord-token-value', config }, 'connecting with discord-token-value to postgres://bot:pg-password-1@db');
    const text = JSON.stringify(lines);
    expect(lines).toHaveLength(2);
    for (const secret of [TG, 'discord-token-value', 'pg-password-1']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ component: 'telegram', err: { message: 'fetch bot[secret]/getMe: 401' } });
  });
});
