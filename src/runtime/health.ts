/**
 * What /healthz reports: ready only when the catalog is loaded and every configured
 * platform is connected. A platform that is still connecting or retrying after a
 * failure makes the bot not ready, and says why.
 */
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
  shuttingDown: boolean;
}

export class Health {
  private catalog: HealthReport['catalog'] = { loaded: false, entries: 0, problems: 0 };
  private readonly platforms = new Map<string, PlatformHealth>();
  private shuttingDown = false;

  catalogLoaded(entries: number, problems: number, at = new Date()): void {
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
    const ready =
      !this.shuttingDown && this.catalog.loaded && [...this.platforms.values()].every((p) => p.state === 'connected');
    return { ready, catalog: { ...this.catalog }, platforms, shuttingDown: this.shuttingDown };
  }
}
