/**
 * Outbound pacing for announcements: a token bucket per address and one per platform
 * overall, at the rates the platform's sender declares (`sender.limits`: Telegram about
 * 20 a minute per group and 30 a second overall; Discord 5 per 5 s per channel). The
 * pacer knows no platform itself. Time comes from the injected clock (tests never wait).
 */
import { systemClock, type Clock } from '../clock.js';
import type { PlatformLimits, Sender } from '../platform.js';
import { TokenBuckets } from '../runtime/token-bucket.js';

export interface PacerOptions {
  clock?: Clock;
  /** Never waits (tests, dry runs). */
  unlimited?: boolean;
}

/** What the pacer asks of a sender: its platform (the overall bucket) and its limits. */
export type Paced = Pick<Sender, 'platform'> & { readonly limits: Pick<PlatformLimits, 'perAddress' | 'overall'> };

export class Pacer {
  private readonly buckets: TokenBuckets;
  private readonly clock: Clock;
  /** Total time waited (ms), for the pass summary. */
  waitedMs = 0;

  private readonly free: boolean;

  constructor(options: PacerOptions = {}) {
    this.free = options.unlimited ?? false;
    this.clock = options.clock ?? systemClock;
    this.buckets = new TokenBuckets({ clock: this.clock });
  }

  /** A pacer that never waits (tests, dry runs). */
  static unlimited(): Pacer {
    return new Pacer({ unlimited: true });
  }

  /** Waits until one message may go to `address` through `sender`, then takes the tokens. */
  async take(address: string, sender: Paced): Promise<void> {
    if (this.free) return;
    const perAddress = sender.limits.perAddress(address);
    const overall = sender.limits.overall;
    const own = `a:${address}`;
    const all = `p:${sender.platform}`;
    for (;;) {
      const wait = Math.max(this.buckets.waitMs(own, perAddress), overall ? this.buckets.waitMs(all, overall) : 0);
      if (wait <= 0) break;
      this.waitedMs += wait;
      await this.clock.sleep(wait);
    }
    this.buckets.take(own, perAddress);
    if (overall) this.buckets.take(all, overall);
  }
}
