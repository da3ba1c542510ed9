/** `.cache/` keeps the current saved index and the most recently used previous one. */
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/load.js';
import { pruneCache, readCache, writeCache, type CachedCatalog } from '../../src/search/cache.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch } from '../../src/search/search.js';

const catalog = buildCatalog([{ name: 'a.txt', content: '论文ICLR 2026 Poster2026 年clinical NLP GoodNet:一篇好论文\nA description.\n' }]);
const value: CachedCatalog = { catalog, search: CatalogSearch.build(catalog.entries, Glossary.load()).save() };
const files = (dir: string) => readdirSync(dir).sort();
const age = (dir: string, name: string, minutesAgo: number) => {
  const t = new Date(Date.now() - minutesAgo * 60_000);
  utimesSync(join(dir, name), t, t);
};

describe('saved index pruning', () => {
  it('writing a new index removes all but the current and the most recently used previous one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-cache-'));
    for (const [key, minutes] of [
      ['k1', 30],
      ['k2', 20],
      ['k3', 10],
    ] as const) {
      writeCache(dir, key, value);
      age(dir, `catalog-${key}.bin`, minutes);
    }
    expect(files(dir)).toEqual(['catalog-k2.bin', 'catalog-k3.bin']);
    // Reading k2 makes it the most recently used: the next write keeps it, not k3.
    expect(readCache(dir, 'k2')?.catalog.entries).toHaveLength(1);
    writeCache(dir, 'k4', value);
    expect(files(dir)).toEqual(['catalog-k2.bin', 'catalog-k4.bin']);
  });

  it('removes temporary files of crashed writes only when they are old', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-cache-'));
    writeFileSync(join(dir, 'catalog-old.bin.tmp'), 'x');
    writeFileSync(join(dir, 'catalog-fresh.bin.tmp'), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    age(dir, 'catalog-old.bin.tmp', 120);
    expect(pruneCache(dir, 'none')).toEqual(['catalog-old.bin.tmp']);
    expect(files(dir)).toEqual(['catalog-fresh.bin.tmp', 'notes.txt']);
  });
});
