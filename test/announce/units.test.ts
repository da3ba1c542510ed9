/** The pure parts: lead due times, the idempotency key, pacing with a fake clock, digest times. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { lastDigestTime, parseDigest } from '../../src/announce/digest.js';
import { idempotencyKey } from '../../src/announce/key.js';
import { Pacer } from '../../src/announce/pacing.js';
import { leadDueAt } from '../../src/announce/schedule.js';
import type { Rate } from '../../src/platform.js';
import { FakeClock } from '../fake-clock.js';

const ms = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const iso = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true });

describe('lead due times', () => {
  it('is 09:00 local on the date N days before the local deadline date', () => {
    const deadline = ms('2027-03-10T23:59:00+08:00');
    expect(iso(leadDueAt(deadline, 'Asia/Shanghai', 7), 'Asia/Shanghai')).toBe('2027-03-03T09:00:00+08:00');
    // The same instant is 16:59 on 10 March in Paris; daylight saving starts on 28 March, not in between.
    expect(iso(leadDueAt(deadline, 'Europe/Paris', 30), 'Europe/Paris')).toBe('2027-02-08T09:00:00+01:00');
    // Across the daylight-saving change: still 09:00 local.
    expect(iso(leadDueAt(ms('2027-04-02T12:00:00+02:00'), 'Europe/Paris', 7), 'Europe/Paris')).toBe('2027-03-26T09:00:00+01:00');
    expect(iso(leadDueAt(ms('2027-04-02T12:00:00+02:00'), 'Europe/Paris', 1), 'Europe/Paris')).toBe('2027-04-01T09:00:00+02:00');
  });

  it('is never later than an hour before the deadline (a same-day post for an early-morning deadline)', () => {
    expect(iso(leadDueAt(ms('2027-03-10T08:00:00+08:00'), 'Asia/Shanghai', 0), 'Asia/Shanghai')).toBe('2027-03-10T07:00:00+08:00');
    expect(iso(leadDueAt(ms('2027-03-10T00:30:00+08:00'), 'Asia/Shanghai', 0), 'Asia/Shanghai')).toBe('2027-03-09T23:30:00+08:00');
  });
});

describe('idempotency key', () => {
  it('is a stable string of at most 25 characters per ledger key (a Discord nonce)', () => {
    const key = { subscriptionId: 'abcdef', entryId: 'alpha-1', milestone: 'deadline', lead: '7d' };
    const a = idempotencyKey(key);
    expect(a).toMatch(/^[0-9a-z]{1,25}$/);
    expect(idempotencyKey({ ...key })).toBe(a);
    expect(idempotencyKey({ ...key, lead: '1d' })).not.toBe(a);
  });
});

describe('pacing', () => {
  // Telegram's limits as its module declares them: a group 20 a minute (burst 3), a private chat 1 a second, 30 a second overall.
  const telegram = {
    platform: 'telegram',
    limits: {
      perAddress: (address: string): Rate => (address.startsWith('telegram:-') ? { burst: 3, perSecond: 20 / 60 } : { burst: 1, perSecond: 1 }),
      overall: { burst: 30, perSecond: 30 },
    },
  };
  const discord = { platform: 'discord', limits: { perAddress: (): Rate => ({ burst: 5, perSecond: 1 }) } };

  /** Runs `takes` on the pacer while the fake clock moves; resolves with the time the last one got through. */
  async function paced(clock: FakeClock, takes: () => Promise<void>): Promise<number> {
    const done = takes().then(() => clock.now());
    await clock.advance(10 * 60_000);
    return done;
  }

  it('keeps a group at its rate and the platform at its overall rate, as the sender declares them', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer({ clock });
    // A burst of 3, then one every 3 s.
    expect(
      await paced(clock, async () => {
        for (let i = 0; i < 23; i++) await pacer.take('telegram:-1001', telegram);
      }),
    ).toBe(20 * 3000);
    const start = clock.now();
    // 90 private chats: a burst of 30, then 30 a second.
    const end = await paced(clock, async () => {
      for (let i = 0; i < 90; i++) await pacer.take(`telegram:${i + 1}`, telegram);
    });
    expect(end - start).toBeGreaterThanOrEqual(2000);
    expect(end - start).toBeLessThanOrEqual(2100);
    expect(pacer.waitedMs).toBeGreaterThan(0);
  });

  it('gives each platform its own overall bucket; a sender without an overall rate has none', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer({ clock });
    for (let i = 0; i < 30; i++) await pacer.take(`telegram:${i + 1}`, telegram);
    // Telegram's overall bucket is empty; Discord's channels still go at once (5 each, no overall limit).
    expect(
      await paced(clock, async () => {
        for (let i = 0; i < 50; i++) await pacer.take(`discord:${i % 10}`, discord);
      }),
    ).toBe(0);
    expect(await paced(clock, () => pacer.take('telegram:999', telegram))).toBeGreaterThan(0);
  });

  it('an unlimited pacer never waits', async () => {
    const pacer = Pacer.unlimited();
    for (let i = 0; i < 100; i++) await pacer.take('telegram:-1', telegram);
    expect(pacer.waitedMs).toBe(0);
  });
});

describe('digest times', () => {
  it('reads "mon@09:00", "周三 10:00" and finds the last digest time in the zone', () => {
    expect(parseDigest('mon@09:00')).toEqual({ weekday: 1, time: '09:00' });
    expect(parseDigest('周三 10:00')).toEqual({ weekday: 3, time: '10:00' });
    expect(parseDigest('someday')).toBeUndefined();
    const last = lastDigestTime({ weekday: 1, time: '09:00' }, 'Asia/Shanghai', ms('2027-03-03T12:00:00+08:00'));
    expect(last.toISO({ suppressMilliseconds: true })).toBe('2027-03-01T09:00:00.000+08:00'.replace('.000', ''));
  });
});
