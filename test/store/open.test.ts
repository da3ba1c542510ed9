/** openStore: which store the environment picks, and the one-line error for a bad DATABASE_URL. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SQLITE_PATH, openStore, storeLocation } from '../../src/store/open.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { newSubscription } from './store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'catalog-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('defaults to SQLite under data/ in the project', () => {
    expect(DEFAULT_SQLITE_PATH).toBe(join(PROJECT_ROOT, 'data', 'catalog-bot.sqlite'));
    expect(storeLocation({})).toEqual({ kind: 'sqlite', path: DEFAULT_SQLITE_PATH });
    expect(storeLocation({ DATABASE_URL: '  ' })).toEqual({ kind: 'sqlite', path: DEFAULT_SQLITE_PATH });
    expect(storeLocation({}, { defaultPath: '/x/y.sqlite' })).toEqual({ kind: 'sqlite', path: '/x/y.sqlite' });
  });

  it('opens and migrates SQLite at DATABASE_PATH, creating its directory', async () => {
    const file = join(dir, 'sub', 'bot.sqlite');
    const store = await openStore({ DATABASE_PATH: file });
    expect(store).toBeInstanceOf(SqliteStore);
    expect(existsSync(file)).toBe(true);
    expect((await store.addSubscription(newSubscription())).id).toMatch(/^[a-z2-7]{6}$/);
    await store.close();
    const memory = await openStore({ DATABASE_PATH: ':memory:' });
    expect(await memory.activeSubscriptions()).toEqual([]);
    await memory.close();
  });

  it('picks PostgreSQL for a postgres:// or postgresql:// DATABASE_URL', () => {
    for (const url of ['postgres://u:p@db:5432/bot', 'postgresql://db/bot?sslmode=require']) {
      expect(storeLocation({ DATABASE_URL: url, DATABASE_PATH: '/ignored' })).toEqual({ kind: 'postgres', url });
    }
  });

  it('refuses any other DATABASE_URL with one line naming the variable and no secrets', async () => {
    for (const url of ['mysql://root:hunter2@db/bot', 'not a url', 'sqlite:///tmp/x']) {
      let message = '';
      try {
        await openStore({ DATABASE_URL: url });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(message).not.toContain('\n');
      expect(message).not.toContain('hunter2');
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('opens and migrates PostgreSQL from DATABASE_URL', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const schema = `t_open_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const store = await openStore({ DATABASE_URL: url }, { postgres: { schema, max: 1 } });
      expect(store).toBeInstanceOf(PostgresStore);
      expect((await store.addSubscription(newSubscription())).id).toMatch(/^[a-z2-7]{6}$/);
      await store.close();
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
