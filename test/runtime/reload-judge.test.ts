/**
 * Reload judged per seed file: a file overwritten with garbage, cut short or made unreadable
 * is refused by name, the last good catalog stays; ordinary edits and removed files pass.
 */
import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSearchableCatalog, type LoadedCatalog } from '../../src/catalog/searchable.js';
import { CatalogServices } from '../../src/engine/services.js';
import { COMMANDS } from '../../commands/index.js';
import { CatalogReloader, type FileRefusal } from '../../src/runtime/reload.js';
import { at, seedDir } from '../helpers.js';

const entry = (name: string, month: number) =>
  `征稿与合作${name} 2026截止 北京时间 2026-${String(month).padStart(2, '0')}-01会议征稿 ${name} Workshop 2026\n${name} Workshop 2026 calls for papers on clinical NLP.\n`;
const NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta'];
const SIX = NAMES.map((n, i) => entry(n, i + 1)).join('\n');
const OTHER = entry('Omega', 9);

/** Deterministic bytes that are not text (a seeded generator, no file committed). */
function garbage(size: number, seed = 42): Buffer {
  let s = seed;
  return Buffer.from(Array.from({ length: size }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 255));
}

const reloaders: CatalogReloader<LoadedCatalog>[] = [];
afterEach(async () => {
  await Promise.all(reloaders.splice(0).map((r) => r.close()));
});

function setup() {
  const dir = seedDir({ 'six.txt': SIX, 'other.txt': OTHER });
  const first = loadSearchableCatalog(dir);
  const core = new CatalogServices({ catalog: first.catalog, search: first.search, commands: COMMANDS, now: () => at('2026-01-15T12:00:00+08:00') });
  const rejected: { reason: string; files: FileRefusal[] }[] = [];
  const logs: string[] = [];
  const reloader = new CatalogReloader<LoadedCatalog>({
    dir,
    load: () => loadSearchableCatalog(dir),
    current: () => core.catalog,
    apply: (next) => core.replaceCatalog(next.catalog, next.search),
    onRejected: (reason, _problems, files) => rejected.push({ reason, files }),
    log: (m) => logs.push(m),
  });
  reloaders.push(reloader);
  return { dir, core, reloader, rejected, logs, first };
}

describe('reload judged per seed file', () => {
  it('refuses a good file overwritten with binary garbage and keeps the last good catalog', async () => {
    const { dir, core, reloader, rejected, logs, first } = setup();
    writeFileSync(join(dir, 'six.txt'), garbage(64 * 1024));
    const result = await reloader.reload();
    expect(result).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('six.txt') });
    expect(rejected[0]!.files).toEqual([expect.objectContaining({ file: 'six.txt', before: 6 })]);
    expect(['entries-dropped', 'unreadable']).toContain(rejected[0]!.files[0]!.cause);
    expect(logs.some((l) => l.startsWith('catalog: refused six.txt'))).toBe(true);
    expect(core.catalog).toBe(first.catalog);
    expect(core.search('Gamma').map((e) => e.title)).toEqual(['Gamma Workshop 2026']);
  });

  it('refuses a file cut short (most of its entries gone), naming it and the counts', async () => {
    const { dir, core, reloader, first } = setup();
    const firstEntry = Buffer.byteLength(entry('Alpha', 1));
    truncateSync(join(dir, 'six.txt'), firstEntry);
    const result = await reloader.reload();
    expect(result).toMatchObject({
      outcome: 'rejected',
      reason: 'six.txt would keep 1 of its 6 entries',
      files: [{ file: 'six.txt', cause: 'entries-dropped', before: 6, after: 1 }],
    });
    expect(core.catalog).toBe(first.catalog);
  });

  it('refuses a file emptied to nothing while it is still there', async () => {
    const { dir, reloader } = setup();
    writeFileSync(join(dir, 'six.txt'), '');
    expect(await reloader.reload()).toMatchObject({ outcome: 'rejected', files: [{ file: 'six.txt', after: 0 }] });
  });

  it('accepts ordinary edits: a removed entry, a yearly title change, a removed file', async () => {
    const { dir, core, reloader } = setup();
    writeFileSync(
      join(dir, 'six.txt'),
      NAMES.slice(1)
        .map((n, i) => entry(n, i + 2))
        .join('\n'),
    );
    expect(await reloader.reload()).toMatchObject({ outcome: 'applied' });
    writeFileSync(
      join(dir, 'six.txt'),
      NAMES.slice(1)
        .map((n, i) => entry(n, i + 2).replaceAll('2026', '2027'))
        .join('\n'),
    );
    expect(await reloader.reload()).toMatchObject({ outcome: 'applied' });
    expect(core.search('Beta').map((e) => e.title)).toEqual(['Beta Workshop 2027']);
    rmSync(join(dir, 'six.txt'));
    expect(await reloader.reload()).toMatchObject({ outcome: 'applied' });
    expect(core.entries.map((e) => e.title)).toEqual(['Omega Workshop 2026']);
  });
});
