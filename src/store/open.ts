/**
 * Picks and opens the Store from the environment: PostgreSQL when DATABASE_URL is set, else
 * SQLite at DATABASE_PATH (default data/catalog-bot.sqlite in the project). Migrated and ready.
 */
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import type { PostgresStoreOptions } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export const DEFAULT_SQLITE_PATH = join(PROJECT_ROOT, 'data', 'catalog-bot.sqlite');

export interface OpenStoreOptions {
  /** SQLite file when DATABASE_PATH is not set (default DEFAULT_SQLITE_PATH). */
  defaultPath?: string;
  /** Passed to the PostgreSQL pool. */
  postgres?: PostgresStoreOptions;
}

/** Where the store lives, without opening it: for logs and for checking the environment early. */
export function storeLocation(env: NodeJS.ProcessEnv, options: OpenStoreOptions = {}): { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string } {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL (got ${protocol ? `a ${protocol}// URL` : 'something that is not a URL'})`);
    }
    return { kind: 'postgres', url };
  }
  const path = env.DATABASE_PATH?.trim();
  if (path === ':memory:') return { kind: 'sqlite', path };
  return { kind: 'sqlite', path: path ? resolve(path) : (options.defaultPath ?? DEFAULT_SQLITE_PATH) };
}

/** Opens the store the environment names and migrates it. */
export async function openStore(env: NodeJS.ProcessEnv, options: OpenStoreOptions = {}): Promise<Store> {
  const where = storeLocation(env, options);
  if (where.kind === 'postgres') {
    // Imported only here: a SQLite bot's start does not load pg, nor what pg's runtime check
    // loads (Node's fetch).
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(where.url, options.postgres);
  }
  const store = openSqliteStore(where.path);
  await store.migrate();
  return store;
}
