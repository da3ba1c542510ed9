/**
 * Another connection holds SQLite's write lock (BEGIN IMMEDIATE): the store's writes never wait
 * inside the call (the event loop keeps running), retry asynchronously on an injected clock, and
 * give up with StoreBusyError after their budget; /subscribe then answers "busy, try again" in
 * the user's language. Reads are not blocked (WAL). The health probe says "busy" at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { Engine } from '../../src/engine/engine.js';
import { StoreBusyError, type BusyClock } from '../../src/store/busy.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { SEEDS, TEST_PLACE, at } from '../helpers.js';
import { newSubscription } from './store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'catalog-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A clock that moves only when slept on; `onSleep` runs at each sleep (e.g. to release the lock). */
function fakeClock(onSleep: (sleeps: number[]) => void = () => undefined): BusyClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      onSleep(sleeps);
    },
  };
}

function lockedStore(clock: BusyClock) {
  const file = join(dir, `lock-${n++}.sqlite`);
  const store = openSqliteStore(file, undefined, { busy: { clock, userBudgetMs: 2000, ledgerBudgetMs: 30_000 } });
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  return { store, other, file };
}

describe('SQLite write lock held by another connection', () => {
  it('a write waits asynchronously with back-off and succeeds once the lock is released', async () => {
    let other: Database.Database | undefined;
    const clock = fakeClock((sleeps) => {
      if (sleeps.length === 4) other!.exec('COMMIT');
    });
    const locked = lockedStore(clock);
    other = locked.other;
    const added = await locked.store.addSubscription(newSubscription());
    expect(clock.sleeps).toEqual([5, 10, 20, 40]);
    expect((await locked.store.subscriptionsOf(added.conversation)).map((s) => s.id)).toEqual([added.id]);
    other.close();
    await locked.store.close();
  });

  it('a locked write leaves the event loop free while it waits', async () => {
    // A sleep that resolves only when the test says so: the write is parked between attempts.
    const gates: (() => void)[] = [];
    let now = 0;
    const clock: BusyClock = {
      now: () => now,
      sleep: (ms) =>
        new Promise((resolve) =>
          gates.push(() => {
            now += ms;
            resolve();
          }),
        ),
    };
    const { store, other } = lockedStore(clock);
    let settled = false;
    const attempt = store.addSubscription(newSubscription()).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(gates).toHaveLength(1);
    expect(settled).toBe(false);
    other.exec('COMMIT');
    gates.shift()!();
    await expect(attempt).resolves.toMatchObject({ conversation: 'telegram:-100123' });
    other.close();
    await store.close();
  });

  it('gives up with StoreBusyError after the chat budget; reads go on meanwhile', async () => {
    const clock = fakeClock();
    const { store, other } = lockedStore(clock);
    await expect(store.addSubscription(newSubscription())).rejects.toBeInstanceOf(StoreBusyError);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(Math.max(...clock.sleeps)).toBe(100);
    // Reads go on while the lock is held (WAL).
    expect(await store.subscriptionsOf('telegram:-100123')).toEqual([]);
    other.exec('ROLLBACK');
    other.close();
    await store.close();
  });

  it('ledger writes have the longer budget', async () => {
    const clock = fakeClock();
    const { store, other } = lockedStore(clock);
    await expect(store.recordCompletePass('2026-05-20T00:00:00Z')).rejects.toBeInstanceOf(StoreBusyError);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(30_000);
    other.exec('ROLLBACK');
    other.close();
    await store.close();
  });

  it('/subscribe answers "busy, try again" in the user\'s language instead of "Sorry"', async () => {
    const clock = fakeClock();
    const { store, other } = lockedStore(clock);
    const loaded = loadSearchableCatalog(SEEDS);
    const logs: string[] = [];
    const engine = new Engine({
      catalog: loaded.catalog,
      search: loaded.search,
      commands: COMMANDS,
      store,
      now: () => at('2026-05-20T12:00:00+08:00'),
      log: (m) => logs.push(m),
      flood: false,
    });
    const ask = async (text: string, locale: string) => {
      const outcome = await engine.handle({ type: 'text', text }, { id: 'u1', locale, canManage: async () => true }, { ...TEST_PLACE, address: 'console', platform: 'console' });
      return outcome.type === 'reply' ? outcome.reply : undefined;
    };
    const en = await ask('/subscribe competition', 'en');
    expect(en?.text).toEqual(['The subscription database is busy (another process is writing to it). Please try again in a few seconds.']);
    const zh = await ask('/subscribe 竞赛', 'zh-CN');
    expect(zh?.text).toEqual(['订阅数据库正忙(另一个进程正在写入),请过几秒再试。']);
    expect(logs).toContain('handler: the store is busy (locked by another process)');
    other.exec('ROLLBACK');
    const ok = await ask('/subscribe competition', 'en');
    expect(ok?.intent).toBe('subscribe');
    other.close();
    await store.close();
  });

  it('the health probe reports busy at once, then ok, and never leaves a write behind', async () => {
    const { store, other } = lockedStore(fakeClock());
    expect(await store.health()).toMatchObject({ kind: 'sqlite', state: 'busy', writable: true });
    other.exec('ROLLBACK');
    expect(await store.health()).toEqual({ kind: 'sqlite', state: 'ok', writable: true });
    expect(store.db.prepare("SELECT count(*) AS n FROM announcer_state WHERE name = 'health_probe'").get()).toEqual({ n: 0 });
    other.close();
    await store.close();
    expect(await store.health()).toMatchObject({ state: 'unavailable' });
  });

  it('a migrated file opens while another process holds its write lock (a restart does not wait for it)', async () => {
    const { store, other, file } = lockedStore(fakeClock());
    await store.close();
    const again = openSqliteStore(file);
    expect(await again.subscriptionsOf('nobody')).toEqual([]);
    await again.close();
    other.exec('ROLLBACK');
    other.close();
  });

  it('the health probe reports a read-only database as unavailable', async () => {
    const file = join(dir, `ro-${n++}.sqlite`);
    await openSqliteStore(file).close();
    const store = openSqliteStore(file);
    // A connection that cannot write (as for a read-only file or mount).
    store.db.pragma('query_only = ON');
    expect(await store.health()).toMatchObject({ state: 'unavailable', writable: false });
    await store.close();
  });
});
