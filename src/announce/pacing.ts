/**
 * Outbound pacing for announcements: token buckets per conversation and overall, so a
 * pass stays within the platforms' limits — Telegram about 20 messages a minute per
 * group (1 a second in a private chat) and 30 a second overall; Discord 5 per 5
 * seconds per channel. The clock and sleep are injectable (tests never wait).
 */

export interface Rate {
  /** Tokens available at once. */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
}

export interface PacerOptions {
  overall?: Rate;
  /** The rate of one conversation ("telegram:-100…", "discord:…"). */
  perConversation?: (conversation: string) => Rate;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const TELEGRAM_OVERALL: Rate = { burst: 30, perSecond: 30 };

export function defaultConversationRate(conversation: string): Rate {
  if (conversation.startsWith('telegram:-')) return { burst: 3, perSecond: 20 / 60 };
  if (conversation.startsWith('telegram:')) return { burst: 1, perSecond: 1 };
  if (conversation.startsWith('discord:')) return { burst: 5, perSecond: 1 };
  return { burst: 1000, perSecond: 1000 };
}

interface Bucket {
  tokens: number;
  at: number;
}

export class Pacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly overall: Rate;
  private readonly rateOf: (conversation: string) => Rate;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Total time waited (ms), for the pass summary. */
  waitedMs = 0;

  constructor(options: PacerOptions = {}) {
    this.overall = options.overall ?? TELEGRAM_OVERALL;
    this.rateOf = options.perConversation ?? defaultConversationRate;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** A pacer that never waits (tests, dry runs). */
  static unlimited(): Pacer {
    const free = { burst: Number.POSITIVE_INFINITY, perSecond: Number.POSITIVE_INFINITY };
    return new Pacer({ overall: free, perConversation: () => free });
  }

  /** Waits until one message may go to `conversation`, then takes the tokens. */
  async take(conversation: string): Promise<void> {
    for (;;) {
      const wait = Math.max(this.waitFor(`c:${conversation}`, this.rateOf(conversation)), this.waitFor('*', this.overall));
      if (wait <= 0) break;
      this.waitedMs += wait;
      await this.sleep(wait);
    }
    this.spend(`c:${conversation}`, this.rateOf(conversation));
    this.spend('*', this.overall);
  }

  private refill(key: string, rate: Rate): Bucket {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: rate.burst, at: now };
    b.tokens = Math.min(rate.burst, b.tokens + ((now - b.at) / 1000) * rate.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    return b;
  }

  /** Milliseconds until a token is available (0 when one is). */
  private waitFor(key: string, rate: Rate): number {
    if (rate.burst === Number.POSITIVE_INFINITY) return 0;
    const b = this.refill(key, rate);
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / rate.perSecond) * 1000);
  }

  private spend(key: string, rate: Rate): void {
    if (rate.burst === Number.POSITIVE_INFINITY) return;
    this.refill(key, rate).tokens -= 1;
  }
}
