/** Shared test helpers: an engine on the bundled or a temporary catalog, with a fixed clock. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dirs.js';
import { DateTime } from 'luxon';
import { createBot } from '../app/bot.js';
import type { Catalog } from '../src/catalog/load.js';
import { rosterOf } from '../src/catalog/roster.js';
import type { Lang, Reply } from '../src/bot/reply.js';
import type { Engine } from '../src/engine/engine.js';
import type { CatalogServices } from '../src/engine/services.js';
import type { Actor, InboundEvent, Place } from '../src/engine/types.js';

export const SEEDS = new URL('../seeds/', import.meta.url).pathname;

/** A catalog with its roster as an object, to compare catalogs (a saved one keeps its roster as text until a reload is judged). */
export const comparable = (catalog: Catalog) => ({ ...catalog, roster: rosterOf(catalog) });
export const ROOT = new URL('../', import.meta.url).pathname;

export function at(iso: string): DateTime {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new Error(`bad test time ${iso}`);
  return dt;
}

export interface BotOptions {
  now?: string;
  lang?: Lang;
  seeds?: string;
}

/** An engine over the test catalog, with no flood limit. */
export function makeEngine(options: BotOptions = {}): Engine {
  const now = at(options.now ?? '2026-11-23T12:00:00+08:00');
  return createBot({ seeds: options.seeds ?? SEEDS, now: () => now, flood: false, ...(options.lang ? { lang: options.lang } : {}) }).engine;
}

/** The catalog services of such an engine (createBot's `core`: entries, search, catalog, replaceCatalog). */
export function makeBot(options: BotOptions = {}): CatalogServices {
  return makeEngine(options).services;
}

/** A private test chat: the user manages it. */
export const TEST_PLACE: Place = { address: 'test:1', platform: 'test', group: false };

export function testActor(locale?: string): Actor {
  return { id: 'u1', ...(locale ? { locale } : {}), canManage: async () => true };
}

/** The engine's reply to an event in the test chat (fails when there is none). */
export async function replyTo(bot: Engine, event: InboundEvent, extra: { locale?: string; place?: Partial<Place> } = {}): Promise<Reply> {
  const outcome = await bot.handle(event, testActor(extra.locale), { ...TEST_PLACE, ...extra.place });
  if (outcome.type !== 'reply') throw new Error(`no reply (${outcome.type})`);
  return outcome.reply;
}

/** The reply to a message typed in the test chat. */
export function ask(bot: Engine, text: string, extra: { locale?: string } = {}): Promise<Reply> {
  return replyTo(bot, { type: 'text', text }, extra);
}

/** A temporary seed directory holding the given files. */
export function seedDir(files: Record<string, string>): string {
  const dir = tempDir('catalog-seeds-');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
