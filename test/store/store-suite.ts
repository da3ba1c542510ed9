/** The behaviour every Store must have; sqlite.test.ts and postgres.test.ts run it on each. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { Claim, LedgerKey, NewSubscription, Store, WindowRow } from '../../src/store/types.js';
import { FakeClock } from '../fake-clock.js';
import { feedStoreTests } from './feed-suite.js';

export function newSubscription(overrides: Partial<NewSubscription> = {}): NewSubscription {
  return {
    conversation: 'telegram:-100123',
    platform: 'telegram',
    filter: { kinds: ['paper'], tags: ['LLM'], query: '多模态' },
    leads: [7, 1, 0],
    zone: 'Asia/Shanghai',
    lang: 'zh',
    ...overrides,
  };
}

/** A claimed row as ledgerWindow returns it. */
function windowRowOf(claim: Claim): WindowRow {
  const { subscriptionId, entryId, milestone, lead, deadlineAt, claimedAt } = claim;
  return { subscriptionId, entryId, milestone, lead, status: 'claimed', deadlineAt, at: claimedAt };
}

export function claimOf(subscriptionId: string, overrides: Partial<Claim> = {}): Claim {
  return {
    subscriptionId,
    entryId: 'doctor-r1-1a2b3c4d',
    milestone: 'deadline',
    lead: '7d',
    deadlineAt: '2026-05-26T19:59:00.000+08:00',
    claimedBy: 'instance-a',
    claimedAt: '2026-05-19T12:00:00.000Z',
    ...overrides,
  };
}

function keyOf(c: LedgerKey): LedgerKey {
  return { subscriptionId: c.subscriptionId, entryId: c.entryId, milestone: c.milestone, lead: c.lead };
}

/** `open` gives the store the clock it stamps time with. */
export function storeSuite(name: string, open: (clock: Clock) => Promise<Store>, cleanup: (store: Store) => Promise<void>): void {
  describe(`Store: ${name}`, () => {
    let store: Store;
    let clock: FakeClock;
    beforeEach(async () => {
      clock = new FakeClock(Date.parse('2026-05-19T08:00:00.000Z'));
      store = await open(clock);
      await store.migrate();
    });

    it('stamps createdAt from its clock', async () => {
      const first = await store.addSubscription(newSubscription());
      expect(first.createdAt).toBe('2026-05-19T08:00:00.000Z');
      clock.jump(Date.parse('2026-06-01T12:30:00.000Z'));
      const second = await store.addSubscription(newSubscription({ conversation: 'telegram:-100999' }));
      expect(second.createdAt).toBe('2026-06-01T12:30:00.000Z');
      expect((await store.subscriptionsOf('telegram:-100999'))[0]!.createdAt).toBe('2026-06-01T12:30:00.000Z');
    });
    afterEach(async () => {
      await cleanup(store);
    });

    it('migrates twice harmlessly and keeps the data', async () => {
      const s = await store.addSubscription(newSubscription());
      await store.migrate();
      await store.migrate();
      expect((await store.subscriptionsOf(s.conversation)).map((x) => x.id)).toEqual([s.id]);
    });

    it('adds a subscription and reads it back whole', async () => {
      const input = newSubscription({ digest: { weekday: 1, time: '09:00' }, createdBy: 'user:42', lang: 'en' });
      const s = await store.addSubscription(input);
      expect(s).toMatchObject({ ...input, active: true });
      expect(s.id).toMatch(/^[a-z2-7]{6}$/);
      expect(Number.isNaN(Date.parse(s.createdAt))).toBe(false);
      expect(s.inactiveReason).toBeUndefined();
      const [back] = await store.subscriptionsOf(input.conversation);
      expect(back).toEqual(s);
      const plain = await store.addSubscription(newSubscription({ conversation: 'console', filter: {} }));
      expect(plain.digest).toBeUndefined();
      expect(plain.createdBy).toBeUndefined();
      expect(plain.filter).toEqual({});
    });

    it('gives every subscription its own id', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 60; i++) ids.add((await store.addSubscription(newSubscription())).id);
      expect(ids.size).toBe(60);
      expect(await store.subscriptionsOf('telegram:-100123')).toHaveLength(60);
    });

    it('lists by conversation and removes one or all', async () => {
      const a = await store.addSubscription(newSubscription({ conversation: 'telegram:1' }));
      const b = await store.addSubscription(newSubscription({ conversation: 'telegram:1' }));
      const c = await store.addSubscription(newSubscription({ conversation: 'discord:9', platform: 'discord' }));
      expect((await store.subscriptionsOf('telegram:1')).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      expect(await store.subscriptionsOf('telegram:nobody')).toEqual([]);
      expect(await store.removeSubscription('discord:9', a.id)).toBe(false);
      expect(await store.removeSubscription('telegram:1', a.id)).toBe(true);
      expect(await store.removeSubscription('telegram:1', a.id)).toBe(false);
      expect((await store.subscriptionsOf('telegram:1')).map((s) => s.id)).toEqual([b.id]);
      expect(await store.removeAll('telegram:1')).toBe(1);
      expect(await store.removeAll('telegram:1')).toBe(0);
      expect((await store.activeSubscriptions()).map((s) => s.id)).toEqual([c.id]);
    });

    it('deactivates a conversation: kept, inactive, with the reason; not in active', async () => {
      const a = await store.addSubscription(newSubscription({ conversation: 'telegram:1' }));
      const b = await store.addSubscription(newSubscription({ conversation: 'telegram:2' }));
      expect(await store.deactivateConversation('telegram:1', 'bot was kicked')).toBe(1);
      const [gone] = await store.subscriptionsOf('telegram:1');
      expect(gone).toMatchObject({ id: a.id, active: false, inactiveReason: 'bot was kicked' });
      expect((await store.activeSubscriptions()).map((s) => s.id)).toEqual([b.id]);
      expect(await store.deactivateConversation('telegram:1', 'again')).toBe(0);
      expect(await store.deactivateConversation('telegram:none', 'x')).toBe(0);
    });

    it('moves a conversation to its new id', async () => {
      const a = await store.addSubscription(newSubscription({ conversation: 'telegram:-123' }));
      const b = await store.addSubscription(newSubscription({ conversation: 'telegram:-123' }));
      const other = await store.addSubscription(newSubscription({ conversation: 'telegram:-5' }));
      expect(await store.moveConversation('telegram:-123', 'telegram:-100123')).toBe(2);
      expect(await store.subscriptionsOf('telegram:-123')).toEqual([]);
      expect((await store.subscriptionsOf('telegram:-100123')).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      expect((await store.subscriptionsOf('telegram:-5')).map((s) => s.id)).toEqual([other.id]);
      expect(await store.moveConversation('telegram:-123', 'telegram:x')).toBe(0);
    });

    it('tells follows (filter.ids of one entry) apart and finds them by entry and largest lead', async () => {
      const person = (n: number, entryId: string, leads: number[]) =>
        store.addSubscription(newSubscription({ conversation: `telegram:${n}`, filter: { ids: [entryId] }, leads, createdBy: `user:${n}` }));
      const channel = await store.addSubscription(newSubscription());
      const two = await store.addSubscription(newSubscription({ filter: { ids: ['a', 'b'] } }));
      const a7 = await person(1, 'a', [7, 1, 0]);
      const a30 = await person(2, 'a', [0, 30]);
      const b0 = await person(3, 'b', [0]);
      const c1 = await person(4, 'c', [1]);
      const ids = (subs: { id: string }[]) => subs.map((s) => s.id).sort();
      expect(ids(await store.activeSubscriptions())).toEqual(ids([channel, two, a7, a30, b0, c1]));
      expect(ids(await store.activeSubscriptions({ follows: false }))).toEqual(ids([channel, two]));
      expect(ids(await store.activeFollowsOf([{ entryId: 'a' }, { entryId: 'b' }]))).toEqual(ids([a7, a30, b0]));
      // Only follows whose largest lead reaches minLead; an entry given twice counts once, at its smallest minLead.
      expect(
        ids(
          await store.activeFollowsOf([
            { entryId: 'a', minLead: 8 },
            { entryId: 'b', minLead: 0.5 },
          ]),
        ),
      ).toEqual(ids([a30]));
      expect(
        ids(
          await store.activeFollowsOf([
            { entryId: 'a', minLead: 30 },
            { entryId: 'a', minLead: 7 },
          ]),
        ),
      ).toEqual(ids([a7, a30]));
      expect(await store.activeFollowsOf([{ entryId: 'nothing' }])).toEqual([]);
      expect(await store.activeFollowsOf([])).toEqual([]);
      expect((await store.activeFollowsOf([{ entryId: 'c' }]))[0]).toEqual(c1);
      await store.deactivateConversation('telegram:1', 'blocked');
      await store.moveConversation('telegram:2', 'telegram:20');
      expect(await store.activeFollowsOf([{ entryId: 'a' }])).toMatchObject([{ id: a30.id, conversation: 'telegram:20' }]);
      await expect(store.activeFollowsOf([{ entryId: 'a', minLead: Number.NaN }])).rejects.toThrow(/minLead/);
    });

    it('claims a key once: true, then false', async () => {
      const s = await store.addSubscription(newSubscription());
      const c = claimOf(s.id);
      expect(await store.claim(c)).toBe(true);
      expect(await store.claim(c)).toBe(false);
      expect(await store.claim({ ...c, claimedBy: 'instance-b' })).toBe(false);
      expect(await store.claim({ ...c, lead: '1d' })).toBe(true);
      expect(await store.claim({ ...c, milestone: 'notification:Rebuttal' })).toBe(true);
      expect(await store.claim({ ...c, entryId: 'other-00000000' })).toBe(true);
      const rows = await store.ledgerOf([s.id]);
      expect(rows).toHaveLength(4);
      const first = rows.find((r) => r.lead === '7d' && r.milestone === 'deadline' && r.entryId === c.entryId);
      expect(first).toEqual({ ...c, status: 'claimed' });
    });

    it('keeps late and refuses a claim for a subscription that is gone', async () => {
      const s = await store.addSubscription(newSubscription());
      expect(await store.claim(claimOf(s.id, { late: true }))).toBe(true);
      expect((await store.ledgerOf([s.id]))[0]?.late).toBe(true);
      expect(await store.claim(claimOf('nosuch'))).toBe(false);
      expect(await store.removeSubscription(s.conversation, s.id)).toBe(true);
      expect(await store.ledgerOf([s.id])).toEqual([]);
      expect(await store.claim(claimOf(s.id, { lead: '1d' }))).toBe(false);
    });

    it('50 concurrent claims of one key: exactly one wins', async () => {
      const s = await store.addSubscription(newSubscription());
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.claim(claimOf(s.id, { claimedBy: `worker-${i}` }))));
      expect(results.filter(Boolean)).toHaveLength(1);
      const rows = await store.ledgerOf([s.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.claimedBy).toBe(`worker-${results.indexOf(true)}`);
    });

    it('records sent, failed and skipped', async () => {
      const s = await store.addSubscription(newSubscription());
      const sent = claimOf(s.id, { lead: '7d' });
      const failed = claimOf(s.id, { lead: '1d' });
      const skipped = claimOf(s.id, { lead: '0d' });
      await store.claim(sent);
      await store.claim(failed);
      await store.markSent(keyOf(sent), 'msg-1', '2026-05-19T12:00:01.000Z');
      await store.markFailed(keyOf(failed), 'chat not found');
      await store.markSkipped(skipped, 'deadline passed during downtime');
      const rows = await store.ledgerOf([s.id]);
      const byLead = Object.fromEntries(rows.map((r) => [r.lead, r]));
      expect(byLead['7d']).toMatchObject({ status: 'sent', messageId: 'msg-1', sentAt: '2026-05-19T12:00:01.000Z' });
      expect(byLead['7d']?.reason).toBeUndefined();
      expect(byLead['1d']).toMatchObject({ status: 'failed', reason: 'chat not found' });
      expect(byLead['0d']).toMatchObject({ status: 'skipped', reason: 'deadline passed during downtime', claimedBy: 'instance-a' });
      // A skipped key is taken: nobody claims it afterwards.
      expect(await store.claim(skipped)).toBe(false);
    });

    it('skipping a claimed row marks it skipped; skipping a sent row changes nothing', async () => {
      const s = await store.addSubscription(newSubscription());
      const c = claimOf(s.id);
      await store.claim(c);
      await store.markSkipped({ ...c, claimedBy: 'instance-b' }, 'too late');
      expect((await store.ledgerOf([s.id]))[0]).toMatchObject({ status: 'skipped', reason: 'too late' });
      const d = claimOf(s.id, { lead: '1d' });
      await store.claim(d);
      await store.markSent(keyOf(d), 'msg-2', '2026-05-19T12:00:02.000Z');
      await store.markSkipped(d, 'too late');
      await store.markFailed(keyOf(d), 'late failure');
      const row = (await store.ledgerOf([s.id])).find((r) => r.lead === '1d');
      expect(row).toMatchObject({ status: 'sent', messageId: 'msg-2' });
      expect(row?.reason).toBeUndefined();
    });

    it('marking a key that was never claimed does not create it', async () => {
      const s = await store.addSubscription(newSubscription());
      await store.markSent(keyOf(claimOf(s.id)), 'm', '2026-05-19T12:00:00.000Z');
      await store.markFailed(keyOf(claimOf(s.id)), 'x');
      expect(await store.ledgerOf([s.id])).toEqual([]);
    });

    it('finds stale claims by instant, whatever the offset', async () => {
      const s = await store.addSubscription(newSubscription());
      await store.claim(claimOf(s.id, { lead: '7d', claimedAt: '2026-05-19T12:00:00.000Z' }));
      // 19:30+08:00 is 11:30Z: older than 11:45Z even though it sorts after it as text.
      await store.claim(claimOf(s.id, { lead: '1d', claimedAt: '2026-05-19T19:30:00.000+08:00' }));
      await store.claim(claimOf(s.id, { lead: '0d', claimedAt: '2026-05-19T11:00:00.000Z' }));
      await store.markSent(keyOf(claimOf(s.id, { lead: '0d' })), 'm', '2026-05-19T11:00:01.000Z');
      const stale = await store.staleClaims('2026-05-19T11:45:00.000Z');
      expect(stale.map((r) => r.lead)).toEqual(['1d']);
      expect(stale[0]).toMatchObject({ status: 'claimed', claimedAt: '2026-05-19T19:30:00.000+08:00' });
      expect((await store.staleClaims('2026-05-20T00:00:00.000Z')).map((r) => r.lead).sort()).toEqual(['1d', '7d']);
      expect(await store.staleClaims('2026-05-01T00:00:00.000Z')).toEqual([]);
    });

    it('reclaims a failed or stale row exactly once', async () => {
      const s = await store.addSubscription(newSubscription());
      const failed = claimOf(s.id, { lead: '7d' });
      const stale = claimOf(s.id, { lead: '1d', claimedAt: '2026-05-19T10:00:00.000Z' });
      const fresh = claimOf(s.id, { lead: '0d', claimedAt: '2026-05-19T11:59:00.000Z' });
      const sent = claimOf(s.id, { lead: '30d' });
      for (const c of [failed, stale, fresh, sent]) expect(await store.claim(c)).toBe(true);
      await store.markFailed(keyOf(failed), 'timeout');
      await store.markSent(keyOf(sent), 'm', '2026-05-19T12:00:01.000Z');
      const now = '2026-05-19T12:05:00.000Z';
      const staleBefore = '2026-05-19T11:55:00.000Z';

      const racers = await Promise.all(Array.from({ length: 20 }, (_, i) => store.reclaim(keyOf(failed), `b-${i}`, now, staleBefore)));
      expect(racers.filter(Boolean)).toHaveLength(1);
      const winner = `b-${racers.indexOf(true)}`;
      expect(await store.reclaim(keyOf(stale), 'c', now)).toBe(false); // not stale without staleBefore
      expect(await store.reclaim(keyOf(stale), 'c', now, staleBefore)).toBe(true);
      expect(await store.reclaim(keyOf(stale), 'd', now, staleBefore)).toBe(false);
      expect(await store.reclaim(keyOf(fresh), 'c', now, staleBefore)).toBe(false);
      expect(await store.reclaim(keyOf(sent), 'c', now, staleBefore)).toBe(false);
      expect(await store.reclaim(keyOf(claimOf(s.id, { lead: 'none' })), 'c', now, staleBefore)).toBe(false);

      const byLead = Object.fromEntries((await store.ledgerOf([s.id])).map((r) => [r.lead, r]));
      expect(byLead['7d']).toMatchObject({ status: 'claimed', claimedBy: winner, claimedAt: now });
      expect(byLead['7d']?.reason).toBeUndefined();
      expect(byLead['1d']).toMatchObject({ status: 'claimed', claimedBy: 'c', claimedAt: now });
      expect(byLead['0d']).toMatchObject({ status: 'claimed', claimedBy: 'instance-a' });
      expect(byLead['30d']).toMatchObject({ status: 'sent' });
      expect(await store.staleClaims(staleBefore)).toEqual([]);
    });

    it('ledgerOf returns only the given subscriptions', async () => {
      const a = await store.addSubscription(newSubscription());
      const b = await store.addSubscription(newSubscription());
      const c = await store.addSubscription(newSubscription());
      await store.claim(claimOf(a.id));
      await store.claim(claimOf(b.id));
      await store.claim(claimOf(b.id, { lead: '1d' }));
      await store.claim(claimOf(c.id));
      expect(await store.ledgerOf([])).toEqual([]);
      expect((await store.ledgerOf([b.id])).map((r) => r.lead).sort()).toEqual(['1d', '7d']);
      const ab = await store.ledgerOf([a.id, b.id, 'missing']);
      expect(new Set(ab.map((r) => r.subscriptionId))).toEqual(new Set([a.id, b.id]));
      expect(ab).toHaveLength(3);
    });

    it('ledgerWindow leaves out rows of earlier deadlines, compared as instants', async () => {
      const s = await store.addSubscription(newSubscription());
      const other = await store.addSubscription(newSubscription());
      const at = (lead: string, deadlineAt: string, id = s.id) => store.claim(claimOf(id, { lead, deadlineAt }));
      await at('30d', '2026-04-01T00:00:00.000Z'); // long before
      await at('14d', '2026-05-19T11:59:59.999Z'); // just before
      await at('7d', '2026-05-19T12:00:00.000Z'); // at: left out
      await at('3d', '2026-05-19T19:30:00.000+08:00'); // 11:30Z, sorts after as text: before
      await at('1d', '2026-05-19T06:00:00.000-08:00'); // 14:00Z, sorts before as text: after
      await at('0d', '2026-05-19T12:00:00.001Z'); // just after
      await at('2d', '2026-07-01T00:00:00.000Z'); // long after
      await at('5d', '2026-07-01T00:00:00.000Z', other.id);
      const after = await store.ledgerWindow([s.id], { deadlineAfter: '2026-05-19T12:00:00.000Z' });
      expect(after.map((r) => r.lead).sort()).toEqual(['0d', '1d', '2d']);
      expect(after.find((r) => r.lead === '1d')).toEqual(windowRowOf(claimOf(s.id, { lead: '1d', deadlineAt: '2026-05-19T06:00:00.000-08:00' })));
      expect((await store.ledgerWindow([s.id, other.id], { deadlineAfter: '2026-06-01T00:00:00+02:00' })).map((r) => r.lead).sort()).toEqual(['2d', '5d']);
      expect(await store.ledgerWindow([], { deadlineAfter: '2026-06-01T00:00:00Z' })).toEqual([]);
      expect(await store.ledgerOf([s.id])).toHaveLength(7);
      await expect(store.ledgerWindow([s.id], { deadlineAfter: 'soon' })).rejects.toThrow(/deadlineAfter/);
    });

    it('ledgerWindow gives a sent row its send time, a claimed one its claim time, and a failed one its reason', async () => {
      const s = await store.addSubscription(newSubscription());
      const deadlineAt = '2026-07-01T00:00:00.000Z';
      for (const lead of ['7d', '3d', '1d', '0d']) await store.claim(claimOf(s.id, { lead, deadlineAt }));
      await store.markSent({ ...claimOf(s.id, { lead: '7d' }) }, 'm-1', '2026-06-24T01:00:00.000Z');
      await store.markFailed({ ...claimOf(s.id, { lead: '3d' }) }, 'transient: 502');
      await store.markSkipped(claimOf(s.id, { lead: '2d', deadlineAt }), 'overtaken');
      const rows = await store.ledgerWindow([s.id], { deadlineAfter: '2026-06-01T00:00:00.000Z' });
      const byLead = Object.fromEntries(rows.map((r) => [r.lead, r]));
      expect(Object.keys(byLead).sort()).toEqual(['0d', '1d', '2d', '3d', '7d']);
      expect(byLead['7d']).toEqual({ ...windowRowOf(claimOf(s.id, { deadlineAt })), status: 'sent', at: '2026-06-24T01:00:00.000Z' });
      expect(byLead['3d']).toEqual({ ...windowRowOf(claimOf(s.id, { lead: '3d', deadlineAt })), status: 'failed', reason: 'transient: 502' });
      expect(byLead['2d']).toEqual({ ...windowRowOf(claimOf(s.id, { lead: '2d', deadlineAt })), status: 'skipped' });
      expect(byLead['1d']).toEqual(windowRowOf(claimOf(s.id, { lead: '1d', deadlineAt })));
    });

    it("ledgerWindow with threads also returns those threads' older rows (a moved deadline)", async () => {
      const s = await store.addSubscription(newSubscription());
      const other = await store.addSubscription(newSubscription());
      const at = (entryId: string, lead: string, deadlineAt: string, id = s.id, milestone = 'deadline') => store.claim(claimOf(id, { entryId, milestone, lead, deadlineAt }));
      await at('moved', '7d', '2026-03-01T00:00:00.000Z'); // moved: an older date
      await at('moved', '1d', '2026-06-01T00:00:00.000Z');
      await at('moved', '0d', '2026-03-01T00:00:00.000Z', other.id); // another subscription
      await at('old', '7d', '2026-03-01T00:00:00.000Z'); // not asked for
      await at('moved', '3d', '2026-03-01T00:00:00.000Z', s.id, 'abstract:Abstract'); // another milestone
      await at('digest', 'digest:2026-W20', '2026-05-18T01:00:00.000Z', s.id, 'digest');
      await at('digest', 'digest:2026-W10', '2026-03-09T01:00:00.000Z', s.id, 'digest'); // before the thread's bound
      const rows = await store.ledgerWindow([s.id], {
        deadlineAfter: '2026-05-19T12:00:00.000Z',
        threads: [
          { entryId: 'moved', milestone: 'deadline' },
          { entryId: 'none', milestone: 'deadline' },
          { entryId: 'digest', milestone: 'digest', deadlineAfter: '2026-05-11T12:00:00.000Z' },
        ],
      });
      expect(rows.map((r) => `${r.entryId}/${r.milestone}/${r.lead}`).sort()).toEqual(['digest/digest/digest:2026-W20', 'moved/deadline/1d', 'moved/deadline/7d']);
      expect(rows.find((r) => r.lead === '7d')).toEqual(windowRowOf(claimOf(s.id, { entryId: 'moved', deadlineAt: '2026-03-01T00:00:00.000Z' })));
      expect(await store.ledgerWindow([s.id], { deadlineAfter: '2026-05-19T12:00:00.000Z', threads: [] })).toHaveLength(1);
    });

    it('markSkippedMany records many rows as markSkipped does', async () => {
      const s = await store.addSubscription(newSubscription());
      const gone = await store.addSubscription(newSubscription());
      await store.removeSubscription(gone.conversation, gone.id);
      const sent = claimOf(s.id, { lead: '7d' });
      const claimed = claimOf(s.id, { lead: '1d' });
      await store.claim(sent);
      await store.markSent(keyOf(sent), 'msg-1', '2026-05-19T12:00:01.000Z');
      await store.claim(claimed);
      const many = Array.from({ length: 2500 }, (_, i) => ({ ...claimOf(s.id, { entryId: `e-${i}`, claimedBy: 'b' }), reason: 'overtaken' }));
      await store.markSkippedMany([
        { ...sent, reason: 'too late' },
        { ...claimed, reason: 'too late' },
        { ...claimOf(gone.id), reason: 'too late' },
        ...many,
        { ...claimOf(s.id, { entryId: 'e-0' }), reason: 'said twice' },
      ]);
      await store.markSkippedMany([]);
      const rows = await store.ledgerOf([s.id]);
      expect(rows).toHaveLength(2502);
      const byKey = new Map(rows.map((r) => [`${r.entryId}/${r.lead}`, r]));
      expect(byKey.get(`${sent.entryId}/7d`)).toMatchObject({ status: 'sent', messageId: 'msg-1' });
      expect(byKey.get(`${claimed.entryId}/1d`)).toMatchObject({ status: 'skipped', reason: 'too late', claimedBy: 'instance-a' });
      expect(byKey.get('e-0/7d')).toMatchObject({ status: 'skipped', reason: 'said twice', claimedBy: 'b' });
      expect(byKey.get('e-2499/7d')).toMatchObject({ status: 'skipped', reason: 'overtaken', deadlineAt: sent.deadlineAt });
      expect(await store.ledgerOf([gone.id])).toEqual([]);
      await expect(store.markSkippedMany([{ ...claimOf(s.id, { deadlineAt: 'later' }), reason: 'x' }])).rejects.toThrow(/deadlineAt/);
    });

    it('markSkippedMany: a key twice in one batch is updated by the later row; every size around a statement and a transaction', async () => {
      const s = await store.addSubscription(newSubscription());
      await store.markSkippedMany([
        { ...claimOf(s.id, { entryId: 'twice' }), reason: 'first' },
        { ...claimOf(s.id, { entryId: 'once' }), reason: 'only' },
        { ...claimOf(s.id, { entryId: 'twice', claimedBy: 'other' }), reason: 'second' },
      ]);
      const small = await store.ledgerOf([s.id]);
      expect(small.map((r) => [r.entryId, r.status, r.reason, r.claimedBy])).toEqual([
        ['once', 'skipped', 'only', 'instance-a'],
        ['twice', 'skipped', 'second', 'instance-a'],
      ]);
      for (const n of [499, 500, 501, 4999, 5000, 5001]) {
        const t = await store.addSubscription(newSubscription({ conversation: `telegram:-${n}` }));
        await store.markSkippedMany(Array.from({ length: n }, (_, i) => ({ ...claimOf(t.id, { entryId: `e-${i}`, late: i % 2 === 1 }), reason: `r-${i}` })));
        const rows = await store.ledgerOf([t.id]);
        expect(rows).toHaveLength(n);
        expect(new Set(rows.map((r) => r.reason)).size).toBe(n);
        const last = rows.find((r) => r.entryId === `e-${n - 1}`);
        expect(last).toEqual({ ...claimOf(t.id, { entryId: `e-${n - 1}` }), status: 'skipped', reason: `r-${n - 1}`, ...((n - 1) % 2 ? { late: true } : {}) });
      }
    });

    it('ledgerLacking: the subscriptions missing a row for some key of their group, whatever its status and deadline', async () => {
      const full = await store.addSubscription(newSubscription({ conversation: 'telegram:-1' }));
      const partial = await store.addSubscription(newSubscription({ conversation: 'telegram:-2' }));
      const none = await store.addSubscription(newSubscription({ conversation: 'telegram:-3' }));
      const other = await store.addSubscription(newSubscription({ conversation: 'telegram:-4' }));
      const threads = [
        { entryId: 'a', milestone: 'deadline' },
        { entryId: 'b', milestone: 'abstract:Abstract' },
      ];
      const leads = ['7d', '0d'];
      for (const t of threads)
        for (const lead of leads) {
          await store.claim(claimOf(full.id, { ...t, lead, deadlineAt: '2020-01-01T00:00:00.000Z' })); // any deadline
          if (lead === '7d') await store.markSkipped(claimOf(partial.id, { ...t, lead }), 'passed');
        }
      await store.markFailed({ subscriptionId: full.id, entryId: 'a', milestone: 'deadline', lead: '0d' }, 'transient: x');
      // As many rows as leads in each thread, but one of another lead: still lacking.
      const extra = await store.addSubscription(newSubscription({ conversation: 'telegram:-5' }));
      for (const t of threads) for (const lead of ['7d', 'changed:2026-06-01T00:00:00.000Z']) await store.claim(claimOf(extra.id, { ...t, lead }));
      // other's group: one thread and lead it has; a row of another subscription does not count.
      await store.claim(claimOf(other.id, { entryId: 'c', lead: '1d' }));
      const groups = [
        { threads, leads },
        { threads: [{ entryId: 'c', milestone: 'deadline' }], leads: ['1d', '1d'] },
        { threads: [{ entryId: 'b', milestone: 'abstract:Abstract' }], leads: ['7d'] },
      ];
      const lacking = await store.ledgerLacking({
        groups,
        subscriptions: [
          { subscriptionId: full.id, group: 0 },
          { subscriptionId: partial.id, group: 0 },
          { subscriptionId: none.id, group: 0 },
          { subscriptionId: other.id, group: 1 },
          { subscriptionId: none.id, group: 1 },
          { subscriptionId: partial.id, group: 2 },
          { subscriptionId: extra.id, group: 0 },
          { subscriptionId: extra.id, group: 2 },
        ],
      });
      expect([...new Set(lacking)].sort()).toEqual([partial.id, none.id, extra.id].sort());
      expect(await store.ledgerLacking({ groups, subscriptions: [{ subscriptionId: partial.id, group: 2 }] })).toEqual([]);
      expect(await store.ledgerLacking({ groups, subscriptions: [] })).toEqual([]);
      expect(await store.ledgerLacking({ groups: [], subscriptions: [] })).toEqual([]);
    });

    it('settles skips: one mark per subscription, one at the same or a later instant replaces it, an earlier one does not, whatever the offset', async () => {
      const a = await store.addSubscription(newSubscription({ conversation: 'telegram:-1' }));
      const b = await store.addSubscription(newSubscription({ conversation: 'telegram:-2' }));
      const gone = await store.addSubscription(newSubscription({ conversation: 'telegram:-3' }));
      await store.removeAll(gone.conversation);
      const by = { settledBy: 'instance-a', settledAt: '2026-05-19T12:00:00.000Z' };
      expect(await store.settledOf([a.id, b.id])).toEqual([]);
      await store.settleSkips([
        { subscriptionId: a.id, through: '2026-05-19T20:00:00.000+08:00', leads: [7, 1, 0], ...by },
        { subscriptionId: gone.id, through: '2026-05-19T12:00:00.000Z', leads: [0], ...by },
      ]);
      expect(await store.settledOf([a.id, b.id, gone.id])).toEqual([{ subscriptionId: a.id, through: '2026-05-19T12:00:00.000Z', leads: [7, 1, 0] }]);
      await store.settleSkips([
        { subscriptionId: a.id, through: '2026-05-19T11:59:59.999Z', leads: [0], ...by }, // earlier: kept out
        { subscriptionId: b.id, through: '2026-05-19T09:00:00.000Z', leads: [1], ...by },
        { subscriptionId: b.id, through: '2026-05-19T10:00:00.000Z', leads: [30, 1], ...by }, // twice in one call: the later
      ]);
      await store.settleSkips([{ subscriptionId: a.id, through: '2026-05-20T00:00:00.000+08:00', leads: [7, 1, 0], ...by }]);
      await store.settleSkips([{ subscriptionId: a.id, through: '2026-05-19T16:00:00.000Z', leads: [7, 2, 1, 0], ...by }]); // the same instant: replaced (new leads)
      const marks = (await store.settledOf([a.id, b.id])).sort((x, y) => (x.subscriptionId === a.id ? -1 : y.subscriptionId === a.id ? 1 : 0));
      expect(marks).toEqual([
        { subscriptionId: a.id, through: '2026-05-19T16:00:00.000Z', leads: [7, 2, 1, 0] },
        { subscriptionId: b.id, through: '2026-05-19T10:00:00.000Z', leads: [30, 1] },
      ]);
      await expect(store.settleSkips([{ subscriptionId: a.id, through: 'tomorrow', leads: [0], ...by }])).rejects.toThrow(/through/);
      // Marks go with their subscription.
      await store.removeAll(a.conversation);
      expect((await store.settledOf([a.id, b.id])).map((m) => m.subscriptionId)).toEqual([b.id]);
      await store.settleSkips([]);
      expect(await store.settledOf([])).toEqual([]);
    });

    it('50 concurrent marks of one subscription: the latest stays', async () => {
      const s = await store.addSubscription(newSubscription());
      const at = (i: number) => new Date(Date.parse('2026-05-19T00:00:00.000Z') + i * 60_000).toISOString();
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.settleSkips([{ subscriptionId: s.id, through: at(i), leads: [i], settledBy: `i-${i}`, settledAt: at(i) }])));
      expect(await store.settledOf([s.id])).toEqual([{ subscriptionId: s.id, through: at(49), leads: [49] }]);
    });

    it('records the last complete pass: the later time stays, whatever the offset', async () => {
      expect(await store.lastCompletePass()).toBeUndefined();
      await store.recordCompletePass('2026-05-20T09:00:00.000+08:00');
      expect(await store.lastCompletePass()).toBe('2026-05-20T01:00:00.000Z');
      // Earlier as an instant, though later as text: kept out.
      await store.recordCompletePass('2026-05-20T08:00:00.000+07:00');
      expect(await store.lastCompletePass()).toBe('2026-05-20T01:00:00.000Z');
      await store.recordCompletePass('2026-05-20T01:05:00Z');
      expect(await store.lastCompletePass()).toBe('2026-05-20T01:05:00.000Z');
      await expect(store.recordCompletePass('now')).rejects.toThrow(/at/);
      expect(await store.lastCompletePass()).toBe('2026-05-20T01:05:00.000Z');
    });

    it('50 concurrent records of the last complete pass: the latest stays', async () => {
      const base = Date.parse('2026-05-20T01:00:00.000Z');
      const times = Array.from({ length: 50 }, (_, i) => new Date(base + ((i * 37) % 50) * 1000).toISOString());
      await Promise.all(times.map((t) => store.recordCompletePass(t)));
      expect(await store.lastCompletePass()).toBe(new Date(base + 49_000).toISOString());
    });

    it("keeps a person's settings: saved whole, read back by their address, cleared fields gone", async () => {
      expect(await store.settingsOf('telegram:42')).toBeUndefined();
      await store.saveSettings({ person: 'telegram:42', zone: 'Asia/Tokyo', lang: 'en', leads: [0, 7, 1, 7], updatedAt: '2026-05-19T08:00:00.000Z' });
      expect(await store.settingsOf('telegram:42')).toEqual({ person: 'telegram:42', zone: 'Asia/Tokyo', lang: 'en', leads: [7, 1, 0], updatedAt: '2026-05-19T08:00:00.000Z' });
      // Another person is untouched; saving again replaces the row (the zone left out is cleared).
      await store.saveSettings({ person: 'discord:dm:7', lang: 'zh', updatedAt: '2026-05-19T09:00:00.000Z' });
      await store.saveSettings({ person: 'telegram:42', lang: 'zh', leads: [3], updatedAt: '2026-05-20T08:00:00.000Z' });
      expect(await store.settingsOf('telegram:42')).toEqual({ person: 'telegram:42', lang: 'zh', leads: [3], updatedAt: '2026-05-20T08:00:00.000Z' });
      expect(await store.settingsOf('discord:dm:7')).toEqual({ person: 'discord:dm:7', lang: 'zh', updatedAt: '2026-05-19T09:00:00.000Z' });
      await expect(store.saveSettings({ person: 'telegram:42', updatedAt: 'today' })).rejects.toThrow(/updatedAt/);
      await expect(store.saveSettings({ person: 'telegram:42', leads: [1.5], updatedAt: '2026-05-20T08:00:00.000Z' })).rejects.toThrow(/leads/);
      await expect(store.saveSettings({ person: 'telegram:42', lang: 'fr' as 'en', updatedAt: '2026-05-20T08:00:00.000Z' })).rejects.toThrow();
      expect((await store.settingsOf('telegram:42'))?.leads).toEqual([3]);
    });

    it("50 concurrent saves of one person's settings leave one whole row", async () => {
      const zones = Array.from({ length: 50 }, (_, i) => `UTC+${i % 14}`);
      await Promise.all(zones.map((zone, i) => store.saveSettings({ person: 'telegram:9', zone, leads: [i], updatedAt: '2026-05-19T08:00:00.000Z' })));
      const saved = await store.settingsOf('telegram:9');
      const i = saved!.leads![0]!;
      expect(saved).toEqual({ person: 'telegram:9', zone: zones[i], leads: [i], updatedAt: '2026-05-19T08:00:00.000Z' });
    });
    feedStoreTests(
      () => store,
      () => clock,
    );

    it('rejects timestamps it cannot compare', async () => {
      const s = await store.addSubscription(newSubscription());
      await expect(store.claim(claimOf(s.id, { claimedAt: 'yesterday' }))).rejects.toThrow(/claimedAt/);
      await expect(store.staleClaims('soon')).rejects.toThrow(/olderThan/);
    });
  });
}
