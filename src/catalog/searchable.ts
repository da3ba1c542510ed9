/**
 * A seed directory made searchable: catalog, glossary and search index (restored from
 * the prebuilt index of the bundled seeds, or from the cache for large catalogs). The bot
 * with its commands is built in app/bot.ts.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, seedDirDigest, type Catalog } from './load.js';
import { cacheKey, readCache, writeCache } from '../search/cache.js';
import { Glossary, GLOSSARY_PATH } from '../search/glossary.js';
import { CACHE_DIR, PREBUILT_DIR } from '../paths.js';
import { CatalogSearch } from '../search/search.js';
import { pruneStamps, rememberDigest, rememberedDigest, seedStamps } from './seed-stamps.js';

/**
 * Below this many seed bytes the catalog is parsed and indexed at every start, never cached
 * (a saved index stays valid only while CACHE_VERSION follows the parser).
 */
const CACHE_MIN_BYTES = 2_000_000;

export interface LoadedCatalog {
  catalog: Catalog;
  search: CatalogSearch;
  /** Restored from a saved index (prebuilt or `.cache/`), not parsed and indexed. */
  fromCache: boolean;
  /** Restored from the index `npm run build` made of the bundled seeds (see writePrebuilt). */
  prebuilt: boolean;
}

/**
 * The prebuilt directory is consulted only by the compiled code that `npm run build` made
 * together with it (dist/), never from the TypeScript sources (tests, tsx), whose parser may
 * be newer than the last build.
 */
const RUNNING_FROM_DIST = fileURLToPath(import.meta.url).startsWith(`${dirname(PREBUILT_DIR)}${sep}`);

/**
 * `prebuiltDir`: a read-only directory of saved indexes made at build time (writePrebuilt),
 * looked up by the same key as `.cache/` (the seed contents, the glossary, the cache version),
 * so edited seeds parse as before; a missing or broken file is ignored.
 */
export function loadSearchableCatalog(seeds: string, cacheDir = CACHE_DIR, prebuiltDir: string | undefined = RUNNING_FROM_DIST ? PREBUILT_DIR : undefined): LoadedCatalog {
  const glossaryText = readFileSync(GLOSSARY_PATH, 'utf8');
  const glossary = Glossary.fromText(glossaryText);
  // A first pass only hashes the files (in chunks), so a saved index is found without
  // parsing; unchanged files' stamps stand for their hash (seed-stamps.ts).
  const stamps = seedStamps(seeds);
  const remembered = rememberedDigest(cacheDir, seeds, stamps);
  const digest = remembered ?? seedDirDigest(seeds);
  if (!remembered && digest.bytes >= CACHE_MIN_BYTES) rememberDigest(cacheDir, seeds, stamps, digest);
  const key = cacheKey(digest.contentHash, glossaryText);
  const prebuilt = prebuiltDir === undefined ? undefined : restore(readCache(prebuiltDir, key), glossary);
  if (prebuilt) return { ...prebuilt, fromCache: true, prebuilt: true };
  if (digest.bytes >= CACHE_MIN_BYTES) {
    const cached = restore(readCache(cacheDir, key), glossary);
    if (cached) return { ...cached, fromCache: true, prebuilt: false };
    const catalog = loadCatalog(seeds);
    const search = CatalogSearch.build(catalog.entries, glossary);
    // Keyed by what was parsed (a file may have changed since the first pass).
    writeCache(cacheDir, cacheKey(catalog.contentHash, glossaryText), { catalog, search: search.save() });
    pruneStamps(cacheDir);
    return { catalog, search, fromCache: false, prebuilt: false };
  }
  const catalog = loadCatalog(seeds);
  return { catalog, search: CatalogSearch.build(catalog.entries, glossary), fromCache: false, prebuilt: false };
}

function restore(cached: ReturnType<typeof readCache>, glossary: Glossary): { catalog: Catalog; search: CatalogSearch } | undefined {
  if (!cached) return undefined;
  try {
    return { catalog: cached.catalog, search: CatalogSearch.restore(cached.catalog.entries, glossary, cached.search) };
  } catch {
    // A file that decodes but does not fit this catalog (its index is of another size).
    return undefined;
  }
}

/**
 * Part of `npm run build`: parses and indexes `seeds` and saves it under `dir` (emptied
 * first), where loadSearchableCatalog finds it. Returns the key it was saved under.
 */
export function writePrebuilt(seeds: string, dir: string): string {
  const glossaryText = readFileSync(GLOSSARY_PATH, 'utf8');
  const catalog = loadCatalog(seeds);
  const search = CatalogSearch.build(catalog.entries, Glossary.fromText(glossaryText));
  const key = cacheKey(catalog.contentHash, glossaryText);
  rmSync(dir, { recursive: true, force: true });
  writeCache(dir, key, { catalog, search: search.save() });
  return key;
}
