/**
 * Per-user flood protection for adapters: a token bucket per key (user id).
 * `take(key)` says whether this message may be answered now. Time is injected.
 */
export interface RateLimitOptions {
  /** Messages allowed in a burst. */
  burst: number;
  /** Tokens refilled per second. */
  perSecond: number;
  now?: () => number;
  /** Forget idle keys after this many ms (bounds memory). */
  idleMs?: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.sweep(now);
    return allowed;
  }

  private sweep(now: number): void {
    const idle = this.options.idleMs ?? 10 * 60_000;
    for (const [key, b] of this.buckets) if (now - b.at > idle) this.buckets.delete(key);
  }
}
