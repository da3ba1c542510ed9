import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryWhileBusy } from '../../src/store/busy.js';
import { GroupCommit } from '../../src/store/group-commit.js';
import { FakeClock } from '../fake-clock.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setUp(path = ':memory:', clock = new FakeClock()) {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  // As the store does: SQLITE_BUSY at once, waited for asynchronously on the (injected) clock.
  db.pragma('busy_timeout = 0');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER NOT NULL CHECK (n >= 0))');
  const insert = db.prepare('INSERT INTO t (k, n) VALUES (?, ?) ON CONFLICT (k) DO NOTHING');
  const group = new GroupCommit(db, (fn) => retryWhileBusy(fn, clock, 5_000));
  const put = (k: string, n: number) => group.run(() => insert.run(k, n).changes);
  const rows = () => db.prepare('SELECT k, n FROM t ORDER BY k').all();
  return { db, put, rows };
}

describe('group commit of ledger writes', () => {
  it('commits the statements issued in one turn in one transaction, each caller getting its own result', async () => {
    const { db, put, rows } = setUp();
    const transaction = vi.spyOn(db, 'transaction');
    const results = await Promise.all([put('a', 1), put('b', 2), put('a', 3), put('c', 4)]);
    expect(results).toEqual([1, 1, 0, 1]);
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(rows()).toEqual([
      { k: 'a', n: 1 },
      { k: 'b', n: 2 },
      { k: 'c', n: 4 },
    ]);
    // A later turn is a group of its own.
    expect(await put('d', 5)).toBe(1);
    expect(await Promise.all([put('e', 6), put('f', 7)])).toEqual([1, 1]);
    expect(transaction).toHaveBeenCalledTimes(2);
  });

  it("rejects only the failing caller's promise: the others are committed", async () => {
    const { put, rows } = setUp();
    const results = await Promise.allSettled([put('a', 1), put('b', -1), put('c', 3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/CHECK constraint/);
    expect(rows()).toEqual([
      { k: 'a', n: 1 },
      { k: 'c', n: 3 },
    ]);
  });

  it("waits for another connection's write lock and then commits the whole group", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    temps.push(dir);
    const clock = new FakeClock();
    const { db, put, rows } = setUp(join(dir, 'db.sqlite'), clock);
    const other = new Database(join(dir, 'db.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    let settled = false;
    const writes = Promise.all([put('a', 1), put('b', 2)]).then((r) => {
      settled = true;
      return r;
    });
    await clock.advance(100);
    expect(settled).toBe(false);
    expect(clock.waiting).toBe(1);
    other.exec('ROLLBACK');
    await clock.advance(100);
    expect(await writes).toEqual([1, 1]);
    expect(rows()).toHaveLength(2);
    other.close();
    db.close();
  });
});
