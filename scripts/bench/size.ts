/**
 * One benchmark run in its own process (so memory figures are its own):
 * load a seed directory, build or restore the index, then answer the query set.
 * Prints one JSON line of figures.
 */
import { DateTime } from 'luxon';
import { createBot } from '../../app/bot.js';
import { QUERIES } from './synthetic.js';

const [seeds, cacheDir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 40);
const t0 = performance.now();
const now = DateTime.fromISO('2026-11-23T12:00:00+08:00');
const { engine, loaded } = createBot({ seeds: seeds!, cacheDir: cacheDir!, now: () => now, flood: false });
const actor = { id: 'bench', canManage: async () => false };
const place = { address: 'bench', platform: 'bench', group: false };
/** One whole message through the engine (reading, routing, the command, paging tokens). */
const ask = (text: string) => engine.handle({ type: 'text', text }, actor, place);
const loadMs = performance.now() - t0;
const first = performance.now();
await ask(QUERIES[0]!);
const firstAnswerMs = performance.now() - first;
// From the process's own start (node boot + module loading + catalog + index + answer).
const startToAnswerMs = Math.round(process.uptime() * 1000);

// Warm-up: the query set over and over for 2 s (at least 5 times), so the figures are a running
// bot's, not V8's first calls while it is still compiling (measured: with only one warm-up pass,
// ~1 % of bundled messages took 1-11 ms while the JIT tiered up; after 2 s, none over 0.8 ms).
const warmUntil = performance.now() + 2000;
for (let r = 0; r < 5 || performance.now() < warmUntil; r++) {
  for (const q of QUERIES) await ask(q);
}
const times: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const q of QUERIES) {
    const s = performance.now();
    await ask(q);
    times.push(performance.now() - s);
  }
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
gc();
const mem = process.memoryUsage();
// A bot idles between messages: V8 then shrinks its heap. Measured again after 4 s idle.
await new Promise((resolve) => setTimeout(resolve, 2000));
gc();
await new Promise((resolve) => setTimeout(resolve, 2000));
gc();
const settled = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    entries: loaded.catalog.entries.length,
    fromCache: loaded.fromCache,
    prebuilt: loaded.prebuilt,
    loadMs: Math.round(loadMs),
    firstAnswerMs: +firstAnswerMs.toFixed(2),
    processStartToFirstAnswerMs: startToAnswerMs,
    messages: times.length,
    p50: +pct(50).toFixed(3),
    p99: +pct(99).toFixed(3),
    max: +times[times.length - 1]!.toFixed(3),
    heapMB: Math.round(mem.heapUsed / 2 ** 20),
    rssMB: Math.round(mem.rss / 2 ** 20),
    rssSettledMB: Math.round(settled.rss / 2 ** 20),
    // The process's highest RSS at any point (loading and building included), from the kernel.
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    // A cold start's build ran in a child process (build-apart.ts): its own highest RSS.
    buildPeakRssMB: loaded.builtApart ? Math.round(loaded.builtApart.peakRssBytes / 2 ** 20) : 0,
  })}\n`,
);
