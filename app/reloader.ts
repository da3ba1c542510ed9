/** The catalog watcher of the running bot: reloads off-thread, reported in /healthz and /metrics. */
import type { CatalogServices } from '../src/engine/services.js';
import type { Metrics } from '../src/http/metrics.js';
import type { LogFn, Logger } from '../src/log.js';
import type { Health } from '../src/runtime/health.js';
import { loadOffThread } from '../src/runtime/offthread.js';
import { CatalogReloader } from '../src/runtime/reload.js';
import type { LoadedCatalog } from '../src/catalog/searchable.js';

export interface ReloaderWiring {
  seeds: string;
  core: CatalogServices;
  health: Health;
  /** Undefined when no HTTP server serves /metrics. */
  metrics: Metrics | undefined;
  logger: Logger;
  log: LogFn;
  /** A catalog and its index are served (the first one and each reload). */
  served(loaded: Pick<LoadedCatalog, 'catalog' | 'search'>): void;
}

export function catalogReloader(w: ReloaderWiring): CatalogReloader<LoadedCatalog> {
  const { metrics } = w;
  return new CatalogReloader({
    dir: w.seeds,
    // Parse and index in a worker thread: chats, /healthz and the announcer keep running.
    load: () => loadOffThread(w.seeds),
    current: () => w.core.catalog,
    apply: (next) => w.core.replaceCatalog(next.catalog, next.search),
    onApplied: (next) => {
      w.served(next);
      metrics?.reloads.inc({ outcome: 'applied' });
      metrics?.rejectedProblems.reset();
      metrics?.refusedFiles([]);
      w.logger.info({ entries: next.catalog.entries.length, problems: next.catalog.problems.length }, 'catalog: reloaded');
    },
    onRejected: (_reason, rejected, files) => {
      metrics?.refusedFiles(files);
      metrics?.reloads.inc({ outcome: 'rejected' });
      metrics?.errors.inc({ source: 'reload' });
      for (const severity of ['error', 'warning'] as const) {
        metrics?.rejectedProblems.set({ severity }, rejected.filter((p) => p.severity === severity).length);
      }
    },
    onWatch: (state) => {
      w.health.watcher(state);
      metrics?.watching.set(state.watching ? 1 : 0);
    },
    // Everything the reloader says is a refusal or a problem: warnings.
    log: w.log,
  });
}
