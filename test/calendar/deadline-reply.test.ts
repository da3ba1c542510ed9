/**
 * /deadline and the calendar: the feed link (only with PUBLIC_URL) and a single item's
 * .ics, sent as a Telegram document and a Discord attachment.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { platformModule as discord } from '../../adapters/discord/module.js';
import type { DiscordReceiver } from '../../adapters/discord/receiver.js';
import { platformModule, type TelegramReceiver } from '../../adapters/telegram/index.js';
import { createBot } from '../../app/bot.js';
import { systemClock as clock } from '../../src/clock.js';
import { FakeDiscord } from '../fakes/discord/index.js';
import { FakeTelegramApi, TEST_USERS } from '../fakes/telegram/index.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import { at, replyTo, SEEDS } from '../helpers.js';

const NOW = at('2026-05-20T12:00:00+08:00');
const bot = (publicUrl?: string) => createBot({ seeds: SEEDS, now: () => NOW, flood: false, ...(publicUrl ? { publicUrl } : {}) });

function uids(ics: string): string[] {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('uid')));
}

describe('/deadline with the calendar', () => {
  it('offers the feed of the query when PUBLIC_URL is set, and the item’s .ics', async () => {
    const { engine } = bot('https://bot.example.org');
    const reply = await replyTo(engine, { type: 'text', text: '/deadline EMNLP' }, { locale: 'en' });
    expect(reply.items.map((i) => i.title)).toEqual(['EMNLP 2026 征稿']);
    expect(reply.feedUrl).toBe('https://bot.example.org/calendar.ics?q=EMNLP&lang=en');
    expect(reply.footer).toContain('Subscribe in your calendar (deadlines stay up to date): https://bot.example.org/calendar.ics?q=EMNLP&lang=en');
    const [file] = reply.attachments!;
    expect(file).toMatchObject({ filename: `${reply.items[0]!.id}.ics`, mimeType: 'text/calendar' });
    expect(uids(file!.render())).toEqual([`${reply.items[0]!.id}.deadline@catalog-bot`, `${reply.items[0]!.id}.conference@catalog-bot`]);
  });

  it('says nothing of a feed without PUBLIC_URL, and attaches nothing to a list', async () => {
    const one = await replyTo(bot().engine, { type: 'text', text: '/deadline EMNLP' }, { locale: 'zh' });
    expect(one.feedUrl).toBeUndefined();
    expect(one.footer ?? []).toEqual([]);
    expect(one.attachments).toHaveLength(1);
    const list = await replyTo(bot('https://bot.example.org/').engine, { type: 'text', text: '/deadline' }, { locale: 'zh' });
    expect(list.items.length).toBeGreaterThan(1);
    expect(list.feedUrl).toBe('https://bot.example.org/calendar.ics?lang=zh');
    expect(list.footer?.at(-1)).toBe('订阅日历(截止与日程自动更新):https://bot.example.org/calendar.ics?lang=zh');
    expect(list.attachments).toBeUndefined();
  });

  it('is sent as a document on Telegram, after the answer', async () => {
    const fake = await FakeTelegramApi.start();
    const { engine } = bot('https://bot.example.org');
    const adapter = platformModule.createReceiver({ token: fake.token, apiRoot: fake.apiRoot }, { clock, log: () => undefined }) as TelegramReceiver;
    adapter.bot.botInfo = fake.botInfo;
    await adapter.start(new Dispatcher(engine).access);
    try {
      const update = fake.privateText('/deadline EMNLP', { from: TEST_USERS.en });
      await fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
      const doc = fake.callsTo('sendDocument')[0]!;
      expect(doc.files![0]).toMatchObject({ filename: expect.stringMatching(/^emnlp-2026-[0-9a-f]{8}\.ics$/) });
      expect(uids(doc.files![0]!.data.toString('utf8'))[0]).toMatch(/^emnlp-2026-[0-9a-f]{8}\.deadline@catalog-bot$/);
      const kinds = fake.messages(TEST_USERS.en.id).map((m) => m.kind);
      expect(kinds.at(-1)).toBe('document');
      expect(fake.messages(TEST_USERS.en.id)[0]!.text).toContain('https://bot.example.org/calendar.ics?q=EMNLP&lang=en');
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('is attached in a follow-up on Discord', async () => {
    const fake = await FakeDiscord.start({ disallowPrivilegedIntents: true });
    const { engine } = bot('https://bot.example.org');
    const config = discord.config.fromEnv({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_REST_API: fake.restBase })!;
    const receiver = discord.createReceiver(config, { log: () => undefined, clock }) as DiscordReceiver;
    await receiver.start(new Dispatcher(engine).access);
    try {
      const { id } = fake.slashCommand('deadline', { query: 'EMNLP' }, { locale: 'en-US' });
      await fake.waitForInteractionResponse(id);
      await receiver.whenIdle();
      const upload = fake.requests.find((r) => r.multipart && r.files.length > 0)!;
      expect(upload.method).toBe('POST');
      expect(upload.files[0]).toMatchObject({ filename: expect.stringMatching(/^emnlp-2026-[0-9a-f]{8}\.ics$/) });
      expect(uids(upload.files[0]!.data.toString('utf8'))[0]).toMatch(/\.deadline@catalog-bot$/);
    } finally {
      await receiver.stop();
      await fake.close();
    }
  });
});
