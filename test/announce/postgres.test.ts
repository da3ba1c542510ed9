/**
 * Two instances running the same announcement passes on one PostgreSQL database post each
 * announcement once. Runs against TEST_DATABASE_URL in a fresh schema; skipped without it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import { Clock, RecordingSender, bot, command, gatedPacers, seeds } from './harness.js';
import { runPass } from '../../src/announce/pass.js';

const URL = process.env.TEST_DATABASE_URL;

describe.skipIf(!URL)('announcement passes on PostgreSQL (TEST_DATABASE_URL)', () => {
  const schema = `announce_${randomBytes(4).toString('hex')}`;
  let admin: pg.Pool;
  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: URL, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  it('two instances racing post each announcement once', async () => {
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const a = await openPostgresStore(URL!, { schema, max: 4, clock });
    const b = await openPostgresStore(URL!, { schema, max: 4, clock });
    const dir = seeds();
    const coreA = bot(clock, undefined, dir).services;
    const coreB = bot(clock, undefined, dir).services;
    const subscriber = bot(clock, a, dir);
    for (let i = 0; i < 6; i++) await command(subscriber, '/subscribe', { conversation: `telegram:-100${i}` });
    const tg = new RecordingSender('telegram', clock);
    let sent = 0;
    let raced = 0;
    for (const iso of ['2027-02-08T09:00:00+08:00', '2027-03-03T09:00:00+08:00', '2027-03-22T09:00:00+08:00']) {
      clock.set(iso);
      const pacers = gatedPacers(2);
      const results = await Promise.all(
        (
          [
            [coreA, a, 'a'],
            [coreB, b, 'b'],
          ] as const
        ).map(([core, store, id], i) => runPass({ store, core, senders: { telegram: tg }, now: clock.ms, clock, instanceId: id, pacer: pacers[i]!, concurrency: 3 })),
      );
      sent += results.reduce((n, r) => n + r.sent, 0);
      raced += results.reduce((n, r) => n + r.raced, 0);
    }
    expect(sent).toBe(18);
    expect(raced).toBe(18); // both planned every post; each claim was won once
    expect(tg.sent).toHaveLength(18);
    expect(new Set(tg.sent.map((s) => `${s.conversation} ${s.idempotencyKey}`)).size).toBe(18);
    await a.close();
    await b.close();
  });

  it('a follow: its leads changed by "only on the last day" (setLeads), only for its own conversation', async () => {
    const clock = new Clock('2027-03-01T00:00:00+08:00');
    const store = await openPostgresStore(URL!, { schema, max: 2, clock });
    const core = bot(clock, store, seeds());
    await command(core, '/follow Alpha Conf', { conversation: 'telegram:7', user: '7', inGroup: false, direct: 'telegram:7' });
    const [follow] = await store.subscriptionsOf('telegram:7');
    expect(follow).toMatchObject({ filter: { ids: ['alpha-conf-2027-50ecd5c4'] }, leads: [7, 1, 0] });
    expect(await store.setLeads('telegram:8', follow!.id, [0])).toBe(false);
    expect(await store.setLeads('telegram:7', follow!.id, [0])).toBe(true);
    expect((await store.subscriptionsOf('telegram:7'))[0]!.leads).toEqual([0]);
    await store.close();
  });
});
