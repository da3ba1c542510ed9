/**
 * Waiting for a database lock without blocking the event loop. better-sqlite3 is synchronous:
 * with a busy timeout it would wait inside the call, and every chat, /healthz and the
 * announcer with it. So SQLite statements run with no busy timeout and, on SQLITE_BUSY, are
 * retried after an asynchronous back-off (5 ms doubling to 100 ms) until a budget runs out; the
 * store then throws StoreBusyError, which the core answers with "busy, try again". Chat writes
 * have a short budget (an answer in about 2 s); ledger writes after a post was sent a long one,
 * so a held lock does not leave a sent post unrecorded. The clock (and its sleep) is injected.
 */
import { systemClock, type Clock } from '../clock.js';

export class StoreBusyError extends Error {
  readonly code = 'STORE_BUSY';
  constructor(message = 'the database is locked by another process') {
    super(message);
    this.name = 'StoreBusyError';
  }
}

export function isStoreBusy(error: unknown): error is StoreBusyError {
  return error instanceof StoreBusyError || (error as { code?: unknown } | undefined)?.code === 'STORE_BUSY';
}

/** What the back-off needs of the clock. */
export type BusyClock = Pick<Clock, 'now' | 'sleep'>;

export interface BusyPolicy {
  clock: BusyClock;
  /** Total wait of a chat-facing statement (subscriptions). */
  userBudgetMs: number;
  /** Total wait of a ledger or announcer statement. */
  ledgerBudgetMs: number;
}

export const DEFAULT_BUSY_POLICY: BusyPolicy = { clock: systemClock, userBudgetMs: 2_000, ledgerBudgetMs: 30_000 };

export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Runs `fn` (synchronous, never waits), retrying on SQLITE_BUSY after async back-offs, up to `budgetMs`. */
export async function retryWhileBusy<T>(fn: () => T, clock: BusyClock, budgetMs: number): Promise<T> {
  const until = clock.now() + budgetMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      return fn();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      const left = until - clock.now();
      if (left <= 0) throw new StoreBusyError();
      await clock.sleep(Math.min(delay, left));
    }
  }
}
