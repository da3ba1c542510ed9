/**
 * The per-actor flood limit: one token bucket per actor (the place when the actor is
 * unknown). The first message over the limit is told to slow down; later ones get no
 * answer until the bucket refills. Suggestions have a larger allowance of their own.
 */
import type { Clock } from '../clock.js';
import type { Rate } from '../platform.js';
import { RateLimiter } from '../bot/rate-limit.js';

export const DEFAULT_FLOOD: Rate = { burst: 8, perSecond: 0.5 };
/** Suggestions arrive as the user types: a larger allowance. */
const SUGGEST_FACTOR = 4;
const MAX_WARNED = 10_000;

export class FloodLimit {
  private readonly messages: RateLimiter;
  private readonly suggestions: RateLimiter;
  /** Actors told to slow down, until their bucket refills. */
  private readonly warned = new Set<string>();

  constructor(rate: Rate, clock: Clock) {
    const now = () => clock.now();
    this.messages = new RateLimiter({ ...rate, now });
    this.suggestions = new RateLimiter({ burst: rate.burst * SUGGEST_FACTOR, perSecond: rate.perSecond * SUGGEST_FACTOR, now });
  }

  /** 'ok': answer; 'warn': say "slow down" (the first time over); 'drop': say nothing. */
  message(key: string): 'ok' | 'warn' | 'drop' {
    if (this.messages.take(key)) {
      this.warned.delete(key);
      return 'ok';
    }
    if (this.warned.has(key)) return 'drop';
    this.warned.add(key);
    if (this.warned.size > MAX_WARNED) this.warned.delete(this.warned.values().next().value!);
    return 'warn';
  }

  suggestion(key: string): boolean {
    return this.suggestions.take(key);
  }
}
