/**
 * Follows over months of fake time: a person follows one item and is reminded by direct message
 * at each lead exactly once (across a restart and with two instances racing), early reminders
 * silent; the reminder buttons (tomorrow, only the last day, stop) change what comes next; a moved
 * deadline gives one change post; the follow commands and the "remind me" button.
 */
import { describe, expect, it } from 'vitest';
import { follow as definition } from '../../commands/follow.js';
import { startAnnouncer } from '../../src/announce/announcer.js';
import type { Reply } from '../../src/bot/reply.js';
import type { PersonSettings } from '../../src/store/types.js';
import type { Engine } from '../../src/engine/engine.js';
import {
  ALPHA,
  BETA,
  Clock,
  DAY,
  HOUR,
  RecordingSender,
  bot,
  catalogText,
  command,
  drive,
  fileStore,
  gatedPacers,
  headings,
  lost,
  memoryStore,
  pass,
  respond,
  seeds,
  tempDb,
  type Asked,
} from './harness.js';

/** A person in a private chat with the bot (their direct address is the chat). */
const privately = (user: string): Asked => ({ conversation: `telegram:${user}`, user, inGroup: false, direct: `telegram:${user}` });

/** Presses the button `key` of the first item of a reply. */
function press(engine: Engine, reply: Reply, key: string, asked: Asked): Promise<Reply> {
  const token = reply.items[0]?.actions?.find((a) => a.key === key)?.token;
  expect(token, `a ${key} button with a token`).toBeTruthy();
  return respond(engine, { type: 'page', token: token! }, asked);
}

const when = (at: number) => new Date(at).toISOString();

describe('following an item: reminders by direct message', () => {
  it('reminds at 7, 1 and 0 days, each once, at 09:00 in the person’s zone; early ones silent, with the three buttons', async () => {
    const clock = new Clock('2027-02-20T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    // Asked in a group: the reminders still go to the person, who is told so.
    const reply = await command(core, '/follow Alpha Conf', { direct: 'telegram:7' });
    expect(reply.text).toEqual([
      '✅ Following "Alpha Conf 2027 征稿".',
      'Reminders: 7, 1, 0 days before, at 09:00 Asia/Shanghai, by private message',
      'Next reminder: 2027-03-03 09:00 Asia/Shanghai',
      expect.stringMatching(/^Reminders come to you by private message\. Some platforms .* open a private chat with me first\.$/),
    ]);
    expect(reply.items.map((i) => [i.id, i.actions])).toEqual([[ALPHA, undefined]]);
    const again = await command(core, '/follow Alpha Conf', { direct: 'telegram:7' });
    expect(again.text[0]).toBe('You already follow "Alpha Conf 2027 征稿".');
    const [sub, ...more] = await store.subscriptionsOf('telegram:7');
    expect(more).toEqual([]);
    expect(sub).toMatchObject({ conversation: 'telegram:7', platform: 'telegram', filter: { ids: [ALPHA] }, leads: [7, 1, 0], zone: 'Asia/Shanghai', lang: 'en', createdBy: '7' });
    // Leads are changed only at the follow's own address.
    expect(await store.setLeads('telegram:8', sub!.id, [0])).toBe(false);

    const tg = new RecordingSender('telegram', clock);
    const summaries = await drive('2027-03-12T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(tg.sent.map((s) => [s.conversation, when(s.at), s.reply.text.join(' | '), s.silent ?? false])).toEqual([
      ['telegram:7', '2027-03-03T01:00:00.000Z', '⏰ Deadline reminder: 7 days left', true],
      ['telegram:7', '2027-03-09T01:00:00.000Z', '⏰ Deadline reminder: 1 day left', true],
      ['telegram:7', '2027-03-10T01:00:00.000Z', '⏰ Closes today', false],
    ]);
    expect(summaries.reduce((n, s) => n + s.late + s.skipped + s.failed + s.raced, 0)).toBe(0);
    for (const s of tg.sent) {
      expect(s.reply.items.map((i) => i.id)).toEqual([ALPHA]);
      expect(s.reply.items[0]!.actions?.map((a) => [a.key, a.label, a.command, a.args])).toEqual([
        ['snooze', 'Remind me tomorrow', 'remind', { id: sub!.id, action: 'snooze' }],
        ['last-day', 'Only on the last day', 'remind', { id: sub!.id, action: 'last-day' }],
        ['mute', 'Stop for this item', 'remind', { id: sub!.id, action: 'mute' }],
      ]);
      for (const a of s.reply.items[0]!.actions!) expect(Buffer.byteLength(a.token!)).toBeLessThanOrEqual(64);
    }
  });

  it('a channel’s announcement has no buttons and rings; only the follow’s early reminders are silent', async () => {
    const clock = new Clock('2027-03-02T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp');
    await command(core, '/follow Alpha Conf', privately('7'));
    const tg = new RecordingSender('telegram', clock);
    await drive('2027-03-04T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(tg.sent.map((s) => [s.conversation, s.silent ?? false, s.reply.items[0]!.actions?.length ?? 0]).sort()).toEqual([
      ['telegram:-1001', false, 0],
      ['telegram:7', true, 3],
    ]);
  });

  it('reminds in the language the person followed in', async () => {
    const clock = new Clock('2027-03-02T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const reply = await command(core, '/follow Alpha Conf', { ...privately('7'), locale: 'zh-CN' });
    expect(reply.text.slice(0, 2)).toEqual(['✅ 已关注「Alpha Conf 2027 征稿」。', '提醒:截止前 7, 1, 0 天,Asia/Shanghai 09:00,通过私信发送']);
    const tg = new RecordingSender('telegram', clock);
    await drive('2027-03-04T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(tg.sent.map((s) => [s.reply.text, s.reply.items[0]!.actions?.map((a) => a.label)])).toEqual([
      [['⏰ 截止提醒:还有 7 天'], ['明天再提醒', '只在最后一天提醒', '不再提醒此项']],
    ]);
  });

  it('does not remind twice across restarts (a new store and bot on the same database each day)', async () => {
    const clock = new Clock('2027-03-02T00:00:00+08:00');
    const file = tempDb();
    const dir = seeds();
    await command(bot(clock, fileStore(file, clock), dir), '/follow Alpha Conf', privately('7'));
    const tg = new RecordingSender('telegram', clock);
    for (let day = 0; day < 10; day++) {
      const store = fileStore(file, clock);
      const core = bot(clock, store, dir);
      for (let h = 0; h < 24; h += 3, clock.advance(3 * HOUR)) await pass(core, store, { telegram: tg }, clock);
      await store.close();
    }
    expect(headings(tg.sent)).toEqual(['⏰ Deadline reminder: 7 days left', '⏰ Deadline reminder: 1 day left', '⏰ Closes today']);
    expect(new Set(tg.sent.map((s) => s.idempotencyKey)).size).toBe(3);
  });

  it('two instances racing on one database send each reminder once', async () => {
    const clock = new Clock('2027-03-01T00:00:00+08:00');
    const file = tempDb();
    const dir = seeds();
    const a = fileStore(file, clock);
    const b = fileStore(file, clock);
    const coreA = bot(clock, a, dir);
    const coreB = bot(clock, b, dir);
    for (const user of ['7', '8', '9']) await command(coreA, '/follow Alpha Conf', privately(user));
    const tg = new RecordingSender('telegram', clock);
    let raced = 0;
    for (const iso of ['2027-03-03T09:00:00+08:00', '2027-03-09T09:00:00+08:00', '2027-03-10T09:00:00+08:00']) {
      clock.set(iso);
      const [pa, pb] = gatedPacers(2);
      const results = await Promise.all([
        pass(coreA, a, { telegram: tg }, clock, { instanceId: 'a', pacer: pa! }),
        pass(coreB, b, { telegram: tg }, clock, { instanceId: 'b', pacer: pb! }),
      ]);
      raced += results.reduce((n, r) => n + r.raced, 0);
    }
    expect(raced).toBe(9);
    const byPerson = (user: string) => headings(tg.sent.filter((s) => s.conversation === `telegram:${user}`));
    for (const user of ['7', '8', '9']) expect(byPerson(user)).toEqual(['⏰ Deadline reminder: 7 days left', '⏰ Deadline reminder: 1 day left', '⏰ Closes today']);
    await a.close();
    await b.close();
  });
});

describe('a person the bot cannot write to', () => {
  it('deactivates their follows when a reminder is refused; following again (now that they talk to the bot) revives them', async () => {
    const clock = new Clock('2027-03-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/follow Alpha Conf', { direct: 'telegram:7' });
    const tg = new RecordingSender('telegram', clock);
    tg.failWith.set('telegram:7', lost);
    await drive('2027-03-04T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(tg.sent).toEqual([]);
    expect((await store.subscriptionsOf('telegram:7')).map((s) => s.active)).toEqual([false]);
    expect((await command(core, '/following', privately('7'))).text[1]).toMatch(/"Alpha Conf 2027 征稿" — paused: I could not write to you privately/);
    tg.failWith.delete('telegram:7');
    await command(core, '/follow Beta', privately('7'));
    const follows = await store.subscriptionsOf('telegram:7');
    expect(follows.map((s) => [s.filter.ids![0], s.active]).sort()).toEqual([
      [ALPHA, true],
      [BETA, true],
    ]);
    await drive('2027-03-11T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(headings(tg.sent)).toEqual(['⏰ Deadline reminder: 1 day left', '⏰ Closes today']);
  });
});

describe('the reminder buttons', () => {
  it('"remind me tomorrow" adds a reminder the next day; "only on the last day" and "stop" change what comes next', async () => {
    const clock = new Clock('2027-03-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    for (const user of ['7', '8', '9']) await command(core, '/follow Alpha Conf', privately(user));
    const tg = new RecordingSender('telegram', clock);
    await drive('2027-03-03T10:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    const first = (user: string) => tg.sent.find((s) => s.conversation === `telegram:${user}`)!.reply;
    expect(tg.sent).toHaveLength(3);

    const snoozed = await press(core, first('7'), 'snooze', privately('7'));
    expect(snoozed.text).toEqual(['OK, I will remind you of "Alpha Conf 2027 征稿" again tomorrow (2027-03-04 09:00 Asia/Shanghai).']);
    expect((await store.subscriptionsOf('telegram:7'))[0]!.leads).toEqual([7, 6, 1, 0]);
    const lastDay = await press(core, first('8'), 'last-day', privately('8'));
    expect(lastDay.text).toEqual(['OK, I will remind you of "Alpha Conf 2027 征稿" only on the last day.']);
    const muted = await press(core, first('9'), 'mute', privately('9'));
    expect(muted.text).toEqual(['OK, no more reminders for "Alpha Conf 2027 征稿".']);
    expect(await store.subscriptionsOf('telegram:9')).toEqual([]);
    // Someone else's button does nothing to the follow.
    const stranger = await press(core, first('7'), 'mute', privately('10'));
    expect(stranger.text).toEqual(['The follow this reminder belongs to is gone.']);

    await drive('2027-03-12T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    const of = (user: string) => tg.sent.filter((s) => s.conversation === `telegram:${user}`).map((s) => [when(s.at), s.reply.text.join(' | '), s.silent ?? false]);
    expect(of('7')).toEqual([
      ['2027-03-03T01:00:00.000Z', '⏰ Deadline reminder: 7 days left', true],
      ['2027-03-04T01:00:00.000Z', '⏰ Deadline reminder: 6 days left', true],
      ['2027-03-09T01:00:00.000Z', '⏰ Deadline reminder: 1 day left', true],
      ['2027-03-10T01:00:00.000Z', '⏰ Closes today', false],
    ]);
    expect(of('8')).toEqual([
      ['2027-03-03T01:00:00.000Z', '⏰ Deadline reminder: 7 days left', true],
      ['2027-03-10T01:00:00.000Z', '⏰ Closes today', false],
    ]);
    expect(of('9')).toEqual([['2027-03-03T01:00:00.000Z', '⏰ Deadline reminder: 7 days left', true]]);
    // On the last day there is no tomorrow to snooze to.
    const today = tg.sent.filter((s) => s.conversation === 'telegram:7').at(-1)!.reply;
    clock.set('2027-03-10T09:30:00+08:00');
    const tooLate = await press(core, today, 'snooze', privately('7'));
    expect(tooLate).toMatchObject({ ephemeral: true, text: ['"Alpha Conf 2027 征稿" closes today: there is no tomorrow to remind you on.'] });
  });
});

describe('a followed deadline moves', () => {
  it('gives one change post with the old and new times, then the remaining reminders follow the new date', async () => {
    const clock = new Clock('2027-03-01T00:00:00+08:00');
    const store = memoryStore(clock);
    await command(bot(clock, store), '/follow Alpha Conf', privately('7'));
    const tg = new RecordingSender('telegram', clock);
    let core = bot(clock, store);
    await drive('2027-03-04T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    core = bot(clock, store, seeds(catalogText('2027-03-24 23:59'))); // extended by two weeks
    await drive('2027-03-25T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(tg.sent.map((s) => [when(s.at), s.reply.text.join(' | '), s.silent ?? false])).toEqual([
      ['2027-03-03T01:00:00.000Z', '⏰ Deadline reminder: 7 days left', true],
      // Told once the new date is within the follow's largest lead (+1 day), before its next reminder;
      // the 7-day reminder was sent already (for the old date), the later ones follow the new one.
      ['2027-03-16T16:00:00.000Z', '📅 Deadline changed: was 2027-03-10 23:59 Beijing time, now 2027-03-24 23:59 Beijing time', false],
      ['2027-03-23T01:00:00.000Z', '⏰ Deadline reminder: 1 day left', true],
      ['2027-03-24T01:00:00.000Z', '⏰ Closes today', false],
    ]);
    expect(tg.sent[1]!.reply.items[0]!.actions?.map((a) => a.key)).toEqual(['snooze', 'last-day', 'mute']);
  });
});

describe('a followed deadline moved by a catalog reload', () => {
  it('the announcer tells the follower at its next pass, once, though the new date is beyond the follow’s leads', async () => {
    const clock = new Clock('2027-03-03T09:00:00+08:00');
    const store = memoryStore(clock);
    let current = bot(clock, store);
    await command(current, '/follow Alpha Conf', privately('7'));
    // The catalog the announcer reads: replaced as a hot reload replaces it.
    const core = {
      get entries() {
        return current.services.entries;
      },
      search: (q: string) => current.services.search(q),
    };
    const tg = new RecordingSender('telegram', clock);
    const announcer = startAnnouncer({ store, core, senders: [tg], clock, intervalMs: 1000 * DAY, firstDelayMs: 1000 * DAY });
    await announcer.runNow();
    clock.set('2027-03-04T12:00:00+08:00');
    current = bot(clock, store, seeds(catalogText('2027-04-30 23:59')));
    await announcer.runNow();
    await announcer.runNow();
    for (const iso of ['2027-04-23T09:00:00+08:00', '2027-04-29T09:00:00+08:00']) {
      clock.set(iso);
      await announcer.runNow();
    }
    await announcer.stop();
    expect(tg.sent.map((s) => [when(s.at), s.reply.text.join(' | ')])).toEqual([
      ['2027-03-03T01:00:00.000Z', '⏰ Deadline reminder: 7 days left'],
      ['2027-03-04T04:00:00.000Z', '📅 Deadline changed: was 2027-03-10 23:59 Beijing time, now 2027-04-30 23:59 Beijing time'],
      ['2027-04-29T01:00:00.000Z', '⏰ Deadline reminder: 1 day left'],
    ]);
  });
});

describe('the follow commands', () => {
  it('the "remind me" button on a /deadline answer follows that exact item; the deep-link start parameter too', async () => {
    const clock = new Clock('2027-02-20T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const answer = await command(core, '/deadline Beta', privately('7'));
    expect(answer.items[0]!.actions).toEqual([{ key: 'follow', label: 'Remind me', command: 'follow', args: { query: BETA }, token: `p:1:follow:${BETA}` }]);
    const followed = await press(core, answer, 'follow', privately('7'));
    expect(followed.text[0]).toBe('✅ Following "Beta 医学影像挑战赛".');
    expect(followed.text).not.toContainEqual(expect.stringMatching(/private chat/));
    const zh = await command(core, '/deadline Alpha', { ...privately('7'), locale: 'zh-CN' });
    expect(zh.items[0]!.actions?.[0]?.label).toBe('提醒我');
    const linked = await command(core, `/start follow_${ALPHA}`, privately('7'));
    expect(linked.text[0]).toBe('✅ Following "Alpha Conf 2027 征稿".');
    expect((await store.subscriptionsOf('telegram:7')).map((s) => s.filter.ids![0]).sort()).toEqual([ALPHA, BETA]);
    // A past deadline gets no button; a paper without dates neither.
    clock.set('2027-05-01T00:00:00+08:00');
    const past = await command(core, '/search Beta', privately('7'));
    expect(past.items[0]!.actions).toBeUndefined();
  });

  it('an ambiguous name lists the dated candidates, each with its own button', async () => {
    const clock = new Clock('2027-02-20T00:00:00+08:00');
    const store = memoryStore(clock);
    const extra =
      '征稿与合作Alpha Workshop 2027截止 北京时间 2027-03-20会议征稿 Alpha Workshop 2027 征稿\n' +
      'Alpha Workshop 2027 invites papers on clinical NLP; papers due 2027-03-20 23:59 UTC+8.\n';
    const core = bot(clock, store, seeds(catalogText() + extra));
    const reply = await command(core, '/follow Alpha 2027', privately('7'));
    expect(reply.text[0]).toBe('"Alpha 2027" matches 2 dated items; choose the one to be reminded of:');
    expect(reply.items.map((i) => i.actions?.[0]?.args.query).sort()).toEqual(reply.items.map((i) => i.id).sort());
    expect(reply.items).toHaveLength(2);
    expect(await store.subscriptionsOf('telegram:7')).toEqual([]);
  });

  it('/following lists the follows with the next reminder; /unfollow removes one or all, never a channel subscription', async () => {
    const clock = new Clock('2027-02-20T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const me = privately('7');
    await command(core, '/subscribe cfp', { ...me, canManage: true });
    await command(core, '/follow Alpha Conf', me);
    await command(core, '/follow Beta', me);
    const follows = (await store.subscriptionsOf('telegram:7')).filter((s) => s.filter.ids);
    const idOf = (entry: string) => follows.find((s) => s.filter.ids?.[0] === entry)!.id;
    const list = await command(core, '/following', me);
    expect(list.text[0]).toBe('You follow 2 items:');
    expect(list.text.slice(1).sort()).toEqual(
      [
        `#${idOf(ALPHA)} "Alpha Conf 2027 征稿" — next reminder 2027-03-03 09:00 Asia/Shanghai`,
        `#${idOf(BETA)} "Beta 医学影像挑战赛" — next reminder 2027-04-14 09:00 Asia/Shanghai`,
      ].sort(),
    );
    expect((await command(core, '/unfollow Beta', me)).text).toEqual(['Stopped following "Beta 医学影像挑战赛".']);
    expect((await command(core, '/unfollow Beta', me)).text).toEqual(['You do not follow "Beta". See /following.']);
    expect((await command(core, '/unfollow all', me)).text).toEqual(['Stopped following all 1 item.']);
    expect((await store.subscriptionsOf('telegram:7')).map((s) => s.filter)).toEqual([{ kinds: ['cfp'] }]);
    expect((await command(core, '/following', me)).text).toEqual(['You follow nothing yet. Press "Remind me" under an item, or use /follow <name>.']);
  });

  it('without a store or a direct address: a clear answer in the asker’s language', async () => {
    const clock = new Clock('2027-02-20T00:00:00+08:00');
    const none = await command(bot(clock, undefined), '/follow Alpha Conf', { ...privately('7'), locale: 'zh-CN' });
    expect(none).toMatchObject({ ephemeral: true, text: [expect.stringMatching(/^关注提醒需要运行中的机器人/)] });
    const core = bot(clock, memoryStore(clock));
    const nowhere = await command(core, '/follow Alpha Conf', { locale: 'en' });
    expect(nowhere).toMatchObject({ ephemeral: true, text: ['I cannot write to you privately from here, so I cannot remind you. Use /follow in a private chat with me.'] });
    expect((await command(core, '/following', {})).text[0]).toMatch(/^I cannot write to you privately/);
  });

  it('the person’s settings give a new follow its leads, zone and language', async () => {
    const clock = new Clock('2027-02-20T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const answer = await follow(core, { person: 'telegram:7', zone: 'Europe/Paris', lang: 'zh', leads: [3], updatedAt: new Date(clock.ms).toISOString() });
    expect(answer.text[1]).toBe('Reminders: 3 days before, at 09:00 Europe/Paris, by private message');
    expect((await store.subscriptionsOf('telegram:7'))[0]).toMatchObject({ leads: [3], zone: 'Europe/Paris', lang: 'zh' });
  });
});

/** Runs /follow's handler with the person's settings as the engine would load them. */
async function follow(core: Engine, person: PersonSettings): Promise<Reply> {
  const services = core.services.pinned();
  return definition.handler(
    { query: 'Alpha Conf' },
    {
      lang: 'en',
      now: services.now(),
      page: 1,
      actor: { id: '7', directAddress: 'telegram:7', canManage: async () => false },
      place: { address: 'telegram:7', platform: 'telegram', group: false },
      core: services,
      person,
    },
  );
}
