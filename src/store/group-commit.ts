/**
 * Group commit for SQLite's ledger writes: the claims and marks that callers issue in one turn of
 * the event loop (a pass's concurrent sends) run in one transaction, so one commit, not one per
 * statement, goes to the WAL (a commit is a dozen system calls: writes and locks). Each caller's
 * promise settles only once its statement is committed, so a claim is durable before its post is
 * sent, as when committed alone. If any statement of a group fails, the group is rolled back and
 * each statement is run again in its own transaction, so one caller's error is never another's.
 */
import type Database from 'better-sqlite3';

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];

  constructor(
    private readonly db: Database.Database,
    /** Runs a synchronous unit of work with the store's retry on a busy database. */
    private readonly retry: <T>(fn: () => T) => Promise<T>,
  ) {}

  /** Runs `fn` (one synchronous statement) in the next group's transaction. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => void this.flush());
      this.queue.push({ run: fn, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private async flush(): Promise<void> {
    const group = this.queue;
    this.queue = [];
    if (group.length === 1) return this.alone(group[0]!);
    let results: unknown[];
    try {
      results = await this.retry(() => this.db.transaction(() => group.map((p) => p.run()))());
    } catch {
      for (const p of group) await this.alone(p);
      return;
    }
    for (const [i, p] of group.entries()) p.resolve(results[i]);
  }

  private async alone(p: Pending): Promise<void> {
    try {
      p.resolve(await this.retry(p.run));
    } catch (error) {
      p.reject(error);
    }
  }
}
