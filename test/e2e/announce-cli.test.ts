/**
 * `npm run announce`: one pass and exit. --dry-run prints what would be sent and claims
 * nothing; a real run posts to the (fake) Telegram chat and to the console; a second
 * run posts nothing again. A real run records its pass in the store (a dry run does not).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { FakeTelegramApi } from '../fakes/telegram/index.js';
import { ROOT } from '../helpers.js';
import { timedCatalog, type Timed } from './announce-helpers.js';

const run = promisify(execFile);
const GROUP = -1005555555555;

let fake: FakeTelegramApi;
let timed: Timed;
let db: string;

beforeAll(async () => {
  fake = await FakeTelegramApi.start();
  timed = timedCatalog();
  db = join(mkdtempSync(join(tmpdir(), 'announce-cli-')), 'bot.sqlite');
  const store = openSqliteStore(db);
  for (const [conversation, platform] of [
    [`telegram:${GROUP}`, 'telegram'],
    ['console:local', 'console'],
  ] as const) {
    await store.addSubscription({ conversation, platform, filter: {}, leads: [7], zone: 'Asia/Shanghai', lang: 'en' });
  }
  await store.close();
});

afterAll(async () => {
  await fake?.close();
});

async function announce(...args: string[]): Promise<string> {
  return announceOn(db, ...args);
}

async function announceOn(database: string, ...args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_PATH: database, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
  const now = new Date(timed.sevenDaysBefore).toISOString();
  const r = await run(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/announce.ts`, '--seeds', timed.seeds, '--now', now, ...args], { cwd: ROOT, env, timeout: 30_000 });
  return r.stdout;
}

describe('npm run announce', () => {
  it('--dry-run prints the posts and claims nothing', async () => {
    const out = await announce('--dry-run');
    expect(out).toContain(`→ telegram:${GROUP} (`);
    expect(out).toContain('⏰ Deadline reminder: 7 days left');
    expect(out).toMatch(/announce \(dry run\): 2 active subscriptions; planned 2, sent 0,/);
    expect(fake.messages(GROUP)).toEqual([]);
    const store = openSqliteStore(db);
    expect(await store.ledgerOf((await store.activeSubscriptions()).map((s) => s.id))).toEqual([]);
    expect(await store.lastCompletePass()).toBeUndefined(); // a dry run records no pass
    await store.close();
  });

  it('posts once, then nothing on the next run', async () => {
    const out = await announce();
    expect(out).toContain('⏰ Deadline reminder: 7 days left'); // the console subscription, printed
    expect(out).toMatch(/announce: 2 active subscriptions; planned 2, sent 2,/);
    expect(fake.messages(GROUP).map((m) => m.text.split('\n')[0])).toEqual(['⏰ Deadline reminder: 7 days left']);
    // Recorded, at the wall clock's time (not --now's, 3 days ahead): the next pass looks back since then + 1 day.
    const store = openSqliteStore(db);
    const last = Date.parse((await store.lastCompletePass())!);
    await store.close();
    expect(last).toBeLessThanOrEqual(Date.now());
    expect(last).toBeGreaterThan(Date.now() - 60_000);
    expect(await announce()).toMatch(/planned 0, sent 0,/);
    expect(fake.messages(GROUP)).toHaveLength(1);
  });

  it('three processes running the same pass on one SQLite file post each announcement once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'announce-race-')), 'bot.sqlite');
    const store = openSqliteStore(file);
    const chats = Array.from({ length: 12 }, (_, i) => -1007000000000 - i);
    for (const chat of chats) {
      await store.addSubscription({ conversation: `telegram:${chat}`, platform: 'telegram', filter: {}, leads: [7], zone: 'Asia/Shanghai', lang: 'zh' });
    }
    await store.close();
    const outs = await Promise.all([announceOn(file), announceOn(file), announceOn(file)]);
    const sent = outs.map((o) => Number(/sent (\d+),/.exec(o)![1]));
    // However the three interleave (a later one may plan after the first has posted), the total is 12.
    expect(sent.reduce((a, b) => a + b, 0)).toBe(12);
    expect(chats.map((c) => fake.messages(c).length)).toEqual(chats.map(() => 1));
    expect(fake.messages(chats[0]!)[0]!.text.split('\n')[0]).toBe('⏰ 截止提醒:还有 7 天');
  });
});
