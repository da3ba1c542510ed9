/**
 * Starting a platform's receiver without letting it take the others down: a failed start
 * is reported to /healthz and retried with exponential back-off (with jitter) until it
 * connects or the bot stops.
 */
import { settlesWithin, systemClock, type Clock, type Timer } from '../clock.js';
import type { Health } from './health.js';

export interface Backoff {
  /** First wait after a failure (default 1 s). */
  initialMs: number;
  /** Longest wait (default 60 s). */
  maxMs: number;
  /** Each wait is the previous one times this (default 2). */
  factor: number;
  /** ± this fraction of randomness, so instances do not retry in step (default 0.2). */
  jitter: number;
}

const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0.2 };

/** The wait before attempt `n` (n ≥ 1 failures so far). */
export function backoffDelay(failures: number, b: Backoff = DEFAULT_BACKOFF, random = Math.random): number {
  const base = Math.min(b.maxMs, b.initialMs * b.factor ** Math.max(0, failures - 1));
  return Math.max(0, Math.round(base * (1 + b.jitter * (2 * random() - 1))));
}

export interface PlatformRunnerOptions {
  health: Health;
  log: (message: string, error?: unknown) => void;
  backoff?: Partial<Backoff>;
  /** Called on each failed attempt (metrics). */
  onFailure?: (error: unknown) => void;
  /** Called once connected. */
  onConnected?: () => void;
  /**
   * A start still pending after this long is reported as retrying (some libraries, like
   * grammY, retry network failures inside start()). Default 15 s.
   */
  slowStartMs?: number;
  /** How long stop() waits for a start in progress or the receiver's own stop. Default 4 s. */
  stopWaitMs?: number;
  /** Back-off, slow-start and stop timers (default systemClock). */
  clock?: Clock;
}

/**
 * What is started: a platform's Receiver (started with the engine) — or anything with the
 * same shape (start with an argument, stop).
 */
export interface Startable<A> {
  readonly platform: string;
  start(input: A): Promise<void>;
  stop(): Promise<void>;
}

export class PlatformRunner<A = unknown> {
  private failures = 0;
  private timer: Timer | undefined;
  private attempt: Promise<void> | undefined;
  private connected = false;
  private stopped = false;
  private readonly backoff: Backoff;
  private firstAttempt: Promise<void> | undefined;
  private readonly clock: Clock;

  constructor(
    readonly adapter: Startable<A>,
    private readonly startWith: A,
    private readonly options: PlatformRunnerOptions,
  ) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.clock = options.clock ?? systemClock;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Starts connecting; resolves after the first attempt, whether it connected or not. */
  start(): Promise<void> {
    this.options.health.platform(this.adapter.platform, 'starting');
    return (this.firstAttempt ??= this.tryStart());
  }

  private tryStart(): Promise<void> {
    const attempt = (async () => {
      const slow = this.clock.setTimer(this.options.slowStartMs ?? 15_000, () => {
        if (this.stopped) return;
        const seconds = Math.round((this.options.slowStartMs ?? 15_000) / 1000);
        this.options.health.platform(this.adapter.platform, 'retrying', `not connected after ${seconds} s; still trying`);
        this.options.log(`${this.adapter.platform}: not connected after ${seconds} s; still trying`);
      });
      try {
        await this.adapter.start(this.startWith);
        slow.cancel();
        if (this.stopped) {
          await this.adapter.stop();
          return;
        }
        this.connected = true;
        this.failures = 0;
        this.options.health.platform(this.adapter.platform, 'connected');
        this.options.log(`${this.adapter.platform}: connected`);
        this.options.onConnected?.();
      } catch (error) {
        slow.cancel();
        if (this.stopped) return;
        this.failures++;
        const wait = backoffDelay(this.failures, this.backoff);
        const reason = error instanceof Error ? error.message : String(error);
        this.options.health.platform(this.adapter.platform, 'retrying', reason);
        this.options.log(`${this.adapter.platform}: could not connect (attempt ${this.failures}); retrying in ${Math.round(wait / 100) / 10} s`, error);
        this.options.onFailure?.(error);
        this.timer = this.clock.setTimer(wait, () => {
          this.timer = undefined;
          if (!this.stopped) this.attempt = this.tryStart();
        });
      }
    })();
    this.attempt = attempt;
    return attempt;
  }

  /** Cancels any retry, waits for an attempt in progress, and stops the receiver if it connected. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    const within = (promise: Promise<unknown>, ms: number) => settlesWithin(this.clock, promise, ms);
    const wait = this.options.stopWaitMs ?? 4_000;
    if (this.attempt && !(await within(this.attempt, 0))) {
      // Still connecting: stopping the receiver is how a start in progress is abandoned.
      await within(this.adapter.stop(), wait);
      if (!(await within(this.attempt, wait))) this.options.log(`${this.adapter.platform}: still connecting at shutdown; left behind`);
    }
    if (this.connected) {
      this.connected = false;
      if (!(await within(this.adapter.stop(), wait))) this.options.log(`${this.adapter.platform}: did not stop within ${wait / 1000} s`);
    }
    this.options.health.platform(this.adapter.platform, 'stopped');
  }
}
