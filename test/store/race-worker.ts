/**
 * A separate process for the race tests: opens a store on the shared database, prints "ready",
 * waits for "go <epoch ms>" on stdin and for that instant, claims keys 0..n-1 as fast as it can, and prints "won [keys]".
 * With RACE_OPEN_AFTER_GO=1 it opens (and so migrates) only after the start instant instead, to
 * race the migrations of a new database.
 * Usage: race-worker.ts <name> sqlite <file> <subscriptionId> <n>
 *        race-worker.ts <name> postgres <url> <schema> <subscriptionId> <n>
 */
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

const [name = 'worker', dialect, ...rest] = process.argv.slice(2);

async function open(): Promise<{ store: Store; subscriptionId: string; n: number }> {
  if (dialect === 'sqlite') {
    const [file = '', subscriptionId = '', n = '0'] = rest;
    return { store: openSqliteStore(file), subscriptionId, n: Number(n) };
  }
  if (dialect === 'postgres') {
    const [url = '', schema = '', subscriptionId = '', n = '0'] = rest;
    return { store: await openPostgresStore(url, { schema, max: 2 }), subscriptionId, n: Number(n) };
  }
  throw new Error(`unknown dialect ${dialect}`);
}

const openAfterGo = process.env.RACE_OPEN_AFTER_GO === '1';
let opened = openAfterGo ? undefined : await open();
process.stdout.write('ready\n');
const startAt = await new Promise<number>((resolve) => {
  let input = '';
  process.stdin.setEncoding('utf8').on('data', (d: string) => {
    input += d;
    const match = /go (\d+)\n/.exec(input);
    if (match) resolve(Number(match[1]));
  });
});
while (Date.now() < startAt) {
  // Spin until the shared start instant: a timer would wake each worker at a different moment.
}
opened ??= await open();
const { store, subscriptionId, n } = opened;
await store.migrate();
const won: string[] = [];
for (let i = 0; i < n; i++) {
  const entryId = `entry-${i}`;
  const ok = await store.claim({
    subscriptionId,
    entryId,
    milestone: 'deadline',
    lead: '1d',
    deadlineAt: '2026-05-26T19:59:00.000+08:00',
    claimedBy: name,
    claimedAt: new Date().toISOString(),
  });
  if (ok) won.push(entryId);
}
await store.close();
process.stdout.write(`won ${JSON.stringify(won)}\n`);
