/** The Store suite on SQLite files, plus processes racing for the same keys on one file. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { migrationSuite } from './migration-suite.js';
import { race } from './race.js';
import { newSubscription, storeSuite } from './store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'catalog-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeSuite(
  'sqlite file',
  async (clock) => openSqliteStore(join(dir, `suite-${n++}`, 'store.sqlite'), undefined, { clock }),
  async (store: Store) => store.close(),
);

storeSuite(
  'sqlite :memory:',
  async (clock) => openSqliteStore(':memory:', undefined, { clock }),
  async (store: Store) => store.close(),
);

migrationSuite('sqlite', SQLITE_MIGRATIONS, async () => {
  const file = join(dir, `migrate-${n++}`, 'store.sqlite');
  const read = <T>(sql: string): T[] => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  const tables = (): string[] => read<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name);
  return {
    open: async (migrations) => openSqliteStore(file, migrations),
    tables: async () => tables(),
    versions: async () => (tables().includes('schema_migrations') ? read<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version').map((r) => r.version) : []),
    drop: async () => rmSync(dirname(file), { recursive: true, force: true }),
  };
});

describe('SqliteStore on a file', () => {
  it('creates the directory, uses WAL, enforces foreign keys and keeps data across opens', async () => {
    const file = join(dir, 'nested', 'deeper', 'bot.sqlite');
    const store = openSqliteStore(file);
    expect(existsSync(file)).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(0);
    const s = await store.addSubscription(newSubscription());
    await store.close();
    await store.close();
    const again = openSqliteStore(file);
    expect((await again.activeSubscriptions()).map((x) => x.id)).toEqual([s.id]);
    const versions = again.db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version })));
    await again.close();
  });

  it('three processes creating and migrating a new file at once: all succeed, one migration each', async () => {
    const file = join(dir, 'race-migrate', 'new.sqlite');
    expect(await race(3, ['sqlite', file, 'none', '0'], { openAfterGo: true })).toEqual([[], [], []]);
    const check = openSqliteStore(file);
    expect(check.db.prepare('SELECT version FROM schema_migrations').all()).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version })));
    await check.close();
  }, 60_000);

  it('two processes racing for 200 keys: each key won exactly once', async () => {
    const file = join(dir, 'race', 'race.sqlite');
    const setup = openSqliteStore(file);
    const s = await setup.addSubscription(newSubscription());
    await setup.close();

    const won = await race(2, ['sqlite', file, s.id, '200']);
    const all = won.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);

    const check = openSqliteStore(file);
    const rows = await check.ledgerOf([s.id]);
    expect(rows).toHaveLength(200);
    for (const [i, keys] of won.entries()) {
      const mine = rows.filter((r) => r.claimedBy === `worker-${i}`).map((r) => r.entryId);
      expect(mine.sort()).toEqual([...keys].sort());
    }
    await check.close();
  }, 60_000);
});
