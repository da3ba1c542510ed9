/** /subscribe, /unsubscribe and /subscriptions: who may use them, option checking, no store. */
import { describe, expect, it } from 'vitest';
import { parseSubscribe } from '../../src/announce/options.js';
import { Clock, bot, command, memoryStore, respond } from './harness.js';

describe('subscription commands', () => {
  it('refuses people who do not manage the channel, on each platform, in their language', async () => {
    const clock = new Clock('2027-02-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const telegram = await command(core, '/subscribe', { canManage: false, locale: 'zh-hans' });
    expect(telegram).toMatchObject({ ephemeral: true, text: [expect.stringMatching(/^只有管理本频道/)] });
    const discord = await respond(
      core,
      { type: 'command', name: 'subscribe', args: {} },
      { platform: 'discord', conversation: 'discord:1', canManage: false, inGroup: true, locale: 'en-US' },
    );
    expect(discord?.text[0]).toMatch(/^Only people who manage this channel/);
    const dm = await respond(
      core,
      { type: 'command', name: 'unsubscribe', args: { id: 'all' } },
      { platform: 'discord', conversation: 'discord:2', inGroup: false, noSettings: true, locale: 'en-US' },
    );
    expect(dm?.text[0]).toMatch(/only be set up in a server channel/);
    const unknown = await command(core, '/unsubscribe all', { canManage: undefined });
    expect(unknown.text[0]).toMatch(/^Only people who manage/);
    expect(await store.activeSubscriptions()).toEqual([]);
  });

  it('lets managers subscribe, list and unsubscribe; the list says when the next post is due', async () => {
    const clock = new Clock('2027-02-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const made = await respond(
      core,
      { type: 'command', name: 'subscribe', args: { filter: 'competition', leads: '14, 3,0', zone: 'Europe/Paris', language: 'zh', digest: 'mon@08:30' } },
      { platform: 'discord', conversation: 'discord:123456789012345678', canManage: true, inGroup: true, locale: 'en-US' },
    );
    expect(made?.text.slice(1)).toEqual([
      'What: kinds Competition',
      'When: 14, 3, 0 days before each deadline (09:00 Europe/Paris)',
      'Language: zh',
      'Weekly digest: Mon 08:30 Europe/Paris',
      'Next post: 2027-04-07 09:00 Europe/Paris — "Beta 医学影像挑战赛"',
    ]);
    const [sub] = await store.subscriptionsOf('discord:123456789012345678');
    expect(sub).toMatchObject({ filter: { kinds: ['competition'] }, leads: [14, 3, 0], zone: 'Europe/Paris', lang: 'zh', digest: { weekday: 1, time: '08:30' } });
    const channel = { platform: 'discord', conversation: 'discord:123456789012345678', inGroup: true, locale: 'zh-CN' };
    // The list is the channel's managers' to see (issue 12: the declared right is enforced).
    const refused = await respond(core, { type: 'command', name: 'subscriptions', args: {} }, { ...channel, canManage: false });
    expect(refused).toMatchObject({ ephemeral: true, text: [expect.stringMatching(/^只有管理本频道/)] });
    const list = await respond(core, { type: 'command', name: 'subscriptions', args: {} }, { ...channel, canManage: true });
    expect(list?.text[0]).toBe('本频道的订阅(1 个):');
    expect(list?.text).toContain(`#${sub!.id}`);
    const gone = await respond(
      core,
      { type: 'command', name: 'unsubscribe', args: { id: sub!.id } },
      { platform: 'discord', conversation: 'discord:123456789012345678', canManage: true, inGroup: true, locale: 'en-US' },
    );
    expect(gone?.text).toEqual([`Unsubscribed ${sub!.id}.`]);
    expect(await store.subscriptionsOf('discord:123456789012345678')).toEqual([]);
  });

  it("posts in the channel's language by default (a Discord server's locale), replies in the asker's", async () => {
    const clock = new Clock('2027-02-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const reply = await respond(
      core,
      { type: 'command', name: 'subscribe', args: {} },
      { platform: 'discord', conversation: 'discord:3', canManage: true, inGroup: true, locale: 'en-US', channelLocale: 'zh-CN' },
    );
    expect(reply?.text).toContain('Language: zh');
    expect((await store.subscriptionsOf('discord:3'))[0]?.lang).toBe('zh');
  });

  it('answers bad option values clearly in the user language', async () => {
    const clock = new Clock('2027-02-01T00:00:00+08:00');
    const core = bot(clock, memoryStore(clock));
    expect((await command(core, '/subscribe leads=abc')).text).toEqual(['"abc" is not a list of lead days: use whole numbers from 0 to 365 separated by commas, e.g. 30,7,1,0.']);
    expect((await command(core, '/subscribe -3')).text[0]).toMatch(/^"-3" is not a list of lead days/);
    expect((await command(core, '/subscribe Mars/Olympus', { locale: 'zh-CN' })).text).toEqual([
      '无法识别时区「Mars/Olympus」:请用 IANA 名称(如 Asia/Shanghai、Europe/Paris)或 UTC+8、AoE。',
    ]);
    expect((await command(core, '/subscribe lang=fr')).text).toEqual(['"fr" is not a language I speak: use zh or en.']);
    expect((await command(core, '/unsubscribe nope')).text).toEqual(['This channel has no subscription nope. See /subscriptions.']);
  });

  it('says subscriptions need the running bot when there is no store (npm run ask)', async () => {
    const clock = new Clock('2027-02-01T00:00:00+08:00');
    const core = bot(clock, undefined);
    expect((await command(core, '/subscribe')).text[0]).toMatch(/^Subscriptions need the running bot/);
    expect((await command(core, '/subscriptions')).text[0]).toMatch(/^Subscriptions need the running bot/);
    // In Chinese on the console too (`npm run ask`).
    expect((await command(core, '/subscribe', { platform: 'console', conversation: 'console', inGroup: false, locale: 'zh-CN' })).text).toEqual([
      '订阅功能需要运行中的机器人(npm start,并配置数据库);命令行问答模式不支持订阅。',
    ]);
  });
});

describe('parseSubscribe', () => {
  it('reads the one-line form: kinds, #tags, search words, leads, zone, language, digest', () => {
    expect(parseSubscribe({ query: '竞赛 #NLP sleep apnea 30,7d,1 UTC+9 en digest=周三 10:00' }, 'zh')).toEqual({
      ok: true,
      value: {
        filter: { kinds: ['competition'], tags: ['NLP'], query: 'sleep apnea' },
        leads: [30, 7, 1],
        zone: 'UTC+9',
        lang: 'en',
        digest: { weekday: 3, time: '10:00' },
      },
    });
    expect(parseSubscribe({}, 'zh')).toEqual({ ok: true, value: { filter: {}, leads: [30, 7, 1, 0], zone: 'Asia/Shanghai', lang: 'zh' } });
    expect(parseSubscribe({ query: 'digest' }, 'en')).toMatchObject({ ok: true, value: { digest: { weekday: 1, time: '09:00' } } });
    expect(parseSubscribe({ leads: '400' }, 'en')).toMatchObject({ ok: false });
  });
});
