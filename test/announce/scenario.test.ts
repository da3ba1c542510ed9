/**
 * Announcements over months of fake time, in milliseconds: each lead once, restarts,
 * two instances racing on one SQLite file, a crash between claim and send, downtime
 * catch-up and skips, an extension, unsubscribing, a lost and a moved channel.
 */
import { describe, expect, it } from 'vitest';
import { SendError } from '../../src/platform.js';
import { keyString } from '../../src/announce/key.js';
import { Pacer } from '../../src/announce/pacing.js';
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
  gatedPacers,
  fileStore,
  headings,
  lost,
  memoryStore,
  pass,
  seeds,
  tempDb,
} from './harness.js';

describe('scheduling through months of fake time', () => {
  it('posts each lead once, on time, at 09:00 in the subscription zone', async () => {
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const reply = await command(core, '/subscribe');
    expect(reply.text[0]).toMatch(/^✅ Subscribed \(id \w+\)\.$/);
    const tg = new RecordingSender('telegram', clock);
    const summaries = await drive('2027-04-23T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);

    expect(tg.sent.map((s) => [s.reply.items[0]!.id, new Date(s.at).toISOString()])).toEqual(
      [
        [ALPHA, '2027-02-08T01:00:00.000Z'],
        [BETA, '2027-03-22T01:00:00.000Z'],
        [ALPHA, '2027-03-03T01:00:00.000Z'],
        [ALPHA, '2027-03-09T01:00:00.000Z'],
        [ALPHA, '2027-03-10T01:00:00.000Z'],
        [BETA, '2027-04-14T01:00:00.000Z'],
        [BETA, '2027-04-20T01:00:00.000Z'],
        [BETA, '2027-04-21T01:00:00.000Z'],
      ].sort((a, b) => a[1]!.localeCompare(b[1]!)),
    );
    expect(headings(tg.sent)).toContain('⏰ Deadline reminder: 30 days left');
    expect(headings(tg.sent)).toContain('⏰ Closes today');
    expect(summaries.reduce((n, s) => n + s.late + s.skipped + s.failed, 0)).toBe(0);
    // The post names the deadline in Beijing time (and the source zone) with a countdown and the link.
    const alpha30 = tg.sent[0]!.reply.items[0]!;
    expect(alpha30.fields.map((f) => f.value).join('\n')).toContain('2027-03-10 23:59 Beijing time (in 30 days 14 h)');
    expect(alpha30.links).toEqual(['https://alpha.example.org/cfp']);
    const beta = tg.sent.find((s) => s.reply.items[0]!.id === BETA)!.reply.items[0]!;
    expect(beta.fields.map((f) => f.value).join('\n')).toContain('2027-04-20 23:59 AoE = 2027-04-21 19:59 Beijing time');
    const rows = await store.ledgerOf((await store.activeSubscriptions()).map((s) => s.id));
    expect(rows.map((r) => r.status)).toEqual(Array(8).fill('sent'));
    expect(new Set(rows.map(keyString)).size).toBe(8);
  });

  it('incremental passes between full ones post the same, each once', async () => {
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe');
    await command(core, '/subscribe competition 10,2 America/New_York', { conversation: 'telegram:-1002' });
    const tg = new RecordingSender('telegram', clock);
    let last: number | undefined;
    let n = 0;
    await drive(
      '2027-04-23T00:00:00+08:00',
      20 * 60_000,
      async () => {
        // A full pass every 6 hours, incremental ones (since the last pass) in between.
        const since = n++ % 18 === 0 ? undefined : last;
        const summary = await pass(core, store, { telegram: tg }, clock, since === undefined ? {} : { since });
        last = clock.ms;
        return summary;
      },
      clock,
    );
    const posts = tg.sent.map((s) => `${s.conversation} ${s.reply.items[0]!.id} ${new Date(s.at).toISOString()} ${s.reply.text.join(' ')}`);
    expect(posts).toHaveLength(10);
    expect(new Set(tg.sent.map((s) => `${s.conversation} ${s.idempotencyKey}`)).size).toBe(10);
    expect(posts.filter((p) => p.startsWith('telegram:-1002'))).toEqual([
      `telegram:-1002 ${BETA} 2027-04-11T13:00:00.000Z ⏰ Deadline reminder: 10 days left`,
      `telegram:-1002 ${BETA} 2027-04-19T13:00:00.000Z ⏰ Deadline reminder: 2 days left`,
    ]);
    expect(tg.sent.every((s) => !s.reply.text.some((t) => t.includes('late')))).toBe(true);
  });

  it('shows the deadline in the subscription zone too, in its language', async () => {
    const clock = new Clock('2027-03-01T00:00:00+01:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp 7 Europe/Paris zh');
    const tg = new RecordingSender('telegram', clock);
    await drive('2027-03-04T00:00:00+01:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(tg.sent).toHaveLength(1);
    expect(new Date(tg.sent[0]!.at).toISOString()).toBe('2027-03-03T08:00:00.000Z'); // 09:00 Paris
    expect(tg.sent[0]!.reply.text).toEqual(['⏰ 截止提醒:还有 7 天']);
    const fields = tg.sent[0]!.reply.items[0]!.fields;
    expect(fields.find((f) => f.label === '截止(Europe/Paris)')?.value).toBe('2027-03-10 23:59 UTC+8 = 2027-03-10 16:59 Europe/Paris');
  });

  it('does not post twice after a restart (a new store and bot on the same database)', async () => {
    const clock = new Clock('2027-02-07T00:00:00+08:00');
    const file = tempDb();
    const dir = seeds();
    let store = fileStore(file, clock);
    await command(bot(clock, store, dir), '/subscribe');
    const tg = new RecordingSender('telegram', clock);
    for (let i = 0; i < 6; i++) {
      // Each day: a fresh process runs passes for a day, then stops.
      const core = bot(clock, store, dir);
      await drive(new Date(clock.ms + DAY - 1).toISOString(), 3 * HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
      await store.close();
      store = fileStore(file, clock);
      // The restarted process runs a pass at the same moment the last one did.
      await pass(bot(clock, store, dir), store, { telegram: tg }, clock);
    }
    expect(tg.sent.map((s) => s.reply.items[0]!.id)).toEqual([ALPHA]);
    await store.close();
  });

  it('two instances racing on one SQLite file post each announcement once', async () => {
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const file = tempDb();
    const dir = seeds();
    const a = fileStore(file, clock);
    const b = fileStore(file, clock);
    const coreA = bot(clock, a, dir);
    const coreB = bot(clock, b, dir);
    for (let i = 0; i < 5; i++) await command(coreA, '/subscribe', { conversation: `telegram:-100${i}` });
    const tg = new RecordingSender('telegram', clock);
    const results = [];
    for (const iso of ['2027-02-08T09:00:00+08:00', '2027-03-03T09:00:00+08:00', '2027-03-22T09:00:00+08:00']) {
      clock.set(iso);
      // Neither instance sends before both have planned: they race for every claim.
      const [pa, pb] = gatedPacers(2);
      results.push(
        ...(await Promise.all([
          pass(coreA, a, { telegram: tg }, clock, { instanceId: 'a', concurrency: 2, batchSize: 2, pacer: pa! }),
          pass(coreB, b, { telegram: tg }, clock, { instanceId: 'b', concurrency: 3, pacer: pb! }),
        ])),
      );
    }
    expect(tg.sent).toHaveLength(15);
    const perKey = new Map<string, number>();
    for (const s of tg.sent) perKey.set(`${s.conversation} ${s.idempotencyKey}`, (perKey.get(`${s.conversation} ${s.idempotencyKey}`) ?? 0) + 1);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(15);
    expect(results.reduce((n, r) => n + r.raced, 0)).toBe(15);
    await a.close();
    await b.close();
  });
});

describe('a crash between claim and send', () => {
  async function crashed(idempotencyWindowMs?: number) {
    const clock = new Clock('2027-02-08T08:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp', { platform: 'discord', conversation: 'discord:123456789012345678' });
    const adapter = new RecordingSender('discord', clock, idempotencyWindowMs);
    clock.set('2027-02-08T09:00:00+08:00');
    // The first attempt reached the platform, then the process died before markSent.
    let died = false;
    const dying = {
      platform: 'discord',
      limits: adapter.limits,
      send: async (...args: Parameters<RecordingSender['send']>) => {
        await adapter.send(...args);
        died = true;
        throw new Error('process killed');
      },
    };
    await pass(core, store, { discord: dying }, clock, { onEvent: () => undefined }).catch(() => undefined);
    expect(died).toBe(true);
    // What the dead process left: emulate it by putting the row back to 'claimed'.
    const [sub] = await store.activeSubscriptions();
    const [row] = await store.ledgerOf([sub!.id]);
    store.db.prepare("UPDATE ledger SET status = 'claimed', reason = NULL").run();
    return { clock, store, core, adapter, row: row! };
  }

  it('is not resent where the platform cannot dedupe (at most once): marked unknown', async () => {
    const { clock, store, core, adapter } = await crashed();
    clock.advance(3 * 60_000);
    const summary = await pass(core, store, { discord: adapter }, clock);
    expect(summary.unknown).toBe(1);
    expect(adapter.sent).toHaveLength(1);
    const [row] = await store.ledgerOf([(await store.activeSubscriptions())[0]!.id]);
    expect(row).toMatchObject({ status: 'failed' });
    expect(row!.reason).toMatch(/^unknown:/);
    clock.advance(HOUR);
    expect((await pass(core, store, { discord: adapter }, clock)).sent).toBe(0);
    expect(adapter.sent).toHaveLength(1);
  });

  it('is resent with the same nonce on Discord within its dedupe window: still one message', async () => {
    const { clock, store, core, adapter } = await crashed(4 * 60_000);
    clock.advance(60_000);
    expect((await pass(core, store, { discord: adapter }, clock)).resent).toBe(0); // not stale yet
    clock.advance(2 * 60_000);
    const summary = await pass(core, store, { discord: adapter }, clock);
    expect(summary.resent).toBe(1);
    expect(adapter.sent).toHaveLength(1);
    const [row] = await store.ledgerOf([(await store.activeSubscriptions())[0]!.id]);
    expect(row).toMatchObject({ status: 'sent', messageId: '1' });
  });
});

describe('downtime', () => {
  it('sends the current lead late, skips overtaken ones and passed deadlines, and records both', async () => {
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe');
    const tg = new RecordingSender('telegram', clock);
    clock.set('2027-03-05T12:00:00+08:00'); // down since January
    const first = await pass(core, store, { telegram: tg }, clock);
    expect(first).toMatchObject({ sent: 1, late: 1, skipped: 1 });
    expect(tg.sent[0]!.reply.text).toEqual(['⏰ Deadline reminder: 7 days left', '(sent late: the bot was offline when this was due)']);
    clock.set('2027-03-12T12:00:00+08:00'); // down again, past Alpha's deadline
    expect(await pass(core, store, { telegram: tg }, clock)).toMatchObject({ sent: 0, skipped: 2 });
    clock.set('2027-04-25T12:00:00+08:00'); // and past Beta's
    expect(await pass(core, store, { telegram: tg }, clock)).toMatchObject({ sent: 0, skipped: 4 });
    const sub = (await store.activeSubscriptions())[0]!;
    const rows = await store.ledgerOf([sub.id]);
    // The ledger holds the post sent; the skips are one mark, settled through the last pass.
    expect(rows.map((r) => `${r.entryId === ALPHA ? 'alpha' : 'beta'} ${r.lead} ${r.status}`)).toEqual(['alpha 7d sent']);
    expect(rows[0]?.late).toBe(true);
    expect(await store.settledOf([sub.id])).toEqual([{ subscriptionId: sub.id, through: '2027-04-25T04:00:00.000Z', leads: [30, 7, 1, 0] }]);
    expect((await pass(core, store, { telegram: tg }, clock)).skipped).toBe(0); // recorded once
  });
});

describe('a subscription made after its leads came due', () => {
  it('records no skips for them: only leads due after it was made are missed', async () => {
    const clock = new Clock('2027-03-12T12:00:00+08:00'); // Alpha closed two days ago; Beta's leads are ahead
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe');
    const tg = new RecordingSender('telegram', clock);
    expect(await pass(core, store, { telegram: tg }, clock)).toMatchObject({ planned: 0, sent: 0, skipped: 0 });
    expect(await store.ledgerOf((await store.activeSubscriptions()).map((s) => s.id))).toEqual([]);

    // Made on 5 March (after Alpha's 30- and 7-day leads), then down until the 12th: only the 1- and 0-day leads were missed.
    const other = memoryStore(clock);
    clock.set('2027-03-05T12:00:00+08:00');
    await command(bot(clock, other), '/subscribe');
    clock.set('2027-03-12T12:00:00+08:00');
    expect(await pass(bot(clock, other), other, { telegram: tg }, clock)).toMatchObject({ sent: 0, skipped: 2 });
    const ids = (await other.activeSubscriptions()).map((s) => s.id);
    expect(await other.ledgerOf(ids)).toEqual([]);
    expect((await other.settledOf(ids)).map((m) => m.through)).toEqual(['2027-03-12T04:00:00.000Z']);
    expect((await pass(bot(clock, other), other, { telegram: tg }, clock)).skipped).toBe(0); // recorded once
  });
});

describe('the catalog changes', () => {
  it('sends "deadline changed" once after an extension, then follows the new date', async () => {
    const clock = new Clock('2027-03-01T00:00:00+08:00');
    const store = memoryStore(clock);
    await command(bot(clock, store), '/subscribe cfp');
    const tg = new RecordingSender('telegram', clock);
    let core = bot(clock, store);
    await drive('2027-03-04T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(headings(tg.sent)).toEqual(['⏰ Deadline reminder: 7 days left']);
    core = bot(clock, store, seeds(catalogText('2027-03-24 23:59'))); // extended by two weeks
    await drive('2027-03-25T00:00:00+08:00', HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(headings(tg.sent)).toEqual([
      '⏰ Deadline reminder: 7 days left',
      '📅 Deadline changed: was 2027-03-10 23:59 Beijing time, now 2027-03-24 23:59 Beijing time',
      '⏰ Deadline reminder: 1 day left',
      '⏰ Closes today',
    ]);
    expect(new Date(tg.sent[1]!.at).toISOString()).toBe('2027-03-03T17:00:00.000Z'); // the first pass after the change
    expect(new Date(tg.sent[2]!.at).toISOString()).toBe('2027-03-23T01:00:00.000Z');
  });

  it('a deadline moved long after it passed: "deadline changed" still goes out (its older rows are read)', async () => {
    const clock = new Clock('2027-03-01T00:00:00+08:00');
    const store = memoryStore(clock);
    await command(bot(clock, store), '/subscribe cfp');
    const tg = new RecordingSender('telegram', clock);
    const core0 = bot(clock, store);
    await drive('2027-03-12T00:00:00+08:00', HOUR, () => pass(core0, store, { telegram: tg }, clock), clock);
    const before = headings(tg.sent);
    expect(before).toEqual(['⏰ Deadline reminder: 7 days left', '⏰ Deadline reminder: 1 day left', '⏰ Closes today']);
    // 20 days after the deadline (beyond the 14-day lookback, and the hourly pass's 25 hours) it moves.
    clock.set('2027-03-30T12:00:00+08:00');
    const core = bot(clock, store, seeds(catalogText('2027-04-20 23:59')));
    for (const lookbackMs of [25 * HOUR, undefined]) {
      const summary = await pass(core, store, { telegram: tg }, clock, lookbackMs ? { plan: { lookbackMs } } : {});
      expect(summary.raced).toBe(0);
      if (lookbackMs) expect(summary.sent).toBeGreaterThan(0);
      else expect(summary.sent).toBe(0);
    }
    expect(headings(tg.sent).slice(before.length)).toContain('📅 Deadline changed: was 2027-03-10 23:59 Beijing time, now 2027-04-20 23:59 Beijing time');
  });

  it('picks up a new entry at the next pass', async () => {
    const clock = new Clock('2027-02-01T00:00:00+08:00');
    const store = memoryStore(clock);
    await command(bot(clock, store), '/subscribe competition 30');
    const tg = new RecordingSender('telegram', clock);
    clock.set('2027-02-18T09:00:00+08:00');
    await pass(bot(clock, store), store, { telegram: tg }, clock);
    expect(tg.sent).toEqual([]);
    const extra = '技术竞赛Delta Challenge截止 北京时间 2027-03-20Delta 挑战赛\nThe Delta challenge closes 2027-03-20 23:59 UTC+8.\n';
    clock.advance(HOUR);
    await pass(bot(clock, store, seeds(catalogText() + extra)), store, { telegram: tg }, clock);
    expect(tg.sent.map((s) => s.reply.items[0]!.title)).toEqual(['Delta 挑战赛']);
  });
});

describe('channels', () => {
  it('stops posting after /unsubscribe', async () => {
    const clock = new Clock('2027-02-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    const created = await command(core, '/subscribe');
    const id = /id (\w+)/.exec(created.text[0]!)![1]!;
    expect((await command(core, `/unsubscribe ${id}`)).text).toEqual([`Unsubscribed ${id}.`]);
    const tg = new RecordingSender('telegram', clock);
    await drive('2027-04-22T00:00:00+08:00', 6 * HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(tg.sent).toEqual([]);
  });

  it('deactivates the subscriptions of a lost channel instead of retrying', async () => {
    const clock = new Clock('2027-02-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp');
    await command(core, '/subscribe competition');
    const tg = new RecordingSender('telegram', clock);
    tg.failWith.set('telegram:-1001', lost);
    const summaries = await drive('2027-04-22T00:00:00+08:00', 6 * HOUR, () => pass(core, store, { telegram: tg }, clock), clock);
    expect(summaries.reduce((n, s) => n + s.deactivated, 0)).toBe(2);
    expect(summaries.reduce((n, s) => n + s.failed, 0)).toBe(1);
    expect(await store.activeSubscriptions()).toEqual([]);
    const listed = await command(core, '/subscriptions');
    expect(listed.text.filter((l) => l.startsWith('inactive: '))).toEqual(Array(2).fill('inactive: Forbidden: bot was kicked from the supergroup chat'));
  });

  it('follows a Telegram group upgraded to a supergroup', async () => {
    const clock = new Clock('2027-02-08T08:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp', { conversation: 'telegram:-123' });
    const tg = new RecordingSender('telegram', clock);
    tg.failWith.set('telegram:-123', () => new SendError('group chat was upgraded to a supergroup chat', 'moved', 'telegram:-1009'));
    clock.set('2027-02-08T09:00:00+08:00');
    expect(await pass(core, store, { telegram: tg }, clock)).toMatchObject({ moved: 1, sent: 1 });
    expect(tg.sent.map((s) => s.conversation)).toEqual(['telegram:-1009']);
    expect((await store.activeSubscriptions()).map((s) => s.conversation)).toEqual(['telegram:-1009']);
  });

  it('retries a transient failure at a later pass while the post is still useful', async () => {
    const clock = new Clock('2027-02-08T08:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp');
    const tg = new RecordingSender('telegram', clock);
    tg.failWith.set('telegram:-1001', () => new SendError('Bad Gateway', 'transient'));
    clock.set('2027-02-08T09:00:00+08:00');
    expect(await pass(core, store, { telegram: tg }, clock)).toMatchObject({ failed: 1, sent: 0 });
    tg.failWith.clear();
    clock.advance(2 * HOUR);
    expect(await pass(core, store, { telegram: tg }, clock)).toMatchObject({ sent: 1, late: 1 });
    expect(tg.sent).toHaveLength(1);
  });

  it('a dry run claims and sends nothing', async () => {
    const clock = new Clock('2027-02-08T09:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe');
    const tg = new RecordingSender('telegram', clock);
    const dry = await pass(core, store, { telegram: tg }, clock, { dryRun: true });
    expect(dry.wouldSend.map((w) => w.reply.items[0]!.id)).toEqual([ALPHA]);
    expect(tg.sent).toEqual([]);
    expect(await store.ledgerOf((await store.activeSubscriptions()).map((s) => s.id))).toEqual([]);
    expect((await pass(core, store, { telegram: tg }, clock)).sent).toBe(1);
  });
});

describe('weekly digest', () => {
  for (const mode of ['full', 'incremental'] as const)
    it(`posts once a week at the local time: what closes in the next 14 days (${mode} passes)`, async () => {
      const clock = new Clock('2027-02-20T00:00:00+08:00');
      const store = memoryStore(clock);
      const core = bot(clock, store);
      await command(core, '/subscribe cfp 0 digest=mon@09:00');
      const tg = new RecordingSender('telegram', clock);
      let last: number | undefined;
      await drive(
        '2027-03-16T00:00:00+08:00',
        HOUR,
        async () => {
          const summary = await pass(core, store, { telegram: tg }, clock, mode === 'incremental' && last !== undefined ? { since: last } : {});
          last = clock.ms;
          return summary;
        },
        clock,
      );
      const digests = tg.sent.filter((s) => s.reply.text[0] === '🗓 Weekly digest');
      expect(digests.map((d) => new Date(d.at).toISOString())).toEqual([
        '2027-02-22T01:00:00.000Z',
        '2027-03-01T01:00:00.000Z',
        '2027-03-08T01:00:00.000Z',
        '2027-03-15T01:00:00.000Z',
      ]);
      expect(digests.map((d) => d.reply.text[1])).toEqual([
        'Nothing closes in the next 14 days.',
        'Closing in the next 14 days (1):',
        'Closing in the next 14 days (1):',
        'Nothing closes in the next 14 days.',
      ]);
      expect(digests[1]!.reply.items.map((i) => i.title)).toEqual(['Alpha Conf 2027 征稿']);
    });
});

describe("pacing by the sender's limits", () => {
  it('waits on the clock between posts to one address at the rate its sender declares', async () => {
    const clock = new Clock('2027-02-08T08:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp');
    await command(core, '/subscribe');
    const tg = new RecordingSender('telegram', clock);
    const slow = { platform: 'telegram', limits: { ...tg.limits, perAddress: () => ({ burst: 1, perSecond: 1 / 60 }) }, send: tg.send.bind(tg) };
    clock.set('2027-02-08T09:00:00+08:00');
    const passing = pass(core, store, { telegram: slow }, clock, { pacer: new Pacer({ clock }) });
    await clock.tick(0);
    expect(tg.sent).toHaveLength(1);
    await clock.tick(59_999);
    expect(tg.sent).toHaveLength(1);
    await clock.tick(1);
    expect((await passing).sent).toBe(2);
    expect(tg.sent.map((s) => s.at - tg.sent[0]!.at)).toEqual([0, 60_000]);
  });
});
