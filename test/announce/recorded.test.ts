/**
 * A full pass skips reading and planning the passed milestones of a subscription that has a ledger
 * row for every one of their leads (Store.ledgerLacking). The same passes with that shortcut off
 * (every subscription said to lack a row) send, skip and record exactly the same.
 */
import { describe, expect, it } from 'vitest';
import { runPass, type PassSummary } from '../../src/announce/pass.js';
import { Pacer } from '../../src/announce/pacing.js';
import type { LedgerQuery, Store } from '../../src/store/types.js';
import { Clock, RecordingSender, bot, memoryStore } from './harness.js';

describe('a full pass over recorded passed milestones', () => {
  const scenario = async (shortcut: boolean) => {
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const store = memoryStore(clock);
    const base = { conversation: 'telegram:-1001', platform: 'telegram', filter: {}, zone: 'Asia/Shanghai', lang: 'en' as const };
    const early = await store.addSubscription({ ...base, leads: [7, 1, 0] });
    const other = await store.addSubscription({ ...base, conversation: 'telegram:-1002', leads: [30, 3, 0], zone: 'Europe/Paris' });
    clock.set('2027-03-08T12:00:00+08:00');
    // Made after alpha's 7-day lead came due: not every lead of a passed milestone is wanted.
    const late = await store.addSubscription({ ...base, conversation: 'telegram:-1003', leads: [7, 1, 0] });
    const aheadReads: string[] = [];
    const wrapped: Store = Object.create(store, {
      ledgerWindow: {
        value: (ids: readonly string[], query: LedgerQuery) => {
          if (query.deadlineAfter === new Date(clock.ms).toISOString()) aheadReads.push(...ids);
          return store.ledgerWindow(ids, query);
        },
      },
      ...(shortcut ? {} : { ledgerLacking: { value: async (q: Parameters<Store['ledgerLacking']>[0]) => q.subscriptions.map((s) => s.subscriptionId) } }),
    });
    const tg = new RecordingSender('telegram', clock);
    const summaries: Array<Omit<PassSummary, 'wouldSend'>> = [];
    const run = async (when: string) => {
      clock.set(when);
      const { wouldSend: _, ...summary } = await runPass({
        store: wrapped,
        core: bot(clock, store).services,
        senders: { telegram: tg },
        now: clock.ms,
        clock,
        instanceId: 'test-1',
        pacer: Pacer.unlimited(),
      });
      summaries.push(summary);
    };
    await run('2027-03-12T12:00:00+08:00'); // alpha passed during downtime: its leads skipped
    const afterCatchUp = aheadReads.length;
    await run('2027-03-12T13:00:00+08:00'); // caught up
    const afterCaughtUp = aheadReads.length;
    store.db.prepare('DELETE FROM ledger_settled WHERE subscription_id = ?').run(early.id);
    await run('2027-03-12T13:30:00+08:00'); // its mark missing: alpha's three leads settled again
    await store.setLeads(other.conversation, other.id, [30, 3, 2, 0]); // a new lead of a passed milestone
    await run('2027-03-12T14:00:00+08:00');
    await run('2027-04-23T12:00:00+08:00'); // beta passed too
    await run('2027-04-23T13:00:00+08:00');
    const rows = await store.ledgerOf([early.id, other.id, late.id]);
    return {
      summaries,
      sent: tg.sent.map((s) => `${s.conversation} ${s.reply.text}`),
      marks: (await store.settledOf([early.id, other.id, late.id]))
        .map((m) => `${m.subscriptionId === early.id ? 'early' : m.subscriptionId === other.id ? 'other' : 'late'} ${m.through} ${m.leads.join(',')}`)
        .sort(),
      rows: rows.map((r) => JSON.stringify({ ...r, subscriptionId: r.subscriptionId === early.id ? 'early' : r.subscriptionId === other.id ? 'other' : 'late' })).sort(),
      aheadReads: { afterCatchUp, afterCaughtUp, late: aheadReads.slice(afterCatchUp, afterCaughtUp).includes(late.id) },
    };
  };

  it('sends, skips and records exactly what the pass reading every row does', async () => {
    const fast = await scenario(true);
    const slow = await scenario(false);
    expect(fast.summaries).toEqual(slow.summaries);
    expect(fast.sent).toEqual(slow.sent);
    expect(fast.rows).toEqual(slow.rows);
    expect(fast.marks).toEqual(slow.marks);
    expect(fast.summaries.map((s) => s.skipped)).toEqual([expect.any(Number), 0, 3, 1, expect.any(Number), 0]);
    expect(fast.summaries[0]!.skipped).toBeGreaterThan(0);
    // The new lead's skip is settled by a mark naming it.
    expect(fast.marks.some((m) => m.startsWith('other ') && m.endsWith(' 30,3,2,0'))).toBe(true);
    // The caught-up pass read only the rows ahead of all three: alpha passed before their marks' instant,
    // so its leads are settled whole (also for the one made after alpha's 7-day lead came due).
    expect(fast.aheadReads).toEqual({ afterCatchUp: 0, afterCaughtUp: 3, late: true });
    expect(slow.aheadReads).toEqual(fast.aheadReads);
  });
});
