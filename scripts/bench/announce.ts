/**
 * Benchmark of one announcement pass: 10,000 subscriptions (SQLite file) over a
 * synthetic 10,000-entry catalog, at 09:00:30 Beijing time (posts of Beijing-zone
 * subscriptions come due at 09:00). Prints time and memory of
 *  - a full dry-run pass on an empty ledger (everything due since the subscriptions were
 *    made is planned: a worst case, as if the bot had never run),
 *  - a full pass with every one of those posts already in the ledger (what the hourly full
 *    pass costs once caught up: every relevant ledger row is loaded), and
 *  - the incremental pass the timer runs every 5 minutes: leads due since 08:55:30, sent
 *    to a no-op adapter (claim → send → markSent on SQLite),
 *  - the full pass at start of a caught-up bot, looking back 14 days (nothing stored) and since the
 *    last complete pass stored in the ledger's database (5 minutes before; read in the timing),
 *  - the one full pass that records the worst case's skips: the leads the bench's ledger lacks
 *    (overtaken leads, and leads of deadlines passed within 14 days, all due after the
 *    subscriptions were made) — what a bot down for two weeks records at its first pass (a bot
 *    that ran all along sent them; subscriptions made since record none), as one mark of settled
 *    skips per subscription.
 * BENCH_PROFILE=1 also times the full pass's ledger reads alone.
 * Run by `npm run bench`, or alone: node --expose-gc dist/scripts/bench/announce.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { lookbackSince } from '../../src/announce/announcer.js';
import { runPass, type AnnounceSender, type PassSummary } from '../../src/announce/pass.js';
import { Pacer } from '../../src/announce/pacing.js';
import { indexOf } from '../../src/announce/schedule.js';
import { createBot } from '../../app/bot.js';
import type { Kind } from '../../src/catalog/schema.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { SubscriptionFilter } from '../../src/store/types.js';
import { writeSyntheticCatalog } from './synthetic.js';

const SUBSCRIPTIONS = 10_000;
const ENTRIES = 10_000;
const QUERIES = [
  '病理',
  '心电',
  '睡眠',
  '分割',
  '肿瘤',
  '电子病历',
  '问答',
  '多模态',
  '基准',
  '隐私',
  'segmentation',
  'pathology',
  'benchmark',
  'agent',
  'privacy',
  'ecg',
  'mri',
  'ultrasound',
  'dialogue',
  'fairness',
];
const ZONES = ['Asia/Shanghai', 'Europe/Paris', 'America/New_York', 'UTC', 'Asia/Tokyo'];

const work = mkdtempSync(join(tmpdir(), 'catalog-bench-announce-'));
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => Math.round(n / 2 ** 20);

function filterFor(i: number): SubscriptionFilter {
  const r = i % 20;
  if (r === 0) return {}; // 5 %: every CFP and competition
  const kinds: Kind[] = r % 2 ? ['competition'] : ['cfp'];
  if (r < 12) return { kinds, query: QUERIES[i % QUERIES.length]! }; // 55 %: a topic among CFPs or competitions
  return { query: QUERIES[(i * 7) % QUERIES.length]! }; // 40 %: a topic across the catalog
}

try {
  const seeds = join(work, 'seeds');
  writeSyntheticCatalog(seeds, ENTRIES);
  const now = DateTime.fromISO('2027-03-01T09:00:30+08:00').toMillis();
  const { core } = createBot({ seeds, cacheDir: join(work, 'cache'), now: () => DateTime.fromMillis(now) });
  const store = openSqliteStore(join(work, 'bench.sqlite'));
  // The subscriptions exist since before the leads that are due. Awaited: a rare id collision is
  // retried after the transaction, and the passes must see all of them.
  const adding: Array<Promise<unknown>> = [];
  store.db.transaction(() => {
    for (let i = 0; i < SUBSCRIPTIONS; i++)
      adding.push(
        store.addSubscription({
          conversation: `telegram:-100${String(i).padStart(10, '0')}`,
          platform: 'telegram',
          filter: filterFor(i),
          leads: i % 3 ? [30, 7, 1, 0] : [14, 3, 0],
          zone: ZONES[i % ZONES.length]!,
          lang: i % 2 ? 'en' : 'zh',
        }),
      );
  })();
  await Promise.all(adding);
  store.db.prepare("UPDATE subscriptions SET created_at = '2026-01-01T00:00:00.000Z'").run();
  let sent = 0;
  const nul: AnnounceSender = {
    platform: 'telegram',
    limits: { perAddress: () => ({ burst: 1e9, perSecond: 1e9 }), pageTokenBytes: 64 },
    send: async () => ({ messageId: String(++sent) }),
  };
  const index = indexOf(core.entries);
  const pass = (dryRun: boolean, since?: number, lookbackMs?: number) =>
    runPass({
      store,
      core,
      senders: { telegram: nul },
      now,
      instanceId: 'bench',
      dryRun,
      index,
      pacer: Pacer.unlimited(),
      ...(since ? { since } : {}),
      ...(lookbackMs ? { plan: { lookbackMs } } : {}),
    });

  const measure = async (label: string, dryRun: boolean, since?: number, lookbackMs?: number | 'stored'): Promise<PassSummary> => {
    gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t = performance.now();
    let lookback = lookbackMs;
    if (lookback === 'stored') {
      // As the announcer's first pass and `npm run announce` do.
      const last = await store.lastCompletePass();
      lookback = last === undefined ? undefined : lookbackSince(now, Date.parse(last));
    }
    const summary = await pass(dryRun, since, lookback);
    const ms = performance.now() - t;
    const heap = process.memoryUsage();
    console.log(
      `announce ${label}: ${Math.round(ms)} ms; ${summary.subscriptions} subscriptions, ${ENTRIES} entries (${index.all.length} announced milestones); ` +
        `planned ${summary.planned}, sent ${summary.sent}, skipped ${summary.skipped}; heap +${mb(heap.heapUsed - heap0)} MB (now ${mb(heap.heapUsed)} MB), RSS ${mb(heap.rss)} MB`,
    );
    return summary;
  };

  const dry = await measure('full, dry run, empty ledger (worst case)', true);
  // Record every post due before this morning's as sent, and the rest as skipped, directly in
  // one transaction: the ledger of a bot that has been running all along.
  const insert = store.db.prepare(
    `INSERT INTO ledger (subscription_id, entry_id, milestone, lead, status, deadline_at, claimed_by, claimed_at, late, message_id, sent_at)
     VALUES (?, ?, ?, ?, 'sent', ?, 'bench', ?, 0, '1', ?)`,
  );
  const at = new Date(now).toISOString();
  let recent = 0;
  store.db.transaction(() => {
    for (const p of dry.wouldSend) {
      if (!p.late) {
        recent += 1;
        continue; // due this morning: left for the incremental pass
      }
      insert.run(p.key.subscriptionId, p.key.entryId, p.key.milestone, p.key.lead, p.deadlineAt, at, at);
    }
  })();
  await measure(`incremental (since 08:55:30), ${recent} posts due this morning`, false, now - 5 * 60_000);
  const skips = await measure("full, records the worst case's skips (once: two weeks of downtime)", false);
  const countOf = (sql: string) => store.db.prepare(sql).pluck().get() as number;
  const held = `${countOf('SELECT count(*) FROM ledger')} ledger rows and ${countOf('SELECT count(*) FROM ledger_settled')} marks for ${dry.wouldSend.length + skips.skipped} posts sent or skipped`;
  await measure(`full at start, caught up (${held}, 14-day lookback)`, false);
  await store.recordCompletePass(new Date(now - 5 * 60_000).toISOString());
  await measure('full at start, caught up, with the last pass stored (5 minutes before: lookback 1 day + 5 min)', false, undefined, 'stored');
  await measure('hourly full, caught up (lookback: since the last pass + 1 day)', false, undefined, 25 * 3_600_000);
  await measure('incremental again (nothing new)', false, now - 60_000);
  if (process.env.BENCH_PROFILE) {
    // Where the full pass's time goes: reading its ledger rows (500 subscriptions a query, as a pass does).
    const ids = (await store.activeSubscriptions()).map((s) => s.id);
    const deadlineAfter = new Date(now - 14 * 86_400_000).toISOString();
    for (const [label, options] of [
      ['all rows', undefined],
      ['14-day window', { deadlineAfter }],
    ] as const) {
      const t = performance.now();
      let n = 0;
      for (let i = 0; i < ids.length; i += 500) {
        const batch = ids.slice(i, i + 500);
        n += (options ? await store.ledgerWindow(batch, options) : await store.ledgerOf(batch)).length;
      }
      console.log(`${options ? 'ledgerWindow' : 'ledgerOf'}(${ids.length}), ${label} → ${n} rows: ${Math.round(performance.now() - t)} ms`);
    }
    const count = store.db.prepare('SELECT count(*) FROM ledger WHERE subscription_id IN (SELECT value FROM json_each(?)) AND deadline_at > ?').pluck();
    const t = performance.now();
    let n = 0;
    for (let i = 0; i < ids.length; i += 500) n += count.get(JSON.stringify(ids.slice(i, i + 500)), deadlineAfter) as number;
    console.log(`the same rows counted in SQLite (index only, nothing read into JS): ${n}: ${Math.round(performance.now() - t)} ms`);
  }
  await store.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
