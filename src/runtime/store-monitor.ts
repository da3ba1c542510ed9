/**
 * Probes the store for /healthz: at start and every interval (default 10 s), and never
 * two at once. /healthz answers from the last probe, so it never waits on the database.
 */
import { systemClock, type Clock, type Timer } from '../clock.js';
import type { Store, StoreHealth } from '../store/types.js';

export interface StoreMonitorOptions {
  intervalMs?: number;
  /** The probe timer (default systemClock). */
  clock?: Clock;
  onHealth: (health: StoreHealth) => void;
  log?: (message: string) => void;
}

export class StoreMonitor {
  private timer: Timer | undefined;
  private stopped = false;
  private probing: Promise<void> | undefined;
  private last: StoreHealth['state'] | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: StoreMonitorOptions,
  ) {}

  start(): this {
    this.stopped = false;
    void this.probe();
    this.next();
    return this;
  }

  /** The next probe, an interval from now. */
  private next(): void {
    if (this.stopped) return;
    this.timer = (this.options.clock ?? systemClock).setTimer(this.options.intervalMs ?? 10_000, () => {
      void this.probe();
      this.next();
    });
  }

  /** One probe now (joins a probe in progress). */
  probe(): Promise<void> {
    return (this.probing ??= (async () => {
      try {
        const health = this.store.health ? await this.store.health() : undefined;
        if (!health) return;
        if (health.state !== this.last) {
          if (this.last !== undefined || health.state !== 'ok') {
            this.options.log?.(`store: ${health.state}${health.error ? ` (${health.error})` : ''}`);
          }
          this.last = health.state;
        }
        this.options.onHealth(health);
      } finally {
        this.probing = undefined;
      }
    })());
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }
}
