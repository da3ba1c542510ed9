/**
 * A saved catalog and index, keyed by the seed files' content, the glossary and the
 * code's cache version. Large catalogs restart from it instead of re-parsing and
 * re-indexing; a stale or broken cache file is ignored and rebuilt.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/load.js';
import type { SavedSearch } from './search.js';

/** Bump when parsing or indexing changes what a saved file would hold. */
const CACHE_VERSION = 1;

export interface CachedCatalog {
  catalog: Catalog;
  search: SavedSearch;
}

export function cacheKey(contentHash: string, glossaryText: string): string {
  return createHash('sha256').update(`${CACHE_VERSION}\0${contentHash}\0${glossaryText}`).digest('hex').slice(0, 20);
}

export function readCache(dir: string, key: string): CachedCatalog | undefined {
  try {
    const data = JSON.parse(readFileSync(join(dir, `catalog-${key}.json`), 'utf8')) as CachedCatalog;
    return data.catalog && data.search ? data : undefined;
  } catch {
    return undefined;
  }
}

export function writeCache(dir: string, key: string, value: CachedCatalog): void {
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `catalog-${key}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(value));
    renameSync(`${file}.tmp`, file);
  } catch {
    // A read-only disk only costs the next start a rebuild.
  }
}
