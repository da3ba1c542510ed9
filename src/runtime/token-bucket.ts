/**
 * The one token bucket: `burst` tokens at once, refilled at `perSecond`, on an injected
 * clock. Keyed, so one instance holds a bucket per user, address or platform; idle keys
 * are forgotten once there are many (bounded memory). The pacer waits for a token
 * (`waitMs`, then `take`); the flood limit asks whether one is there now (`tryTake`).
 */
import { systemClock, type Clock } from '../clock.js';
import type { Rate } from '../platform.js';

export type { Rate } from '../platform.js';

interface Bucket {
  tokens: number;
  at: number;
}

export interface TokenBucketsOptions {
  clock?: Clock;
  /** Keys kept before idle ones are swept (default 10 000). */
  maxKeys?: number;
  /** A key unused this long is forgotten at a sweep (default 10 minutes). */
  idleMs?: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: Clock;

  constructor(private readonly options: TokenBucketsOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Milliseconds until `key` has a token at `rate` (0 when it has one now). */
  waitMs(key: string, rate: Rate): number {
    if (unlimited(rate)) return 0;
    const b = this.refill(key, rate);
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / rate.perSecond) * 1000);
  }

  /** Spends a token of `key` (the count may go below zero: the debt is waited for next time). */
  take(key: string, rate: Rate): void {
    if (unlimited(rate)) return;
    this.refill(key, rate).tokens -= 1;
  }

  /** Spends a token when there is one now; whether it did. */
  tryTake(key: string, rate: Rate): boolean {
    if (unlimited(rate)) return true;
    const b = this.refill(key, rate);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, rate: Rate): Bucket {
    const now = this.clock.now();
    const b = this.buckets.get(key) ?? { tokens: rate.burst, at: now };
    b.tokens = Math.min(rate.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * rate.perSecond);
    b.at = now;
    if (!this.buckets.has(key)) {
      this.buckets.set(key, b);
      if (this.buckets.size > (this.options.maxKeys ?? 10_000)) this.sweep(now);
    }
    return b;
  }

  private sweep(now: number): void {
    const idle = this.options.idleMs ?? 10 * 60_000;
    for (const [key, b] of this.buckets) if (now - b.at > idle) this.buckets.delete(key);
  }
}

const unlimited = (rate: Rate) => rate.burst === Number.POSITIVE_INFINITY || rate.perSecond === Number.POSITIVE_INFINITY;
