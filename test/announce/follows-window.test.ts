/**
 * A pass reads every channel's subscriptions but, of the follows (one entry at a person's direct
 * address), only those whose leads reach a milestone in its window: a counting store records what
 * each pass read. The follows it reads are reminded, once.
 */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/announce/pacing.js';
import { runPass, type AnnounceSender, type PassEvent, type PassOptions, type PassSummary } from '../../src/announce/pass.js';
import type { Engine } from '../../src/engine/engine.js';
import type { FollowReach, NewSubscription, Store, Subscription } from '../../src/store/types.js';
import { ALPHA, BETA, Clock, HOUR, RecordingSender, bot, command, memoryStore } from './harness.js';

function pass(engine: Engine, store: Store, senders: Record<string, AnnounceSender>, clock: Clock, extra: Partial<PassOptions> = {}): Promise<PassSummary> {
  return runPass({ store, core: engine.services, senders, now: clock.ms, clock, instanceId: 'test-1', pacer: Pacer.unlimited(), ...extra });
}

function follow(person: string, entryId: string, leads: number[]): NewSubscription {
  return { conversation: `telegram:${person}`, platform: 'telegram', filter: { ids: [entryId] }, leads, zone: 'Asia/Shanghai', lang: 'en', createdBy: person };
}

/** The store, recording the ids of the subscriptions each read returned; a read of every subscription fails. */
function counting(store: Store): { store: Store; read: Set<string> } {
  const read = new Set<string>();
  const note = (subs: Subscription[]) => {
    for (const s of subs) read.add(s.id);
    return subs;
  };
  const wrapped: Store = Object.create(store, {
    activeSubscriptions: {
      value: async (options?: { follows?: boolean }) => {
        if (options?.follows !== false) throw new Error('a pass read every follow');
        return note(await store.activeSubscriptions(options));
      },
    },
    activeFollowsOf: { value: async (entries: readonly FollowReach[]) => note(await store.activeFollowsOf(entries)) },
  });
  return { store: wrapped, read };
}

describe('a pass reads only the follows its window reaches', () => {
  it('reminds the follows in the window, never reads the others, and sends each reminder once', async () => {
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const memory = memoryStore(clock);
    const core = bot(clock, memory);
    await command(core, '/subscribe cfp 30,7,1,0');
    const [channel] = await memory.activeSubscriptions();
    const alpha7 = await memory.addSubscription(follow('1', ALPHA, [7, 1, 0]));
    const beta7 = await memory.addSubscription(follow('2', BETA, [7, 1, 0]));
    const beta30 = await memory.addSubscription(follow('3', BETA, [30]));
    const tg = new RecordingSender('telegram', clock);
    const to = (who: string) => tg.sent.filter((s) => s.conversation === who).map((s) => s.reply.items[0]!.id);

    // Alpha's 7-day post (2027-03-10 23:59 Beijing time): Beta closes 7 weeks later.
    clock.set('2027-03-03T09:00:30+08:00');
    const first = counting(memory);
    const summary = await pass(core, first.store, { telegram: tg }, clock);
    expect([...first.read].sort()).toEqual([channel!.id, alpha7.id].sort());
    expect(summary.subscriptions).toBe(2);
    expect(to('telegram:1')).toEqual([ALPHA]);
    expect(to('telegram:-1001')).toEqual([ALPHA]);

    // Beta's 30-day post: only the follow with a 30-day lead is read (Alpha is within the lookback).
    clock.set('2027-03-22T09:00:30+08:00');
    const second = counting(memory);
    await pass(core, second.store, { telegram: tg }, clock);
    expect(second.read.has(beta30.id)).toBe(true);
    expect(second.read.has(beta7.id)).toBe(false);
    expect(to('telegram:3')).toEqual([BETA]);
    expect(to('telegram:2')).toEqual([]);

    // Beta's 7-day post: that follow is read and reminded, once; Alpha's follow (long closed) is not read.
    clock.set('2027-04-14T09:00:30+08:00');
    for (let i = 0; i < 2; i++) {
      const third = counting(memory);
      await pass(core, third.store, { telegram: tg }, clock);
      expect(third.read.has(beta7.id)).toBe(true);
      expect(third.read.has(alpha7.id)).toBe(false);
      clock.advance(HOUR);
    }
    expect(to('telegram:2')).toEqual([BETA]);
    expect(to('telegram:1')).toEqual([ALPHA]);
  });

  it('an incremental pass reads the follows whose leads came due since the last pass', async () => {
    const clock = new Clock('2027-03-09T08:50:00+08:00');
    const memory = memoryStore(clock);
    const core = bot(clock, memory);
    const alpha1 = await memory.addSubscription(follow('1', ALPHA, [1, 0]));
    const beta7 = await memory.addSubscription(follow('2', BETA, [7, 1, 0]));
    const tg = new RecordingSender('telegram', clock);
    clock.set('2027-03-09T09:00:30+08:00');
    const counted = counting(memory);
    const summary = await pass(core, counted.store, { telegram: tg }, clock, { since: clock.ms - 10 * 60_000 });
    expect([...counted.read]).toEqual([alpha1.id]);
    expect(counted.read.has(beta7.id)).toBe(false);
    expect(summary.sent).toBe(1);
    expect(tg.sent.map((s) => [s.conversation, s.reply.items[0]!.id])).toEqual([['telegram:1', ALPHA]]);
  });

  it("a stale claim of a follow outside the window is still told apart as that follow's", async () => {
    const clock = new Clock('2027-04-14T09:00:30+08:00');
    const memory = memoryStore(clock);
    const core = bot(clock, memory);
    const alpha = await memory.addSubscription(follow('1', ALPHA, [0]));
    const key = { subscriptionId: alpha.id, entryId: ALPHA, milestone: 'deadline', lead: '0d' };
    expect(await memory.claim({ ...key, deadlineAt: '2027-03-10T15:59:00.000Z', claimedBy: 'dead-1', claimedAt: new Date(clock.ms - HOUR).toISOString() })).toBe(true);
    const events: PassEvent[] = [];
    const counted = counting(memory);
    await pass(core, counted.store, { telegram: new RecordingSender('telegram', clock) }, clock, { onEvent: (e) => events.push(e) });
    expect(events).toContainEqual(expect.objectContaining({ type: 'unknown', key: expect.objectContaining(key), conversation: 'telegram:1' }));
    expect((await memory.ledgerOf([alpha.id]))[0]).toMatchObject({ status: 'failed' });
  });

  it('reads every follow of an entry whose dates moved (a reload), though its date lies beyond their leads', async () => {
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const memory = memoryStore(clock);
    const core = bot(clock, memory);
    const alpha7 = await memory.addSubscription(follow('1', ALPHA, [7, 1, 0]));
    const beta7 = await memory.addSubscription(follow('2', BETA, [7, 1, 0]));
    const beta30 = await memory.addSubscription(follow('3', BETA, [30]));
    const tg = new RecordingSender('telegram', clock);
    clock.set('2027-03-03T09:00:30+08:00');
    // Beta closes 7 weeks later: without the move, its follows are not read (see above).
    const moved = counting(memory);
    await pass(core, moved.store, { telegram: tg }, clock, { moved: new Set([BETA]) });
    expect([...moved.read].sort()).toEqual([alpha7.id, beta7.id, beta30.id].sort());
    expect(tg.sent.map((s) => [s.conversation, s.reply.items[0]!.id])).toEqual([['telegram:1', ALPHA]]); // nothing sent about Beta before any post
  });
});
