/**
 * Personal settings, follows and reminders on Discord end to end: the module's receiver (a real
 * discord.js Client) and REST sender against the fake gateway and REST, the real engine and
 * SQLite store, passes at fixed instants of a fake clock. /settings (ephemeral) sets the zone
 * used by the next reply; a follow is reminded once per lead in the DM channel the sender opens,
 * also after a restart and with two instances racing on one database; the reminder's buttons
 * change what comes next; a deadline moved by a catalog reload is told once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordAddress } from '../../adapters/discord/address.js';
import type { DiscordConfig } from '../../adapters/discord/config.js';
import { plainText } from '../../adapters/discord/messages.js';
import { platformModule } from '../../adapters/discord/module.js';
import type { DiscordReceiver } from '../../adapters/discord/receiver.js';
import { systemClock } from '../../src/clock.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Sender } from '../../src/platform.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { FakeDiscord, type JsonObject } from '../fakes/discord/index.js';
import { ALPHA, BEIJING_LEADS, Clock, TOKYO_LEADS, fileStore, justBefore, moveAlpha, pass, personalBot, raceAtLeads, seeds, tempDb } from './personal-helpers.js';

const AMY = '1300000000000000901';
const BEN = '1300000000000000902';
const CAT = '1300000000000000903';
const DIA = '1300000000000000904';

let fake: FakeDiscord;
let config: DiscordConfig;
let receiver: DiscordReceiver;
let dispatcher: Dispatcher;
let sender: Sender;
let clock: Clock;
let file: string;
let dir: string;
let store: SqliteStore;
let engine: Engine;

async function startReceiver(): Promise<void> {
  const services = { log: () => undefined, clock: systemClock };
  receiver = platformModule.createReceiver(config, services) as DiscordReceiver;
  sender ??= platformModule.createSender(config, services);
  dispatcher = new Dispatcher(engine);
  await receiver.start(dispatcher.access);
}

async function stopReceiver(): Promise<void> {
  await receiver.stop();
  await dispatcher.close();
}

beforeAll(async () => {
  fake = await FakeDiscord.start({ disallowPrivilegedIntents: true });
  config = platformModule.config.fromEnv({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_REST_API: fake.restBase })!;
  clock = new Clock('2027-02-20T10:00:00+08:00');
  file = tempDb();
  dir = seeds();
  store = fileStore(file, clock);
  engine = personalBot(clock, store, dir);
  await startReceiver();
});

afterAll(async () => {
  await stopReceiver();
  await sender?.close();
  await fake?.close();
  await store?.close();
});

interface Answer {
  text: string;
  ephemeral: boolean;
  message: JsonObject | null;
}

async function answerOf(id: string): Promise<Answer> {
  await fake.waitForInteractionResponse(id);
  await receiver.whenIdle();
  const [response] = fake.interactionResponses(id);
  const message = fake.originalMessage(id) ?? fake.followUps(id)[0] ?? response?.message ?? null;
  return { text: message ? plainText(message) : '', ephemeral: Boolean(((response?.data.flags as number | undefined) ?? 0) & 64), message };
}

const slash = (user: string, name: string, options: Record<string, string>) => answerOf(fake.slashCommand(name, options, { locale: 'en-US', user: { id: user } }).id);
const buttonsOf = (m: JsonObject | null | undefined) => ((m?.components ?? []) as JsonObject[]).flatMap((row) => row.components as JsonObject[]);

/** The DM channels the sender opened, by recipient. */
function dmChannelOf(user: string): string | undefined {
  const open = fake.requests.find((r) => r.method === 'POST' && r.path === '/users/@me/channels' && (r.body as JsonObject | undefined)?.recipient_id === user);
  return open?.response?.id as string | undefined;
}
const dmMessages = (user: string): JsonObject[] => {
  const channel = dmChannelOf(user);
  return channel ? fake.channelMessages(channel) : [];
};

/** A pass at `iso` through the Discord sender (`moved`: entries a reload moved, as the announcer passes them); returns the new messages in each person's DM. */
async function passAt(iso: string, people: string[], moved?: ReadonlySet<string>): Promise<Map<string, JsonObject[]>> {
  const before = new Map(people.map((p) => [p, dmMessages(p).length]));
  clock.set(iso);
  await pass(engine, store, { discord: sender }, clock, moved ? { moved } : {});
  return new Map(people.map((p) => [p, dmMessages(p).slice(before.get(p))]));
}
const heading = (m: JsonObject) => plainText(m).split('\n')[0];

describe('personal settings, follows and reminders on Discord (fake Discord)', () => {
  it('/settings zone:Tokyo is stored (ephemeral answer), and the next /deadline shows Tokyo time next to the source zone and Beijing time', async () => {
    const set = await slash(AMY, 'settings', { zone: 'Tokyo' });
    expect(set.ephemeral).toBe(true);
    expect(set.text).toMatch(/Asia\/Tokyo/);
    expect(await store.settingsOf(discordAddress.dmOf(AMY))).toMatchObject({ zone: 'Asia/Tokyo' });
    const answer = await slash(AMY, 'deadline', { query: 'Alpha Conf' });
    expect(answer.text).toContain('2027-03-11 00:59 Tokyo (UTC+9) = 2027-03-10 23:59 UTC+8 (Beijing time)');
    // The Discord timestamp stays, for the reader's own client zone.
    expect(answer.text).toContain(`<t:${Date.parse('2027-03-10T23:59:00+08:00') / 1000}:F>`);
    expect(buttonsOf(answer.message).map((b) => b.label)).toContain('Remind me');
  });

  it('a follow is reminded at 7, 1 and 0 days in Tokyo, once each in the DM channel the sender opens, also after a restart', async () => {
    const followed = await slash(AMY, 'follow', { query: 'Alpha Conf' });
    expect(followed.text).toContain('Following "Alpha Conf 2027 征稿"');
    expect(followed.text).toContain('at 09:00 Asia/Tokyo');
    expect(dmChannelOf(AMY)).toBeUndefined();

    expect((await passAt(justBefore(TOKYO_LEADS.seven), [AMY])).get(AMY)).toEqual([]);
    const seven = (await passAt(TOKYO_LEADS.seven, [AMY])).get(AMY)!;
    expect(seven.map(heading)).toEqual(['⏰ Deadline reminder: 7 days left']);
    const opens = fake.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    expect(opens.map((r) => r.body)).toEqual([{ recipient_id: AMY }]);
    expect(
      buttonsOf(seven[0])
        .filter((b) => b.custom_id)
        .map((b) => b.label),
    ).toEqual(['Remind me tomorrow', 'Only on the last day', 'Stop for this item']);
    expect((await passAt(TOKYO_LEADS.seven, [AMY])).get(AMY)).toEqual([]);

    // A restart: a new store, engine and receiver on the same database file.
    await stopReceiver();
    await store.close();
    store = fileStore(file, clock);
    engine = personalBot(clock, store, dir);
    await startReceiver();
    expect((await passAt(TOKYO_LEADS.seven, [AMY])).get(AMY)).toEqual([]);

    expect((await passAt(justBefore(TOKYO_LEADS.one), [AMY])).get(AMY)).toEqual([]);
    const one = (await passAt(TOKYO_LEADS.one, [AMY])).get(AMY)!;
    expect(one.map(heading)).toEqual(['⏰ Deadline reminder: 1 day left']);
    expect((await passAt(TOKYO_LEADS.one, [AMY])).get(AMY)).toEqual([]);
    expect((await passAt(justBefore(TOKYO_LEADS.zero), [AMY])).get(AMY)).toEqual([]);
    const zero = (await passAt(TOKYO_LEADS.zero, [AMY])).get(AMY)!;
    expect(zero.map(heading)).toEqual(['⏰ Closes today']);
    expect((await passAt(TOKYO_LEADS.zero, [AMY])).get(AMY)).toEqual([]);
    expect(dmMessages(AMY).map(heading)).toEqual(['⏰ Deadline reminder: 7 days left', '⏰ Deadline reminder: 1 day left', '⏰ Closes today']);
    // Every post carried its ledger nonce, enforced.
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${dmChannelOf(AMY)}/messages`);
    expect(posts).toHaveLength(3);
    for (const p of posts) expect(p.body).toMatchObject({ enforce_nonce: true, nonce: expect.any(String) });
  });

  it('"only on the last day" and "stop", pressed under a reminder in the DM, change what the next passes send', async () => {
    clock.set('2027-02-21T10:00:00+08:00');
    for (const who of [BEN, CAT]) expect((await slash(who, 'follow', { query: 'Alpha Conf' })).text).toContain('at 09:00 Asia/Shanghai');
    const seven = await passAt(BEIJING_LEADS.seven, [BEN, CAT]);
    for (const who of [BEN, CAT]) expect(seven.get(who)!.map(heading)).toEqual(['⏰ Deadline reminder: 7 days left']);
    const press = async (who: string, label: string) => {
      const reminder = seven.get(who)![0]!;
      const button = buttonsOf(reminder).find((b) => b.label === label);
      expect(button?.custom_id, label).toBeTruthy();
      const answer = await answerOf(
        fake.button(button!.custom_id as string, { message: reminder.id as string, guildId: null, channelId: dmChannelOf(who)!, locale: 'en-US', user: { id: who } }).id,
      );
      return answer.text;
    };
    expect(await press(BEN, 'Only on the last day')).toBe('OK, I will remind you of "Alpha Conf 2027 征稿" only on the last day.');
    expect(await press(CAT, 'Stop for this item')).toBe('OK, no more reminders for "Alpha Conf 2027 征稿".');
    expect((await store.subscriptionsOf(discordAddress.dmOf(BEN))).map((s) => s.leads)).toEqual([[0]]);
    expect(await store.subscriptionsOf(discordAddress.dmOf(CAT))).toEqual([]);

    const one = await passAt(BEIJING_LEADS.one, [BEN, CAT]);
    expect([one.get(BEN), one.get(CAT)]).toEqual([[], []]);
    const zero = await passAt(BEIJING_LEADS.zero, [BEN, CAT]);
    expect(zero.get(BEN)!.map(heading)).toEqual(['⏰ Closes today']);
    expect(zero.get(CAT)).toEqual([]);
    expect((await passAt(BEIJING_LEADS.zero, [BEN, CAT])).get(BEN)).toEqual([]);
  });
  it('two stores and engines racing on one database post each reminder to the DM channel once', async () => {
    clock.set('2027-02-23T10:00:00+08:00');
    expect((await slash(DIA, 'follow', { query: 'Alpha Conf' })).text).toContain('at 09:00 Asia/Shanghai');
    await raceAtLeads({ engine, store }, file, dir, { discord: sender }, clock, (raced) => expect(raced).toBeGreaterThanOrEqual(1));
    expect(dmMessages(DIA).map(heading)).toEqual(['⏰ Deadline reminder: 7 days left', '⏰ Deadline reminder: 1 day left', '⏰ Closes today']);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${dmChannelOf(DIA)}/messages`);
    expect(posts).toHaveLength(3);
  });

  it('a followed deadline moved by a catalog reload: the next pass posts one "deadline changed" in the DM, the one after nothing', async () => {
    // Dia was reminded of the old date (last: "closes today" at 2027-03-10 09:00 Beijing).
    clock.set('2027-03-10T12:00:00+08:00');
    const moved = moveAlpha(engine, dir, '2027-04-30 23:59');
    expect([...moved]).toEqual([ALPHA]);
    const changed = (await passAt('2027-03-10T12:00:00+08:00', [DIA], moved)).get(DIA)!;
    expect(changed.map(heading)).toEqual(['📅 Deadline changed: was 2027-03-10 23:59 Beijing time, now 2027-04-30 23:59 Beijing time']);
    // The Discord timestamps of both instants, for the reader's own zone.
    expect(plainText(changed[0]!)).toContain(`<t:${Date.parse('2027-04-30T23:59:00+08:00') / 1000}:F>`);
    expect((await passAt('2027-03-10T13:00:00+08:00', [DIA], moved)).get(DIA)).toEqual([]);
    expect((await passAt('2027-03-10T14:00:00+08:00', [DIA])).get(DIA)).toEqual([]);
    expect(dmMessages(DIA).filter((m) => plainText(m).startsWith('📅'))).toHaveLength(1);
  });
});
