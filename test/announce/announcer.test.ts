/** The announcer's timer: passes on schedule, never two at once, stop waits for the one in progress. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAnnouncer } from '../../src/announce/announcer.js';
import type { Store } from '../../src/store/types.js';
import { Clock, HOUR, RecordingAdapter, bot, command, memoryStore } from './harness.js';

afterEach(() => vi.useRealTimers());

describe('startAnnouncer', () => {
  it('runs passes on a timer without overlapping, and stop() waits for the pass in progress', async () => {
    const clock = new Clock('2027-02-08T08:00:00+08:00');
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(clock.ms);
    const store = memoryStore();
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
    const tg = new RecordingAdapter('telegram', clock);
    const summaries: number[] = [];
    const announcer = startAnnouncer({ store: counting, core, adapters: [tg], intervalMs: HOUR, firstDelayMs: 1000, onPass: (s) => summaries.push(s.sent) });
    await vi.advanceTimersByTimeAsync(1000);
    expect(passes).toBe(1);
    expect(tg.sent).toEqual([]);
    vi.setSystemTime(Date.parse('2027-02-08T09:00:00+08:00'));
    await Promise.all([announcer.runNow(), announcer.runNow(), vi.advanceTimersByTimeAsync(HOUR)]);
    expect(most).toBe(1);
    expect(tg.sent).toHaveLength(1);
    const before = passes;
    await announcer.stop();
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(passes).toBe(before);
    expect(summaries.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
