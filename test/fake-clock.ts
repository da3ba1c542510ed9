/**
 * A clock tests advance by hand: timers and sleeps fire only inside `advance`, in time
 * order, so nothing waits on the wall clock.
 */
import type { Clock, Timer } from '../src/clock.js';

interface Pending {
  at: number;
  seq: number;
  fire: () => void;
}

export class FakeClock implements Clock {
  private pending: Pending[] = [];
  private seq = 0;

  constructor(private current = Date.parse('2026-03-01T00:00:00Z')) {}

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const p: Pending = { at: this.current + Math.max(0, ms), seq: this.seq++, fire: fn };
    this.pending.push(p);
    return { cancel: () => (this.pending = this.pending.filter((x) => x !== p)) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = this.setTimer(ms, resolve);
      signal?.addEventListener(
        'abort',
        () => {
          timer.cancel();
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /**
   * Sets the time at once, forward or back, firing nothing (a process restarted later, a
   * pass driven by hand); timers now due fire at the next `advance`.
   */
  jump(to: number): void {
    this.current = to;
  }

  /** Timers and sleeps waiting. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, firing every timer due on the way (letting promises settle between them). */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      await flush();
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.current = Math.max(this.current, due.at);
      due.fire();
    }
    this.current = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}
