/** The token bucket on a fake clock: burst, refill, debt, per key. */
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/runtime/token-bucket.js';
import { FakeClock } from '../fake-clock.js';

describe('TokenBuckets', () => {
  const rate = { burst: 3, perSecond: 0.5 };

  it('allows a burst, then one token per refill interval, per key', () => {
    const clock = new FakeClock(0);
    const buckets = new TokenBuckets({ clock });
    expect([1, 2, 3, 4].map(() => buckets.tryTake('u1', rate))).toEqual([true, true, true, false]);
    expect(buckets.tryTake('u2', rate)).toBe(true);
    expect(buckets.waitMs('u1', rate)).toBe(2000);
    clock.jump(1999);
    expect(buckets.tryTake('u1', rate)).toBe(false);
    clock.jump(2000);
    expect(buckets.tryTake('u1', rate)).toBe(true);
    clock.jump(60_000);
    expect([1, 2, 3, 4].map(() => buckets.tryTake('u1', rate))).toEqual([true, true, true, false]); // refilled to the burst, no more
  });

  it('take() may go into debt, which is waited for', () => {
    const clock = new FakeClock(0);
    const buckets = new TokenBuckets({ clock });
    for (let i = 0; i < 4; i++) buckets.take('a', rate);
    expect(buckets.waitMs('a', rate)).toBe(4000); // 1 token short of −1 → 1
    expect(buckets.waitMs('b', { burst: Number.POSITIVE_INFINITY, perSecond: Number.POSITIVE_INFINITY })).toBe(0);
  });

  it('forgets idle keys once there are many', () => {
    const clock = new FakeClock(0);
    const buckets = new TokenBuckets({ clock, maxKeys: 10, idleMs: 1000 });
    for (let i = 0; i < 10; i++) buckets.tryTake(`k${i}`, rate);
    clock.jump(5000);
    buckets.tryTake('fresh', rate);
    expect(buckets.size).toBe(1);
  });
});
