/**
 * Announcements end to end on Discord: the platform module's receiver (a real discord.js
 * Client) and REST sender against the fake gateway and REST. Manage Server is needed to subscribe, DMs are refused; posts carry
 * a nonce derived from the ledger key with enforce_nonce, so a post resent after a
 * crash between claim and send shows once; a channel the bot lost is deactivated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordConfig } from '../../adapters/discord/config.js';
import { plainText } from '../../adapters/discord/messages.js';
import { platformModule } from '../../adapters/discord/module.js';
import type { DiscordReceiver } from '../../adapters/discord/receiver.js';
import { SendError } from '../../src/platform.js';
import { idempotencyKey } from '../../src/announce/key.js';
import { runPass, type AnnounceSender } from '../../src/announce/pass.js';
import { Pacer } from '../../src/announce/pacing.js';
import { createBot } from '../../app/bot.js';
import type { CatalogServices } from '../../src/engine/services.js';
import { systemClock } from '../../src/clock.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import type { Sender } from '../../src/platform.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { FakeDiscord, type JsonObject } from '../fakes/discord/index.js';
import { timedCatalog, type Timed } from './announce-helpers.js';

const MANAGE_GUILD = String(1n << 5n);

let fake: FakeDiscord;
let config: DiscordConfig;
let receiver: DiscordReceiver;
let sender: Sender;
let store: SqliteStore;
let core: CatalogServices;
let dispatcher: Dispatcher;
let timed: Timed;
let lostChannel: string;

beforeAll(async () => {
  fake = await FakeDiscord.start({ disallowPrivilegedIntents: true });
  timed = timedCatalog();
  store = openSqliteStore(':memory:');
  const bot = createBot({ seeds: timed.seeds, store, flood: false });
  core = bot.core;
  dispatcher = new Dispatcher(bot.engine);
  config = platformModule.config.fromEnv({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_REST_API: fake.restBase })!;
  const services = { log: () => undefined, clock: systemClock };
  receiver = platformModule.createReceiver(config, services) as DiscordReceiver;
  sender = platformModule.createSender(config, services);
  await receiver.start(dispatcher.access);
  lostChannel = fake.addChannel(fake.defaultGuildId, { name: 'old-lab' });
});

afterAll(async () => {
  await receiver?.stop();
  await dispatcher?.close();
  await sender?.close();
  await fake?.close();
  await store?.close();
});

async function slash(name: string, options: Record<string, string>, opts: Parameters<FakeDiscord['slashCommand']>[2] = {}): Promise<{ text: string; ephemeral: boolean }> {
  const { id } = fake.slashCommand(name, options, { locale: 'en-US', ...opts });
  await fake.waitForInteractionResponse(id);
  await receiver.whenIdle();
  const [response] = fake.interactionResponses(id);
  const message = fake.originalMessage(id) ?? fake.followUps(id)[0];
  return { text: message ? plainText(message) : '', ephemeral: Boolean(((response?.data.flags as number | undefined) ?? 0) & 64) };
}

const pass = (now: number, senders: Record<string, AnnounceSender> = { discord: sender }, clock?: () => number) =>
  runPass({ store, core, senders, now, ...(clock ? { clock: { now: clock } } : {}), instanceId: 'e2e', pacer: Pacer.unlimited() });

describe('Discord subscriptions and announcements', () => {
  it('refuses members without Manage Server and direct messages', async () => {
    const member = await slash('subscribe', { filter: 'cfp', leads: '7' }, { memberPermissions: '0' });
    expect(member).toMatchObject({ ephemeral: true });
    expect(member.text).toMatch(/Only people who manage this channel/);
    const dm = await slash('subscribe', { filter: 'cfp' }, { guildId: null });
    expect(dm.text).toMatch(/only be set up in a server channel/);
    expect(await store.activeSubscriptions()).toEqual([]);
  });

  it('subscribes a channel for a member with Manage Server', async () => {
    const made = await slash('subscribe', { filter: 'cfp', leads: '7,1', zone: 'UTC+8' }, { memberPermissions: MANAGE_GUILD });
    expect(made.ephemeral).toBe(false);
    expect(made.text).toMatch(/Subscribed \(id \w+\)/);
    await slash('subscribe', { filter: 'cfp', leads: '7' }, { memberPermissions: MANAGE_GUILD, channelId: lostChannel });
    expect((await store.activeSubscriptions()).map((s) => s.conversation).sort()).toEqual([`discord:${fake.defaultChannelId}`, `discord:${lostChannel}`].sort());
  });

  it('posts with a nonce from the ledger key; a resend after a crash between claim and send shows once; a lost channel is deactivated', async () => {
    fake.forbidChannel(lostChannel);
    // First attempt: the message reaches Discord, then the process dies before markSent.
    const dying: AnnounceSender = {
      platform: 'discord',
      limits: sender.limits,
      send: async (conversation, reply, options) => {
        const sent = await sender.send(conversation, reply, options);
        if (conversation.endsWith(fake.defaultChannelId)) throw new Error(`killed after posting ${sent.messageId}`);
        return sent;
      },
    };
    const t0 = timed.sevenDaysBefore;
    const first = await pass(t0, { discord: dying });
    expect(first).toMatchObject({ deactivated: 1 });
    expect(await store.subscriptionsOf(`discord:${lostChannel}`)).toMatchObject([{ active: false, inactiveReason: expect.stringMatching(/Missing Access/) }]);
    store.db.prepare("UPDATE ledger SET status = 'claimed', reason = NULL WHERE reason LIKE 'transient:%'").run();

    const posts = () => fake.channelMessages(fake.defaultChannelId).filter((m) => plainText(m).includes('Alpha Conf'));
    expect(posts()).toHaveLength(1);
    const body = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${fake.defaultChannelId}/messages`).at(-1)!.body as JsonObject;
    const [sub] = await store.subscriptionsOf(`discord:${fake.defaultChannelId}`);
    const [claimed] = await store.ledgerOf([sub!.id]);
    expect(claimed).toMatchObject({ status: 'claimed', milestone: 'deadline', lead: '7d' });
    expect(body).toMatchObject({ enforce_nonce: true, nonce: idempotencyKey(claimed!) });

    // The restarted process finds the stale claim 3 minutes later and resends it with the same nonce.
    const second = await pass(t0 + 3 * 60_000, { discord: sender }, () => t0 + 3 * 60_000);
    expect(second).toMatchObject({ resent: 1, sent: 0 });
    expect(posts()).toHaveLength(1);
    expect(plainText(posts()[0]!)).toMatch(/7 days left/);
    const [row] = await store.ledgerOf([sub!.id]);
    expect(row).toMatchObject({ status: 'sent', messageId: posts()[0]!.id });
  });

  it('sends over REST only for `npm run announce`: the same nonce posts once; a lost channel is a SendError', async () => {
    // a sender of its own, without the receiver's gateway session
    const sender = platformModule.createSender(config, { log: () => undefined, clock: systemClock });
    const channel = fake.addChannel(fake.defaultGuildId, { name: 'cron' });
    const reply = { intent: 'announcement', lang: 'en' as const, text: ['⏰ Closes today'], items: [] };
    const a = await sender.send(`discord:${channel}`, reply, { idempotencyKey: 'abc123' });
    const b = await sender.send(`discord:${channel}`, reply, { idempotencyKey: 'abc123' });
    expect(b.messageId).toBe(a.messageId);
    expect(fake.channelMessages(channel)).toHaveLength(1);
    fake.forbidChannel(channel);
    await expect(sender.send(`discord:${channel}`, reply, { idempotencyKey: 'abc124' })).rejects.toMatchObject({ kind: 'lost' });
    await expect(sender.send(`discord:${channel}`, reply)).rejects.toBeInstanceOf(SendError);
    await sender.close();
  });
});
