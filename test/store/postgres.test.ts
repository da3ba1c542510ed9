/**
 * The Store suite on PostgreSQL, plus processes racing for the same keys, against
 * TEST_DATABASE_URL; skipped when it is not set. Every test gets a fresh schema, dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations.js';
import type { Clock } from '../../src/clock.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres.js';
import type { Store } from '../../src/store/types.js';
import { migrationSuite } from './migration-suite.js';
import { race } from './race.js';
import { newSubscription, storeSuite } from './store-suite.js';

const URL = process.env.TEST_DATABASE_URL;
if (!URL) {
  process.stderr.write('PostgreSQL store tests skipped: set TEST_DATABASE_URL=postgres://… ; .ci/run starts a local PostgreSQL\n');
}

const run = randomBytes(4).toString('hex');
let n = 0;
let admin: pg.Pool | undefined;

async function freshSchema(): Promise<string> {
  const schema = `t_${run}_${n++}`;
  await admin!.query(`CREATE SCHEMA ${schema}`);
  return schema;
}

async function dropSchema(schema: string | undefined): Promise<void> {
  if (schema) await admin!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

async function openFresh(clock?: Clock): Promise<PostgresStore> {
  return openPostgresStore(URL!, { schema: await freshSchema(), max: 5, ...(clock ? { clock } : {}) });
}

async function closeAndDrop(store: Store): Promise<void> {
  await store.close();
  await dropSchema((store as PostgresStore).schema);
}

describe.skipIf(!URL)('PostgreSQL (TEST_DATABASE_URL)', () => {
  beforeAll(() => {
    admin = new pg.Pool({ connectionString: URL, max: 2 });
  });
  afterAll(async () => {
    await admin?.end();
  });

  storeSuite('postgres', openFresh, closeAndDrop);

  migrationSuite('postgres', POSTGRES_MIGRATIONS, async () => {
    const schema = await freshSchema();
    const tables = async (): Promise<string[]> =>
      (await admin!.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema])).rows.map((r) => r.tablename);
    return {
      open: (migrations) => openPostgresStore(URL!, { schema, max: 2, migrations }),
      tables,
      versions: async () =>
        (await tables()).includes('schema_migrations')
          ? (await admin!.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)).rows.map((r) => r.version)
          : [],
      drop: () => dropSchema(schema),
    };
  });

  it('keeps data in its own schema, records the migration, and closes twice harmlessly', async () => {
    const store = await openFresh();
    const s = await store.addSubscription(newSubscription());
    const { rows } = await admin!.query<{ version: number }>(`SELECT version FROM ${store.schema}.schema_migrations ORDER BY version`);
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
    const { rows: subs } = await admin!.query<{ id: string }>(`SELECT id FROM ${store.schema}.subscriptions`);
    expect(subs).toEqual([{ id: s.id }]);
    await store.close();
    await store.close();
    await dropSchema(store.schema);
  });

  it('two instances migrating an empty schema at once: both succeed, one migration recorded', async () => {
    const schema = await freshSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(URL!, { schema, max: 2 })));
    const { rows } = await admin!.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
    await Promise.all(stores.map((s) => s.close()));
    await dropSchema(schema);
  });

  it('three processes migrating an empty schema at once: all succeed, one migration each', async () => {
    const schema = await freshSchema();
    expect(await race(3, ['postgres', URL!, schema, 'none', '0'], { openAfterGo: true })).toEqual([[], [], []]);
    const { rows } = await admin!.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
    await dropSchema(schema);
  }, 60_000);

  it('two processes racing for 200 keys: each key won exactly once', async () => {
    const schema = await freshSchema();
    const setup = await openPostgresStore(URL!, { schema, max: 1 });
    const s = await setup.addSubscription(newSubscription());
    await setup.close();

    const won = await race(2, ['postgres', URL!, schema, s.id, '200']);
    const all = won.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);

    const check = await openPostgresStore(URL!, { schema, max: 1 });
    const rows = await check.ledgerOf([s.id]);
    expect(rows).toHaveLength(200);
    for (const [i, keys] of won.entries()) {
      const mine = rows.filter((r) => r.claimedBy === `worker-${i}`).map((r) => r.entryId);
      expect(mine.sort()).toEqual([...keys].sort());
    }
    await check.close();
    await dropSchema(schema);
  }, 60_000);
});
