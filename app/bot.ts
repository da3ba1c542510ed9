/**
 * Building the bot from a seed directory: the searchable catalog (src/catalog/searchable.ts)
 * and the core with every declared command of commands/.
 */
import type { DateTime } from 'luxon';
import { COMMANDS } from '../commands/index.js';
import { BotCore } from '../src/bot/core.js';
import type { Lang } from '../src/bot/types.js';
import { loadSearchableCatalog, seedsDir, type LoadedCatalog } from '../src/catalog/searchable.js';
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
}

export function createBot(options: AppOptions = {}): { core: BotCore; loaded: LoadedCatalog } {
  const loaded = loadSearchableCatalog(seedsDir(options.seeds), options.cacheDir);
  const core = new BotCore({
    catalog: loaded.catalog,
    search: loaded.search,
    commands: COMMANDS,
    ...(options.now ? { now: options.now } : {}),
    ...(options.lang ? { lang: options.lang } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  return { core, loaded };
}
