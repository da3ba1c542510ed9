import {
  ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  REST,
  Routes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord } from './index.js';

const GUILD_ID = '1100000000000000001';
const CHANNEL_ID = '1100000000000000002';
const OTHER_CHANNEL_ID = '1100000000000000003';

function startClient(fake: FakeDiscord): { client: Client; ready: Promise<Client<true>> } {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restBase } });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, (c) => resolve(c)));
  return { client, ready };
}

/** Resolves with the next interaction, running `handle` inside the listener (like a bot would). */
function nextInteraction<T extends Interaction>(client: Client, handle: (i: T) => Promise<unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handle(interaction as T).then(() => resolve(interaction as T), reject);
    });
  });
}

describe('FakeDiscord with a real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeAll(async () => {
    fake = await FakeDiscord.start({
      guilds: [
        {
          id: GUILD_ID,
          name: 'Catalog HQ',
          locale: 'de',
          channels: [
            { id: CHANNEL_ID, name: 'general', type: 0 },
            { id: OTHER_CHANNEL_ID, name: 'announcements', type: 0 },
          ],
        },
      ],
    });
    const started = startClient(fake);
    client = started.client;
    await client.login(fake.token);
    await started.ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('logs in: gateway/bot over REST, IDENTIFY recorded, READY sets the application, guild cached', async () => {
    await fake.waitForReady();
    expect(client.isReady()).toBe(true);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(fake.identify?.token).toBe(fake.token);
    expect(fake.identify?.intents).toBe(GatewayIntentBits.Guilds);
    expect(fake.gatewayConnections[0]).toMatchObject({ path: '/gateway', query: { v: '10', encoding: 'json' } });
    const gatewayBot = await fake.waitForRequest('GET /gateway/bot');
    expect(gatewayBot.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(gatewayBot.rawPath).toBe('/api/v10/gateway/bot');

    const guild = client.guilds.cache.get(GUILD_ID);
    expect(guild?.name).toBe('Catalog HQ');
    expect(guild?.preferredLocale).toBe('de');
    expect(guild?.roles.everyone.id).toBe(GUILD_ID);
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    expect(guild?.channels.cache.get(CHANNEL_ID)?.isTextBased()).toBe(true);
  });

  it('delivers a slash command with locale + options and records reply (type 4) with allowed_mentions', async () => {
    const handled = nextInteraction<ChatInputCommandInteraction>(client, async (i) => {
      await i.reply({ content: `found ${i.options.getString('query')} x${i.options.getInteger('limit')}`, allowedMentions: { parse: [] } });
    });
    const sent = fake.slashCommand('search', { query: 'lamp', limit: 3 }, { locale: 'fr', guildId: GUILD_ID, channelId: CHANNEL_ID });
    const interaction = await handled;

    expect(interaction).toBeInstanceOf(ChatInputCommandInteraction);
    expect(interaction.id).toBe(sent.id);
    expect(interaction.commandName).toBe('search');
    expect(interaction.locale).toBe('fr');
    expect(interaction.guildLocale).toBe('de');
    expect(interaction.guildId).toBe(GUILD_ID);
    expect(interaction.channelId).toBe(CHANNEL_ID);
    expect(interaction.inCachedGuild()).toBe(true);

    const [callback] = fake.interactionResponses(sent.id);
    expect(callback).toMatchObject({ kind: 'callback', type: 4 });
    expect(callback?.data.content).toBe('found lamp x3');
    expect(callback?.data.allowed_mentions).toEqual({ parse: [] });
    expect(callback?.request.status).toBe(204);
    expect(callback?.request.query.with_response).toBe('false');
    expect(fake.originalMessage(sent.id)?.content).toBe('found lamp x3');
  });

  it('sends member permissions in guilds, a plain user in DMs, and records multipart replies', async () => {
    const inGuild = nextInteraction<ChatInputCommandInteraction>(client, async (i) => {
      expect(i.memberPermissions?.has('Administrator')).toBe(true);
      expect(i.user.username).toBe('alice');
      await i.reply({ content: 'report', files: [{ attachment: Buffer.from('a,b\n1,2'), name: 'report.csv' }] });
    });
    const g = fake.slashCommand('export', {}, { user: { id: '1200000000000000001', username: 'alice' }, memberPermissions: 8n });
    await inGuild;
    const [cb] = fake.interactionResponses(g.id);
    expect(cb?.request.multipart).toBe(true);
    expect(cb?.data.content).toBe('report');
    expect(cb?.files[0]).toMatchObject({ field: 'files[0]', filename: 'report.csv', size: 7 });
    expect(cb?.message?.attachments[0]).toMatchObject({ filename: 'report.csv', size: 7 });
    const download = await fetch(cb?.message?.attachments[0].url as string);
    expect(await download.text()).toBe('a,b\n1,2');

    const inDm = nextInteraction<ChatInputCommandInteraction>(client, async (i) => {
      expect(i.inGuild()).toBe(false);
      expect(i.guildId).toBeNull();
      expect(i.user.id).toBe(fake.defaultUser.id);
      await i.reply('dm reply');
    });
    const dm = fake.slashCommand('help', undefined, { guildId: null, locale: 'pt-BR' });
    expect((await inDm).locale).toBe('pt-BR');
    expect(fake.interactionResponses(dm.id)[0]?.data.content).toBe('dm reply');
  });

  it('records deferReply (type 5) then editReply as PATCH @original', async () => {
    const handled = nextInteraction<ChatInputCommandInteraction>(client, async (i) => {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const msg = await i.editReply({ content: 'done', embeds: [{ title: 'Lamp', description: 'A lamp' }] });
      expect(msg.content).toBe('done');
      expect(msg.flags.has(MessageFlags.Ephemeral)).toBe(true);
    });
    const sent = fake.slashCommand('catalog', { item: 'lamp' }, { subcommand: 'show' });
    const interaction = await handled;
    expect(interaction.options.getSubcommand()).toBe('show');

    const kinds = fake.interactionResponses(sent.id).map((r) => [r.kind, r.type]);
    expect(kinds).toEqual([
      ['callback', 5],
      ['editOriginal', undefined],
    ]);
    const edit = fake.interactionResponses(sent.id)[1]!;
    expect(edit.request.method).toBe('PATCH');
    expect(edit.request.path).toBe(`/webhooks/${fake.applicationId}/${sent.token}/messages/@original`);
    expect(edit.request.rawPath.endsWith('/messages/%40original')).toBe(true); // discord.js URL-encodes the @
    expect(edit.message?.embeds[0]).toMatchObject({ type: 'rich', title: 'Lamp' });
    expect(edit.message?.flags & (1 << 7)).toBe(0); // no longer "thinking"
  });

  it('the first follow-up after a deferReply replaces the deferred message; later ones are new messages', async () => {
    const handled = nextInteraction<ChatInputCommandInteraction>(client, async (i) => {
      await i.deferReply();
      const first = await i.followUp('first');
      const second = await i.followUp('second');
      expect(first.id).not.toBe(second.id);
    });
    const { id } = fake.slashCommand('digest');
    await handled;
    const followups = fake.interactionResponses(id).filter((r) => r.kind === 'followup');
    expect(followups.map((f) => f.replacedDeferred ?? false)).toEqual([true, false]);
    expect(followups[0]?.messageId).toBe(fake.interactionResponses(id)[0]?.messageId);
  });

  it('records an autocomplete respond() as type 8 with the choices', async () => {
    const handled = nextInteraction<AutocompleteInteraction>(client, async (i) => {
      const focused = i.options.getFocused(true);
      await i.respond([{ name: `${focused.name}:${focused.value}`, value: 'lamp-1' }]);
    });
    const sent = fake.autocomplete('search', 'query', 'la', { limit: 5 }, { locale: 'de' });
    const interaction = await handled;
    expect(interaction.isAutocomplete()).toBe(true);
    expect(interaction.options.getInteger('limit')).toBe(5);
    const [callback] = fake.interactionResponses(sent.id);
    expect(callback?.type).toBe(8);
    expect(callback?.data.choices).toEqual([{ name: 'query:la', value: 'lamp-1' }]);
  });

  it('rejects more than 25 autocomplete choices like Discord (400 / 50035)', async () => {
    let failure: unknown;
    const handled = nextInteraction<AutocompleteInteraction>(client, async (i) => {
      await i.respond(Array.from({ length: 26 }, (_, n) => ({ name: `c${n}`, value: `v${n}` }))).catch((e) => {
        failure = e;
      });
    });
    const sent = fake.autocomplete('search', 'query', 'x');
    await handled;
    expect(failure).toBeInstanceOf(DiscordAPIError);
    expect((failure as DiscordAPIError).code).toBe(50035);
    expect((failure as DiscordAPIError).rawError).toMatchObject({ errors: { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
    expect(fake.interactionResponses(sent.id)).toEqual([]);
  });

  it('button click -> update (type 7) edits the clicked message; reply withResponse gets a 200 body', async () => {
    // a message with a button, sent by the bot through a slash command reply
    const first = fake.slashCommand('menu');
    await nextInteraction<ChatInputCommandInteraction>(client, async (i) => {
      const res = await i.reply({
        content: 'menu',
        components: [{ type: 1, components: [{ type: 2, style: 1, label: 'More', custom_id: 'more:1' }] }],
        withResponse: true,
      });
      expect(res.resource?.message?.content).toBe('menu');
    });
    const menuMessageId = fake.originalMessage(first.id)!.id as string;

    const handled = nextInteraction<ButtonInteraction>(client, async (i) => {
      expect(i.customId).toBe('more:1');
      expect(i.message.id).toBe(menuMessageId);
      await i.update({ content: 'page 2' });
    });
    const click = fake.button('more:1', { message: menuMessageId, locale: 'de' });
    await handled;
    const [callback] = fake.interactionResponses(click.id);
    expect(callback).toMatchObject({ kind: 'callback', type: 7, messageId: menuMessageId });
    expect(callback?.message?.content).toBe('page 2');
  });

  it('channel.send with nonce + enforceNonce twice creates a single message', async () => {
    const channel = client.channels.cache.get(CHANNEL_ID) as TextChannel;
    const a = await channel.send({ content: 'digest', nonce: 'digest-2024-01', enforceNonce: true });
    const b = await channel.send({ content: 'digest', nonce: 'digest-2024-01', enforceNonce: true });
    expect(b.id).toBe(a.id);
    expect(fake.channelMessages(CHANNEL_ID).filter((m) => m.nonce === 'digest-2024-01')).toHaveLength(1);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
    expect(posts.at(-1)?.body).toMatchObject({ nonce: 'digest-2024-01', enforce_nonce: true });
  });

  it('waits out a 429 (retry_after 1) and then succeeds', async () => {
    const channel = client.channels.cache.get(OTHER_CHANNEL_ID) as TextChannel;
    const limited: unknown[] = [];
    const onLimit = (info: unknown) => limited.push(info);
    client.rest.on('rateLimited', onLimit);
    fake.rateLimitNext({ method: 'POST', path: `/channels/${OTHER_CHANNEL_ID}/messages` }, { retryAfter: 1 });
    const started = Date.now();
    const msg = await channel.send('after the limit');
    const elapsed = Date.now() - started;
    client.rest.off('rateLimited', onLimit);

    expect(msg.content).toBe('after the limit');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    const posts = fake.requests.filter((r) => r.path === `/channels/${OTHER_CHANNEL_ID}/messages`);
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(limited).toHaveLength(1);
    expect(fake.channelMessages(OTHER_CHANNEL_ID)).toHaveLength(1);

    // a global limit on another route
    fake.rateLimitNext((method, path) => method === 'GET' && path === `/channels/${OTHER_CHANNEL_ID}`, { retryAfter: 0.3, global: true });
    const t1 = Date.now();
    const fetched = await client.channels.fetch(OTHER_CHANNEL_ID, { force: true });
    expect(fetched?.id).toBe(OTHER_CHANNEL_ID);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(250);
    const limitedGet = fake.requests.find((r) => r.rateLimited && r.method === 'GET');
    expect(limitedGet?.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.3, global: true, code: 0 });
  });

  it('validates content length, forbidden and deleted channels like Discord', async () => {
    const channel = client.channels.cache.get(CHANNEL_ID) as TextChannel;
    const tooLong = await channel.send('x'.repeat(2001)).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect((tooLong as DiscordAPIError).code).toBe(50035);
    expect((tooLong as DiscordAPIError).rawError).toMatchObject({ errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });

    const tooManyEmbeds = await channel.send({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }).catch((e: unknown) => e);
    expect((tooManyEmbeds as DiscordAPIError).code).toBe(50035);

    const post = (body: unknown) =>
      client.rest.post(Routes.channelMessages(CHANNEL_ID), { body }).then(
        () => null,
        (e: DiscordAPIError) => e.rawError,
      );
    expect(await post({ embeds: [{ title: 't'.repeat(257) }] })).toMatchObject({ errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    expect(await post({ embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] })).toMatchObject({
      errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } },
    });
    expect(await post({ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] })).toMatchObject({ code: 50035 });
    expect(await post({ components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'c'.repeat(101) }] }] })).toMatchObject({
      errors: { components: { 0: { components: { 0: { custom_id: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } } },
    });
    expect(await post({ content: '   ' })).toEqual({ code: 50006, message: 'Cannot send an empty message' });

    fake.forbidChannel(CHANNEL_ID);
    const forbidden = await channel.send('hi').catch((e: unknown) => e);
    expect((forbidden as DiscordAPIError).code).toBe(50001);
    expect((forbidden as DiscordAPIError).status).toBe(403);
    fake.allowChannel(CHANNEL_ID);

    const extra = fake.addChannel(GUILD_ID, { name: 'temp' });
    await expect.poll(() => client.channels.cache.has(extra)).toBe(true);
    const temp = client.channels.cache.get(extra) as TextChannel;
    fake.deleteChannel(extra);
    const gone = await temp.send('hi').catch((e: unknown) => e);
    expect((gone as DiscordAPIError).code).toBe(10003);
    expect((gone as DiscordAPIError).status).toBe(404);
    await expect.poll(() => client.channels.cache.has(extra)).toBe(false);
  });

  it('REST.put(applicationCommands) stores the commands; invoking one uses its id', async () => {
    const rest = new REST({ api: fake.restBase }).setToken(fake.token);
    const body = [
      { name: 'search', description: 'Search the catalog', options: [{ type: 3, name: 'query', description: 'What', required: true, autocomplete: true }] },
      { name: 'help', description: 'Help', name_localizations: { de: 'hilfe' } },
    ];
    const stored = (await rest.put(Routes.applicationCommands(fake.applicationId), { body })) as { id: string; name: string; application_id: string }[];
    expect(stored.map((c) => c.name)).toEqual(['search', 'help']);
    expect(stored.every((c) => c.application_id === fake.applicationId && /^\d{17,20}$/.test(c.id))).toBe(true);
    expect(fake.commands('global')).toHaveLength(2);

    // overwrite keeps ids of unchanged names
    const again = (await rest.put(Routes.applicationCommands(fake.applicationId), { body: body.slice(0, 1) })) as { id: string }[];
    expect(again[0]?.id).toBe(stored[0]?.id);
    expect(fake.commands()).toHaveLength(1);

    const guildCmds = (await rest.put(Routes.applicationGuildCommands(fake.applicationId, GUILD_ID), { body: [{ name: 'admin', description: 'Admin' }] })) as {
      guild_id: string;
    }[];
    expect(guildCmds[0]?.guild_id).toBe(GUILD_ID);
    expect(fake.commands(GUILD_ID)).toHaveLength(1);

    const bad = await rest.put(Routes.applicationCommands(fake.applicationId), { body: [{ name: 'Bad Name', description: 'x' }] }).catch((e: unknown) => e);
    expect((bad as DiscordAPIError).code).toBe(50035);

    const handled = nextInteraction<ChatInputCommandInteraction>(client, async (i) => {
      await i.reply('ok');
    });
    fake.slashCommand('search', { query: 'x' });
    expect((await handled).commandId).toBe(stored[0]?.id);
  });

  it('rejects a second acknowledgement (40060) and a late first one (10062)', async () => {
    let second: unknown;
    const handled = nextInteraction<ChatInputCommandInteraction>(client, async (i) => {
      await i.reply('one');
      // bypass discord.js's own "already replied" guard
      second = await client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'two' } }, auth: false }).catch((e: unknown) => e);
    });
    fake.slashCommand('help');
    await handled;
    expect((second as DiscordAPIError).code).toBe(40060);

    const slow = await FakeDiscord.start({ interactionAckTimeoutMs: 50 });
    const late = startClient(slow);
    try {
      await late.client.login(slow.token);
      await late.ready;
      let lateError: unknown;
      const lateHandled = nextInteraction<ChatInputCommandInteraction>(late.client, async (i) => {
        await new Promise((r) => setTimeout(r, 120));
        lateError = await i.reply('too late').catch((e: unknown) => e);
      });
      slow.slashCommand('slow');
      await lateHandled;
      expect((lateError as DiscordAPIError).code).toBe(10062);
    } finally {
      await late.client.destroy();
      await slow.close();
    }
  });

  it('has no unhandled REST requests', () => {
    expect(fake.unhandledRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});

describe('FakeDiscord gateway lifecycle', () => {
  it('acks heartbeats, resumes after RECONNECT (replaying missed events) and shuts down cleanly', async () => {
    const fake = await FakeDiscord.start({ heartbeatInterval: 150 });
    const { client, ready } = startClient(fake);
    try {
      await client.login(fake.token);
      await ready;
      await expect.poll(() => fake.heartbeats, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
      await expect.poll(() => client.ws.ping, { timeout: 3000 }).toBeGreaterThanOrEqual(0);

      const resumed = fake.waitForResume();
      fake.requestReconnect();
      // dispatched while the client is reconnecting: buffered and replayed on RESUME
      const handled = nextInteraction<ChatInputCommandInteraction>(client, (i) => i.reply('after resume'));
      const sent = fake.slashCommand('ping');
      await resumed;
      await handled;
      expect(fake.resumes).toHaveLength(1);
      expect(fake.identifies).toHaveLength(1);
      expect(fake.gatewayConnections.at(-1)?.path).toBe('/gateway/resume');
      expect(fake.interactionResponses(sent.id)[0]?.data.content).toBe('after resume');
    } finally {
      await client.destroy();
      expect(fake.openGatewayConnections).toBe(0);
      await fake.close();
    }
  });

  it('rejects a wrong token: REST 401 for discord.js, gateway close 4004 on IDENTIFY', async () => {
    const fake = await FakeDiscord.start();
    const badClient = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restBase } });
    try {
      // discord.js fails already at GET /gateway/bot (401 -> TokenInvalid)
      await expect(badClient.login('not-the-token')).rejects.toThrow();
      expect(fake.requests[0]).toMatchObject({ path: '/gateway/bot', status: 401 });

      const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
      const frames: { op: number; d: unknown }[] = [];
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { op: number; d: unknown };
        frames.push(frame);
        if (frame.op === 10) {
          ws.send(JSON.stringify({ op: 1, d: null }));
          ws.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 1, properties: {} } }));
        }
      });
      expect(await closed).toBe(4004);
      expect(frames.map((f) => f.op)).toEqual([10, 11]);
      expect(frames[0]?.d).toMatchObject({ heartbeat_interval: 45000 });
      expect(fake.identify?.token).toBe('nope');
    } finally {
      await badClient.destroy();
      await fake.close();
    }
  });
});
