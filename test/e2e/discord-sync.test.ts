/**
 * `npm run sync-commands` against the fake Discord REST API, and the DISCORD_*
 * configuration checks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { DiscordConfig } from '../../adapters/discord/config.js';
import { platformModule } from '../../adapters/discord/module.js';
import { slashCommands } from '../../adapters/discord/commands.js';
import { syncDiscordCommands } from '../../adapters/discord/sync.js';
import { systemClock } from '../../src/clock.js';
import { FakeDiscord, type JsonObject } from '../fakes/discord/index.js';
import { makeEngine } from '../helpers.js';

const discordConfigFromEnv = (env: NodeJS.ProcessEnv) => platformModule.config.fromEnv(env);

describe('sync-commands', () => {
  let fake: FakeDiscord;
  let config: DiscordConfig;
  beforeEach(async () => {
    fake = await FakeDiscord.start();
    config = { token: fake.token, applicationId: fake.applicationId, restApi: fake.restBase };
  });
  afterEach(async () => {
    await fake.close();
  });

  const puts = () => fake.requests.filter((r) => r.method === 'PUT' && !r.rateLimited);

  it('publishCommands (npm run sync-commands) registers the declared commands and says so', async () => {
    const logged: string[] = [];
    await platformModule.publishCommands(config, COMMANDS, { log: (m) => logged.push(m), clock: systemClock });
    expect(fake.commands('global').map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    expect(logged).toEqual(['discord: registered: the slash commands (global)']);
  });

  it('registers globally once; a second run reads and changes nothing', async () => {
    expect(await syncDiscordCommands(config, COMMANDS)).toEqual({ changed: true, scope: 'global' });
    expect(puts()).toHaveLength(1);
    const versions = fake.commands('global').map((c) => c.version);

    expect(await syncDiscordCommands(config, COMMANDS)).toEqual({ changed: false, scope: 'global' });
    expect(puts()).toHaveLength(1);
    expect(fake.commands('global').map((c) => c.version)).toEqual(versions);
    const gets = fake.requests.filter((r) => r.method === 'GET' && r.path === `/applications/${fake.applicationId}/commands`);
    expect(gets).toHaveLength(2);
    expect(gets.every((g) => g.query.with_localizations === 'true')).toBe(true);
  });

  it('generates the slash commands from commands/ with zh-CN localizations and option limits', async () => {
    await syncDiscordCommands(config, COMMANDS);
    const registered = fake.commands('global');
    expect(registered.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const command of COMMANDS) {
      const c = registered.find((r) => r.name === command.name)!;
      expect(c.name).toBe(c.name.toLowerCase());
      expect(c.description).toBe(command.description.en);
      expect(c.description_localizations).toEqual({ 'zh-CN': command.description.zh });
      // Subscription commands: Manage Server by default, in servers that installed the app only;
      // the others also for a user who installed it, in DMs and private channels.
      const manage = command.requires?.includes('manage');
      expect(c.default_member_permissions).toBe(manage ? '32' : null);
      expect(c.integration_types).toEqual(manage ? [0] : [0, 1]);
      expect(c.contexts).toEqual(manage ? [0] : [0, 1, 2]);
      expect((c.options ?? []).map((o: JsonObject) => o.name)).toEqual(command.options.map((o) => o.name));
      for (const o of (c.options ?? []) as JsonObject[]) {
        const declared = command.options.find((d) => d.name === o.name)!;
        expect(o).toMatchObject({ type: 3, required: declared.required, ...(declared.autocomplete ? { autocomplete: true } : {}) });
        expect(o.description_localizations).toEqual({ 'zh-CN': declared.description.zh });
        // A free-text query (a title, a name: `query`, or an option with autocomplete) is never cut short;
        // a short value (a language, leads, an id, an action word) keeps the limit it declares.
        if (declared.name === 'query' || declared.autocomplete) expect(o.max_length).toBeGreaterThan(50);
        expect(o.max_length).toBe(Math.min(100, declared.maxLength ?? 100));
      }
    }
    // a Chinese alias becomes the zh-CN name
    expect(registered.find((c) => c.name === 'help')?.name_localizations).toEqual({ 'zh-CN': '帮助' });
  });

  it('overwrites when a declaration changed or a stray command is registered', async () => {
    await syncDiscordCommands(config, COMMANDS);
    const edited = COMMANDS.map((c) => (c.name === 'paper' ? { ...c, description: { ...c.description, zh: '查找论文' } } : c));
    expect((await syncDiscordCommands(config, edited)).changed).toBe(true);
    expect(fake.commands('global').find((c) => c.name === 'paper')?.description_localizations).toEqual({ 'zh-CN': '查找论文' });
    expect((await syncDiscordCommands(config, edited)).changed).toBe(false);

    // someone registered another command by hand: the declared set wins
    await fetch(`${fake.restBase}/v10/applications/${fake.applicationId}/commands`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'stray', description: 'not ours' }),
    });
    expect((await syncDiscordCommands(config, COMMANDS)).changed).toBe(true);
    expect(fake.commands('global').map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));

    // registered before user installs: without integration_types and contexts, so it is overwritten
    const plain = slashCommands(COMMANDS).map(({ integration_types: _i, contexts: _c, ...rest }) => rest);
    await fetch(`${fake.restBase}/v10/applications/${fake.applicationId}/commands`, {
      method: 'PUT',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(plain),
    });
    expect(fake.commands('global').find((c) => c.name === 'paper')?.contexts).toBeNull();
    expect((await syncDiscordCommands(config, COMMANDS)).changed).toBe(true);
    expect(fake.commands('global').find((c) => c.name === 'paper')?.contexts).toEqual([0, 1, 2]);
  });

  it('registers to one guild with DISCORD_GUILD_ID, leaving global commands alone', async () => {
    const guildId = fake.defaultGuildId;
    const guildConfig = discordConfigFromEnv({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_REST_API: fake.restBase,
      DISCORD_GUILD_ID: guildId,
    })!;
    expect(await syncDiscordCommands(guildConfig, COMMANDS)).toEqual({ changed: true, scope: guildId });
    expect(await syncDiscordCommands(guildConfig, COMMANDS)).toEqual({ changed: false, scope: guildId });
    expect(fake.commands(guildId).map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    expect(fake.commands('global')).toEqual([]);
  });

  it('waits out a 429 on the overwrite', async () => {
    fake.rateLimitNext({ method: 'PUT' }, { retryAfter: 0.5 });
    expect((await syncDiscordCommands(config, COMMANDS)).changed).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([429, 200]);
  });

  it('fails with Discord’s error on a wrong token', async () => {
    await expect(syncDiscordCommands({ ...config, token: 'wrong' }, COMMANDS)).rejects.toThrow();
    expect(puts()).toEqual([]);
  });
});

describe('DISCORD_* configuration', () => {
  const base = { DISCORD_TOKEN: 'secret-token', DISCORD_APPLICATION_ID: '1100000000000000001' };
  const oneLine = (env: NodeJS.ProcessEnv, variable: string) => {
    let message = '';
    try {
      discordConfigFromEnv(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('secret-token');
  };

  it('validates a config with its schema and names the token as the secret', () => {
    const config = discordConfigFromEnv(base)!;
    expect(platformModule.config.schema.parse(config)).toEqual(config);
    expect(platformModule.config.secrets?.(config)).toEqual(['secret-token']);
    expect(platformModule.config.schema.safeParse({ ...config, applicationId: 'my-bot' }).success).toBe(false);
  });

  it('is off without a token', () => {
    expect(discordConfigFromEnv({})).toBeUndefined();
    expect(discordConfigFromEnv({ DISCORD_TOKEN: '  ', DISCORD_APPLICATION_ID: 'x' })).toBeUndefined();
  });

  it('reads token, application id, REST base and guild', () => {
    expect(discordConfigFromEnv(base)).toEqual({ token: 'secret-token', applicationId: '1100000000000000001' });
    expect(discordConfigFromEnv({ ...base, DISCORD_REST_API: 'http://127.0.0.1:8080/api/', DISCORD_GUILD_ID: '1100000000000000002' })).toEqual({
      token: 'secret-token',
      applicationId: '1100000000000000001',
      restApi: 'http://127.0.0.1:8080/api',
      guildId: '1100000000000000002',
    });
  });

  it('names the variable that is missing or malformed, in one line', () => {
    oneLine({ DISCORD_TOKEN: 'secret-token' }, 'DISCORD_APPLICATION_ID');
    oneLine({ ...base, DISCORD_APPLICATION_ID: 'my-bot' }, 'DISCORD_APPLICATION_ID');
    oneLine({ ...base, DISCORD_APPLICATION_ID: '123' }, 'DISCORD_APPLICATION_ID');
    oneLine({ ...base, DISCORD_REST_API: 'not a url' }, 'DISCORD_REST_API');
    oneLine({ ...base, DISCORD_REST_API: 'ftp://example.org/api' }, 'DISCORD_REST_API');
    oneLine({ ...base, DISCORD_GUILD_ID: 'general' }, 'DISCORD_GUILD_ID');
  });

  it('start() rejects a token Discord refuses, leaving nothing connected', async () => {
    const fake = await FakeDiscord.start();
    try {
      const config = { token: 'wrong', applicationId: fake.applicationId, restApi: fake.restBase };
      const receiver = platformModule.createReceiver(config, { log: () => {}, clock: systemClock });
      await expect(receiver.start(makeEngine())).rejects.toThrow();
      expect(fake.openGatewayConnections).toBe(0);
      await receiver.stop();
    } finally {
      await fake.close();
    }
  });
});
