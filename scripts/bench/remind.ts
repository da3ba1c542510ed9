/**
 * Benchmark of personal reminders: 100,000 follows (5 each by 20,000 people, leads 7/1/0, zones
 * varied) of entries with deadlines spread over the year, in a synthetic 10,000-entry catalog;
 * SQLite in a temporary directory, and PostgreSQL too when TEST_DATABASE_URL is set (a schema of
 * its own, dropped after). Prints the time to build the store, then time, subscriptions and ledger
 * rows read, heap and RSS of
 *  - the first full pass (the follows are a year old: it records what came due in the last 14 days),
 *  - the 5-minute incremental pass with nothing due, and the hourly full pass caught up,
 *  - the incremental pass at 09:00:30 Beijing time, when about 1 % of the follows are due (sent
 *    to a sender that does nothing: claim → send → markSent).
 * Run by `npm run bench`, or alone: node --expose-gc dist/scripts/bench/remind.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import pg from 'pg';
import { Pacer } from '../../src/announce/pacing.js';
import { runPass, type AnnounceSender, type PassSummary } from '../../src/announce/pass.js';
import { indexOf } from '../../src/announce/schedule.js';
import { createBot } from '../../app/bot.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { FollowReach, LedgerQuery, Store } from '../../src/store/types.js';
import { writeSyntheticCatalog } from './synthetic.js';

const ENTRIES = 10_000;
const PEOPLE = 20_000;
const PER_PERSON = 5;
const LEADS = [7, 1, 0];
/** One person in eight in Beijing time: about 1 % of the follows are due at 09:00:30 there. */
const ZONES = ['Asia/Shanghai', 'Europe/Paris', 'America/New_York', 'UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Asia/Kolkata', 'Europe/London'];
/** 09:00:30 Beijing time, 7 days before the CFPs of 2027-03-20 AoE (and the day before the competitions of 03-15). */
const DUE = DateTime.fromISO('2027-03-14T09:00:30+08:00').toMillis();
const MINUTE = 60_000;
const CREATED = '2026-01-01T00:00:00.000Z';

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => Math.round(n / 2 ** 20);

interface Follow {
  id: string;
  person: string;
  entryId: string;
  zone: string;
}

/** 5 follows each, of entries with a deadline (spread over the year), picked by a fixed generator. */
function follows(entryIds: readonly string[]): Follow[] {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: Follow[] = [];
  for (let p = 0; p < PEOPLE; p++) {
    const zone = ZONES[p % ZONES.length]!;
    const chosen = new Set<string>();
    while (chosen.size < PER_PERSON) chosen.add(entryIds[Math.floor(next() * entryIds.length)]!);
    for (const entryId of chosen) out.push({ id: `f${out.length.toString(36)}`, person: `telegram:${100_000 + p}`, entryId, zone });
  }
  return out;
}

/** The store, counting the subscriptions and ledger rows the pass reads. */
function counted(store: Store): { store: Store; read: { subscriptions: number; ledger: number } } {
  const read = { subscriptions: 0, ledger: 0 };
  const wrapped: Store = Object.create(store, {
    activeSubscriptions: {
      value: async (options?: { follows?: boolean }) => {
        const subs = await store.activeSubscriptions(options);
        read.subscriptions += subs.length;
        return subs;
      },
    },
    activeFollowsOf: {
      value: async (entries: readonly FollowReach[]) => {
        const subs = await store.activeFollowsOf(entries);
        read.subscriptions += subs.length;
        return subs;
      },
    },
    ledgerWindow: {
      value: async (ids: readonly string[], query: LedgerQuery) => {
        const rows = await store.ledgerWindow(ids, query);
        read.ledger += rows.length;
        return rows;
      },
    },
  });
  return { store: wrapped, read };
}

const work = mkdtempSync(join(tmpdir(), 'catalog-bench-remind-'));
try {
  const seeds = join(work, 'seeds');
  writeSyntheticCatalog(seeds, ENTRIES);
  const { core } = createBot({ seeds, cacheDir: join(work, 'cache'), now: () => DateTime.fromMillis(DUE) });
  const index = indexOf(core.entries);
  const withDeadline = [...new Set(index.all.map((a) => a.entry.id))];
  const all = follows(withDeadline);
  console.log(
    `remind: ${all.length} follows by ${PEOPLE} people (leads ${LEADS.join('/')}, ${ZONES.length} zones) of ${withDeadline.length} entries with deadlines ` +
      `(${index.all.length} announced milestones) in a ${core.entries.length}-entry catalog`,
  );

  let sent = 0;
  const nul: AnnounceSender = {
    platform: 'telegram',
    limits: { perAddress: () => ({ burst: 1e9, perSecond: 1e9 }), pageTokenBytes: 64 },
    send: async () => ({ messageId: String(++sent) }),
  };

  const bench = async (kind: string, store: Store, insert: (rows: readonly Follow[]) => Promise<void>) => {
    let t = performance.now();
    await insert(all);
    console.log(`remind ${kind}: build (insert ${all.length} follows, the follow index kept by the store): ${Math.round(performance.now() - t)} ms`);
    const measure = async (label: string, now: number, since?: number): Promise<PassSummary> => {
      gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const c = counted(store);
      t = performance.now();
      const summary = await runPass({
        store: c.store,
        core,
        senders: { telegram: nul },
        now,
        instanceId: 'bench',
        index,
        pacer: Pacer.unlimited(),
        ...(since !== undefined ? { since } : {}),
      });
      const ms = performance.now() - t;
      const mem = process.memoryUsage();
      console.log(
        `remind ${kind} ${label}: ${Math.round(ms)} ms; read ${c.read.subscriptions} subscriptions (of ${all.length}) and ${c.read.ledger} ledger rows; ` +
          `planned ${summary.planned}, sent ${summary.sent} (${summary.late} late), skipped ${summary.skipped}; heap +${mb(mem.heapUsed - heap0)} MB (now ${mb(mem.heapUsed)} MB), RSS ${mb(mem.rss)} MB`,
      );
      return summary;
    };
    await measure('first full pass, 08:30 (a year-old ledger-less start: 14 days looked back)', DUE - 30.5 * MINUTE);
    await measure('incremental, 08:55:30, nothing due', DUE - 5 * MINUTE, DUE - 10 * MINUTE);
    await measure('hourly full, 08:55:30, caught up, nothing due (lookback 25 h)', DUE - 5 * MINUTE, DUE - 5 * MINUTE - 24 * 60 * MINUTE);
    const due = await measure('incremental, 09:00:30, the 09:00 reminders due', DUE, DUE - 5 * MINUTE);
    console.log(`remind ${kind}: ${((100 * due.sent) / all.length).toFixed(2)} % of the follows reminded at 09:00:30`);
    await measure('incremental, 09:05:30, nothing due', DUE + 5 * MINUTE, DUE);
  };

  const sqlite = openSqliteStore(join(work, 'remind.sqlite'));
  await bench('SQLite', sqlite, async (rows) => {
    const insert = sqlite.db.prepare(
      `INSERT INTO subscriptions (id, conversation, platform, filter, leads, zone, lang, created_by, active, created_at)
       VALUES (?, ?, 'telegram', ?, ?, ?, 'en', ?, 1, ?)`,
    );
    sqlite.db.transaction(() => {
      for (const f of rows) insert.run(f.id, f.person, JSON.stringify({ ids: [f.entryId] }), JSON.stringify(LEADS), f.zone, f.person, CREATED);
    })();
  });
  await sqlite.close();

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `bench_remind_${process.pid}`;
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const store = await openPostgresStore(url, { schema, max: 5 });
      await bench('PostgreSQL', store, async (rows) => {
        for (let i = 0; i < rows.length; i += 10_000) {
          const chunk = rows.slice(i, i + 10_000);
          await store.pool.query(
            `INSERT INTO subscriptions (id, conversation, platform, filter, leads, zone, lang, created_by, active, created_at)
             SELECT id, person, 'telegram', filter, $4, zone, 'en', person, TRUE, $5
             FROM unnest($1::text[], $2::text[], $3::text[], $6::text[]) AS r (id, person, filter, zone)`,
            [chunk.map((f) => f.id), chunk.map((f) => f.person), chunk.map((f) => JSON.stringify({ ids: [f.entryId] })), JSON.stringify(LEADS), CREATED, chunk.map((f) => f.zone)],
          );
        }
        await store.pool.query('ANALYZE subscriptions');
      });
      await store.close();
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  } else {
    console.log('remind PostgreSQL: skipped (set TEST_DATABASE_URL)');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
