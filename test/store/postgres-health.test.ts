/**
 * The PostgreSQL health probe: unreachable when nothing listens (always run: no server needed),
 * ok against TEST_DATABASE_URL when it is set.
 */
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStore, PostgresStore } from '../../src/store/postgres.js';

const URL = process.env.TEST_DATABASE_URL;

/** A port that was free a moment ago (nothing listens on it). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('PostgreSQL health', () => {
  it('is unavailable (not ready) while the server cannot be reached, without the password', async () => {
    const port = await closedPort();
    const store = new PostgresStore(new pg.Pool({ connectionString: `postgres://bot:s3cret-pw@127.0.0.1:${port}/catalog`, max: 1 }));
    const health = await store.health();
    expect(health).toMatchObject({ kind: 'postgres', state: 'unavailable', writable: false, error: expect.stringMatching(/^unreachable: /) });
    expect(health.error).not.toContain('s3cret-pw');
    await store.close();
  });

  it.skipIf(!URL)('is ok against TEST_DATABASE_URL', async () => {
    const store = await openPostgresStore(URL!, { max: 1 });
    expect(await store.health()).toEqual({ kind: 'postgres', state: 'ok', writable: true });
    await store.close();
  });
});
