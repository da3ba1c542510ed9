/** The announcer's timer: passes on schedule, never two at once, stop waits for the one in progress. */
import { describe, expect, it } from 'vitest';
import { startAnnouncer } from '../../src/announce/announcer.js';
import type { Store } from '../../src/store/types.js';
import { ALPHA, Clock, HOUR, RecordingSender, bot, command, memoryStore } from './harness.js';

describe('startAnnouncer', () => {
  it('runs passes on a timer without overlapping, and stop() waits for the pass in progress', async () => {
    const clock = new Clock('2027-02-08T08:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp');
    let active = 0;
    let most = 0;
    let passes = 0;
    const counting: Store = Object.create(store, {
      activeSubscriptions: {
        value: async () => {
          active += 1;
          most = Math.max(most, active);
          passes += 1;
          await Promise.resolve();
          try {
            return await store.activeSubscriptions();
          } finally {
            active -= 1;
          }
        },
      },
    });
    const tg = new RecordingSender('telegram', clock);
    const summaries: number[] = [];
    const announcer = startAnnouncer({ store: counting, core: core.services, senders: [tg], clock, intervalMs: HOUR, firstDelayMs: 1000, onPass: (s) => summaries.push(s.sent) });
    await clock.tick(1000);
    expect(passes).toBe(1);
    expect(tg.sent).toEqual([]);
    clock.set('2027-02-08T09:00:00+08:00'); // the timer's next pass is due now; it fires within the tick
    await Promise.all([announcer.runNow(), announcer.runNow(), clock.tick(HOUR)]);
    expect(most).toBe(1);
    expect(tg.sent).toHaveLength(1);
    const before = passes;
    await announcer.stop();
    await clock.tick(10 * HOUR);
    expect(passes).toBe(before);
    expect(summaries.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('startAnnouncer after a restart', () => {
  const iso = (s: string) => new Date(Date.parse(s)).toISOString();

  it('the first pass looks back since the stored last complete pass + 1 day, and posts what is due', async () => {
    const clock = new Clock('2027-02-08T08:00:00+08:00');
    const store = memoryStore(clock);
    const core = bot(clock, store);
    await command(core, '/subscribe cfp');
    const tg = new RecordingSender('telegram', clock);
    const first = startAnnouncer({ store, core: core.services, senders: [tg], clock, firstDelayMs: 1e9 });
    expect((await first.runNow())?.windowStart).toBe(iso('2027-01-25T08:00:00+08:00')); // nothing stored: 14 days
    await first.stop();
    expect(await store.lastCompletePass()).toBe(iso('2027-02-08T08:00:00+08:00'));

    clock.set('2027-02-08T09:30:00+08:00'); // restarted; the 30-day lead came due at 09:00
    const again = startAnnouncer({ store, core: bot(clock, store).services, senders: [tg], clock, firstDelayMs: 1e9 });
    const summary = await again.runNow();
    await again.stop();
    expect(summary?.windowStart).toBe(iso('2027-02-07T08:00:00+08:00')); // the stored pass − 1 day
    expect(summary).toMatchObject({ sent: 1, skipped: 0 });
    expect(tg.sent).toHaveLength(1);
    expect(await store.lastCompletePass()).toBe(iso('2027-02-08T09:30:00+08:00'));
  });

  it('after downtime (an old stored time): the current lead late, the others skipped — as without one', async () => {
    const run = async (stored: boolean) => {
      const clock = new Clock('2027-01-01T00:00:00+08:00');
      const store = memoryStore(clock);
      const core = bot(clock, store);
      await command(core, '/subscribe');
      const tg = new RecordingSender('telegram', clock);
      if (stored) await store.recordCompletePass(new Date(clock.ms).toISOString());
      const reads: string[] = [];
      const out: unknown[] = [];
      for (const when of ['2027-03-05T12:00:00+08:00', '2027-03-12T12:00:00+08:00', '2027-04-25T12:00:00+08:00']) {
        clock.set(when); // down until then
        const announcer = startAnnouncer({ store, core: bot(clock, store).services, senders: [tg], clock, firstDelayMs: 1e9 });
        const s = await announcer.runNow();
        await announcer.stop();
        reads.push(s?.windowStart ?? '');
        out.push({ sent: s?.sent, late: s?.late, skipped: s?.skipped });
      }
      const rows = await store.ledgerOf([(await store.activeSubscriptions())[0]!.id]);
      return {
        out,
        reads,
        sent: tg.sent.map((s) => s.reply.text),
        rows: rows.map((r) => `${r.entryId === ALPHA ? 'alpha' : 'beta'} ${r.lead} ${r.status}${r.late ? ' late' : ''}`).sort(),
        last: await store.lastCompletePass(),
      };
    };
    const withStored = await run(true);
    const without = await run(false);
    expect(withStored.out).toEqual([
      { sent: 1, late: 1, skipped: 1 },
      { sent: 0, late: 0, skipped: 2 },
      { sent: 0, late: 0, skipped: 4 },
    ]);
    expect(withStored.out).toEqual(without.out);
    expect(withStored.sent).toEqual(without.sent);
    expect(withStored.rows).toEqual(without.rows);
    expect(withStored.rows).toContain('alpha 7d sent late');
    expect(withStored.last).toBe(iso('2027-04-25T12:00:00+08:00'));
    // Two months stored: the whole 14 days; then since the last pass + 1 day (8 days; 45 days → 14).
    expect(withStored.reads).toEqual([iso('2027-02-19T12:00:00+08:00'), iso('2027-03-04T12:00:00+08:00'), iso('2027-04-11T12:00:00+08:00')]);
  });
});
