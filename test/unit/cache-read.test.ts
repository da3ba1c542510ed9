/**
 * Reading a saved index from its file (cache.ts readCache): entries written in several
 * 4 MB chunks and decoded lazily, the index's arrays as views over one buffer, the dated
 * places and kinds saved, the same answers as the index it was saved from, and a damaged
 * file ignored.
 */
import { copyFileSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUERIES, writeSyntheticCatalog } from '../../scripts/bench/synthetic.js';
import { datedIndexes } from '../../src/catalog/dated.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { ACCESS, KINDS } from '../../src/catalog/schema.js';
import { readCache, writeCache } from '../../src/search/cache.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch } from '../../src/search/search.js';

const work = mkdtempSync(join(tmpdir(), 'cache-read-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readCache', () => {
  // About 6 MB of entry JSON: more than one 4 MB chunk when written.
  const seeds = join(work, 'seeds');
  writeSyntheticCatalog(seeds, 7000);
  const catalog = loadCatalog(seeds);
  const glossary = Glossary.load();
  const search = CatalogSearch.build(catalog.entries, glossary);
  const dir = join(work, 'cache');
  writeCache(dir, 'k1', { catalog, search: search.save() });

  it('gives back the entries and an index answering alike, its arrays views over one buffer', () => {
    const cached = readCache(dir, 'k1');
    expect(cached).toBeDefined();
    expect(cached!.catalog.entries).toEqual(catalog.entries);
    expect(cached!.catalog.problems).toEqual(catalog.problems);
    // The dated entries' places and each entry's kind are saved (a restart reads no entry for them).
    expect(cached!.catalog.dated).toEqual(datedIndexes(catalog.entries));
    expect(cached!.catalog.dated!.length).toBeGreaterThan(0);
    expect(Array.from(cached!.search.kinds!)).toEqual(catalog.entries.map((e) => KINDS.indexOf(e.kind)));
    expect(Array.from(cached!.search.access!)).toEqual(catalog.entries.map((e) => (e.access ? ACCESS.indexOf(e.access) + 1 : 0)));
    const p = cached!.search.postings;
    const buffers = new Set([...p.offsets, ...p.docs, ...p.impacts, ...p.bounds].map((a) => a.buffer));
    // The exact-name table is saved too (a restart does not rebuild it from 7,000 titles).
    expect(cached!.search.names?.hashes.length).toBe(search.save().names?.hashes.length);
    buffers.add(cached!.search.names!.hashes.buffer);
    expect(buffers.size).toBe(1);
    const restored = CatalogSearch.restore(cached!.catalog.entries, glossary, cached!.search);
    for (const q of QUERIES.filter((x) => !x.startsWith('/'))) {
      expect(
        restored.search(q).map((h) => `${h.entry.id} ${h.score}`),
        q,
      ).toEqual(search.search(q).map((h) => `${h.entry.id} ${h.score}`));
    }
  });

  it('lists the entries of a kind and an access from the saved arrays, decoding only those read', () => {
    const cached = readCache(dir, 'k1')!;
    let decoded = 0;
    const entries = new Proxy(cached.catalog.entries, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) decoded++;
        return Reflect.get(target, key, receiver);
      },
    });
    const restored = CatalogSearch.restore(entries, glossary, cached.search);
    const open = restored.ofKinds(['dataset'], 'open');
    const expected = catalog.entries.filter((e) => e.kind === 'dataset' && e.access === 'open');
    expect(expected.length).toBeGreaterThan(10);
    expect(open.length).toBe(expected.length);
    expect(decoded).toBe(0);
    expect(open.slice(0, 5).map((e) => e.id)).toEqual(expected.slice(0, 5).map((e) => e.id));
    expect(decoded).toBe(5);
    expect(restored.ofKinds(undefined).length).toBe(catalog.entries.length);
    expect(restored.ofKinds(['paper', 'cfp']).map((e) => e.id)).toEqual(catalog.entries.filter((e) => e.kind === 'paper' || e.kind === 'cfp').map((e) => e.id));
  });

  it('can leave the entry texts in the file, read entry by entry, even once the file is pruned', () => {
    const cached = readCache(dir, 'k1', 0);
    expect(cached).toBeDefined();
    const file = join(dir, readdirSync(dir).find((n) => n.includes('k1'))!);
    const copy = `${file}.copy`;
    copyFileSync(file, copy);
    // Pruning unlinks a file; one this process has open stays readable.
    unlinkSync(file);
    try {
      expect(cached!.catalog.entries[6999]).toEqual(catalog.entries[6999]);
      expect(cached!.catalog.entries).toEqual(catalog.entries);
      const restored = CatalogSearch.restore(cached!.catalog.entries, glossary, cached!.search);
      const hits = restored.search(QUERIES[0]!).map((h) => h.entry.id);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits).toEqual(search.search(QUERIES[0]!).map((h) => h.entry.id));
      expect(restored.search('pathology').map((h) => h.entry.id)).toEqual(search.search('pathology').map((h) => h.entry.id));
    } finally {
      renameSync(copy, file);
    }
  });

  it('ignores a truncated file (the bot then rebuilds)', () => {
    const file = join(dir, readdirSync(dir).find((n) => n.includes('k1'))!);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(readCache(dir, 'k1')).toBeUndefined();
    expect(readCache(dir, 'missing')).toBeUndefined();
  });
});
