/** /settings (both languages, bad input, no store, no direct address, groups) and the engine using what it saved. */
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { parseSettings } from '../../src/bot/settings.js';
import type { Reply } from '../../src/bot/reply.js';
import { loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import type { Actor, InboundEvent, Outcome, Place } from '../../src/engine/types.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { FakeClock } from '../fake-clock.js';
import { SEEDS } from '../helpers.js';

const loaded = loadSearchableCatalog(SEEDS);
const NOW = DateTime.fromISO('2026-05-20T12:00:00+08:00', { setZone: true });
const dm: Place = { address: 'test:dm', platform: 'test', group: false };
const group: Place = { address: 'test:group', platform: 'test', group: true };
const person = (extra: Partial<Actor> = {}): Actor => ({ id: 'u1', locale: 'en', directAddress: 'test:u1', canManage: async () => false, ...extra });

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function setup(options: Partial<EngineOptions> = {}) {
  const store = openSqliteStore(':memory:');
  stores.push(store);
  const clock = new FakeClock(NOW.toMillis());
  const engine = new Engine({ catalog: loaded.catalog, search: loaded.search, commands: COMMANDS, now: () => NOW, flood: false, store, clock, ...options });
  return { store, clock, engine };
}

function replyOf(outcome: Outcome): Reply {
  if (outcome.type !== 'reply') throw new Error(`expected a reply, got ${outcome.type}`);
  return outcome.reply;
}

const settings = (args: Record<string, string>): InboundEvent => ({ type: 'command', name: 'settings', args });
const text = (t: string): InboundEvent => ({ type: 'text', text: t });
/** The deadline line of the item with this title. */
const deadlineOf = (reply: Reply, title: string) => reply.items.find((i) => i.title === title)?.fields.find((f) => f.key === 'deadline')?.value;

describe('/settings', () => {
  it("alone shows the settings (none yet), ephemeral, in the asker's language", async () => {
    const { engine } = setup();
    const en = replyOf(await engine.handle(text('/settings'), person(), dm));
    expect(en).toMatchObject({ intent: 'settings', lang: 'en', ephemeral: true });
    expect(en.text).toEqual([
      'Your settings:',
      'Time zone: not set (times in the source zone and Beijing time)',
      'Language: not set (the language you write in)',
      'Reminders of what you follow: not set (7, 1, 0 days before)',
      'Change: /settings zone:Tokyo language:en leads:7,1,0 (reset puts one back to the default)',
    ]);
    const zh = replyOf(await engine.handle(text('/设置'), person({ locale: 'zh-CN' }), dm));
    expect(zh.lang).toBe('zh');
    expect(zh.text[0]).toBe('你的设置:');
    expect(zh.text[1]).toBe('时区:未设置(显示原文时区与北京时间)');
  });

  it('saves a zone (a city in either language, an IANA name, UTC±N), a language and leads', async () => {
    const { engine, store } = setup();
    const saved = replyOf(await engine.handle(settings({ zone: 'Tokyo', leads: '1, 7 ,0,7' }), person(), dm));
    expect(saved.text.slice(0, 2)).toEqual(['Saved. Your settings:', 'Time zone: Asia/Tokyo (times are shown in it, next to the source zone and Beijing time)']);
    expect(saved.text[3]).toBe('Reminders of what you follow: 7, 1, 0 days before');
    expect(await store.settingsOf('test:u1')).toEqual({ person: 'test:u1', zone: 'Asia/Tokyo', leads: [7, 1, 0], updatedAt: '2026-05-20T04:00:00.000Z' });

    await engine.handle(text('/settings 柏林'), person(), dm);
    expect((await store.settingsOf('test:u1'))?.zone).toBe('Europe/Berlin');
    await engine.handle(settings({ zone: 'america/new_york' }), person(), dm);
    expect((await store.settingsOf('test:u1'))?.zone).toBe('America/New_York');
    await engine.handle(text('/settings zone=UTC+5:30 lang=zh'), person(), dm);
    // What was not named stays; the language just chosen is this reply's.
    expect(await store.settingsOf('test:u1')).toMatchObject({ zone: 'UTC+5:30', lang: 'zh', leads: [7, 1, 0] });
    const reset = replyOf(await engine.handle(text('/settings zone:reset New York'), person(), dm));
    expect(reset.text[0]).toMatch(/看不懂“New York”/);
    const back = replyOf(await engine.handle(text('/settings leads:reset en'), person(), dm));
    expect(back.lang).toBe('en');
    expect(await store.settingsOf('test:u1')).toEqual({ person: 'test:u1', zone: 'UTC+5:30', lang: 'en', updatedAt: '2026-05-20T04:00:00.000Z' });
  });

  it("refuses bad values with a clear sentence in the asker's language, saving nothing", async () => {
    const { engine, store } = setup();
    const en = replyOf(await engine.handle(settings({ zone: 'Atlantis' }), person(), dm));
    expect(en).toMatchObject({ lang: 'en', ephemeral: true });
    expect(en.text).toEqual(['"Atlantis" is not a time zone or city I know: write a city (Tokyo, 柏林), an IANA name (Europe/Berlin) or UTC+2.']);
    const zh = replyOf(await engine.handle(settings({ zone: '火星' }), person({ locale: 'zh-CN' }), dm));
    expect(zh.text).toEqual(['“火星”不是我认识的时区或城市:请写城市(东京、Berlin)、IANA 名称(Europe/Berlin)或 UTC+2。']);
    expect(replyOf(await engine.handle(settings({ language: 'fr' }), person(), dm)).text[0]).toBe('"fr" is not a language I speak: write zh or en.');
    expect(replyOf(await engine.handle(settings({ leads: '7,-1' }), person(), dm)).text[0]).toMatch(/^"7,-1" are not days before a deadline/);
    expect(replyOf(await engine.handle(settings({ leads: '400' }), person(), dm)).text[0]).toMatch(/0 to 365/);
    expect(replyOf(await engine.handle(settings({ zone: 'UTC+15' }), person(), dm)).text[0]).toMatch(/^"UTC\+15" is not a time zone/);
    expect(await store.settingsOf('test:u1')).toBeUndefined();
  });

  it('needs the running bot (a store) and a person it can write to', async () => {
    const engine = new Engine({ catalog: loaded.catalog, search: loaded.search, commands: COMMANDS, now: () => NOW, flood: false });
    const none = replyOf(await engine.handle(settings({ zone: 'Tokyo' }), person(), dm));
    expect(none).toMatchObject({ ephemeral: true, text: ['Settings need the running bot (npm start with a database); the command-line mode does not keep them.'] });
    const { engine: withStore, store } = setup();
    const anonymous = replyOf(await withStore.handle(settings({ zone: 'Tokyo' }), person({ directAddress: undefined }), dm));
    expect(anonymous.text).toEqual(['I cannot tell who you are here, so settings cannot be saved: use /settings in a private chat with me.']);
    expect(replyOf(await withStore.handle(text('/settings'), person({ directAddress: undefined, locale: 'zh' }), dm)).text[0]).toMatch(/无法确认你是谁/);
    expect(await store.settingsOf('test:u1')).toBeUndefined();
  });

  it('in a group: ephemeral, saved all the same, and points to the private chat', async () => {
    const { engine, store } = setup();
    const reply = replyOf(await engine.handle(text('/settings Tokyo'), person(), group));
    expect(reply.ephemeral).toBe(true);
    expect(reply.text.at(-1)).toBe('Your settings are yours alone: you can also see and change them in a private chat with me.');
    expect((await store.settingsOf('test:u1'))?.zone).toBe('Asia/Tokyo');
    expect(replyOf(await engine.handle(text('/settings'), person(), dm)).text).not.toContain(reply.text.at(-1));
  });

  it('reads one line: key=value, a language word, a list of days, the rest a zone', () => {
    expect(parseSettings({ query: 'New York en 14,3,0' }, 'en')).toEqual({ ok: true, change: { zone: 'America/New_York', lang: 'en', leads: [14, 3, 0] } });
    expect(parseSettings({ query: '时区:东京 语言=zh 提前=3' }, 'zh')).toEqual({ ok: true, change: { zone: 'Asia/Tokyo', lang: 'zh', leads: [3] } });
    expect(parseSettings({ query: 'PST' }, 'en')).toEqual({ ok: true, change: { zone: 'America/Los_Angeles' } });
    expect(parseSettings({ query: '' }, 'en')).toEqual({ ok: true, change: {} });
  });
});

describe("the engine and a person's settings", () => {
  it('settings saved are used in the next reply: times in their zone next to the source zone and Beijing time', async () => {
    const { engine } = setup();
    const before = replyOf(await engine.handle(text('/deadline'), person(), dm));
    expect(deadlineOf(before, 'EMNLP 2026 征稿')).toBe('2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 Beijing time (in 6 days 7 h)');
    await engine.handle(settings({ zone: '东京' }), person(), dm);
    const after = replyOf(await engine.handle(text('/deadline'), person(), dm));
    expect(deadlineOf(after, 'EMNLP 2026 征稿')).toBe('2026-05-26 20:59 Tokyo (UTC+9) = 2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 Beijing time (in 6 days 7 h)');
    // The next page (a page token) is in their zone too.
    const next = replyOf(await engine.handle({ type: 'page', token: after.paging!.tokens![2]! }, person(), dm));
    expect(next.items.flatMap((i) => i.fields.filter((f) => f.key === 'deadline').map((f) => f.value)).every((v) => v.includes(' Tokyo (UTC+9) = '))).toBe(true);
    // Someone else, and the same person without a direct address, see Beijing time.
    const other = replyOf(await engine.handle(text('/deadline'), person({ directAddress: 'test:u2' }), dm));
    expect(deadlineOf(other, 'EMNLP 2026 征稿')).toBe(deadlineOf(before, 'EMNLP 2026 征稿'));
  });

  it('a message saying where the person is saves their zone; one asking a question only shows its times there', async () => {
    const { engine, store } = setup();
    const saved = replyOf(await engine.handle(text("I'm in Tokyo"), person(), dm));
    expect(saved.text[0]).toBe('Saved. Your settings:');
    expect((await store.settingsOf('test:u1'))?.zone).toBe('Asia/Tokyo');
    await engine.handle(text('把时区设为柏林'), person({ locale: 'zh' }), dm);
    expect((await store.settingsOf('test:u1'))?.zone).toBe('Europe/Berlin');
    // A zone it cannot read, asked for as a time zone: the settings' own sentence, nothing saved.
    const bad = replyOf(await engine.handle(text('set my time zone to Atlantis'), person(), dm));
    expect(bad.text[0]).toMatch(/^"Atlantis" is not a time zone or city I know/);
    expect((await store.settingsOf('test:u1'))?.zone).toBe('Europe/Berlin');
    // A question naming a place is answered in that place's time and saves nothing.
    const asked = replyOf(await engine.handle(text("I'm in New York, when is the EMNLP deadline?"), person(), dm));
    expect(asked.intent).toBe('deadline');
    expect(deadlineOf(asked, 'EMNLP 2026 征稿')).toMatch(/ New York \(UTC-4\) = /);
    expect((await store.settingsOf('test:u1'))?.zone).toBe('Europe/Berlin');
  });

  it('"reply in English", 用中文回答 keep the reply language', async () => {
    const { engine, store } = setup();
    const zh = replyOf(await engine.handle(text('以后用中文回答'), person(), dm));
    expect(zh.text[0]).toBe('已保存。你的设置:');
    expect((await store.settingsOf('test:u1'))?.lang).toBe('zh');
    await engine.handle(text('reply in English please'), person(), dm);
    expect((await store.settingsOf('test:u1'))?.lang).toBe('en');
  });

  it('"remind me about EMNLP" follows the item, as /follow EMNLP does', async () => {
    const { engine, store } = setup();
    const reply = replyOf(await engine.handle(text('remind me about the EMNLP deadline'), person(), dm));
    expect(reply.text[0]).toBe('✅ Following "EMNLP 2026 征稿".');
    const zh = replyOf(await engine.handle(text('提醒我 NLPCC 截止'), person({ locale: 'zh' }), dm));
    expect(zh.text[0]).toBe('✅ 已关注「NLPCC 2026 征稿」。');
    expect((await store.subscriptionsOf('test:u1')).length).toBe(2);
  });

  it('an offset zone is named once; Beijing as the zone changes nothing', async () => {
    const { engine } = setup();
    await engine.handle(settings({ zone: 'UTC+2' }), person(), dm);
    expect(deadlineOf(replyOf(await engine.handle(text('/deadline'), person(), dm)), 'EMNLP 2026 征稿')).toBe(
      '2026-05-26 13:59 UTC+2 = 2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 Beijing time (in 6 days 7 h)',
    );
    await engine.handle(settings({ zone: 'Beijing' }), person(), dm);
    expect(deadlineOf(replyOf(await engine.handle(text('/deadline'), person(), dm)), 'EMNLP 2026 征稿')).toBe(
      '2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 Beijing time (in 6 days 7 h)',
    );
  });

  it("a zone asked in the question wins over the person's", async () => {
    const { engine } = setup();
    await engine.handle(settings({ zone: 'Tokyo' }), person(), dm);
    const asked = replyOf(await engine.handle(text('deadlines in Pacific time'), person(), dm));
    expect(deadlineOf(asked, 'EMNLP 2026 征稿')).toBe('2026-05-26 04:59 Pacific time (UTC-7) = 2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 Beijing time (in 6 days 7 h)');
  });

  it("replies in the person's language whatever they write in, unless --lang forces one", async () => {
    const { engine, store } = setup();
    await engine.handle(settings({ language: 'zh' }), person(), dm);
    expect(replyOf(await engine.handle(text('/deadline'), person(), dm)).lang).toBe('zh');
    expect(replyOf(await engine.handle(text('papers about ECG'), person(), dm)).lang).toBe('zh');
    const forced = new Engine({ catalog: loaded.catalog, search: loaded.search, commands: COMMANDS, now: () => NOW, flood: false, store, lang: 'en' });
    expect(replyOf(await forced.handle(text('/deadline'), person(), dm)).lang).toBe('en');
  });

  it('reads settings once per person through a cache a save refreshes; a save elsewhere shows within a minute', async () => {
    const { engine, store, clock } = setup();
    let reads = 0;
    const settingsOf = store.settingsOf.bind(store);
    store.settingsOf = (p: string) => {
      reads++;
      return settingsOf(p);
    };
    await engine.handle(text('/deadline'), person(), dm);
    await engine.handle(text('/deadline'), person(), dm);
    expect(reads).toBe(1);
    // Another instance saves: this one sees it once its copy is a minute old.
    await store.saveSettings({ person: 'test:u1', lang: 'zh', updatedAt: '2026-05-20T04:00:00.000Z' });
    expect(replyOf(await engine.handle(text('/deadline'), person(), dm)).lang).toBe('en');
    clock.jump(clock.now() + 60_000);
    expect(replyOf(await engine.handle(text('/deadline'), person(), dm)).lang).toBe('zh');
    expect(reads).toBe(2);
  });

  it('a store that fails to read settings still gets an answer (without them)', async () => {
    const errors: string[] = [];
    const { engine, store } = setup({ log: (m) => errors.push(m) });
    store.settingsOf = async () => {
      throw new Error('disk gone');
    };
    const reply = replyOf(await engine.handle(text('/deadline'), person(), dm));
    expect(reply.intent).toBe('deadline');
    expect(errors).toEqual(["engine: reading the person's settings failed"]);
  });

  it('suggests time zones for the zone option: cities in either language, IANA names, UTC±N', async () => {
    const { engine } = setup();
    const suggest = async (query: string) => {
      const outcome = await engine.handle({ type: 'suggest', query, command: 'settings', option: 'zone' }, person(), dm);
      if (outcome.type !== 'suggestions') throw new Error(outcome.type);
      return outcome.suggestions.map((s) => [s.title, s.value]);
    };
    expect((await suggest('Tok'))[0]).toEqual(['Tokyo · Asia/Tokyo', 'Tokyo']);
    expect(await suggest('柏')).toContainEqual(['柏林 · Europe/Berlin', '柏林']);
    expect((await suggest('europe/ber'))[0]).toEqual(['Europe/Berlin', 'Europe/Berlin']);
    expect(await suggest('UTC+5:30')).toEqual([['UTC+5:30', 'UTC+5:30']]);
    expect((await suggest('a')).length).toBe(25);
    // Other options still suggest entries, and an option without autocomplete nothing.
    const leads = await engine.handle({ type: 'suggest', query: '7', command: 'settings', option: 'leads' }, person(), dm);
    expect(leads).toEqual({ type: 'suggestions', suggestions: [] });
  });
});
