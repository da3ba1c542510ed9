/**
 * The catalog's roster (roster.ts): every entry's id and seed files, made while assembling and
 * kept in the saved index, so judging a reload of a restored catalog decodes no entry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Catalog, buildCatalog, loadCatalog } from '../../src/catalog/load.js';
import { fileOf, type Roster, rosterOf, type SavedRoster } from '../../src/catalog/roster.js';
import { BUNDLED_SEEDS } from '../../src/paths.js';
import { judgeCatalog } from '../../src/runtime/reload.js';
import { readCache, writeCache } from '../../src/search/cache.js';
import { Glossary } from '../../src/search/glossary.js';
import { CatalogSearch } from '../../src/search/search.js';

const work = mkdtempSync(join(tmpdir(), 'roster-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The catalog with entries that fail the test when one is read (only their count is known). */
function unreadable(catalog: Catalog): Catalog {
  const entries = new Proxy(catalog.entries, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) throw new Error(`entry ${key} was read`);
      return Reflect.get(target, key, receiver);
    },
  });
  return { ...catalog, entries };
}

const bundled = loadCatalog(BUNDLED_SEEDS);

describe('the roster', () => {
  it('names every entry of a loaded catalog with its id and the files of its sources, in catalog order', () => {
    const roster = bundled.roster as Roster;
    expect(roster.ids).toEqual(bundled.entries.map((e) => e.id));
    expect(roster.from.map((places) => places.map((p) => roster.files[p]))).toEqual(bundled.entries.map((e) => [...new Set(e.sources.map(fileOf))]));
    // The same as one made from the entries.
    expect(rosterOf({ entries: bundled.entries })).toEqual(roster);
  });

  it('is kept in the saved index, and a reload of restored catalogs is judged without reading an entry', () => {
    const search = CatalogSearch.build(bundled.entries, Glossary.load()).save();
    expect(writeCache(work, 'k', { catalog: bundled, search })).toBe(true);
    const restored = readCache(work, 'k')!.catalog;
    // Kept as its JSON text, parsed when a reload is judged.
    expect(JSON.parse((restored.roster as SavedRoster).text)).toEqual(bundled.roster);
    expect(rosterOf(restored)).toEqual(bundled.roster);
    const current = unreadable(restored);
    expect(judgeCatalog(current, unreadable(readCache(work, 'k')!.catalog))).toEqual({ accept: true });
    // A file that loses most of its entries is still refused (its lost entries are read then).
    const [first] = bundled.files;
    const kept = bundled.entries.filter((e) => !e.sources.some((s) => fileOf(s) === first));
    const next = { ...bundled, entries: kept, roster: rosterOf({ entries: kept }), contentHash: 'other' };
    expect(judgeCatalog(restored, next)).toMatchObject({ accept: false, files: [{ file: first, cause: 'entries-dropped' }] });
  });

  it('of a catalog without one (or one that no longer fits its entries, or a damaged saved one) is made from the entries', () => {
    const catalog = buildCatalog([{ name: 'a.txt', content: '论文ICLR 2026 Poster2026 年clinical NLP GoodNet:一篇好论文\nA good paper.\n' }]);
    const { roster, ...bare } = catalog;
    expect(rosterOf(bare)).toEqual(roster);
    expect(rosterOf({ ...catalog, roster: { ids: [], files: [], from: [] } })).toEqual(roster);
    expect(rosterOf({ ...catalog, roster: { text: '{"ids":[' } })).toEqual(roster);
    expect(rosterOf({ ...catalog, roster: { text: JSON.stringify({ ids: ['x'], files: [], from: [[3]] }) } })).toEqual(roster);
  });
});
