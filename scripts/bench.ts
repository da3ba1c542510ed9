/**
 * `npm run bench`: speed and memory figures, printed (never asserted in tests).
 * For the bundled catalog and synthetic catalogs of 10k, 50k and 100k entries:
 * load (parse + index, or restore a saved index), process start to first answer,
 * per-message handle time p50/p99 over a mixed query set, heap and RSS. Each run is
 * its own process; synthetic sizes run twice: cold (build + save) and warm (restore).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_SEEDS } from '../src/paths.js';
import { writeSyntheticCatalog } from './bench/synthetic.js';
import { benchSizes, comparePeers } from './bench/peers.js';

const here = new URL('.', import.meta.url).pathname;
const sizeScript = join(here, 'bench', 'size.js');
const work = mkdtempSync(join(tmpdir(), 'catalog-bench-'));

function run(seeds: string, cache: string): Record<string, number | boolean> {
  const out = execFileSync(process.execPath, ['--expose-gc', sizeScript, seeds, cache], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function wall(args: string[], input?: string): number {
  const s = performance.now();
  const env = { ...process.env, DATABASE_PATH: join(work, 'start.sqlite') };
  execFileSync(process.execPath, args, { encoding: 'utf8', env, ...(input !== undefined ? { input } : {}) });
  return performance.now() - s;
}

const rows: Array<Record<string, string | number | boolean>> = [];
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);

// What `npm run ask` and `npm start` run (dist/bundle/, scripts/bundle.ts).
const bundle = join(here, '..', 'bundle');
const walls = Array.from({ length: 5 }, () => wall([join(bundle, 'ask.js'), '病理'])).sort((a, b) => a - b);
console.log(`bundled: \`npm run ask 病理\` (node dist/bundle/ask.js) wall time, median of 5: ${Math.round(walls[2]!)} ms (target ≤ 300)`);
const starts = Array.from({ length: 5 }, () => wall([join(bundle, 'start.js')], '病理\n')).sort((a, b) => a - b);
console.log(`bundled: \`npm start\` (console, SQLite store, the env's config checked) with 病理 typed, to its exit at the end of input, median of 5: ${Math.round(starts[2]!)} ms`);
rows.push({ catalog: 'bundled', ...run(BUNDLED_SEEDS, join(work, 'cache-bundled')) });

for (const size of benchSizes()) {
  const dir = join(work, `seeds-${size}`);
  writeSyntheticCatalog(dir, size);
  // Dated an hour back, as a deployed catalog's files are: a seed file written within two
  // seconds of a start is always hashed again (seed-stamps.ts), whatever its stamp says.
  const written = new Date(Date.now() - 3_600_000);
  for (const name of readdirSync(dir)) utimesSync(join(dir, name), written, written);
  const cache = join(work, `cache-${size}`);
  rows.push({ catalog: `${size / 1000}k cold`, ...run(dir, cache) });
  rows.push({ catalog: `${size / 1000}k warm`, ...run(dir, cache) });
  rmSync(dir, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });

console.table(
  rows.map((r) => ({
    catalog: r.catalog,
    entries: r.entries,
    'saved index': r.prebuilt ? 'prebuilt' : r.fromCache ? 'restored' : 'built',
    'load ms': r.loadMs,
    'start→1st answer ms': r.processStartToFirstAnswerMs,
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    'max ms': r.max,
    'heap MB': r.heapMB,
    'RSS MB': r.rssMB,
    'RSS idle MB': r.rssSettledMB,
    'peak RSS MB': r.peakRssMB,
    'build process peak MB': r.buildPeakRssMB || '-',
  })),
);
console.log(
  'targets: p99 ≤ 1 ms bundled, ≤ 5 ms at 50k, ≤ 10 ms at 100k; RSS ≤ 350 MB at 100k at every point (peak RSS); a saved index at 100k restored (load) in ≤ 0.5 s; bundled answers ≤ 0.3 s after start',
);
console.log(
  'RSS: right after the query loop (after a GC); RSS idle: after 4 s without messages and a GC, as a running bot sits between messages; peak RSS: the highest at any point of the run (getrusage); build process peak: a cold start builds the index in a child process (build-apart.ts), whose own highest RSS this is',
);

// Announcements: scheduling passes over 10,000 subscriptions and a 10,000-entry catalog (own process).
console.log(execFileSync(process.execPath, ['--expose-gc', join(here, 'bench', 'announce.js')], { encoding: 'utf8', maxBuffer: 1 << 24 }).trimEnd());
console.log('announce target: a pass < 1 s (the 5-minute incremental pass; the full pass runs at start, after a reload and hourly)');

// Personal reminders (own process): 100,000 follows by 20,000 people; SQLite, and PostgreSQL with TEST_DATABASE_URL.
console.log(execFileSync(process.execPath, ['--expose-gc', join(here, 'bench', 'remind.js')], { encoding: 'utf8', maxBuffer: 1 << 24 }).trimEnd());
console.log('remind target: a pass with nothing due < 1 s, reading only the follows whose leads reach a milestone in its window');

// HTTP under load (own process): /calendar.ics bursts, /healthz while SQLite is locked and during a large reload.
console.log(execFileSync(process.execPath, [join(here, 'bench', 'http-load.js')], { encoding: 'utf8', maxBuffer: 1 << 24 }).trimEnd());

// Loading a 50 MB seed directory (own process): time and peak RSS.
console.log(execFileSync(process.execPath, [join(here, 'bench', 'load.js')], { encoding: 'utf8', maxBuffer: 1 << 24 }).trimEnd());

// Peers: FlexSearch and MiniSearch over the same entries and queries (scripts/bench/peers.ts).
console.log(comparePeers());
