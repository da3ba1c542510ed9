/**
 * A seed directory made searchable: catalog, glossary and search index (restored from
 * the cache for large catalogs). The bot with its commands is built in app/bot.ts.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog, seedDirDigest, type Catalog } from './load.js';
import { cacheKey, readCache, writeCache } from '../search/cache.js';
import { Glossary, GLOSSARY_PATH } from '../search/glossary.js';
import { BUNDLED_SEEDS, CACHE_DIR } from '../paths.js';
import { CatalogSearch } from '../search/search.js';

export const DEFAULT_SEEDS = BUNDLED_SEEDS;
export const DEFAULT_CACHE = CACHE_DIR;
/** Below this many seed bytes, parsing and indexing is faster than reading a cache. */
const CACHE_MIN_BYTES = 2_000_000;

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
