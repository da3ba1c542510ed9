import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { loadSearchableCatalog, writePrebuilt } from '../../src/catalog/searchable.js';
import { comparable, SEEDS } from '../helpers.js';

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the bundled seeds, its prebuilt index, and an empty cache directory. */
function setUp() {
  const seeds = temp('prebuilt-seeds-');
  cpSync(SEEDS, seeds, { recursive: true });
  const prebuilt = temp('prebuilt-index-');
  writePrebuilt(seeds, prebuilt);
  return { seeds, prebuilt, cache: temp('prebuilt-cache-') };
}

const ids = (loaded: ReturnType<typeof loadSearchableCatalog>, q: string) => loaded.search.search(q).map((h) => h.entry.id);

describe('the prebuilt index of the bundled seeds', () => {
  it('is restored when the seeds are the ones it was made of, with the same catalog and answers', () => {
    const { seeds, prebuilt, cache } = setUp();
    const restored = loadSearchableCatalog(seeds, cache, prebuilt);
    const parsed = loadSearchableCatalog(seeds, cache, undefined);
    expect(restored.prebuilt).toBe(true);
    expect(restored.fromCache).toBe(true);
    expect(parsed.prebuilt).toBe(false);
    expect(comparable(restored.catalog)).toEqual(comparable(parsed.catalog));
    for (const q of ['病理', 'doctor r1', 'anesthesia', 'pathalogy', '数据集']) expect(ids(restored, q)).toEqual(ids(parsed, q));
    // Read-only: nothing is written to the cache directory for a small catalog.
    expect(readdirSync(cache)).toEqual([]);
  });

  it('is ignored when a seed file differs, so the edit is what loads', () => {
    const { seeds, prebuilt, cache } = setUp();
    const [first] = readdirSync(seeds).filter((n) => n.endsWith('.txt'));
    appendFileSync(join(seeds, first!), '\n征稿与合作Zeta 2026截止 北京时间 2026-07-01会议征稿 Zeta Prebuilt Workshop 2026\nZeta Prebuilt Workshop 2026 calls for papers.\n');
    const loaded = loadSearchableCatalog(seeds, cache, prebuilt);
    expect(loaded.prebuilt).toBe(false);
    expect(loaded.catalog).toEqual(loadCatalog(seeds));
    expect(loaded.catalog.entries.some((e) => e.title.includes('Zeta Prebuilt Workshop'))).toBe(true);
  });

  it('is ignored when a seed file is added', () => {
    const { seeds, prebuilt, cache } = setUp();
    writeFileSync(join(seeds, 'zz-extra.txt'), '征稿与合作Eta 2026截止 北京时间 2026-08-01会议征稿 Eta Workshop 2026\nEta Workshop 2026 calls for papers.\n');
    const loaded = loadSearchableCatalog(seeds, cache, prebuilt);
    expect(loaded.prebuilt).toBe(false);
    expect(loaded.catalog).toEqual(loadCatalog(seeds));
  });

  it('falls back to parsing, silently, when its file is corrupt, truncated or missing', () => {
    const { seeds, prebuilt, cache } = setUp();
    const expected = loadCatalog(seeds);
    const files = readdirSync(prebuilt);
    expect(files.length).toBeGreaterThan(0);
    for (const content of ['not an index', '', '\x00\x00\x00\x40{"catalog":']) {
      for (const name of files) writeFileSync(join(prebuilt, name), content);
      const loaded = loadSearchableCatalog(seeds, cache, prebuilt);
      expect(loaded.prebuilt).toBe(false);
      expect(loaded.catalog).toEqual(expected);
    }
    rmSync(prebuilt, { recursive: true, force: true });
    expect(loadSearchableCatalog(seeds, cache, prebuilt).prebuilt).toBe(false);
  });

  it('is never consulted by the TypeScript sources (only the build that made it reads it)', () => {
    expect(loadSearchableCatalog(SEEDS, temp('prebuilt-cache-')).prebuilt).toBe(false);
  });
});
