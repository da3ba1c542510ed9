/**
 * A large catalog's first start (no saved index): loaded lean (each entry kept as its JSON text
 * once checked), indexed and saved, then read back as a restart would restore it
 * (searchable.ts); off the main thread (a reload), the worker saves it and the main thread
 * restores the file.
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { QUERIES, writeSyntheticCatalog } from '../../scripts/bench/synthetic.js';
import { loadCatalog, loadCatalogAsTexts, seedDirDigest } from '../../src/catalog/load.js';
import { findOrBuild, loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { loadOffThread } from '../../src/runtime/offthread.js';
import { readCache, writeCache } from '../../src/search/cache.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch } from '../../src/search/search.js';
import { comparable } from '../helpers.js';

const work = mkdtempSync(join(tmpdir(), 'cold-build-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const seeds = join(work, 'seeds');
// Over the 2 MB below which a catalog is never saved.
writeSyntheticCatalog(seeds, 5000);
const parsed = loadCatalog(seeds);
const built = CatalogSearch.build(parsed.entries, Glossary.load());
const answers = (search: CatalogSearch) => QUERIES.filter((q) => !q.startsWith('/')).map((q) => search.search(q).map((h) => `${h.entry.id} ${h.score}`));
const expected = answers(built);

describe('a cold build of a large catalog', () => {
  it('is built by a child process, saved and kept in the saved form (entries decoded when read), with the same catalog and answers', () => {
    expect(seedDirDigest(seeds).bytes).toBeGreaterThan(2_000_000);
    const cache = join(work, 'cache-a');
    const loaded = loadSearchableCatalog(seeds, cache, undefined);
    expect(loaded.fromCache).toBe(false);
    // The child's own figures come back with it.
    expect(loaded.builtApart?.peakRssBytes).toBeGreaterThan(0);
    expect(types.isProxy(loaded.catalog.entries)).toBe(true);
    expect(readdirSync(cache).some((n) => n.startsWith('catalog-') && n.endsWith('.bin'))).toBe(true);
    // The texts' temporary file is gone.
    expect(readdirSync(cache).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(comparable(loaded.catalog)).toEqual(comparable(parsed));
    expect(answers(loaded.search)).toEqual(expected);
    const again = loadSearchableCatalog(seeds, cache, undefined);
    expect(again.fromCache).toBe(true);
    expect(again.builtApart).toBeUndefined();
    expect(answers(again.search)).toEqual(expected);
  });

  it('off the main thread (a reload): the worker saves it and the main thread restores the saved file', async () => {
    const cache = join(work, 'cache-b');
    const found = findOrBuild(seeds, cache, undefined);
    expect(found).toMatchObject({ dir: cache, fromCache: false, prebuilt: false, builtApart: { peakRssBytes: expect.any(Number) } });
    // Found again without a rebuild, its entries unread.
    expect(findOrBuild(seeds, cache, undefined)).toMatchObject({ dir: cache, fromCache: true });
    rmSync(cache, { recursive: true, force: true });
    const loaded = await loadOffThread(seeds, cache);
    expect(loaded.fromCache).toBe(false);
    expect(types.isProxy(loaded.catalog.entries)).toBe(true);
    expect(comparable(loaded.catalog)).toEqual(comparable(parsed));
    expect(answers(loaded.search)).toEqual(expected);
  });

  it('when the saved file cannot be written, builds here and keeps the entries as their texts in memory', () => {
    const notADir = join(work, 'a-file');
    writeFileSync(notADir, '');
    const loaded = loadSearchableCatalog(seeds, join(notADir, 'cache'), undefined);
    expect(loaded.fromCache).toBe(false);
    expect(loaded.builtApart).toBeUndefined();
    expect(types.isProxy(loaded.catalog.entries)).toBe(true);
    expect(comparable(loaded.catalog)).toEqual(comparable(parsed));
    // Decoded once and kept: the same object at every read.
    expect(loaded.catalog.entries[7]).toBe(loaded.catalog.entries[7]);
    expect(answers(loaded.search)).toEqual(expected);
  });
});

describe('the lean load (loadCatalogAsTexts)', () => {
  it('gives the catalog loadCatalog gives, its entries as texts in more than one buffer, each read decoded anew', () => {
    const { catalog, texts } = loadCatalogAsTexts(seeds);
    expect(texts.parts.length).toBeGreaterThan(1);
    expect(texts.offsets.length).toBe(parsed.entries.length + 1);
    expect(comparable(catalog)).toEqual(comparable(parsed));
    expect(catalog.dated).toEqual(parsed.dated);
    expect(catalog.entries[3]).toEqual(parsed.entries[3]);
    expect(catalog.entries[3]).not.toBe(catalog.entries[3]);
  });

  it('with a spill file, writes the texts there (nothing held in memory) and reads them back from it', () => {
    const path = join(work, 'spill.tmp');
    const fd = openSync(path, 'w+');
    try {
      const { catalog, texts } = loadCatalogAsTexts(seeds, { spill: fd });
      expect(texts.parts).toEqual([]);
      expect(texts.fd).toBe(fd);
      expect(fstatSync(fd).size).toBe(texts.offsets[texts.offsets.length - 1]);
      expect(comparable(catalog)).toEqual(comparable(parsed));
      const saved = CatalogSearch.build(catalog.entries, Glossary.load()).save();
      // The saved file written from the spill file restores the same catalog.
      expect(writeCache(join(work, 'cache-spill'), 'k', { catalog, search: saved }, texts)).toBe(true);
      expect(comparable(readCache(join(work, 'cache-spill'), 'k')!.catalog)).toEqual(comparable(parsed));
    } finally {
      closeSync(fd);
    }
  });
});
