/** The pure parts: lead due times, the idempotency key, pacing with a fake clock, digest times. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { lastDigestTime, parseDigest } from '../../src/announce/digest.js';
import { idempotencyKey } from '../../src/announce/key.js';
import { Pacer } from '../../src/announce/pacing.js';
import { leadDueAt } from '../../src/announce/schedule.js';

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
  it('keeps a Telegram group at 20 a minute and everything at 30 a second, on a fake clock', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const pacer = new Pacer({ now: () => now, sleep: async (t) => { sleeps.push(t); now += t; } });
    for (let i = 0; i < 23; i++) await pacer.take('telegram:-1001');
    // A burst of 3, then one every 3 s.
    expect(now).toBe(20 * 3000);
    now = 100_000;
    const start = now;
    for (let i = 0; i < 90; i++) await pacer.take(`telegram:${i + 1}`);
    // 90 private chats: a burst of 30, then 30 a second.
    expect(now - start).toBeGreaterThanOrEqual(2000);
    expect(now - start).toBeLessThanOrEqual(2100);
    expect(sleeps.every((t) => t > 0)).toBe(true);
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
