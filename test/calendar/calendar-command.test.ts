/**
 * /calendar and /calendar reset through the engine: the private feed URL of the asker's own
 * direct address, ephemeral; a reset makes the old URL 404; nobody reaches another's token; no
 * link in a group; without PUBLIC_URL it says what the feed needs and what it would hold.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../app/bot.js';
import type { Reply } from '../../src/bot/reply.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Actor, InboundEvent, Place } from '../../src/engine/types.js';
import { PERSONAL_FEED_PREFIX, personalCalendarRoute } from '../../src/http/personal-calendar.js';
import { HttpServer } from '../../src/http/server.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { FakeClock } from '../fake-clock.js';
import { seedDir } from '../helpers.js';

const ALPHA = 'alpha-conf-2027-50ecd5c4';
const BASE = 'https://bot.example.org';
const SEEDS = seedDir({
  'a.txt':
    '征稿与合作Alpha Conf 2027截止 北京时间 2027-03-10会议征稿 Alpha Conf 2027 征稿\n' +
    'Alpha Conf 2027 invites papers on clinical NLP; papers due 2027-03-10 23:59 UTC+8; the conference on 2027-06-01 to 2027-06-03 in Budapest.\n',
});
const DM: Place = { address: 'telegram:42', platform: 'telegram', group: false };
const GROUP: Place = { address: 'telegram:-100123', platform: 'telegram', group: true };

function person(directAddress?: string, locale = 'en'): Actor {
  return { id: directAddress?.split(':')[1] ?? 'x', locale, canManage: async () => true, ...(directAddress ? { directAddress } : {}) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function setup(publicUrl?: string): { engine: Engine; store: SqliteStore } {
  const clock = new FakeClock(Date.parse('2027-01-05T08:00:00Z'));
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'calendar-cmd-')), 'bot.sqlite'), undefined, { clock });
  cleanups.push(() => store.close());
  const { engine } = createBot({ seeds: SEEDS, now: () => DateTime.fromMillis(clock.now()), flood: false, store, ...(publicUrl ? { publicUrl } : {}) });
  return { engine, store };
}

async function run(engine: Engine, text: string, actor: Actor, place: Place = DM): Promise<Reply> {
  const event: InboundEvent = { type: 'text', text };
  const outcome = await engine.handle(event, actor, place);
  if (outcome.type !== 'reply') throw new Error(`no reply to ${text}`);
  return outcome.reply;
}

const URL_OF = /https:\/\/bot\.example\.org\/calendar\/([A-Za-z0-9_-]{43})\.ics/;

function tokenIn(reply: Reply): string {
  const token = URL_OF.exec(reply.text.join('\n'))?.[1];
  if (!token) throw new Error(`no feed URL in ${reply.text.join(' | ')}`);
  return token;
}

describe('/calendar', () => {
  it('gives the asker their own private feed URL, the same each time, ephemeral', async () => {
    const { engine, store } = setup(BASE);
    const me = person('telegram:42');
    await store.addSubscription({ conversation: 'telegram:42', platform: 'telegram', filter: { ids: [ALPHA] }, leads: [7, 1, 0], zone: 'UTC', lang: 'en' });
    const reply = await run(engine, '/calendar', me);
    expect(reply.ephemeral).toBe(true);
    const token = tokenIn(reply);
    expect(reply.text[0]).toBe(`Your private calendar (every date of the items you follow, kept up to date): ${BASE}/calendar/${token}.ics`);
    expect(reply.text).toContain('It holds the item you follow: 2 dates.');
    expect(reply.text).toContain(`With alarms (at your first reminder): ${BASE}/calendar/${token}.ics?alarm=1`);
    expect(await store.personOfFeedToken(token)).toBe('telegram:42');
    expect(tokenIn(await run(engine, '/calendar', me))).toBe(token);
    // Someone else gets their own token; the place they ask in does not matter, only who asks.
    const other = tokenIn(await run(engine, '/日历', person('discord:dm:9', 'zh-CN'), { address: 'discord:dm:9', platform: 'discord', group: false }));
    expect(other).not.toBe(token);
    expect(await store.personOfFeedToken(other)).toBe('discord:dm:9');
  });

  it('reset issues a new link; the old URL then answers 404', async () => {
    const { engine, store } = setup(BASE);
    const server = new HttpServer();
    cleanups.push(() => server.close());
    server.mountPrefix(PERSONAL_FEED_PREFIX, personalCalendarRoute({ source: engine.services, store, stamp: () => new Date('2027-01-01T00:00:00Z') }));
    const { port } = await server.listen(0, '127.0.0.1');
    const get = (token: string) => fetch(`http://127.0.0.1:${port}/calendar/${token}.ics`);

    const me = person('telegram:42');
    const old = tokenIn(await run(engine, '/calendar', me));
    expect((await get(old)).status).toBe(200);
    // Another person's reset touches only their own token.
    tokenIn(await run(engine, '/calendar reset', person('telegram:77')));
    expect((await get(old)).status).toBe(200);

    const reset = await run(engine, '/calendar reset', me);
    expect(reset.ephemeral).toBe(true);
    const fresh = tokenIn(reset);
    expect(fresh).not.toBe(old);
    expect(reset.text).toContain('The old link no longer works.');
    expect((await get(old)).status).toBe(404);
    expect((await get(fresh)).status).toBe(200);
    expect(tokenIn(await run(engine, '/calendar', me))).toBe(fresh);
  });

  it('without PUBLIC_URL says the feed needs it, and what it would hold', async () => {
    const { engine, store } = setup();
    await store.addSubscription({ conversation: 'telegram:42', platform: 'telegram', filter: { ids: [ALPHA] }, leads: [7, 1, 0], zone: 'UTC', lang: 'en' });
    const reply = await run(engine, '/calendar', person('telegram:42'));
    expect(reply).toMatchObject({
      ephemeral: true,
      text: ["The calendar feed needs the running bot's public URL (PUBLIC_URL), so there is no link to give yet.", 'It would hold every date of the item you follow (2 dates).'],
    });
    const zh = await run(engine, '/calendar', person('telegram:43', 'zh-CN'));
    expect(zh.text[1]).toBe('它会包含你关注条目的全部截止与日程(你还没有关注任何条目)。');
  });

  it('gives no link in a group, nor to someone the platform cannot name, nor without a store', async () => {
    const { engine, store } = setup(BASE);
    const inGroup = await run(engine, '/calendar', person('telegram:42'), GROUP);
    expect(inGroup).toMatchObject({ ephemeral: true, text: [expect.stringMatching(/^Your calendar link is private: send \/calendar in a direct chat/)] });
    expect(inGroup.text.join(' ')).not.toMatch(URL_OF);
    const resetInGroup = await run(engine, '/calendar reset', person('telegram:42'), GROUP);
    expect(resetInGroup.text.join(' ')).not.toMatch(URL_OF);
    const nobody = await run(engine, '/calendar', person());
    expect(nobody.text[0]).toMatch(/^I cannot tell who you are here/);
    const odd = await run(engine, '/calendar delete', person('telegram:42'));
    expect(odd.text[0]).toBe('I don\'t know "delete": send /calendar for your link, or /calendar reset for a new one.');
    // None of these issued a token.
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM feed_tokens').get()).toEqual({ n: 0 });

    const { engine: noStore } = createBot({ seeds: SEEDS, flood: false, publicUrl: BASE });
    expect((await run(noStore, '/calendar', person('telegram:42'))).text[0]).toMatch(/^Your private calendar needs the running bot/);
  });
});
