/**
 * Probes the store for /healthz: at start and every interval (default 10 s), and never
 * two at once. /healthz answers from the last probe, so it never waits on the database.
 */
import type { Store, StoreHealth } from '../store/types.js';

export interface StoreMonitorOptions {
  intervalMs?: number;
  onHealth: (health: StoreHealth) => void;
  log?: (message: string) => void;
}

export class StoreMonitor {
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private last: StoreHealth['state'] | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: StoreMonitorOptions,
  ) {}

  start(): this {
    void this.probe();
    this.timer = setInterval(() => void this.probe(), this.options.intervalMs ?? 10_000);
    this.timer.unref();
    return this;
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
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
