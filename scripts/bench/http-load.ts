/**
 * `npm run bench` (HTTP part): a running bot (`dist/bundle/start.js`, HTTP only, bundled
 * catalog copied to a temporary seed directory, its own SQLite file), measured from this process:
 * - /calendar.ics, 200 concurrent requests (one filter set, then ten), p50/p99, and the latency
 *   of 20 /healthz requests sent in the middle of the burst;
 * - /healthz while this process holds the SQLite write lock (BEGIN IMMEDIATE);
 * - /healthz while a reload parses and indexes a large seed file (in the bot's worker thread and
 *   its build process).
 * Prints lines of text; nothing is asserted.
 */
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BUNDLED_SEEDS } from '../../src/paths.js';
import { writeSyntheticCatalog } from './synthetic.js';

const here = new URL('.', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'catalog-bench-http-'));
const seeds = join(work, 'seeds');
cpSync(BUNDLED_SEEDS, seeds, { recursive: true });
const database = join(work, 'bot.sqlite');

const child = spawn(process.execPath, [join(here, '..', '..', 'bundle', 'start.js')], {
  env: { PATH: process.env.PATH, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', CATALOG_SEEDS: seeds, DATABASE_PATH: database },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
const logged = (msg: string, from = 0) =>
  new Promise<void>((resolve, reject) => {
    const check = () => {
      if (stderr.indexOf(`"msg":"${msg}"`, from) < 0) return;
      child.stderr!.off('data', check);
      resolve();
    };
    child.stderr!.on('data', check);
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}): ${stderr.slice(-2000)}`)));
    check();
  });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const summary = (xs: number[]) => `p50 ${ms(pct(xs, 50))}, p99 ${ms(pct(xs, 99))}, max ${ms(Math.max(...xs))}`;

try {
  await logged('http: listening');
  const port = Number(/"port":(\d+)/.exec(stderr)![1]);
  const base = `http://127.0.0.1:${port}`;
  /** One GET on a new connection (as 200 separate calendar clients would), in ms. */
  const timed = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const start = performance.now();
      get(`${base}${path}`, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - start));
      }).on('error', reject);
    });
  /** /healthz probed from another process while `during` runs. */
  const probed = async (during: () => Promise<unknown>): Promise<number[]> => {
    const probe = spawn(process.execPath, [join(here, 'probe.js'), `${base}/healthz`], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    probe.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    await new Promise<void>((resolve) => probe.stdout!.on('data', () => out.includes('ready\n') && resolve()));
    await during();
    const exited = new Promise((resolve) => probe.once('exit', resolve));
    probe.stdin!.end();
    await exited;
    return JSON.parse(out.trim().split('\n').pop()!) as number[];
  };

  // The cost of 200 concurrent connections alone, for comparison.
  const baseline = await Promise.all(Array.from({ length: 200 }, () => timed('/healthz')));
  console.log(`http: /healthz × 200 concurrent, new connections (the HTTP cost alone, no feed): ${summary(baseline)}`);
  for (const [label, paths] of [
    ['one filter set, first render included', ['/calendar.ics?lang=en']],
    ['one filter set, cached', ['/calendar.ics?lang=en']],
    [
      'ten filter sets, first renders included',
      ['cfp', 'competition', 'paper', 'dataset', 'course'].flatMap((k) => [`/calendar.ics?kind=${k}&lang=en`, `/calendar.ics?kind=${k}&lang=zh`]),
    ],
  ] as const) {
    let feeds: number[] = [];
    const health = await probed(async () => {
      feeds = await Promise.all(Array.from({ length: 200 }, (_, i) => timed(paths[i % paths.length]!)));
    });
    console.log(
      `http: /calendar.ics × 200 concurrent (${label}): ${summary(feeds)}; /healthz × ${health.length} from another process during the burst: ${summary(health)} (target p99 ≤ 50 ms)`,
    );
  }

  // Another process (this one) holds the write lock of the bot's SQLite file.
  const other = new Database(database);
  other.exec('BEGIN IMMEDIATE');
  const locked = await probed(() => new Promise((resolve) => setTimeout(resolve, 1500)));
  other.exec('ROLLBACK');
  other.close();
  console.log(`http: /healthz × ${locked.length} (another process, 1.5 s) while another process holds the SQLite write lock: ${summary(locked)} (target p99 ≤ 50 ms)`);

  // A reload of a large file: the parse and index run in the bot's worker thread.
  const from = stderr.length;
  const big = mkdtempSync(join(work, 'big-'));
  writeSyntheticCatalog(big, 20_000);
  // One entry of this run's own, so the seeds are new to the bot's `.cache/` and the reload
  // builds their index (in its child process) as a real edit would, not finds it from a last run.
  writeFileSync(join(big, 'zz-this-run.txt'), `论文ICLR 2026 Poster2026 年clinical NLP RunNet-${Date.now()}:本次运行\nAn entry of this bench run only.\n`);
  const reloaded = logged('catalog: reloaded', from);
  const started = performance.now();
  cpSync(big, seeds, { recursive: true });
  const during = await probed(() => reloaded);
  const entries = Number(/"entries":(\d+)/.exec(stderr.slice(from))?.[1] ?? 0);
  const size = readdirSync(big).reduce((n, f) => n + statSync(join(big, f)).size, 0);
  console.log(
    `http: /healthz × ${during.length} during a reload of 20,000 added entries from another process (${(size / 2 ** 20).toFixed(1)} MB; ${entries} entries in all; ${ms(performance.now() - started)} from the copy to 'reloaded'): ${summary(during)}`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(work, { recursive: true, force: true });
}
