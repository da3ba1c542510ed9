/**
 * Settled skips (src/announce/settled.ts): a pass records its skips as one mark per subscription
 * ("settled through T"), not a ledger row per lead. On SQLite, and on PostgreSQL when
 * TEST_DATABASE_URL is set: a lead a pass at T would skip is never sent, the current lead at T and
 * every lead due after T are sent once; a crash after the marks (or between them) loses and doubles
 * nothing; a ledger written before migration 7 (a 'skipped' row per lead) is read as before.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPass, type PassEvent, type PassSummary } from '../../src/announce/pass.js';
import { Pacer } from '../../src/announce/pacing.js';
import type { Migration } from '../../src/store/migrations.js';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/store/migrations.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store, Subscription } from '../../src/store/types.js';
import { ALPHA, BETA, Clock, RecordingSender, bot, command, seeds, tempDb } from './harness.js';

const URL = process.env.TEST_DATABASE_URL;

interface Backend {
  name: string;
  /** A fresh database; `open` opens a store on it with a history (default: the current one). */
  fresh(): Promise<{ open(clock: Clock, old?: boolean): Promise<Store> }>;
}

let admin: pg.Pool | undefined;
const schemas: string[] = [];

const backends: Backend[] = [
  {
    name: 'sqlite',
    fresh: async () => {
      const file = tempDb();
      return { open: async (clock, old) => openSqliteStore(file, old ? SQLITE_MIGRATIONS.filter((m) => m.version < 7) : undefined, { clock }) };
    },
  },
  ...(URL
    ? [
        {
          name: 'postgres',
          fresh: async () => {
            const schema = `settled_${randomBytes(4).toString('hex')}`;
            await admin!.query(`CREATE SCHEMA ${schema}`);
            schemas.push(schema);
            const history = (old?: boolean): readonly Migration[] => (old ? POSTGRES_MIGRATIONS.filter((m) => m.version < 7) : POSTGRES_MIGRATIONS);
            return { open: async (clock: Clock, old?: boolean) => openPostgresStore(URL, { schema, max: 4, clock, migrations: history(old) }) };
          },
        },
      ]
    : []),
];

beforeAll(() => {
  if (URL) admin = new pg.Pool({ connectionString: URL, max: 1 });
});
afterAll(async () => {
  for (const schema of schemas) await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

const dir = seeds();

function passOf(store: Store, clock: Clock, tg: RecordingSender, onEvent?: (event: PassEvent) => void): Promise<PassSummary> {
  return runPass({
    store,
    core: bot(clock, undefined, dir).services,
    senders: { telegram: tg },
    now: clock.ms,
    clock,
    instanceId: 'test-1',
    pacer: Pacer.unlimited(),
    ...(onEvent ? { onEvent } : {}),
  });
}

/**
 * Three channels subscribed on 1 January, the clock then at `until` (by default 12 March: alpha
 * passed meanwhile, its four leads are skipped).
 */
async function afterDowntime(backend: Backend, until = '2027-03-12T12:00:00+08:00'): Promise<{ store: Store; clock: Clock; ids: string[]; tg: RecordingSender }> {
  const db = await backend.fresh();
  const clock = new Clock('2027-01-01T00:00:00+08:00');
  const store = await db.open(clock);
  for (let i = 0; i < 3; i++) await command(bot(clock, store, dir), '/subscribe', { conversation: `telegram:-100${i}` });
  const ids = (await store.activeSubscriptions()).map((s) => s.id);
  const tg = new RecordingSender('telegram', clock);
  clock.set(until);
  return { store, clock, ids, tg };
}

/** "<conversation> alpha <heading>" for each post sent, in order; " (late)" when sent late. */
function posts(tg: RecordingSender): string[] {
  return tg.sent.map((s) => {
    const item = s.reply.items[0]?.id === ALPHA ? 'alpha' : s.reply.items[0]?.id === BETA ? 'beta' : '?';
    return `${s.conversation} ${item} ${s.reply.text[0]}${s.reply.text.some((t) => t.includes('sent late')) ? ' (late)' : ''}`;
  });
}

/** A store whose writes fail from one method on: the process dying there. */
function crashingAt<K extends keyof Store>(store: Store, method: K, before?: (args: unknown[]) => Promise<void>): Store {
  return Object.create(store, {
    [method]: {
      value: async (...args: unknown[]) => {
        await before?.(args);
        throw new Error(`crash in ${String(method)}`);
      },
    },
  }) as Store;
}

/** Passes at each of the given times. */
async function at(times: readonly string[], clock: Clock, run: () => Promise<PassSummary>): Promise<PassSummary[]> {
  const out: PassSummary[] = [];
  for (const t of times) {
    clock.set(t);
    out.push(await run());
  }
  return out;
}

// Alpha closes 2027-03-10 23:59 (+08:00): leads due 8 Feb (30d), 3 Mar (7d), 9 Mar (1d), 10 Mar (0d) at 09:00;
// Beta closes 2027-04-21 19:59 (+08:00): 22 Mar, 14 Apr, 20 Apr, 21 Apr.
const ON_TIME = [
  '2027-03-09T09:00:30+08:00',
  '2027-03-10T09:00:30+08:00',
  '2027-03-22T09:00:30+08:00',
  '2027-04-14T09:00:30+08:00',
  '2027-04-20T09:00:30+08:00',
  '2027-04-21T09:00:30+08:00',
];
const ALPHA_AND_BETA_AFTER = [
  'alpha ⏰ Deadline reminder: 1 day left',
  'alpha ⏰ Closes today',
  'beta ⏰ Deadline reminder: 30 days left',
  'beta ⏰ Deadline reminder: 7 days left',
  'beta ⏰ Deadline reminder: 1 day left',
  'beta ⏰ Closes today',
];

/** A fresh store on `backend` with one channel subscribed (all kinds), the clock at 1 January 2027. */
async function subscribedOn(backend: Backend): Promise<{ clock: Clock; store: Store; sub: Subscription | undefined }> {
  const db = await backend.fresh();
  const clock = new Clock('2027-01-01T00:00:00+08:00');
  const store = await db.open(clock);
  await command(bot(clock, store, dir), '/subscribe');
  const [sub] = await store.activeSubscriptions();
  return { clock, store, sub };
}

describe.each(backends)('settled skips ($name)', (backend) => {
  it('settled through T: a lead a pass at T would skip is never sent; the lead current at T and those due after T are, once each', async () => {
    const { clock, store, sub } = await subscribedOn(backend);
    // Settled through 5 March 12:00: alpha's 30-day lead (overtaken by the 7-day one, due 3 March) is settled;
    // the 7-day lead, current then, is not.
    await store.settleSkips([{ subscriptionId: sub!.id, through: '2027-03-05T04:00:00.000Z', leads: [30, 7, 1, 0], settledBy: 'other', settledAt: '2027-03-05T04:00:00.000Z' }]);
    const tg = new RecordingSender('telegram', clock);
    const summaries = await at(['2027-03-05T13:00:00+08:00', '2027-03-05T14:00:00+08:00', ...ON_TIME], clock, () => passOf(store, clock, tg));
    const conv = sub!.conversation;
    expect(posts(tg)).toEqual([`${conv} alpha ⏰ Deadline reminder: 7 days left (late)`, ...ALPHA_AND_BETA_AFTER.map((p) => `${conv} ${p}`)]);
    expect(summaries.reduce((n, s) => n + s.skipped, 0)).toBe(0);
    const rows = await store.ledgerOf([sub!.id]);
    expect(rows.filter((r) => r.lead === '30d' && r.entryId === ALPHA)).toEqual([]);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    await store.close();
  });

  it("a mark ahead of the pass's clock (another instance's) settles what a pass at its instant would skip", async () => {
    const { clock, store, sub } = await subscribedOn(backend);
    // Through 9 March 12:00: alpha's 7-day lead, current on 5 March, was overtaken by then (1-day lead, 9 March 09:00).
    await store.settleSkips([{ subscriptionId: sub!.id, through: '2027-03-09T04:00:00.000Z', leads: [30, 7, 1, 0], settledBy: 'other', settledAt: '2027-03-09T04:00:00.000Z' }]);
    const tg = new RecordingSender('telegram', clock);
    clock.set('2027-03-05T13:00:00+08:00');
    expect(await passOf(store, clock, tg)).toMatchObject({ planned: 0, sent: 0, skipped: 0 });
    await at(ON_TIME.slice(0, 2), clock, () => passOf(store, clock, tg));
    expect(posts(tg)).toEqual(ALPHA_AND_BETA_AFTER.slice(0, 2).map((p) => `${sub!.conversation} ${p}`));
    await store.close();
  });

  it('a mark written after its leads changed settles only the leads it names', async () => {
    const { clock, store, sub } = await subscribedOn(backend);
    await store.settleSkips([{ subscriptionId: sub!.id, through: '2027-03-12T04:00:00.000Z', leads: [30, 1, 0], settledBy: 'other', settledAt: '2027-03-12T04:00:00.000Z' }]);
    const tg = new RecordingSender('telegram', clock);
    clock.set('2027-03-12T13:00:00+08:00');
    // Alpha passed: its 30-, 1- and 0-day leads are settled; its 7-day lead is not named, so it is skipped now.
    expect(await passOf(store, clock, tg)).toMatchObject({ sent: 0, skipped: 1 });
    expect(await store.settledOf([sub!.id])).toEqual([{ subscriptionId: sub!.id, through: '2027-03-12T05:00:00.000Z', leads: [30, 7, 1, 0] }]);
    expect(await passOf(store, clock, tg)).toMatchObject({ sent: 0, skipped: 0 });
    expect(tg.sent).toEqual([]);
    await store.close();
  });

  it('a crash after the marks are written, before any claim: the next pass sends the current leads once and settles nothing again', async () => {
    // Down since January: alpha's 30-day lead is overtaken, its 7-day lead is current.
    const { store, clock, ids, tg } = await afterDowntime(backend, '2027-03-05T12:00:00+08:00');
    await expect(passOf(crashingAt(store, 'claim'), clock, tg)).rejects.toThrow(/crash in claim/);
    expect((await store.settledOf(ids)).map((m) => m.through)).toEqual(Array(3).fill('2027-03-05T04:00:00.000Z'));
    expect(await store.ledgerOf(ids)).toEqual([]);
    clock.set('2027-03-05T12:05:00+08:00');
    expect(await passOf(store, clock, tg)).toMatchObject({ sent: 3, late: 3, skipped: 0 });
    await at(ON_TIME, clock, () => passOf(store, clock, tg));
    const expected = [0, 1, 2].flatMap((i) => [`telegram:-100${i} alpha ⏰ Deadline reminder: 7 days left (late)`]);
    expect(posts(tg).slice(0, 3).sort()).toEqual(expected);
    expect(posts(tg).slice(3).sort()).toEqual([0, 1, 2].flatMap((i) => ALPHA_AND_BETA_AFTER.map((p) => `telegram:-100${i} ${p}`)).sort());
    expect(new Set(tg.sent.map((s) => `${s.conversation} ${s.idempotencyKey}`)).size).toBe(tg.sent.length);
    await store.close();
  });

  it('a pass after downtime counts the same skips whether or not it lists them as events, and marks the same subscriptions', async () => {
    const outcomes = [];
    for (const listed of [false, true]) {
      const { store, clock, ids, tg } = await afterDowntime(backend);
      const events: string[] = [];
      const summary = await passOf(store, clock, tg, listed ? (e) => events.push(e.type) : undefined);
      const marks = (await store.settledOf(ids)).map((m) => `${m.through} ${[...m.leads].sort()}`);
      outcomes.push({ skipped: summary.skipped, sent: summary.sent, marks: marks.sort() });
      if (listed) expect(events.filter((t) => t === 'skipped')).toHaveLength(summary.skipped);
      await store.close();
    }
    expect(outcomes[0]!.skipped).toBe(12);
    expect(outcomes[0]!.marks).toHaveLength(3);
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('a crash between writing marks: the subscriptions not marked are settled by the next pass, the others not again; nothing is lost or doubled', async () => {
    const { store, clock, ids, tg } = await afterDowntime(backend);
    // The first mark is written, then the process dies.
    const crashing = crashingAt(store, 'settleSkips', async ([marks]) => {
      await store.settleSkips((marks as Parameters<Store['settleSkips']>[0]).slice(0, 1));
    });
    await expect(passOf(crashing, clock, tg)).rejects.toThrow(/crash in settleSkips/);
    expect(await store.settledOf(ids)).toHaveLength(1);
    clock.set('2027-03-12T12:05:00+08:00');
    expect(await passOf(store, clock, tg)).toMatchObject({ sent: 0, skipped: 8 }); // the two not marked
    expect(await store.settledOf(ids)).toHaveLength(3);
    expect(await passOf(store, clock, tg)).toMatchObject({ sent: 0, skipped: 0 });
    await at(ON_TIME.slice(2), clock, () => passOf(store, clock, tg));
    expect(posts(tg).sort()).toEqual([0, 1, 2].flatMap((i) => ALPHA_AND_BETA_AFTER.slice(2).map((p) => `telegram:-100${i} ${p}`)).sort());
    expect(await store.ledgerOf(ids)).toHaveLength(12);
    await store.close();
  });

  it('migrates a ledger written before migration 7 (a skipped row per lead): its rows are read as before, new skips become marks', async () => {
    const db = await backend.fresh();
    const clock = new Clock('2027-01-01T00:00:00+08:00');
    const old = await db.open(clock, true);
    await command(bot(clock, old, dir), '/subscribe');
    const [sub] = await old.activeSubscriptions();
    // What the pass of 5 March 12:00 wrote before: the 30-day lead skipped, the 7-day lead sent late.
    clock.set('2027-03-05T12:00:00+08:00');
    const key = { subscriptionId: sub!.id, entryId: ALPHA, milestone: 'deadline' };
    const deadlineAt = '2027-03-10T15:59:00.000Z';
    await old.markSkippedMany([{ ...key, lead: '30d', deadlineAt, claimedBy: 'old', claimedAt: '2027-03-05T04:00:00.000Z', reason: 'overtaken by the 7d post' }]);
    expect(await old.claim({ ...key, lead: '7d', deadlineAt, claimedBy: 'old', claimedAt: '2027-03-05T04:00:00.000Z', late: true })).toBe(true);
    await old.markSent({ ...key, lead: '7d' }, '1', '2027-03-05T04:00:01.000Z');
    await old.close();

    const store = await db.open(clock);
    expect(await store.settledOf([sub!.id])).toEqual([]);
    const tg = new RecordingSender('telegram', clock);
    clock.set('2027-03-05T13:00:00+08:00');
    expect(await passOf(store, clock, tg)).toMatchObject({ planned: 0, sent: 0, skipped: 0 });
    await at(ON_TIME.slice(0, 2), clock, () => passOf(store, clock, tg));
    clock.set('2027-04-23T12:00:00+08:00'); // down through Beta's leads: all four skipped, as one mark
    expect(await passOf(store, clock, tg)).toMatchObject({ sent: 0, skipped: 4 });
    expect(await passOf(store, clock, tg)).toMatchObject({ sent: 0, skipped: 0 });
    expect(posts(tg)).toEqual([`${sub!.conversation} alpha ⏰ Deadline reminder: 1 day left`, `${sub!.conversation} alpha ⏰ Closes today`]);
    const rows = await store.ledgerOf([sub!.id]);
    expect(rows.map((r) => `${r.entryId === ALPHA ? 'alpha' : 'beta'} ${r.lead} ${r.status}`)).toEqual(['alpha 0d sent', 'alpha 1d sent', 'alpha 30d skipped', 'alpha 7d sent']);
    expect(await store.settledOf([sub!.id])).toEqual([{ subscriptionId: sub!.id, through: '2027-04-23T04:00:00.000Z', leads: [30, 7, 1, 0] }]);
    await store.close();
  });
});
