/**
 * What /healthz reports: ready only when the catalog is loaded, every configured
 * platform is connected and the store (when there is one) is reachable and writable.
 * A platform that is still connecting or retrying after a failure makes the bot not
 * ready, and says why. A store locked by another process is reported as busy (writes
 * wait, then answer "busy, try again") but keeps the bot ready; a seed directory that
 * cannot be watched is reported (hot reload is off) without changing readiness.
 */
import { systemClock, type Clock } from '../clock.js';
import type { StoreHealth } from '../store/types.js';
import type { WatchState } from './reload.js';

export type PlatformState = 'starting' | 'connected' | 'retrying' | 'stopped';

export interface PlatformHealth {
  state: PlatformState;
  /** The last failure (connection refused, bad token …), without secrets. */
  error?: string;
  /** Attempts to connect so far. */
  attempts: number;
}

export interface HealthReport {
  ready: boolean;
  catalog: { loaded: boolean; entries: number; problems: number; loadedAt?: string };
  platforms: Record<string, PlatformHealth>;
  /** The last store probe (absent without a store). */
  store?: StoreHealth & { checkedAt: string };
  /** The seed directory watcher (absent when hot reload is off). */
  watch?: WatchState;
  shuttingDown: boolean;
}

export class Health {
  private catalog: HealthReport['catalog'] = { loaded: false, entries: 0, problems: 0 };
  private readonly platforms = new Map<string, PlatformHealth>();
  private shuttingDown = false;
  private storeHealth: HealthReport['store'];
  private watchState: WatchState | undefined;

  /** `clock` stamps the probes and loads reported without a time. */
  constructor(private readonly clock: Clock = systemClock) {}

  /** The result of a store probe (StoreMonitor). */
  store(state: StoreHealth, at = new Date(this.clock.now())): void {
    this.storeHealth = { ...state, checkedAt: at.toISOString() };
  }

  /** The seed directory watcher's state. */
  watcher(state: WatchState): void {
    this.watchState = { ...state };
  }

  catalogLoaded(entries: number, problems: number, at = new Date(this.clock.now())): void {
    this.catalog = { loaded: true, entries, problems, loadedAt: at.toISOString() };
  }

  /** Declares a configured platform (not ready until it connects). */
  platform(name: string, state: PlatformState, error?: string): void {
    const previous = this.platforms.get(name);
    const attempts = (previous?.attempts ?? 0) + (state === 'retrying' || (state === 'connected' && previous?.state !== 'connected') ? 1 : 0);
    this.platforms.set(name, { state, attempts, ...(error ? { error } : {}) });
  }

  stopping(): void {
    this.shuttingDown = true;
  }

  report(): HealthReport {
    const platforms = Object.fromEntries(this.platforms);
    const ready = !this.shuttingDown && this.catalog.loaded && [...this.platforms.values()].every((p) => p.state === 'connected') && this.storeHealth?.state !== 'unavailable';
    return {
      ready,
      catalog: { ...this.catalog },
      platforms,
      ...(this.storeHealth ? { store: { ...this.storeHealth } } : {}),
      ...(this.watchState ? { watch: { ...this.watchState } } : {}),
      shuttingDown: this.shuttingDown,
    };
  }
}
