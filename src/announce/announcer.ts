/**
 * The long-running announcer: a pass every `intervalMs` (default 5 minutes), the first
 * one shortly after start. Passes never overlap: the next is scheduled only when the
 * last has finished. stop() cancels the timer and waits for a pass in progress. The
 * milestone index follows catalog reloads (built once per entries array).
 *
 * A full pass (stale claims, retries, changed deadlines, every lead) runs at start, after
 * a catalog reload and every `fullEveryMs` (default 1 hour); the passes in between are
 * incremental: only leads that came due since the last complete pass.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Adapter } from '../adapter.js';
import type { Store } from '../store/types.js';
import { Pacer } from './pacing.js';
import { DEFAULT_STALE_AFTER_MS, runPass, type PassCore, type PassEvent, type PassSummary } from './pass.js';
import { DEFAULT_LOOKBACK_MS } from './plan.js';
import { DAY_MS, indexOf } from './schedule.js';

export interface AnnouncerOptions {
  store: Store;
  core: PassCore;
  /** The started adapters; each sends for its platform. */
  adapters: readonly Adapter[];
  /** Between the end of a pass and the start of the next. Default 5 minutes. */
  intervalMs?: number;
  /** Before the first pass. Default 5 seconds. */
  firstDelayMs?: number;
  /** How often a full pass runs. Default 1 hour. */
  fullEveryMs?: number;
  instanceId?: string;
  /** The clock (epoch ms). Default Date.now. */
  now?: () => number;
  onEvent?: (event: PassEvent) => void;
  onPass?: (summary: PassSummary) => void;
  log?: (message: string, error?: unknown) => void;
}

export interface Announcer {
  /** Runs a pass now (waits for one in progress first); resolves with its summary. */
  runNow(): Promise<PassSummary | undefined>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function instanceIdOf(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function startAnnouncer(options: AnnouncerOptions): Announcer {
  const interval = options.intervalMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const instanceId = options.instanceId ?? instanceIdOf();
  const pacer = new Pacer();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<PassSummary | undefined> | undefined;
  let stopped = false;
  const fullEvery = options.fullEveryMs ?? 60 * 60_000;
  let lastComplete: number | undefined;
  let lastFull = Number.NEGATIVE_INFINITY;
  let lastEntries: unknown;

  const once = async (): Promise<PassSummary | undefined> => {
    const adapters = Object.fromEntries(options.adapters.map((a) => [a.platform, a]));
    const at = now();
    const entries = options.core.entries;
    const full = lastComplete === undefined || entries !== lastEntries || at - lastFull >= fullEvery;
    try {
      const summary = await runPass({
        store: options.store,
        core: options.core,
        adapters,
        now: at,
        clock: now,
        ...(full ? {} : { since: lastComplete! }),
        // After a complete pass, deadlines that passed before it need no second look (skips are recorded).
        ...(full && lastComplete !== undefined ? { plan: { lookbackMs: Math.min(DEFAULT_LOOKBACK_MS, at - lastComplete + DAY_MS) } } : {}),
        instanceId,
        pacer,
        index: indexOf(options.core.entries),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
      lastComplete = at;
      lastEntries = entries;
      if (full) lastFull = at;
      options.onPass?.(summary);
      return summary;
    } catch (error) {
      options.log?.('announce: pass failed', error);
      return undefined;
    }
  };

  const run = async (): Promise<PassSummary | undefined> => {
    while (running) await running;
    running = once();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      void run().finally(() => {
        // The second pass comes soon after the first: a claim left by a process that died just
        // before this one started is stale by then, and still inside Discord's nonce window.
        schedule(first ? Math.min(interval, DEFAULT_STALE_AFTER_MS + 15_000) : interval);
        first = false;
      });
    }, delay);
    timer.unref();
  };
  let first = true;
  schedule(options.firstDelayMs ?? 5000);

  return {
    runNow: run,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
