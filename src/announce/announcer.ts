/**
 * The long-running announcer: a pass every `intervalMs` (default 5 minutes), the first
 * one shortly after start. Passes never overlap: the next is scheduled only when the
 * last has finished. stop() cancels the timer and waits for a pass in progress. The
 * milestone index follows catalog reloads (built once per entries array).
 *
 * A full pass (stale claims, retries, changed deadlines, every lead) runs at start, after
 * a catalog reload and every `fullEveryMs` (default 1 hour); the passes in between are
 * incremental: only leads that came due since the last complete pass.
 *
 * The time of the last complete pass is kept in the store too (`recordCompletePass` after every
 * pass, the latest of every instance's): the first pass after a start reads it and looks back
 * only since then + 1 day, like the hourly pass (the full 14 days when nothing is stored).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock, type Timer } from '../clock.js';
import type { Store } from '../store/types.js';
import { Pacer } from './pacing.js';
import { DEFAULT_STALE_AFTER_MS, runPass, type AnnounceSender, type PassCore, type PassEvent, type PassSummary } from './pass.js';
import { DEFAULT_LOOKBACK_MS } from './plan.js';
import { DAY_MS, indexOf, type MilestoneIndex, movedEntries } from './schedule.js';

export interface AnnouncerOptions {
  store: Store;
  core: PassCore;
  /** The platforms' senders; each sends for its platform, at the limits it declares. */
  senders: readonly AnnounceSender[];
  /** Between the end of a pass and the start of the next. Default 5 minutes. */
  intervalMs?: number;
  /** Before the first pass. Default 5 seconds. */
  firstDelayMs?: number;
  /** How often a full pass runs. Default 1 hour. */
  fullEveryMs?: number;
  instanceId?: string;
  /** Time and timers (default systemClock). */
  clock?: Clock;
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

/**
 * A full pass's lookback after a complete pass at `lastComplete`: since then + 1 day (the
 * deadlines that passed before it have their skips recorded), at most DEFAULT_LOOKBACK_MS; at
 * least a day (a time recorded ahead of this clock).
 */
export function lookbackSince(now: number, lastComplete: number): number {
  if (!Number.isFinite(lastComplete)) return DEFAULT_LOOKBACK_MS;
  return Math.min(DEFAULT_LOOKBACK_MS, Math.max(DAY_MS, now - lastComplete + DAY_MS));
}

export function startAnnouncer(options: AnnouncerOptions): Announcer {
  const interval = options.intervalMs ?? 5 * 60_000;
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? instanceIdOf();
  const pacer = new Pacer({ clock });
  let timer: Timer | undefined;
  let running: Promise<PassSummary | undefined> | undefined;
  let stopped = false;
  const fullEvery = options.fullEveryMs ?? 60 * 60_000;
  let lastComplete: number | undefined;
  let lastFull = Number.NEGATIVE_INFINITY;
  let lastEntries: unknown;
  let lastIndex: MilestoneIndex | undefined;
  /** The last complete pass recorded in the store (read once, before the first pass). */
  let stored: Promise<number | undefined> | undefined;
  const readStored = async (): Promise<number | undefined> => {
    try {
      const value = await options.store.lastCompletePass();
      return value === undefined ? undefined : Date.parse(value);
    } catch (error) {
      options.log?.('announce: reading the last complete pass failed; looking back the whole window', error);
      return undefined;
    }
  };

  const once = async (): Promise<PassSummary | undefined> => {
    const senders = Object.fromEntries(options.senders.map((s) => [s.platform, s]));
    const storedAt = await (stored ??= readStored());
    const at = clock.now();
    const entries = options.core.entries;
    const full = lastComplete === undefined || entries !== lastEntries || at - lastFull >= fullEvery;
    // A reload that moved dates: those entries' "deadline changed" posts go out in this pass.
    const moved = lastIndex && entries !== lastEntries ? movedEntries(lastIndex, indexOf(entries)) : undefined;
    // The first pass after a start is full, looking back since the last complete pass any instance recorded.
    const since = lastComplete ?? storedAt;
    try {
      const summary = await runPass({
        store: options.store,
        core: options.core,
        senders,
        now: at,
        clock,
        ...(full ? {} : { since: lastComplete! }),
        // After a complete pass, deadlines that passed before it need no second look (skips are recorded).
        ...(full && since !== undefined ? { plan: { lookbackMs: lookbackSince(at, since) } } : {}),
        instanceId,
        pacer,
        index: indexOf(entries),
        ...(moved?.size ? { moved } : {}),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
      lastComplete = at;
      lastEntries = entries;
      lastIndex = indexOf(entries);
      if (full) lastFull = at;
      try {
        await options.store.recordCompletePass(new Date(at).toISOString());
      } catch (error) {
        options.log?.('announce: recording the complete pass failed', error);
      }
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
    timer = clock.setTimer(delay, () => {
      timer = undefined;
      void run().finally(() => {
        // The second pass comes soon after the first: a claim left by a process that died just
        // before this one started is stale by then, and still inside Discord's nonce window.
        schedule(first ? Math.min(interval, DEFAULT_STALE_AFTER_MS + 15_000) : interval);
        first = false;
      });
    });
  };
  let first = true;
  schedule(options.firstDelayMs ?? 5000);

  return {
    runNow: run,
    stop: async () => {
      stopped = true;
      timer?.cancel();
      timer = undefined;
      await running;
    },
  };
}
