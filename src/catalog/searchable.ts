/**
 * A seed directory made searchable: catalog, glossary and search index (restored from
 * the prebuilt index of the bundled seeds, or from the cache for large catalogs). The bot
 * with its commands is built in app/bot.ts.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { loadCatalog, loadCatalogAsTexts, seedDirDigest, type Catalog } from './load.js';
import type { Entry } from './schema.js';
import { storedEntries, textsReader } from '../search/stored-entries.js';
import { cacheKey, readCache, writeCache } from '../search/cache.js';
import { Glossary, GLOSSARY_PATH } from '../search/glossary.js';
import { CACHE_DIR, PREBUILT_DIR } from '../paths.js';
import { CatalogSearch } from '../search/search.js';
import { collectGarbage } from '../gc.js';
import { pruneStamps, rememberDigest, rememberedDigest, seedStamps } from './seed-stamps.js';
import { type BuiltApart, buildApart } from './build-apart.js';

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
  /** Built and saved by a child process just now (build-apart.ts): its peak RSS. */
  builtApart?: BuiltApart;
}

/**
 * The prebuilt directory is consulted only by the compiled code that `npm run build` made
 * together with it (dist/), never from the TypeScript sources (tests, tsx), whose parser may
 * be newer than the last build.
 */
const RUNNING_FROM_DIST = fileURLToPath(import.meta.url).startsWith(`${dirname(PREBUILT_DIR)}${sep}`);

/** Where a catalog's saved index is: found or just written by findOrBuild. */
export interface SavedCatalog {
  dir: string;
  key: string;
  /** Found already saved (prebuilt or `.cache/`), not parsed and indexed now. */
  fromCache: boolean;
  prebuilt: boolean;
  builtApart?: BuiltApart;
}

/**
 * `prebuiltDir`: a read-only directory of saved indexes made at build time (writePrebuilt),
 * looked up by the same key as `.cache/` (the seed contents, the glossary, the cache version),
 * so edited seeds parse as before; a missing or broken file is ignored.
 */
export function loadSearchableCatalog(seeds: string, cacheDir = CACHE_DIR, prebuiltDir: string | undefined = RUNNING_FROM_DIST ? PREBUILT_DIR : undefined): LoadedCatalog {
  const found = find(seeds, cacheDir, prebuiltDir, true);
  if (found.loaded) return found.loaded;
  // What was built goes (it died with find's frame; collected now, before the file's buffers
  // are read, not under them), and the saved file stands for it as a restart's would.
  collectGarbage();
  return (found.saved && restoreSaved(found.saved)) ?? build(seeds, Glossary.load());
}

/**
 * For the reload worker: where the catalog's saved index is, found (checked, its entry texts
 * left unread) or built and written now, so the main thread only restores it; a small catalog
 * (or one whose index could not be written) is built and given back as it is.
 */
export function findOrBuild(seeds: string, cacheDir = CACHE_DIR, prebuiltDir: string | undefined = RUNNING_FROM_DIST ? PREBUILT_DIR : undefined): SavedCatalog | LoadedCatalog {
  const found = find(seeds, cacheDir, prebuiltDir, false);
  return found.saved ?? found.loaded;
}

/** The catalog and index saved where `saved` says (undefined when the file is missing or damaged). */
export function restoreSaved(saved: SavedCatalog): LoadedCatalog | undefined {
  const restored = restore(readCache(saved.dir, saved.key), Glossary.load());
  return restored && { ...restored, fromCache: saved.fromCache, prebuilt: saved.prebuilt, ...(saved.builtApart ? { builtApart: saved.builtApart } : {}) };
}

type Found = { saved: SavedCatalog; loaded?: LoadedCatalog } | { saved?: undefined; loaded: LoadedCatalog };

/**
 * The saved index (prebuilt, then `.cache/`; restored when `restoreFound`, else only checked),
 * or for a large catalog one built and written now, or a small catalog built.
 */
function find(seeds: string, cacheDir: string, prebuiltDir: string | undefined, restoreFound: boolean): Found {
  const glossaryText = readFileSync(GLOSSARY_PATH, 'utf8');
  const glossary = Glossary.fromText(glossaryText);
  // A first pass only hashes the files (in chunks), so a saved index is found without
  // parsing; unchanged files' stamps stand for their hash (seed-stamps.ts).
  const stamps = seedStamps(seeds);
  const remembered = rememberedDigest(cacheDir, seeds, stamps);
  const digest = remembered ?? seedDirDigest(seeds);
  if (!remembered && digest.bytes >= CACHE_MIN_BYTES) rememberDigest(cacheDir, seeds, stamps, digest);
  const key = cacheKey(digest.contentHash, glossaryText);
  const open = (dir: string, prebuilt: boolean): Found | undefined => {
    const restored = restore(readCache(dir, key, restoreFound ? undefined : 0), glossary);
    if (!restored) return undefined;
    const saved = { dir, key, fromCache: true, prebuilt };
    return restoreFound ? { saved, loaded: { ...restored, fromCache: true, prebuilt } } : { saved };
  };
  const prebuilt = prebuiltDir === undefined ? undefined : open(prebuiltDir, true);
  if (prebuilt) return prebuilt;
  if (digest.bytes < CACHE_MIN_BYTES) return { loaded: build(seeds, glossary) };
  const cached = open(cacheDir, false);
  if (cached) return cached;
  // Built in a child process where possible, so this one never holds what a build touches.
  const apart = buildApart(seeds, cacheDir);
  if (apart) return { saved: { dir: cacheDir, key: apart.key, fromCache: false, prebuilt: false, builtApart: apart.figures } };
  const built = buildAndSave(seeds, glossary, glossaryText, cacheDir);
  return typeof built === 'string' ? { saved: { dir: cacheDir, key: built, fromCache: false, prebuilt: false } } : { loaded: built };
}

function build(seeds: string, glossary: Glossary): LoadedCatalog {
  const catalog = loadCatalog(seeds);
  return { catalog, search: CatalogSearch.build(catalog.entries, glossary), fromCache: false, prebuilt: false };
}

/**
 * Parses and indexes `seeds` lean (loadCatalogAsTexts: no entry held as an object, each phase's
 * garbage collected before the next) and saves them in `cacheDir`, keyed by what was parsed (a
 * file may have changed since the first pass); returns the key, or when the file could not be
 * written the catalog over its entry texts.
 */
function buildAndSave(seeds: string, glossary: Glossary, glossaryText: string, cacheDir: string): string | LoadedCatalog {
  const spill = spillFile(cacheDir);
  let keepOpen = false;
  try {
    const { catalog, texts } = loadCatalogAsTexts(seeds, spill === undefined ? {} : { spill });
    const saved = CatalogSearch.build(catalog.entries, glossary).save();
    const key = cacheKey(catalog.contentHash, glossaryText);
    const written = writeCache(cacheDir, key, { catalog, search: saved }, texts);
    pruneStamps(cacheDir);
    if (written) return key;
    // Not saved (a full disk): the entries are read from their texts, kept (and the file open).
    keepOpen = true;
    const entries = storedEntries<Entry>(textsReader(texts), texts.offsets);
    return { catalog: { ...catalog, entries }, search: CatalogSearch.restore(entries, glossary, saved), fromCache: false, prebuilt: false };
  } finally {
    if (spill !== undefined && !keepOpen) closeSync(spill);
  }
}

/** For build-child.ts: builds and saves `seeds` in `cacheDir`; the key, or undefined when not written. */
export function saveBuilt(seeds: string, cacheDir: string): string | undefined {
  const glossaryText = readFileSync(GLOSSARY_PATH, 'utf8');
  const built = buildAndSave(seeds, Glossary.fromText(glossaryText), glossaryText, cacheDir);
  return typeof built === 'string' ? built : undefined;
}

/**
 * A temporary file in `dir` for a lean build's entry texts (open for reading and writing), removed
 * from the directory at once where the system allows (nothing is left behind by a crash; else
 * pruneCache removes it later by its name); undefined when `dir` cannot take it (texts in memory).
 */
function spillFile(dir: string): number | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `catalog-entries-${process.pid}-${threadId}.bin.tmp`);
    const fd = openSync(path, 'w+');
    try {
      unlinkSync(path);
    } catch {
      // removed when closed is not possible here: left to pruneCache
    }
    return fd;
  } catch {
    return undefined;
  }
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
