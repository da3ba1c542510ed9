/**
 * Per-user flood limits of the Telegram adapter: messages and page buttons share one
 * token bucket per user; inline queries (sent as the user types) get a larger one. The
 * first message over the limit is told to slow down, later ones get nothing until the
 * bucket refills.
 */
import { RateLimiter } from '../../src/bot/rate-limit.js';

export const DEFAULT_RATE_LIMIT = { burst: 8, perSecond: 0.5 };
/** Inline queries arrive as the user types: a larger allowance. */
const INLINE_RATE_FACTOR = 4;
const MAX_WARNED = 10_000;

export class FloodGuard {
  private readonly messages: RateLimiter;
  private readonly inline: RateLimiter;
  /** Users told to slow down, until their bucket refills. */
  private readonly warned = new Set<string>();

  constructor(rate: { burst: number; perSecond: number } = DEFAULT_RATE_LIMIT, now?: () => number) {
    const clock = now ? { now } : {};
    this.messages = new RateLimiter({ ...rate, ...clock });
    this.inline = new RateLimiter({ burst: rate.burst * INLINE_RATE_FACTOR, perSecond: rate.perSecond * INLINE_RATE_FACTOR, ...clock });
  }

  /** A message: true to answer it; over the limit, `tellSlowDown` runs once per flood. */
  async admit(key: string, tellSlowDown: () => Promise<unknown>): Promise<boolean> {
    if (this.messages.take(key)) {
      this.warned.delete(key);
      return true;
    }
    if (!this.warned.has(key)) {
      if (this.warned.size >= MAX_WARNED) this.warned.clear();
      this.warned.add(key);
      await tellSlowDown();
    }
    return false;
  }

  /** A page button (shares the message bucket; the callback is always answered by the caller). */
  takeButton(key: string): boolean {
    return this.messages.take(key);
  }

  takeInline(key: string): boolean {
    return this.inline.take(key);
  }
}
