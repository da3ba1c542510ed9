/**
 * A seed directory made searchable: catalog, glossary and search index (restored from
 * the cache for large catalogs). The bot with its commands is built in app/bot.ts.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog, seedDirDigest, type Catalog } from './load.js';
import { cacheKey, readCache, writeCache } from '../search/cache.js';
import { Glossary, GLOSSARY_PATH } from '../search/glossary.js';
import { CACHE_DIR } from '../paths.js';
import { CatalogSearch } from '../search/search.js';

/**
 * Below this many seed bytes the catalog is parsed and indexed at every start, never cached
 * (a saved index stays valid only while CACHE_VERSION follows the parser).
 */
const CACHE_MIN_BYTES = 2_000_000;

export interface LoadedCatalog {
  catalog: Catalog;
  search: CatalogSearch;
  fromCache: boolean;
}

export function loadSearchableCatalog(seeds: string, cacheDir = CACHE_DIR): LoadedCatalog {
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
