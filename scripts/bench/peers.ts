/**
 * The bench's peer comparison: over the same synthetic entries and the same queries,
 * each engine in its own process, one after the other (so no engine's garbage is collected
 * inside another's timings: MiniSearch's common-word queries allocate hundreds of MB), the p50/p99 of our search and whole message against
 * a FlexSearch `Document` index and a MiniSearch with defaults; printed as ratios, with
 * the growth exponent of p99 from 10k to 100k: log(p99 at 100k / p99 at 10k) / log(10)
 * (1.0 = linear in the catalog size).
 *
 * `node dist/scripts/bench/peers.js` (BENCH_SIZES=10000,100000 chooses the sizes),
 * or from `npm run bench`. Figures are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { Document } from 'flexsearch';
import MiniSearch from 'minisearch';
import { createBot } from '../../app/bot.js';
import { tokenize } from '../../src/search/tokenize.js';
import { QUERIES, writeSyntheticCatalog } from './synthetic.js';

/** Catalog sizes to compare at: BENCH_SIZES (comma-separated) or 10k, 50k, 100k. */
export function benchSizes(): number[] {
  const sizes = (process.env.BENCH_SIZES ?? '10000,50000,100000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  return sizes.length > 0 ? sizes : [10_000, 50_000, 100_000];
}

interface PeerFigures {
  entries: number;
  rounds: number;
  ours: { p50: number; p99: number };
  message: { p50: number; p99: number };
  flexsearch: { p50: number; p99: number };
  minisearch: { p50: number; p99: number };
  /** Merely reading every posting the query's lists hold (the floor any ranking pays). */
  floor: { p50: number; p99: number };
  /** Merely reading every posting of the lists the whole message ranked (search by kind, related…). */
  messageFloor: { p50: number; p99: number };
  /** Share of posting lists the pruned ranking read in full (the rest only for live documents). */
  listsReadInFull: number;
  /** Per engine, per query (SEARCHES order): the median time and whether it found anything. */
  perQuery: Partial<Record<Timed, Array<{ median: number; found: boolean }>>>;
}

/** Search queries (the slash commands of the bench set are not searches). */
const SEARCHES = QUERIES.filter((q) => !q.startsWith('/'));

const pct = (sorted: number[], p: number) => +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3);
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: pct(sorted, 50), p99: pct(sorted, 99) };
};

type Side = 'ours' | 'flexsearch' | 'minisearch';
const SIDES: Side[] = ['ours', 'flexsearch', 'minisearch'];
type Timed = 'ours' | 'message' | 'flexsearch' | 'minisearch' | 'floor' | 'messageFloor';

/**
 * One size and one side, in this process: ours (search, whole message and the floor), or
 * one peer engine built over the same entries. Each side has its own process, so no engine's
 * garbage (MiniSearch allocates hundreds of MB on common words) is collected in another's timings.
 */
async function measure(seeds: string, cacheDir: string, rounds: number, side: Side): Promise<Partial<PeerFigures>> {
  const now = DateTime.fromISO('2026-11-23T12:00:00+08:00');
  const { engine, core, loaded } = createBot({ seeds, cacheDir, now: () => now, flood: false });
  const actor = { id: 'bench', canManage: async () => false };
  const place = { address: 'bench', platform: 'bench', group: false };
  const entries = loaded.catalog.entries;
  const engines: Partial<Record<Timed, (q: string) => unknown>> = {};
  if (side === 'ours') {
    engines.ours = (q) => core.search(q);
    // A whole message through the engine (awaited below).
    engines.message = (q) => engine.handle({ type: 'text', text: q }, actor, place);
  } else {
    const docs = entries.map((e, id) => ({ id, title: e.title, tags: e.tags.join(' '), text: e.descriptions.join('\n') }));
    if (side === 'flexsearch') {
      // Given our tokenizer (Chinese bigrams, the same Latin words) and suggestions (a document
      // matching some of the terms is found), FlexSearch sees the words we do and answers the
      // same questions; with its defaults it splits no Chinese and ANDs the terms, so most
      // queries find nothing and its timings measure no work.
      const flex = new Document({ document: { id: 'id', index: ['title', 'tags', 'text'] }, encode: tokenize });
      for (const d of docs) flex.add(d);
      engines.flexsearch = (q) => flex.search(q, { limit: 500, suggest: true });
    } else {
      const mini = new MiniSearch({ fields: ['title', 'tags', 'text'] });
      mini.addAll(docs);
      engines.minisearch = (q) => mini.search(q);
    }
  }
  const names = Object.keys(engines) as Timed[];
  const times: Partial<Record<Timed, number[]>> = Object.fromEntries([...names, ...(side === 'ours' ? ['floor', 'messageFloor'] : [])].map((n) => [n, []]));
  const warmUntil = performance.now() + 2000;
  for (let r = 0; r < 3 || performance.now() < warmUntil; r++)
    for (const q of SEARCHES)
      for (const name of names) {
        const result = engines[name]!(q);
        if (result instanceof Promise) await result;
      }
  let full = 0;
  let lists = 0;
  const found: Partial<Record<Timed, boolean[]>> = {};
  for (const name of names) {
    const results = [];
    for (const q of SEARCHES) results.push(await engines[name]!(q));
    found[name] = results.map(foundAny);
  }
  for (let r = 0; r < rounds; r++) {
    for (const q of SEARCHES) {
      for (const name of names) {
        if (name === 'message') loaded.search.forgetRankings();
        const s = performance.now();
        // Only the engine is awaited, so the synchronous searches are timed without a microtask.
        const result = engines[name]!(q);
        if (result instanceof Promise) await result;
        times[name]!.push(performance.now() - s);
        if (name === 'message') {
          // The message's floor: every list its rankings read, read through right after it.
          const f = performance.now();
          loaded.search.readRankedPostings();
          times.messageFloor!.push(performance.now() - f);
        }
        if (name === 'ours') {
          // The floor: the same query's postings read through, right after its ranking.
          const f = performance.now();
          loaded.search.readLastPostings();
          times.floor!.push(performance.now() - f);
          const last = loaded.search.lastRanking;
          if (r === 0 && last) {
            full += last.full;
            lists += last.full + last.pruned;
          }
        }
      }
    }
  }
  const out: Partial<PeerFigures> = { entries: entries.length, rounds };
  for (const [name, list] of Object.entries(times)) out[name as Timed] = summary(list);
  // The timings are round by round over SEARCHES: query i's are list[i], list[i + n], ...
  out.perQuery = Object.fromEntries(
    names.map((name) => [
      name,
      SEARCHES.map((_, i) => ({
        median: summary(times[name]!.filter((_, k) => k % SEARCHES.length === i)).p50,
        found: found[name]![i]!,
      })),
    ]),
  );
  if (side === 'ours') out.listsReadInFull = lists ? +(full / lists).toFixed(2) : 1;
  return out;
}

/** Whether an engine's result holds any document (ours: hits; FlexSearch: per-field lists; MiniSearch: results). */
function foundAny(result: unknown): boolean {
  if (!Array.isArray(result)) return true;
  return result.some((r) => (r && typeof r === 'object' && 'result' in r ? (r as { result: unknown[] }).result.length > 0 : true));
}

/** The median, over the queries FlexSearch finds anything for, of each engine's per-query medians. */
function onFlexAnswered(r: PeerFigures, name: Timed): number {
  const answered = (r.perQuery.flexsearch ?? []).map((q) => q.found);
  const medians = (r.perQuery[name] ?? []).filter((_, i) => answered[i]).map((q) => q.median);
  return medians.length > 0 ? summary(medians).p50 : NaN;
}

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '-');
const exponent = (small: number, large: number, factor: number) => (small > 0 && large > 0 ? +(Math.log(large / small) / Math.log(factor)).toFixed(2) : NaN);

/** Runs every size in its own process and returns the printed comparison. */
export function comparePeers(sizes = benchSizes()): string {
  const work = mkdtempSync(join(tmpdir(), 'catalog-peers-'));
  const self = fileURLToPath(import.meta.url);
  const results: PeerFigures[] = [];
  try {
    for (const size of sizes) {
      const dir = join(work, `seeds-${size}`);
      writeSyntheticCatalog(dir, size);
      let figures: Partial<PeerFigures> = {};
      for (const side of SIDES) {
        const out = execFileSync(process.execPath, ['--expose-gc', self, 'measure', dir, join(work, `cache-${size}`), side], { encoding: 'utf8', maxBuffer: 1 << 24 });
        const measured = JSON.parse(out.trim().split('\n').pop()!) as Partial<PeerFigures>;
        figures = { ...figures, ...measured, perQuery: { ...figures.perQuery, ...measured.perQuery } };
      }
      results.push(figures as PeerFigures);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const lines = ['peers (same entries and queries, each engine in its own process, one after the other; ratio = ours / peer, < 1 is faster):'];
  const table = results.map((r) => ({
    entries: r.entries,
    'search p50': r.ours.p50,
    'search p99': r.ours.p99,
    'message p50': r.message.p50,
    'message p99': r.message.p99,
    'FlexSearch p50': r.flexsearch.p50,
    'FlexSearch p99': r.flexsearch.p99,
    'p50 vs Flex': ratio(r.ours.p50, r.flexsearch.p50),
    'p99 vs Flex': ratio(r.ours.p99, r.flexsearch.p99),
    'Flex finds': `${(r.perQuery.flexsearch ?? []).filter((q) => q.found).length}/${SEARCHES.length}`,
    'on those, search / Flex median': `${onFlexAnswered(r, 'ours')} / ${onFlexAnswered(r, 'flexsearch')}`,
    'MiniSearch p50': r.minisearch.p50,
    'MiniSearch p99': r.minisearch.p99,
    'p50 vs Mini': ratio(r.ours.p50, r.minisearch.p50),
    'p99 vs Mini': ratio(r.ours.p99, r.minisearch.p99),
    'floor p50': r.floor.p50,
    'floor p99': r.floor.p99,
    'message p99 vs floor': ratio(r.message.p99, r.floor.p99),
    'message floor p50': r.messageFloor.p50,
    'message floor p99': r.messageFloor.p99,
    'message p99 vs its floor': ratio(r.message.p99, r.messageFloor.p99),
    'lists read in full': r.listsReadInFull,
  }));
  lines.push(tableText(table));
  const small = results.find((r) => r.entries === 10_000);
  const large = results.find((r) => r.entries === 100_000);
  if (small && large) {
    const e = (pick: (r: PeerFigures) => number) => exponent(pick(small), pick(large), 10);
    lines.push(
      `p99 growth exponent 10k → 100k (target ≤ 1.0): search ${e((r) => r.ours.p99)}, whole message ${e((r) => r.message.p99)}, FlexSearch ${e((r) => r.flexsearch.p99)}, MiniSearch ${e((r) => r.minisearch.p99)}`,
    );
  } else {
    lines.push('p99 growth exponent: needs sizes 10000 and 100000 (BENCH_SIZES)');
  }
  lines.push(
    'FlexSearch: a Document index given our tokenizer, searched with suggest: true (so it sees the same words and finds documents matching some terms). Flex finds: queries it returns any document for; "on those": the median of per-query medians over just those queries, ours and FlexSearch\'s.',
    'floor: reading every posting of the lists the search of the query ranks, nothing else; message floor: of the lists every ranking of the whole message reads (the question\'s topic by kind, the related entries of a "nothing found"), nothing else. targets: whole-message p99 ≤ 5 ms at 50k, ≤ 10 ms at 100k, within 2× the floor (message p99 vs floor ≤ 2.00×); search p50 no slower than FlexSearch (p50 vs Flex ≤ 1.00×); p99 growth exponent ≤ 1.0',
  );
  return lines.join('\n');
}

function tableText(rows: Array<Record<string, string | number>>): string {
  if (rows.length === 0) return '(no sizes)';
  const heads = Object.keys(rows[0]!);
  const widths = heads.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(heads), ...rows.map((r) => line(heads.map((h) => String(r[h]))))].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'measure') {
    process.stdout.write(`${JSON.stringify(await measure(process.argv[3]!, process.argv[4]!, Number(process.env.BENCH_ROUNDS ?? 10), process.argv[5] as Side))}\n`);
  } else {
    console.log(comparePeers());
  }
}
