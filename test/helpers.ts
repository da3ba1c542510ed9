/** Shared test helpers: a bot on the bundled or a temporary catalog, with a fixed clock. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { createBot } from '../app/bot.js';
import type { BotCore } from '../src/bot/core.js';
import type { Lang, Reply } from '../src/bot/types.js';

export const SEEDS = new URL('../seeds/', import.meta.url).pathname;
export const ROOT = new URL('../', import.meta.url).pathname;

export function at(iso: string): DateTime {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new Error(`bad test time ${iso}`);
  return dt;
}

export function makeBot(options: { now?: string; lang?: Lang; seeds?: string } = {}): BotCore {
  const now = at(options.now ?? '2026-11-23T12:00:00+08:00');
  return createBot({ seeds: options.seeds ?? SEEDS, now: () => now, ...(options.lang ? { lang: options.lang } : {}) }).core;
}

export function ask(bot: BotCore, text: string, extra: { locale?: string; page?: number } = {}): Reply {
  const reply = bot.handle({ platform: 'test', conversation: 'test:1', user: 'u1', text, ...extra });
  if (!reply) throw new Error('no reply');
  return reply;
}

/** A temporary seed directory holding the given files. */
export function seedDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-seeds-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
