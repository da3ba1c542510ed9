/**
 * Building the bot from a seed directory: the searchable catalog (src/catalog/searchable.ts)
 * and the engine with every declared command of commands/.
 */
import type { DateTime } from 'luxon';
import { COMMANDS } from '../commands/index.js';
import type { Lang } from '../src/bot/reply.js';
import { loadSearchableCatalog, type LoadedCatalog } from '../src/catalog/searchable.js';
import { BUNDLED_SEEDS } from '../src/paths.js';
import { Engine } from '../src/engine/engine.js';
import type { CatalogServices } from '../src/engine/services.js';
import type { Rate } from '../src/platform.js';
import type { Store } from '../src/store/types.js';

export interface AppOptions {
  seeds?: string;
  now?: () => DateTime;
  lang?: Lang;
  cacheDir?: string;
  log?: (message: string, error?: unknown) => void;
  /** Subscriptions and the announcement ledger (the running bot and `npm run announce`). */
  store?: Store;
  /** PUBLIC_URL: the base of calendar feed links in replies. */
  publicUrl?: string;
  /** The engine's per-actor flood limit (default DEFAULT_FLOOD); false: none (tests, `ask`, bench). */
  flood?: Rate | false;
}

/** `engine` answers events; `core` is its catalog services (hot reload, calendar feed, announcer). */
/** The seed directory: the one given, else CATALOG_SEEDS, else the bundled seeds/. */
export function seedsDir(explicit?: string): string {
  return explicit ?? process.env.CATALOG_SEEDS ?? BUNDLED_SEEDS;
}

export function createBot(options: AppOptions = {}): { engine: Engine; core: CatalogServices; loaded: LoadedCatalog } {
  const loaded = loadSearchableCatalog(seedsDir(options.seeds), options.cacheDir);
  const engine = new Engine({
    catalog: loaded.catalog,
    search: loaded.search,
    commands: COMMANDS,
    ...(options.now ? { now: options.now } : {}),
    ...(options.lang ? { lang: options.lang } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.flood !== undefined ? { flood: options.flood } : {}),
  });
  return { engine, core: engine.services, loaded };
}
