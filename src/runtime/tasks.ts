/**
 * The one task group for in-flight work (requests, updates, interactions being handled):
 * `run` tracks a piece of work until it settles, `pending` counts what runs, and
 * `close()` stops taking new work and waits for what runs — for at most `graceMs` on the
 * injected clock when given, resolving whether everything finished. Work offered after
 * close() is refused (TaskGroupClosedError), never silently dropped. `drained` waits the
 * same way without closing (a server that still answers while it winds down).
 */
import { settlesWithin, systemClock, type Clock } from '../clock.js';

export class TaskGroupClosedError extends Error {
  constructor() {
    super('the task group is closed');
    this.name = 'TaskGroupClosedError';
  }
}

export interface TaskGroupOptions {
  clock?: Clock;
}

export class TaskGroup {
  private readonly running = new Set<Promise<unknown>>();
  private readonly clock: Clock;
  private closed = false;

  constructor(options: TaskGroupOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Tracks `work` (a function is called now) until it settles; returns it. Throws once closed. */
  run<T>(work: Promise<T> | (() => Promise<T> | T)): Promise<T> {
    if (this.closed) throw new TaskGroupClosedError();
    const promise = typeof work === 'function' ? (async () => work())() : work;
    this.running.add(promise);
    void promise.then(
      () => this.running.delete(promise),
      () => this.running.delete(promise),
    );
    return promise;
  }

  /** Pieces of work still running. */
  get pending(): number {
    return this.running.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Waits, still taking work, until nothing runs (work started meanwhile is waited for too):
   * true; or false once `graceMs` passed first (what runs keeps running).
   */
  async drained(graceMs?: number): Promise<boolean> {
    const all = (async () => {
      while (this.running.size) await Promise.allSettled([...this.running]);
      return true as const;
    })();
    return graceMs === undefined ? all : settlesWithin(this.clock, all, graceMs);
  }

  /** Stops taking work, then `drained(graceMs)`. */
  close(graceMs?: number): Promise<boolean> {
    this.closed = true;
    return this.drained(graceMs);
  }
}
