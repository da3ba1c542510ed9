/**
 * When to defer: Discord drops an interaction not acknowledged within 3 seconds. The
 * engine usually answers in milliseconds, so the receiver replies directly, and defers
 * first (then edits the reply) when a recent answer took `afterMs` or more, or when
 * the answer in progress has not come within `afterMs`. Time is the injected clock's.
 */
import type { Clock } from '../../src/clock.js';

export class DeferPolicy {
  private readonly recent: number[] = [];

  /** `afterMs` 0 defers every command and button. */
  constructor(
    readonly afterMs: number,
    private readonly clock: Clock,
    private readonly keep = 20,
  ) {}

  /** A recent answer was slow, so this one might be: defer before asking. */
  predictSlow(): boolean {
    return this.afterMs <= 0 || this.recent.some((ms) => ms >= this.afterMs);
  }

  /** Runs `work`, remembering how long it took. */
  timed<T>(work: () => Promise<T>): Promise<T> {
    const started = this.clock.now();
    return Promise.resolve()
      .then(work)
      .finally(() => {
        this.recent.push(this.clock.now() - started);
        if (this.recent.length > this.keep) this.recent.shift();
      });
  }

  /** True when `work` settles (either way) within `afterMs`. */
  settlesInTime(work: Promise<unknown>): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = this.clock.setTimer(this.afterMs, () => resolve(false));
      const done = () => {
        timer.cancel();
        resolve(true);
      };
      work.then(done, done);
    });
  }
}
