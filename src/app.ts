/**
 * Building the bot from a seed directory: catalog, glossary, search index (restored
 * from the cache for large catalogs), and the engine with every declared command.
 */
import { readFileSync } from 'node:fs';
import type { DateTime } from 'luxon';
import { COMMANDS } from '../commands/index.js';
import { Engine } from './engine/engine.js';
import type { CatalogServices } from './engine/services.js';
import type { Rate } from './platform.js';
import type { Lang } from './bot/types.js';
import { loadCatalog, seedDirDigest, type Catalog } from './catalog/load.js';
import { cacheKey, readCache, writeCache } from './search/cache.js';
import { Glossary, GLOSSARY_PATH } from './search/glossary.js';
import { BUNDLED_SEEDS, CACHE_DIR } from './paths.js';
import { CatalogSearch } from './search/search.js';
import type { Store } from './store/types.js';

export const DEFAULT_SEEDS = BUNDLED_SEEDS;
export const DEFAULT_CACHE = CACHE_DIR;
/** Below this many seed bytes, parsing and indexing is faster than reading a cache. */
const CACHE_MIN_BYTES = 2_000_000;

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

export interface LoadedCatalog {
  catalog: Catalog;
  search: CatalogSearch;
  fromCache: boolean;
}

export function seedsDir(explicit?: string): string {
  return explicit ?? process.env.CATALOG_SEEDS ?? DEFAULT_SEEDS;
}

export function loadSearchableCatalog(seeds: string, cacheDir = DEFAULT_CACHE): LoadedCatalog {
  const glossaryText = readFileSync(GLOSSARY_PATH, 'utf8');
  const glossary = Glossary.load();
  // A first pass only hashes the files (in chunks), so a saved index is found without parsing.
  const digest = seedDirDigest(seeds);
  if (digest.bytes >= CACHE_MIN_BYTES) {
    const cached = readCache(cacheDir, cacheKey(digest.contentHash, glossaryText));
    if (cached) {
      return { catalog: cached.catalog, search: CatalogSearch.restore(cached.catalog.entries, glossary, cached.search), fromCache: true };
    }
    const catalog = loadCatalog(seeds);
    const search = CatalogSearch.build(catalog.entries, glossary);
    // Keyed by what was parsed (a file may have changed since the first pass).
    writeCache(cacheDir, cacheKey(catalog.contentHash, glossaryText), { catalog, search: search.save() });
    return { catalog, search, fromCache: false };
  }
  const catalog = loadCatalog(seeds);
  return { catalog, search: CatalogSearch.build(catalog.entries, glossary), fromCache: false };
}

/** `engine` answers events; `core` is its catalog services (hot reload, calendar feed, announcer). */
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
