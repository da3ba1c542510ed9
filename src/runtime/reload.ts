/**
 * Catalog hot reload: the seed directory is watched; a burst of changes (an editor's
 * save, a copy of several files) is debounced into one rebuild, done off the watcher's
 * callback; the new catalog and its index are swapped in with one assignment
 * (BotCore.replaceCatalog), so a request sees either the old catalog or the new one.
 *
 * A worse catalog never replaces a good one: a rebuild that cannot read the directory,
 * has no entries where there were some, or has more lint errors than the catalog being
 * served is rejected; the last good catalog stays and the problems are logged and counted.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Catalog } from '../catalog/load.js';
import type { Problem } from '../catalog/schema.js';

export interface Loaded {
  catalog: Catalog;
}

export type Verdict = { accept: true } | { accept: false; reason: string };

const errorsOf = (c: Catalog) => c.problems.filter((p) => p.severity === 'error').length;

/** Whether `next` may replace `current`. */
export function judgeCatalog(current: Catalog, next: Catalog): Verdict {
  if (next.entries.length === 0 && current.entries.length > 0) {
    return { accept: false, reason: `the new catalog has no entries (the current one has ${current.entries.length})` };
  }
  const before = errorsOf(current);
  const after = errorsOf(next);
  if (after > before) return { accept: false, reason: `the new catalog has ${after} lint errors (the current one has ${before})` };
  return { accept: true };
}

export type ReloadResult<L extends Loaded> =
  | { outcome: 'applied'; loaded: L }
  | { outcome: 'rejected'; reason: string; problems: Problem[] }
  | { outcome: 'unchanged' };

export interface ReloaderOptions<L extends Loaded> {
  dir: string;
  /** Reads, parses and indexes the seed directory. */
  load: () => L | Promise<L>;
  /** The catalog being served. */
  current: () => Catalog;
  /** Swaps the new catalog in (one assignment). */
  apply: (loaded: L) => void;
  onApplied?: (loaded: L) => void;
  onRejected?: (reason: string, problems: Problem[]) => void;
  log: (message: string, error?: unknown) => void;
  /** Quiet time after the last change before rebuilding (default 300 ms). */
  debounceMs?: number;
}

export class CatalogReloader<L extends Loaded> {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReloadResult<L>> | undefined;
  private again = false;
  private closed = false;

  constructor(private readonly options: ReloaderOptions<L>) {}

  /** Starts watching the seed directory. */
  start(): void {
    // Any name: a Kubernetes ConfigMap swaps its files through a `..data` symlink. An event that
    // changed no seed file rebuilds to the same content hash and is dropped as unchanged.
    this.watcher = watch(this.options.dir, { persistent: false }, () => this.schedule());
    this.watcher.on('error', (error) => this.options.log('catalog: watching the seed directory failed', error));
  }

  /** A change was seen: rebuild once the directory has been quiet for the debounce time. */
  schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, this.options.debounceMs ?? 300);
  }

  /** Rebuilds now (a rebuild already running is followed by one more). */
  reload(): Promise<ReloadResult<L>> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async (): Promise<ReloadResult<L>> => {
      let result: ReloadResult<L>;
      do {
        this.again = false;
        result = await this.once();
      } while (this.again && !this.closed);
      return result;
    })();
    this.running = run;
    void run.finally(() => (this.running = undefined));
    return run;
  }

  private async once(): Promise<ReloadResult<L>> {
    // Leave the watcher's callback first: requests queued meanwhile are answered from the current catalog.
    await new Promise((resolve) => setImmediate(resolve));
    let loaded: L;
    try {
      loaded = await this.options.load();
    } catch (error) {
      const reason = `the seed directory could not be read: ${(error as Error).message}`;
      this.options.log(`catalog: reload rejected, ${reason}`);
      this.options.onRejected?.(reason, []);
      return { outcome: 'rejected', reason, problems: [] };
    }
    const current = this.options.current();
    if (loaded.catalog.contentHash === current.contentHash) return { outcome: 'unchanged' };
    const verdict = judgeCatalog(current, loaded.catalog);
    if (!verdict.accept) {
      const problems = loaded.catalog.problems.filter((p) => p.severity === 'error');
      this.options.log(`catalog: reload rejected, ${verdict.reason}; still serving the last good catalog`);
      for (const p of problems) this.options.log(`catalog: ${p.file}:${p.line}: ${p.severity}: ${p.reason}`);
      this.options.onRejected?.(verdict.reason, loaded.catalog.problems);
      return { outcome: 'rejected', reason: verdict.reason, problems: loaded.catalog.problems };
    }
    if (this.closed) return { outcome: 'unchanged' };
    this.options.apply(loaded);
    this.options.onApplied?.(loaded);
    return { outcome: 'applied', loaded };
  }

  /** Stops watching; waits for a rebuild in progress. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    await this.running?.catch(() => undefined);
  }
}
