/** A reload's parse and index run in a worker thread; the main thread gets a working catalog and index. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { loadOffThread } from '../../src/runtime/offthread.js';
import { SEEDS, seedDir } from '../helpers.js';

describe('loading a seed directory off the main thread', () => {
  it('gives the same catalog and search results as loading on the main thread', async () => {
    const here = loadSearchableCatalog(SEEDS);
    const there = await loadOffThread(SEEDS);
    expect(there.catalog.contentHash).toBe(here.catalog.contentHash);
    expect(there.catalog.entries).toEqual(here.catalog.entries);
    for (const q of ['病理', 'MIMIC', 'EMNLP deadline']) {
      expect(there.search.search(q).map((h) => h.entry.id)).toEqual(here.search.search(q).map((h) => h.entry.id));
    }
  });

  it('rejects with the reason when the directory cannot be read', async () => {
    await expect(loadOffThread(join(seedDir({}), 'missing'))).rejects.toThrow(/missing/);
  });
});
