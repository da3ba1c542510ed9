/**
 * Catalog hot reload: the seed directory is watched; a burst of changes (an editor's
 * save, a copy of several files) is debounced into one rebuild, done off the watcher's
 * callback; the new catalog and its index are swapped in with one assignment
 * (BotCore.replaceCatalog), so a request sees either the old catalog or the new one.
 *
 * A worse catalog never replaces a good one (judge.ts): the last good catalog stays and the
 * refusal, with the seed files at fault and why, is logged and counted.
 *
 * The directory may be replaced whole (`mv seeds seeds.old && cp -r new seeds`, a ConfigMap
 * remount): its parent is watched too, and the directory's watcher is re-armed on the new
 * directory when its name comes back (and whenever a rebuild finds another inode). While the
 * directory cannot be watched, `onWatch` says so.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Catalog } from '../catalog/load.js';
import { systemClock, type Clock, type Timer } from '../clock.js';
import type { Problem } from '../catalog/schema.js';
import { judgeCatalog, type FileRefusal } from './judge.js';

export { judgeCatalog, type FileRefusal } from './judge.js';

export interface Loaded {
  catalog: Catalog;
}

export type ReloadResult<L extends Loaded> =
  | { outcome: 'applied'; loaded: L }
  | { outcome: 'rejected'; reason: string; problems: Problem[]; files: FileRefusal[] }
  | { outcome: 'unchanged' };

/** Whether the seed directory is being watched; the error when it cannot be. */
export interface WatchState {
  watching: boolean;
  error?: string;
}

export interface ReloaderOptions<L extends Loaded> {
  dir: string;
  /** Reads, parses and indexes the seed directory (the running bot does it in a worker thread). */
  load: () => L | Promise<L>;
  /** The catalog being served. */
  current: () => Catalog;
  /** Swaps the new catalog in (one assignment). */
  apply: (loaded: L) => void;
  onApplied?: (loaded: L) => void;
  onRejected?: (reason: string, problems: Problem[], files: FileRefusal[]) => void;
  /** The watch state changed (started, lost, re-armed). */
  onWatch?: (state: WatchState) => void;
  log: (message: string, error?: unknown) => void;
  /** Quiet time after the last change before rebuilding (default 300 ms). */
  debounceMs?: number;
  /** The debounce timer (default systemClock). */
  clock?: Clock;
}

export class CatalogReloader<L extends Loaded> {
  private watcher: FSWatcher | undefined;
  private parentWatcher: FSWatcher | undefined;
  /** The inode the directory watcher follows. */
  private inode: number | undefined;
  private state: WatchState = { watching: false };
  private timer: Timer | undefined;
  private running: Promise<ReloadResult<L>> | undefined;
  private again = false;
  private closed = false;

  constructor(private readonly options: ReloaderOptions<L>) {}

  /** Starts watching the seed directory (and its parent, for a replaced directory). */
  start(): void {
    const { dir } = this.options;
    try {
      this.parentWatcher = watch(dirname(dir), { persistent: false }, (_event, name) => {
        if (name === basename(dir)) this.rearm();
      });
      this.parentWatcher.on('error', (error) => this.options.log("catalog: watching the seed directory's parent failed", error));
    } catch (error) {
      this.options.log(`catalog: cannot watch ${dirname(dir)}; a replaced seed directory is noticed at the next change`, error);
    }
    this.arm();
  }

  get watchState(): WatchState {
    return { ...this.state };
  }

  /** (Re)watches the directory now at the path. */
  private arm(): void {
    if (this.closed) return;
    this.watcher?.close();
    this.watcher = undefined;
    const { dir } = this.options;
    try {
      const inode = statSync(dir).ino;
      // Any name: a Kubernetes ConfigMap swaps its files through a `..data` symlink. An event that
      // changed no seed file rebuilds to the same content hash and is dropped as unchanged.
      const watcher = watch(dir, { persistent: false }, () => this.schedule());
      watcher.on('error', (error) => {
        if (this.watcher !== watcher) return;
        watcher.close();
        this.watcher = undefined;
        this.setState({ watching: false, error: (error as Error).message });
        this.options.log('catalog: watching the seed directory failed', error);
      });
      this.watcher = watcher;
      this.inode = inode;
      this.setState({ watching: true });
    } catch (error) {
      this.inode = undefined;
      this.setState({ watching: false, error: (error as Error).message });
      this.options.log(`catalog: cannot watch the seed directory ${dir}`, error);
    }
  }

  /** The directory's name was moved or created: watch what is there now, and rebuild. */
  private rearm(): void {
    if (this.closed) return;
    let inode: number | undefined;
    try {
      inode = statSync(this.options.dir).ino;
    } catch {
      inode = undefined;
    }
    if (inode === undefined || inode !== this.inode || !this.watcher) {
      this.arm();
      if (this.state.watching) this.options.log('catalog: the seed directory was replaced; watching the new one');
    }
    this.schedule();
  }

  private setState(state: WatchState): void {
    if (state.watching === this.state.watching && state.error === this.state.error) return;
    this.state = state;
    this.options.onWatch?.({ ...state });
  }

  /** A change was seen: rebuild once the directory has been quiet for the debounce time. */
  schedule(): void {
    if (this.closed) return;
    this.timer?.cancel();
    this.timer = (this.options.clock ?? systemClock).setTimer(this.options.debounceMs ?? 300, () => {
      this.timer = undefined;
      void this.reload();
    });
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
    // A directory replaced without an event on its parent (a remount) is noticed here.
    this.rearmIfMoved();
    let loaded: L;
    try {
      loaded = await this.options.load();
    } catch (error) {
      const reason = `the seed directory could not be read: ${(error as Error).message}`;
      this.options.log(`catalog: reload rejected, ${reason}`);
      this.options.onRejected?.(reason, [], []);
      return { outcome: 'rejected', reason, problems: [], files: [] };
    }
    const current = this.options.current();
    if (loaded.catalog.contentHash === current.contentHash) return { outcome: 'unchanged' };
    const verdict = judgeCatalog(current, loaded.catalog);
    if (!verdict.accept) {
      const problems = loaded.catalog.problems.filter((p) => p.severity === 'error');
      this.options.log(`catalog: reload rejected, ${verdict.reason}; still serving the last good catalog`);
      for (const f of verdict.files) this.options.log(`catalog: refused ${f.file} (${f.cause}): ${f.detail}`);
      for (const p of problems) this.options.log(`catalog: ${p.file}:${p.line}: ${p.severity}: ${p.reason}`);
      this.options.onRejected?.(verdict.reason, loaded.catalog.problems, verdict.files);
      return { outcome: 'rejected', reason: verdict.reason, problems: loaded.catalog.problems, files: verdict.files };
    }
    if (this.closed) return { outcome: 'unchanged' };
    this.options.apply(loaded);
    this.options.onApplied?.(loaded);
    return { outcome: 'applied', loaded };
  }

  private rearmIfMoved(): void {
    if (!this.watcher && !this.parentWatcher) return;
    let inode: number | undefined;
    try {
      inode = statSync(this.options.dir).ino;
    } catch {
      return;
    }
    if (inode !== this.inode) this.arm();
  }

  /** Stops watching; waits for a rebuild in progress. */
  async close(): Promise<void> {
    this.closed = true;
    this.timer?.cancel();
    this.watcher?.close();
    this.parentWatcher?.close();
    await this.running?.catch(() => undefined);
  }
}
